/**
 * Counts per activity (events, cases) and rework (an activity occurring more than once in a case: the cases
 * where it does, and the occurrences beyond the first), from one aggregation per (case, activity) of `pw`.
 * Output rows of kind 'a': k1 = activity, n1 events, n2 cases, n3 rework cases, n4 extra occurrences.
 */
import type { ProcessActivity, ProcessRework } from '../../../process/types';
import type { Row } from '../convert';

export const ACTIVITIES_CTES = `ca AS (SELECT case_id, a, count(*) AS n FROM pw GROUP BY case_id, a),
	act AS (SELECT a, sum(n) AS events, count(*) AS cases, count(*) FILTER (WHERE n > 1) AS rw_cases,
		coalesce(sum(n - 1) FILTER (WHERE n > 1), 0) AS rw_extra FROM ca GROUP BY a)`;

export const ACTIVITIES_SELECT = `SELECT 'a' AS kind, a AS k1, NULL AS k2, NULL AS path, events AS n1, cases AS n2, rw_cases AS n3, rw_extra AS n4,
		NULL AS x1, NULL AS x2, NULL AS x3, NULL AS x4, NULL AS x5 FROM act`;

const num = (v: unknown) => Number(v ?? 0);

/** Code-point order (the same in every locale, and DuckDB's default collation). */
export const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

export function toActivities(rows: Row[]): ProcessActivity[] {
	return rows
		.filter((r) => r.kind === 'a')
		.map((r) => ({ activity: String(r.k1), events: num(r.n1), cases: num(r.n2) }))
		.sort((x, y) => y.events - x.events || cmp(x.activity, y.activity));
}

export function toRework(rows: Row[]): ProcessRework[] {
	return rows
		.filter((r) => r.kind === 'a' && num(r.n3) > 0)
		.map((r) => ({ activity: String(r.k1), cases: num(r.n3), extra: num(r.n4) }))
		.sort((x, y) => y.extra - x.extra || y.cases - x.cases || cmp(x.activity, y.activity));
}
