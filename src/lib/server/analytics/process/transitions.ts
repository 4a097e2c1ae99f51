/**
 * The directly-follows relation and the hand-offs, from `pw` (index.ts): one pass of lead() over each case's
 * events ordered by (ts, seq) — seq is the ingest's order within the case (mergeEvents: by ts, then the order
 * the source listed them), so events with equal timestamps keep the source order.
 *
 * Per pair a → b: occurrences, distinct cases, and over the occurrences the median / 90th percentile of the
 * working days wd(ts_a, ts_b) = wd_index(date b) − wd_index(date a) and of the hours between them.
 * quantile_cont(x, p) interpolates linearly: with the n values sorted x[0..n−1] and h = (n − 1)·p, the value is
 * x[⌊h⌋] + (h − ⌊h⌋)·(x[⌊h⌋+1] − x[⌊h⌋]); for p = 0.5 that is the middle value or the mean of the two middle ones.
 *
 * A hand-off is a consecutive pair whose department codes are both known and differ, or whose actors are both
 * known and differ; grouped by (department of a, department of b) — actors are never named (personal field).
 * Output rows of kind 't' / 'h': k1, k2, n1 pairs, n2 cases, x1 median wd, x2 p90 wd, x3 median h (transitions only), x5 mean wd
 * (Σ wd / count as doubles: the derived path gets it from a histogram, pair-stats.ts, so both divide the same sums).
 */
import type { ProcessHandoff, ProcessTransition } from '../../../process/types';
import type { Row } from '../convert';
import { cmp } from './activities';

/** Hours only for transitions: the hand-offs table shows working days. */
const STATS = (hours: boolean) => `count(*) AS n1, count(DISTINCT case_id) AS n2, NULL AS n3, NULL AS n4,
		(quantile_cont(wd, [0.5, 0.9]))[1] AS x1, (quantile_cont(wd, [0.5, 0.9]))[2] AS x2,
		${hours ? 'quantile_cont(h, 0.5)' : 'NULL'} AS x3, NULL AS x4,
		CASE WHEN count(wd) > 0 THEN CAST(sum(wd) AS DOUBLE) / count(wd) END AS x5`;

export const TRANSITIONS_SELECT = `SELECT 't' AS kind, a AS k1, b AS k2, NULL AS path, ${STATS(true)} FROM pw WHERE b IS NOT NULL GROUP BY a, b
	UNION ALL
	SELECT 'h' AS kind, da AS k1, db AS k2, NULL AS path, ${STATS(false)} FROM pw
	WHERE b IS NOT NULL AND ((da IS NOT NULL AND db IS NOT NULL AND da <> db) OR (xa IS NOT NULL AND xb IS NOT NULL AND xa <> xb))
	GROUP BY da, db`;

const num = (v: unknown) => Number(v ?? 0);
const opt = (v: unknown) => (v === null || v === undefined ? null : Number(v));
const str = (v: unknown) => (v === null || v === undefined ? null : String(v));
/** What a transition and a handoff both count and measure (the STATS columns n1, n2, x1, x2). */
const pairStats = (r: Row) => ({
	pairs: num(r.n1),
	cases: num(r.n2),
	median_workdays: opt(r.x1),
	p90_workdays: opt(r.x2)
});

export function toTransitions(rows: Row[]): ProcessTransition[] {
	return rows
		.filter((r) => r.kind === 't')
		.map((r) => ({
			from: String(r.k1),
			to: String(r.k2),
			...pairStats(r),
			median_hours: opt(r.x3),
			mean_workdays: opt(r.x5)
		}))
		.sort((x, y) => y.pairs - x.pairs || y.cases - x.cases || cmp(x.from, y.from) || cmp(x.to, y.to));
}

export function toHandoffs(rows: Row[]): ProcessHandoff[] {
	return rows
		.filter((r) => r.kind === 'h')
		.map((r) => ({
			from_dept: str(r.k1),
			to_dept: str(r.k2),
			...pairStats(r)
		}))
		.sort(
			(x, y) =>
				y.pairs - x.pairs ||
				cmp(x.from_dept ?? '', y.from_dept ?? '') ||
				cmp(x.to_dept ?? '', y.to_dept ?? '')
		);
}
