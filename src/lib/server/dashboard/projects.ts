/**
 * The project screens' data (issue 14): the board (/projects), one project (/projects/[code]) and the overview's
 * panel. Framework-free (the routes are one line each; tests/integration/dashboard/projects.test.ts calls these).
 *
 * Invariants:
 * - Every figure is the project engine's (analytics/projects/figures.ts): scope and filters choose rows of
 *   `projectTable`, nothing is recomputed here.
 * - Department users see the projects they have a case in (`inScope`); another project is null (the route's 404).
 * - A case id is shown only to a role that may list that case (its own department for department users; never
 *   to admins, who see no case data), and linked only where the role may open it (policy CASE_DETAIL).
 * - The board's headline figures cover the scope, as-of date, region and park; stage, state and search text
 *   narrow the list and the timeline only (a park leader filtering to "in progress" still sees the park's figures).
 */
import {
	OVERVIEW_PROJECT_FIGURES,
	type BoardProject,
	type CaseView,
	type DeptWaitView,
	type HolderView,
	type OverviewProjects,
	type ProjectPageData,
	type ProjectsBoardData,
	type StageNow
} from '../../projects/screens';
import {
	STAGES,
	type ProjectCase,
	type ProjectHolder,
	type ProjectRow,
	type ProjectsSummary
} from '../../projects/types';
import type { Analytics } from '../analytics/db';
import { dimensionOptions } from '../analytics/dimensions';
import { localToday } from '../clock';
import { QueryError } from '../analytics/kpi/query';
import type { Thresholds } from '../analytics/kpi/thresholds';
import {
	hasProjects,
	inScope,
	projectCases,
	projectDetail,
	projectsSummary,
	projectTable,
	projectTargets,
	type ProjectEntry
} from '../analytics/projects/figures';
import { filterProjects, parseProjectsQuery, projectsSearch } from '../analytics/projects/query';
import { addWorkdays, workdaysBetween, WorkdayError } from '../analytics/calendar/workdays';
import { anonymiseRanking, canListCases, canSeeCaseDetail, canSeeDept, deptScope } from '../auth/policy';
import type { AuthUser } from '../auth/session';

export const PAGE_SIZE = 20;
const PAGE_MAX = 10_000;

type Viewer = Pick<AuthUser, 'role' | 'depts'>;

/** The screen's row of a project: the engine's entry without its scope helpers. */
function rowOf(p: ProjectEntry): ProjectRow {
	const row: Partial<ProjectEntry> = { ...p };
	delete row.dept_codes;
	delete row.open_stages;
	return row as ProjectRow;
}

/** A case's id where the user may see it, a link where it may open it. */
export function caseView(user: Viewer, c: ProjectCase): CaseView {
	const own = canSeeDept(user, c.dept_code);
	const visible = own && (canListCases(user) || canSeeCaseDetail(user));
	return { ...c, case_id: visible ? c.case_id : null, link: visible && canSeeCaseDetail(user) };
}

function holderView(user: Viewer, h: ProjectHolder): HolderView {
	const visible =
		!!h.case_id && canSeeDept(user, h.dept_code) && (canListCases(user) || canSeeCaseDetail(user));
	return { ...h, case_id: visible ? h.case_id : null, link: visible && canSeeCaseDetail(user) };
}

const lastEnd = (cases: Pick<ProjectCase, 'end'>[]): string | null =>
	cases.reduce<string | null>((m, c) => (c.end !== null && (m === null || c.end > m) ? c.end : m), null);

/** started + target working days on the calendar (null outside the calendar's range). */
async function targetDate(db: Analytics, start: string | null, target: number): Promise<string | null> {
	if (!start || target < 1) return null;
	try {
		return await addWorkdays(db, start, target);
	} catch (e) {
		if (e instanceof WorkdayError) return null;
		throw e;
	}
}

/** The board's holder: the longest-open case, else the applicant since the last case ended. */
async function boardHolder(
	db: Analytics,
	user: Viewer,
	p: ProjectEntry,
	cases: ProjectCase[],
	asOf: string
): Promise<HolderView | null> {
	if (p.complete) return null;
	const open = cases
		.filter((c) => c.state === 'open' && c.start !== null)
		.sort((a, b) => b.workdays - a.workdays || a.start!.localeCompare(b.start!));
	if (open.length) {
		const c = open[0];
		return holderView(user, {
			dept_code: c.dept_code,
			dept_name: c.dept_name,
			case_id: c.case_id,
			item_name: c.item_name,
			since: c.start!,
			workdays: c.workdays
		});
	}
	const since = lastEnd(cases);
	if (!since) return null;
	let wd = 0;
	try {
		wd = Math.max(0, await workdaysBetween(db, since, asOf));
	} catch (e) {
		if (!(e instanceof WorkdayError)) throw e;
	}
	return {
		dept_code: null,
		dept_name: null,
		case_id: null,
		item_name: null,
		since,
		workdays: wd,
		link: false
	};
}

/** Region and its descendants, from the regions' parent links. */
function regionsUnderFn(regions: { code: string; parent: string | null }[]): (code: string) => Set<string> {
	const children = new Map<string, string[]>();
	for (const r of regions) if (r.parent) children.set(r.parent, [...(children.get(r.parent) ?? []), r.code]);
	return (code) => {
		const out = new Set<string>([code]);
		const stack = [code];
		while (stack.length)
			for (const c of children.get(stack.pop()!) ?? [])
				if (!out.has(c)) {
					out.add(c);
					stack.push(c);
				}
		return out;
	};
}

function parsePage(params: URLSearchParams): number | QueryError {
	const raw = params.get('page');
	if (raw === null || raw === '') return 1;
	const n = /^\d{1,6}$/.test(raw) ? Number(raw) : NaN;
	if (!Number.isInteger(n) || n < 1 || n > PAGE_MAX)
		return new QueryError('page', `页码无效：${raw.slice(0, 20)}`, `invalid page: ${raw.slice(0, 20)}`);
	return n;
}

function emptyBoard(hasData: boolean, invalid: string | null, today: string): ProjectsBoardData {
	return {
		hasData,
		invalid,
		query: null,
		search: '',
		summary: null,
		stages: [],
		departments: [],
		rows: [],
		total: 0,
		page: 1,
		pages: 1,
		pageSize: PAGE_SIZE,
		options: { regions: [], parks: [] },
		today
	};
}

/**
 * The board's data for a URL and a viewer — memoised per data version under (query string, role, department
 * scope, targets, today): a warm board is one cache hit (its payload is one page, not the 10 000 projects).
 */
export function projectsBoard(
	db: Analytics,
	params: URLSearchParams,
	user: Viewer,
	thresholds: Thresholds,
	opts: { today?: string; pageSize?: number } = {}
): Promise<ProjectsBoardData> {
	const today = opts.today ?? localToday();
	const pageSize = opts.pageSize ?? PAGE_SIZE;
	const sorted = new URLSearchParams([...params.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
	const key = `projects:board:v1:${JSON.stringify([sorted.toString(), user.role, deptScope(user), projectTargets(thresholds), today, pageSize])}`;
	return db.memo(key, () => computeBoard(db, params, user, thresholds, today, pageSize));
}

async function computeBoard(
	db: Analytics,
	params: URLSearchParams,
	user: Viewer,
	thresholds: Thresholds,
	today: string,
	pageSize: number
): Promise<ProjectsBoardData> {
	if (!(await hasProjects(db))) return emptyBoard(false, null, today);
	const q = parseProjectsQuery(params, today);
	const page = parsePage(params);
	if (q instanceof QueryError) return emptyBoard(true, q.message, today);
	if (page instanceof QueryError) return emptyBoard(true, page.message, today);

	const [t, dims] = await Promise.all([
		projectTable(db, q.as_of, projectTargets(thresholds)),
		dimensionOptions(db)
	]);
	const under = regionsUnderFn(dims.regions);
	const scoped = inScope(t.projects, deptScope(user));
	// The population of the headline figures: scope, as-of, region, park. The list: also stage, state and text.
	const population = filterProjects(
		scoped,
		{ ...q, stage: null, state: null, q: null },
		under,
		t.targets.total
	);
	const list = filterProjects(population, q, under, t.targets.total);
	const pages = Math.max(1, Math.ceil(list.length / pageSize));
	const current = Math.min(page, pages);
	const shown = list.slice((current - 1) * pageSize, current * pageSize);

	const [summary, cases] = await Promise.all([
		projectsSummary(db, t, population),
		projectCases(
			db,
			q.as_of,
			shown.map((p) => p.project_code)
		)
	]);
	const rows: BoardProject[] = await Promise.all(
		shown.map(async (p) => {
			const mine = cases.get(p.project_code) ?? [];
			return {
				...rowOf(p),
				case_rows: mine.map((c) => caseView(user, c)),
				end: lastEnd(mine),
				target_date: await targetDate(db, p.started_on, t.targets.total),
				holder: await boardHolder(db, user, p, mine, q.as_of)
			};
		})
	);

	const stages: StageNow[] = STAGES.map((s) => {
		const f = summary.stages.find((x) => x.stage === s)!;
		return {
			stage: s,
			now: population.filter((p) => !p.complete && p.current_stage === s).length,
			open: f.open,
			projects: f.projects,
			mean_workdays: f.mean_workdays,
			median_workdays: f.median_workdays,
			target_workdays: f.target_workdays
		};
	});
	const ranked = summary.departments.map((d, i) => ({ ...d, rank: i + 1 }));
	const departments: DeptWaitView[] = anonymiseRanking(user, ranked, {
		keep: ['projects', 'mean_workdays', 'open_cases']
	}).map((d, i) =>
		'anonymous' in d
			? {
					rank: d.rank ?? i + 1,
					anonymous: true,
					dept_code: null,
					name: null,
					projects: Number(d.projects),
					mean_workdays: Number(d.mean_workdays),
					open_cases: Number(d.open_cases)
				}
			: {
					rank: d.rank,
					anonymous: false,
					dept_code: d.dept_code,
					name: d.name,
					projects: d.projects,
					mean_workdays: d.mean_workdays,
					open_cases: d.open_cases
				}
	);

	// Filter options: the regions of the scope's projects (with their ancestors, in tree order) and their parks.
	const used = new Set(scoped.map((p) => p.region_code).filter((r): r is string => !!r));
	const parent = new Map(dims.regions.map((r) => [r.code, r.parent]));
	for (const code of [...used])
		for (let p = parent.get(code); p && !used.has(p); p = parent.get(p)) used.add(p);
	const figures: Partial<typeof summary> = { ...summary };
	delete figures.departments;
	const search = projectsSearch(q, today).toString();
	return {
		hasData: true,
		invalid: null,
		query: q,
		search: search ? `?${search}` : '',
		summary: figures as Omit<typeof summary, 'departments'>,
		stages,
		departments,
		rows,
		total: list.length,
		page: current,
		pages,
		pageSize,
		options: {
			regions: dims.regions
				.filter((r) => used.has(r.code))
				.map((r) => ({ code: r.code, name: r.name, depth: r.depth })),
			parks: [...new Set(scoped.map((p) => p.park).filter((x): x is string => !!x))].sort((a, b) =>
				a.localeCompare(b, 'zh-CN')
			)
		},
		today
	};
}

/** One project in the user's scope at the URL's as-of date; null when it is not there (the route answers 404). */
export async function projectPage(
	db: Analytics,
	code: string,
	params: URLSearchParams,
	user: Viewer,
	thresholds: Thresholds,
	opts: { today?: string } = {}
): Promise<ProjectPageData | { invalid: string } | null> {
	const today = opts.today ?? localToday();
	// Only the as-of date matters here; the rest of the board's state is kept for the back link.
	const q = parseProjectsQuery(params, today);
	if (q instanceof QueryError) return { invalid: q.message };
	if (code.length > 64) return null;
	const t = await projectTable(db, q.as_of, projectTargets(thresholds));
	if (!inScope(t.projects, deptScope(user)).some((p) => p.project_code === code)) return null;
	const d = await projectDetail(db, t, code);
	if (!d) return null;
	const search = projectsSearch(q, today).toString();
	return {
		invalid: null,
		as_of: d.as_of,
		target_workdays: d.target_workdays,
		project: d.project,
		stages: d.stages,
		cases: d.cases.map((c) => caseView(user, c)),
		holders: d.holders.map((h) => holderView(user, h)),
		end: lastEnd(d.cases),
		target_date: await targetDate(db, d.project.started_on, d.target_workdays),
		search: search ? `?${search}` : ''
	};
}

/**
 * Figures `keys` of the engine's summary at `asOf` over the projects `select` keeps (a panel: the overview's, the
 * wall's); null without projects or when none is kept.
 */
export async function projectFigures<K extends keyof ProjectsSummary>(
	db: Analytics,
	asOf: string,
	thresholds: Thresholds,
	select: (projects: ProjectEntry[]) => ProjectEntry[],
	keys: readonly K[]
): Promise<Pick<ProjectsSummary, K> | null> {
	if (!(await hasProjects(db))) return null;
	const t = await projectTable(db, asOf, projectTargets(thresholds));
	const rows = select(t.projects);
	if (!rows.length) return null;
	const s = await projectsSummary(db, t, rows);
	return Object.fromEntries(keys.map((k) => [k, s[k]])) as Pick<ProjectsSummary, K>;
}

/** The overview's project panel at today's date (the board's default), in the user's scope; null without projects. */
export function overviewProjects(
	db: Analytics,
	user: Viewer,
	thresholds: Thresholds,
	today = localToday()
): Promise<OverviewProjects | null> {
	const scope = deptScope(user);
	return projectFigures(db, today, thresholds, (ps) => inScope(ps, scope), OVERVIEW_PROJECT_FIGURES);
}
