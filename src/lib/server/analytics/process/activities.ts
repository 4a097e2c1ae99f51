/**
 * Counts per activity (events, cases) and rework (an activity occurring more than once in a case: the cases
 * where it does, and the occurrences beyond the first), from one aggregation per (case, activity).
 */
import type { ProcessActivity, ProcessRework } from '../../../process/types';
import type { Row } from '../convert';
import type { Binder } from '../kpi/context';
import type { ProcessQuery } from './query';
import { scopedEventsSql } from './query';

export function activitiesSql(b: Binder, q: ProcessQuery): string {
	return `${scopedEventsSql(b, q)},
	ca AS (SELECT case_id, activity, count(*) AS n FROM ev GROUP BY case_id, activity)
	SELECT activity, sum(n) AS events, count(*) AS cases,
		count(*) FILTER (WHERE n > 1) AS rework_cases, coalesce(sum(n - 1) FILTER (WHERE n > 1), 0) AS rework_extra
	FROM ca GROUP BY activity`;
}

const num = (v: unknown) => Number(v ?? 0);

export function toActivities(rows: Row[]): ProcessActivity[] {
	return rows
		.map((r) => ({ activity: String(r.activity), events: num(r.events), cases: num(r.cases) }))
		.sort((x, y) => y.events - x.events || cmp(x.activity, y.activity));
}

export function toRework(rows: Row[]): ProcessRework[] {
	return rows
		.filter((r) => num(r.rework_cases) > 0)
		.map((r) => ({ activity: String(r.activity), cases: num(r.rework_cases), extra: num(r.rework_extra) }))
		.sort((x, y) => y.extra - x.extra || y.cases - x.cases || cmp(x.activity, y.activity));
}

/** Code-point order (the same in every locale, and DuckDB's default collation). */
export const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
