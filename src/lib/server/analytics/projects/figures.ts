/**
 * The project engine (issue 14): per project and per stage, approval working days, span, complete, on target;
 * the jurisdiction's figures; one project's stages, cases and holders. Set-based SQL over the working-day index
 * (intervals.ts holds the definition); memoised per data version, as-of date and targets (db.memo: every
 * write empties the cache, as for the KPI engine). Definitions and choices: docs/projects.md.
 *
 * Every screen, the API, the CLI, the report and the public lookup read `projectTable` (all projects at an
 * as-of date) or `projectDetail`; scope and filters narrow its rows, they never recompute a figure.
 */
import type {
	DepartmentWait,
	ProjectCase,
	ProjectContractRow,
	ProjectDetail,
	ProjectHolder,
	ProjectRow,
	ProjectsContract,
	ProjectsSummary,
	ProjectStageRow,
	Stage,
	StageSummary
} from '../../../projects/types';
import { STAGES } from '../../../projects/types';
import type { Analytics } from '../db';
import { Binder } from '../kpi/sql-frame';
import type { Thresholds } from '../kpi/thresholds';
import { PROJECT_FIGURES_CTES, projectCasesCtes } from './intervals';

export interface ProjectTargets {
	total: number;
	/** stage → target working days; absent = none set */
	stages: Partial<Record<Stage, number>>;
}

export function projectTargets(t: Pick<Thresholds, 'projectTargetDays' | 'projectPlanningDays' | 'projectEngineeringDays' | 'projectConstructionDays' | 'projectAcceptanceDays'>): ProjectTargets {
	const stages: Partial<Record<Stage, number>> = {};
	const per: Record<Stage, number> = {
		planning: t.projectPlanningDays,
		engineering: t.projectEngineeringDays,
		construction: t.projectConstructionDays,
		acceptance: t.projectAcceptanceDays
	};
	for (const s of STAGES) if (per[s] > 0) stages[s] = per[s];
	return { total: t.projectTargetDays, stages };
}

/** One project at the as-of date, with what scope and filters need. */
export interface ProjectEntry extends ProjectRow {
	/** departments with a case in the project (department scope) */
	dept_codes: string[];
	/** stages with a case open at the as-of date */
	open_stages: Stage[];
}

export interface ProjectTable {
	as_of: string;
	targets: ProjectTargets;
	projects: ProjectEntry[];
	has_register: boolean;
}

const num = (v: unknown): number => (v === null || v === undefined ? 0 : Number(v));
const str = (v: unknown): string | null => (v === null || v === undefined ? null : String(v));
const isStage = (v: unknown): v is Stage => (STAGES as readonly string[]).includes(String(v));

/** Whether any case carries a project code (the screens show project figures only then). */
export function hasProjects(db: Analytics): Promise<boolean> {
	return db.memo('projects:exists:v1', async () => {
		const rows = await db.query(`SELECT EXISTS (SELECT 1 FROM cases WHERE project_code IS NOT NULL) AS x`);
		return rows[0]?.x === true;
	});
}

/**
 * Every project at `asOf` (memoised per data version, deep-frozen and shared: 10 000 projects are not copied per
 * request): the rows all project figures are read from. Callers never change them.
 */
export function projectTable(db: Analytics, asOf: string, targets: ProjectTargets): Promise<ProjectTable> {
	return db.memoShared(
		`projects:table:v1:${asOf}:${JSON.stringify(targets)}`,
		() => loadTable(db, asOf, targets),
		(t) => t.projects.length * 40 + 100
	);
}

async function loadTable(db: Analytics, asOf: string, targets: ProjectTargets): Promise<ProjectTable> {
	const b = new Binder();
	const figures = await db.query(
		`WITH ${projectCasesCtes(b, asOf)}, ${PROJECT_FIGURES_CTES}
		 SELECT project_code, g, approval, span, first, last, cases, open, completed FROM pf ORDER BY project_code, g`,
		b.params
	);
	const b2 = new Binder();
	const meta = await db.query(
		`WITH ${projectCasesCtes(b2, asOf)},
		 reg AS (
			SELECT project_code, r FROM (
				SELECT pc.project_code, coalesce(pc.region_code, d.region_code) AS r, count(*) AS n
				FROM pc LEFT JOIN departments d ON d.dept_code = pc.dept_code
				WHERE coalesce(pc.region_code, d.region_code) IS NOT NULL GROUP BY ALL)
			QUALIFY row_number() OVER (PARTITION BY project_code ORDER BY n DESC, r) = 1),
		 pd AS (SELECT project_code, list(DISTINCT dept_code ORDER BY dept_code) AS depts FROM pc GROUP BY 1)
		 SELECT pd.project_code, pd.depts, p.name, p.owner_name, coalesce(p.region_code, reg.r) AS region_code,
			rg.name AS region_name, p.park, p.industry, p.investment, CAST(p.planned_start AS VARCHAR) AS planned_start
		 FROM pd LEFT JOIN projects p ON p.project_code = pd.project_code
		 LEFT JOIN reg ON reg.project_code = pd.project_code
		 LEFT JOIN regions rg ON rg.region_code = coalesce(p.region_code, reg.r)`,
		b2.params
	);
	const [{ n: registered }] = await db.query(`SELECT count(*) AS n FROM projects`);
	const metaBy = new Map(meta.map((m) => [String(m.project_code), m]));
	const out = new Map<string, ProjectEntry>();
	for (const f of figures) {
		const code = String(f.project_code);
		let p = out.get(code);
		if (!p) {
			const m = metaBy.get(code);
			p = {
				project_code: code,
				complete: false,
				approval_workdays: 0,
				span_workdays: 0,
				on_target: null,
				stages: {},
				name: str(m?.name),
				owner_name: str(m?.owner_name),
				region_code: str(m?.region_code),
				region_name: str(m?.region_name),
				park: str(m?.park),
				industry: str(m?.industry),
				investment: m?.investment === null || m?.investment === undefined ? null : Number(m.investment),
				planned_start: str(m?.planned_start),
				started_on: null,
				completed_on: null,
				current_stage: null,
				state: 'waiting',
				cases: 0,
				departments: 0,
				stage_on_target: {},
				dept_codes: Array.isArray(m?.depts) ? (m.depts as unknown[]).map(String) : [],
				open_stages: []
			};
			p.departments = p.dept_codes.length;
			out.set(code, p);
		}
		const g = String(f.g);
		if (g === '') {
			p.approval_workdays = num(f.approval);
			p.span_workdays = num(f.span);
			p.cases = num(f.cases);
			p.started_on = str(f.first);
			p.complete = num(f.open) === 0 && num(f.completed) > 0;
			p.state = p.complete ? 'complete' : num(f.open) > 0 ? 'in_progress' : 'waiting';
			p.completed_on = p.complete ? str(f.last) : null;
			p.on_target = p.complete ? p.approval_workdays <= targets.total : null;
		} else if (isStage(g)) {
			p.stages[g] = { approval_workdays: num(f.approval), span_workdays: num(f.span) };
			const target = targets.stages[g];
			const stageDone = num(f.open) === 0 && num(f.completed) > 0;
			if (num(f.open) > 0) p.open_stages.push(g);
			p.stage_on_target[g] = target !== undefined && stageDone ? num(f.approval) <= target : null;
		}
	}
	for (const p of out.values()) {
		// Stage keys in process order (the contract's objects read naturally); the current stage is the last one.
		const ordered: ProjectRow['stages'] = {};
		for (const s of STAGES) if (p.stages[s]) ordered[s] = p.stages[s];
		p.stages = ordered;
		p.current_stage = [...STAGES].reverse().find((s) => p.stages[s]) ?? null;
	}
	return { as_of: asOf, targets, projects: [...out.values()], has_register: Number(registered) > 0 };
}

/** The CLI / API contract object (ProjectsContract), from the table's rows in project-code order. */
export function toContract(t: ProjectTable, rows: ProjectEntry[] = t.projects): ProjectsContract {
	return {
		as_of: t.as_of,
		target_workdays: t.targets.total,
		projects: rows.map(
			(p): ProjectContractRow => ({
				project_code: p.project_code,
				complete: p.complete,
				approval_workdays: p.approval_workdays,
				span_workdays: p.span_workdays,
				on_target: p.on_target,
				stages: p.stages
			})
		)
	};
}

/** Rows a department scope may see: projects with a case of one of its departments (null = all). */
export function inScope(rows: ProjectEntry[], scope: string[] | null): ProjectEntry[] {
	if (scope === null) return rows;
	const mine = new Set(scope);
	return rows.filter((p) => p.dept_codes.some((d) => mine.has(d)));
}

function mean(xs: number[]): number | null {
	return xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : null;
}

/** Median (the mean of the two middle values for an even count), as DuckDB's median / quantile_cont(0.5). */
export function median(xs: number[]): number | null {
	if (!xs.length) return null;
	const s = [...xs].sort((a, b) => a - b);
	const m = s.length >> 1;
	return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

/**
 * The jurisdiction's / park's figures over `rows` (already scoped and filtered), plus the departments where
 * projects wait longest (SQL over the same intervals, narrowed to `rows`' projects).
 */
export async function projectsSummary(db: Analytics, t: ProjectTable, rows: ProjectEntry[]): Promise<ProjectsSummary> {
	const complete = rows.filter((p) => p.complete);
	const days = complete.map((p) => p.approval_workdays);
	const onTarget = complete.filter((p) => p.on_target).length;
	const stages: StageSummary[] = STAGES.map((s) => {
		const having = rows.filter((p) => p.stages[s]);
		const done = complete.filter((p) => p.stages[s]).map((p) => p.stages[s]!.approval_workdays);
		return {
			stage: s,
			projects: having.length,
			open: having.filter((p) => p.open_stages.includes(s)).length,
			mean_workdays: mean(done),
			median_workdays: median(done),
			target_workdays: t.targets.stages[s] ?? null
		};
	});
	const ranked = stages.filter((s) => s.mean_workdays !== null).sort((a, b) => b.mean_workdays! - a.mean_workdays!);
	return {
		as_of: t.as_of,
		target_workdays: t.targets.total,
		started: rows.length,
		complete: complete.length,
		in_progress: rows.filter((p) => p.state === 'in_progress').length,
		waiting: rows.filter((p) => p.state === 'waiting').length,
		mean_workdays: mean(days),
		median_workdays: median(days),
		on_target_rate: complete.length ? onTarget / complete.length : null,
		on_target: onTarget,
		over_target: complete.length - onTarget,
		stages,
		slowest_stage: ranked[0]?.stage ?? null,
		departments: await departmentWaits(db, t, rows),
		has_register: t.has_register
	};
}

/** Departments by mean working days their cases covered per project (the whole table once, memoised; then narrowed). */
async function departmentWaits(db: Analytics, t: ProjectTable, rows: ProjectEntry[]): Promise<DepartmentWait[]> {
	const all = await db.memoShared(`projects:dept-waits:v1:${t.as_of}`, async () => {
		const b = new Binder();
		return db.query(
			`WITH ${projectCasesCtes(b, t.as_of)}
			 SELECT pc.dept_code, pc.project_code, sum(coalesce(pc.e - pc.s, 0)) AS wd,
				count(*) FILTER (WHERE pc.state = 'open') AS open
			 FROM pc GROUP BY ALL`,
			b.params
		);
	});
	const names = await deptNames(db);
	const want = new Set(rows.map((p) => p.project_code));
	const by = new Map<string, DepartmentWait>();
	for (const r of all) {
		if (!want.has(String(r.project_code))) continue;
		const code = String(r.dept_code);
		const d = by.get(code) ?? { dept_code: code, name: names.get(code) ?? code, projects: 0, workdays: 0, mean_workdays: 0, open_cases: 0 };
		d.projects++;
		d.workdays += num(r.wd);
		d.open_cases += num(r.open);
		by.set(code, d);
	}
	const out = [...by.values()];
	for (const d of out) d.mean_workdays = d.workdays / d.projects;
	return out.sort((a, b) => b.mean_workdays - a.mean_workdays || a.dept_code.localeCompare(b.dept_code)).slice(0, 10);
}

async function deptNames(db: Analytics): Promise<Map<string, string>> {
	const rows = await db.query(`SELECT dept_code, name FROM departments`);
	return new Map(rows.map((r) => [String(r.dept_code), String(r.name)]));
}

/** One project's stages, cases and holders at the as-of date; null when it has no case by then. */
export async function projectDetail(db: Analytics, t: ProjectTable, code: string): Promise<ProjectDetail | null> {
	const project = t.projects.find((p) => p.project_code === code);
	if (!project) return null;
	const row: ProjectRow = { ...project };
	delete (row as Partial<ProjectEntry>).dept_codes;
	delete (row as Partial<ProjectEntry>).open_stages;
	const cases = await projectCases(db, t.as_of, [code]);
	const mine = cases.get(code) ?? [];
	const stages: ProjectStageRow[] = [];
	for (const s of STAGES) {
		const f = project.stages[s];
		if (!f) continue;
		const of = mine.filter((c) => c.stage === s);
		const open = of.some((c) => c.state === 'open');
		const starts = of.filter((c) => c.end !== null).map((c) => c.start!);
		const ends = of.filter((c) => c.end !== null).map((c) => c.end!);
		stages.push({
			stage: s,
			...f,
			state: open ? 'running' : of.some((c) => c.state === 'completed') ? 'done' : 'waiting',
			start: starts.length ? starts.sort()[0] : null,
			end: open || !ends.length ? null : ends.sort().at(-1)!,
			target_workdays: t.targets.stages[s] ?? null,
			on_target: project.stage_on_target[s] ?? null,
			cases: of.length
		});
	}
	return { as_of: t.as_of, target_workdays: t.targets.total, project: row, stages, cases: mine, holders: await holders(db, t, mine, project) };
}

/** Who holds the project at the as-of date: its open cases (longest first), else the applicant since the last end. */
async function holders(db: Analytics, t: ProjectTable, cases: ProjectCase[], p: ProjectEntry): Promise<ProjectHolder[]> {
	if (p.complete) return [];
	const open = cases.filter((c) => c.state === 'open' && c.start !== null);
	if (open.length)
		return open
			.map((c) => ({ dept_code: c.dept_code, dept_name: c.dept_name, case_id: c.case_id, item_name: c.item_name, since: c.start!, workdays: c.workdays }))
			.sort((a, b) => b.workdays - a.workdays || a.since.localeCompare(b.since));
	const last = cases.filter((c) => c.end !== null).map((c) => c.end!).sort().at(-1);
	if (!last) return [];
	const rows = await db.query(
		`SELECT (SELECT wd_index FROM calendar WHERE date = $1::DATE) - (SELECT wd_index FROM calendar WHERE date = $2::DATE) AS wd`,
		[t.as_of, last]
	);
	return [{ dept_code: null, dept_name: null, case_id: null, item_name: null, since: last, workdays: Math.max(0, num(rows[0]?.wd)) }];
}

/** The cases of the given projects at the as-of date (the board's timeline, the project page), by project. */
export async function projectCases(db: Analytics, asOf: string, codes: string[]): Promise<Map<string, ProjectCase[]>> {
	const out = new Map<string, ProjectCase[]>();
	if (!codes.length) return out;
	const b = new Binder();
	const rows = await db.query(
		`WITH ${projectCasesCtes(b, asOf, `c.project_code IN (${b.list(codes)})`)}
		 SELECT pc.project_code, pc.case_id, pc.item_code, i.name AS item_name, pc.dept_code, d.name AS dept_name, pc.stage,
			pc.status, pc.state, CAST(pc.s_date AS VARCHAR) AS s_date, CAST(pc.e_date AS VARCHAR) AS e_date,
			coalesce(pc.e - pc.s, 0) AS wd
		 FROM pc LEFT JOIN items i ON i.item_code = pc.item_code LEFT JOIN departments d ON d.dept_code = pc.dept_code
		 ORDER BY pc.project_code, pc.s_date, pc.e_date NULLS LAST, pc.case_id`,
		b.params
	);
	for (const r of rows) {
		const code = String(r.project_code);
		const list = out.get(code) ?? [];
		const hasEnd = r.e_date !== null;
		list.push({
			case_id: String(r.case_id),
			item_code: String(r.item_code),
			item_name: str(r.item_name),
			dept_code: String(r.dept_code),
			dept_name: str(r.dept_name),
			stage: isStage(r.stage) ? r.stage : null,
			status: String(r.status),
			state: String(r.state) as ProjectCase['state'],
			start: str(r.s_date),
			end: hasEnd ? str(r.e_date) : null,
			workdays: num(r.wd)
		});
		out.set(code, list);
	}
	return out;
}
