/**
 * THE department-scope rule: what a request's department filter becomes for a user limited to some departments
 * (`deptScope(user)` in policy.ts — a department account). One rule, one answer on every surface: the dashboards
 * and the item / case pages (dashboard/load.ts, dashboard/page-filters.ts), the case lists and their exports
 * (dashboard/cases.ts, GET /api/cases), GET /api/kpi, /api/flags, /api/trend, /api/process (analytics/kpi/api.ts,
 * analytics/process/query.ts) and the assessment reports (reports/scope.ts). Scripts acting as a user go through
 * the API with the user's token, so they get the same answer.
 *
 * - No limit (leader, supervisor, admin): the filter as asked.
 * - No `dept` filter: exactly the user's departments.
 * - A filter naming only the user's departments: as asked (a user of several departments may pick some).
 * - A filter naming any other department, or a user without a department: REFUSED — never silently narrowed
 *   to the user's own departments, never widened to "all". The pages and the API answer 404 (another
 *   department's existence is private); the report endpoint answers 403, because whatever scope is asked a
 *   department user may export only its own scorecard (reports/scope.ts).
 *
 * Other scope filters (region, peer_group) and the slices stay as asked: next to the dept filter they can only
 * narrow within the user's departments.
 */
import type { KpiQuery } from '../../kpi/types';
import { listParam, QueryError } from '../analytics/kpi/query';

/** The answer to a refused filter where a message is shown (the API's 404 body, a page's filter message). */
export const REFUSED_MESSAGE = '未找到 / not found';

/** A refusal as the parser's error type, for code paths that answer with one (fail closed). */
export const refused = () => new QueryError('dept', REFUSED_MESSAGE, REFUSED_MESSAGE);

export type DeptDecision =
	| { ok: true; dept: string[] | null }
	/** outside: the filter names another department; none: the user has no department at all. */
	| { ok: false; reason: 'outside' | 'none' };

/** The rule: `asked` = the request's department codes (null = no filter), `scope` = the user's (null = all). */
export function decideDepts(asked: readonly string[] | null, scope: readonly string[] | null): DeptDecision {
	if (scope === null) return { ok: true, dept: asked ? [...asked] : null };
	// Fail closed: an empty scope must not turn into "no dept filter" (= every department).
	if (scope.length === 0) return { ok: false, reason: 'none' };
	if (!asked?.length) return { ok: true, dept: [...scope] };
	if (!asked.every((d) => scope.includes(d))) return { ok: false, reason: 'outside' };
	return { ok: true, dept: [...asked] };
}

/** The parsed query within the user's departments, or null when refused. */
export function narrowToScope(q: KpiQuery, scope: readonly string[] | null): KpiQuery | null {
	if (scope === null) return q;
	const d = decideDepts(q.dept, scope);
	return d.ok ? { ...q, dept: d.dept } : null;
}

/**
 * URL parameters within the user's departments (before parsing: the pages keep the effective filters in their
 * URL), or null when refused. The department list is read as the query parser reads it (`listParam`).
 */
export function narrowParams(
	params: URLSearchParams,
	scope: readonly string[] | null
): URLSearchParams | null {
	if (scope === null) return params;
	const asked = listParam(params, 'dept');
	const d = decideDepts(asked.length ? asked : null, scope);
	if (!d.ok) return null;
	const out = new URLSearchParams(params);
	out.delete('dept');
	out.set('dept', d.dept!.join(','));
	return out;
}
