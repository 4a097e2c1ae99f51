/**
 * Variants: a case's activities in order (ts, then source order = seq) as one list; cases per variant and the
 * median case duration, defined as the working days from the case's first to its last event,
 * wd_index(date last) − wd_index(date first) (null when an event date lies outside the calendar). Also the
 * totals (cases with events, events) and the number of distinct variants; only the top N are returned.
 */
import type { ProcessVariant } from '../../../process/types';
import type { Row } from '../convert';
import type { Binder } from '../kpi/context';
import { scopedEventsSql, type ProcessQuery } from './query';

export const TOP_VARIANTS = 20;

export function variantsSql(b: Binder, q: ProcessQuery, top = TOP_VARIANTS): string {
	return `${scopedEventsSql(b, q)},
	cv AS (
		SELECT case_id, list(activity ORDER BY ts, seq) AS path, count(*) AS n,
			CASE WHEN count(wdi) = count(*) THEN max(wdi) - min(wdi) END AS days
		FROM ev GROUP BY case_id),
	vg AS (SELECT path, count(*) AS cases, quantile_cont(days, 0.5) AS median_days, sum(n) AS events FROM cv GROUP BY path),
	tot AS (SELECT count(*) AS variants, coalesce(sum(cases), 0) AS cases, coalesce(sum(events), 0) AS events FROM vg)
	SELECT tot.variants, tot.cases AS total_cases, tot.events AS total_events, t.path, t.cases, t.median_days
	FROM tot LEFT JOIN (
		SELECT path, cases, median_days FROM vg
		ORDER BY cases DESC, median_days ASC NULLS LAST, path LIMIT ${b.bind(top)}) t ON true
	ORDER BY t.cases DESC, t.median_days ASC NULLS LAST, t.path`;
}

export interface VariantsPart {
	cases: number;
	events: number;
	count: number;
	top: ProcessVariant[];
}

export function toVariants(rows: Row[]): VariantsPart {
	const first = rows[0] ?? {};
	return {
		cases: Number(first.total_cases ?? 0),
		events: Number(first.total_events ?? 0),
		count: Number(first.variants ?? 0),
		top: rows
			.filter((r) => r.path !== null && r.path !== undefined)
			.map((r) => ({
				path: (r.path as unknown[]).map(String),
				cases: Number(r.cases),
				median_days: r.median_days === null ? null : Number(r.median_days)
			}))
	};
}
