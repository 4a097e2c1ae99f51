/**
 * The project board's and GET /api/projects' parameters (one parser: the URL is the board's state), and the
 * filtering and sorting of the engine's rows. Filters never recompute a figure: they choose rows of
 * `projectTable`.
 *
 *   as_of   YYYY-MM-DD (default: today in TZ_LOCAL)
 *   region  region code: projects whose region is it or lies under it
 *   park    park name (the register's 所属园区)
 *   stage   planning | engineering | construction | acceptance: projects whose current stage it is
 *   state   complete | in_progress | waiting | over_target (complete and over) | running_over (not complete,
 *           already past the target)
 *   q       text in the project code, name or owner name
 *   sort    approval (default) | span | started | code;  dir  desc (default) | asc
 */
import { STAGES, type Stage } from '../../../projects/types';
import { localToday } from '../../clock';
import { dateParam, oneOf, QueryError, textParam } from '../kpi/query';
import type { ProjectEntry } from './figures';

export const PROJECT_STATES = ['complete', 'in_progress', 'waiting', 'over_target', 'running_over'] as const;
export const PROJECT_SORTS = ['approval', 'span', 'started', 'code'] as const;

export interface ProjectsQuery {
	as_of: string;
	region: string | null;
	park: string | null;
	stage: Stage | null;
	state: (typeof PROJECT_STATES)[number] | null;
	q: string | null;
	sort: (typeof PROJECT_SORTS)[number];
	dir: 'asc' | 'desc';
}

const SEARCH_MAX = 40;

export function parseProjectsQuery(
	params: URLSearchParams,
	today = localToday()
): ProjectsQuery | QueryError {
	try {
		const raw = params.get('q')?.trim() || null;
		if (raw !== null && (raw.length > SEARCH_MAX || /[\p{Cc}]/u.test(raw)))
			throw new QueryError('q', `搜索词过长或含控制字符`, `search text too long or has control characters`);
		return {
			as_of: dateParam(params, 'as_of', false) ?? today,
			region: textParam(params, 'region'),
			park: textParam(params, 'park'),
			stage: oneOf(params, 'stage', STAGES),
			state: oneOf(params, 'state', PROJECT_STATES),
			q: raw,
			sort: oneOf(params, 'sort', PROJECT_SORTS) ?? 'approval',
			dir: oneOf(params, 'dir', ['asc', 'desc'] as const) ?? 'desc'
		};
	} catch (e) {
		if (e instanceof QueryError) return e;
		throw e;
	}
}

/** The query as URL parameters (defaults left out), for links that keep the board's state. */
export function projectsSearch(q: ProjectsQuery, today = localToday()): URLSearchParams {
	const p = new URLSearchParams();
	if (q.as_of !== today) p.set('as_of', q.as_of);
	for (const k of ['region', 'park', 'stage', 'state', 'q'] as const) if (q[k]) p.set(k, q[k]!);
	if (q.sort !== 'approval') p.set('sort', q.sort);
	if (q.dir !== 'desc') p.set('dir', q.dir);
	return p;
}

/** Rows matching the filters, sorted; `regionsUnder(code)` gives the region and its descendants. */
export function filterProjects(
	rows: ProjectEntry[],
	q: ProjectsQuery,
	regionsUnder: (code: string) => Set<string>,
	target: number
): ProjectEntry[] {
	const within = q.region ? regionsUnder(q.region) : null;
	const needle = q.q?.toLowerCase() ?? null;
	const out = rows.filter((p) => {
		if (within && !(p.region_code && within.has(p.region_code))) return false;
		if (q.park && p.park !== q.park) return false;
		if (q.stage && p.current_stage !== q.stage) return false;
		if (q.state === 'over_target' && p.on_target !== false) return false;
		if (q.state === 'running_over' && !(p.state !== 'complete' && p.approval_workdays > target)) return false;
		if (q.state && q.state !== 'over_target' && q.state !== 'running_over' && p.state !== q.state)
			return false;
		if (
			needle &&
			![p.project_code, p.name ?? '', p.owner_name ?? ''].some((s) => s.toLowerCase().includes(needle))
		)
			return false;
		return true;
	});
	const key: Record<ProjectsQuery['sort'], (p: ProjectEntry) => number | string> = {
		approval: (p) => p.approval_workdays,
		span: (p) => p.span_workdays,
		started: (p) => p.started_on ?? '',
		code: (p) => p.project_code
	};
	const k = key[q.sort];
	const sign = q.dir === 'asc' ? 1 : -1;
	return out.sort((a, b) => {
		const x = k(a);
		const y = k(b);
		const c = x < y ? -1 : x > y ? 1 : 0;
		return c * sign || a.project_code.localeCompare(b.project_code);
	});
}
