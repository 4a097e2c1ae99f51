/**
 * The directly-follows relation and the hand-offs, from one pass of lead() over each case's events ordered by
 * (ts, seq) — seq is the ingest's order within the case (mergeEvents: by ts, then the order the source listed
 * them), so events with equal timestamps keep the source order.
 *
 * Per pair a → b: occurrences, distinct cases, and over the occurrences the median / 90th percentile of the
 * working days wd(ts_a, ts_b) = wd_index(date b) − wd_index(date a) and of the hours between them.
 * quantile_cont(x, p) interpolates linearly: with the n values sorted x[0..n−1] and h = (n − 1)·p, the value is
 * x[⌊h⌋] + (h − ⌊h⌋)·(x[⌊h⌋+1] − x[⌊h⌋]); for p = 0.5 that is the middle value or the mean of the two middle ones.
 *
 * A hand-off is a consecutive pair whose department codes are both known and differ, or whose actors are both
 * known and differ; grouped by (department of a, department of b) — actors are never named (personal field).
 */
import type { ProcessHandoff, ProcessTransition } from '../../../process/types';
import type { Row } from '../convert';
import type { Binder } from '../kpi/context';
import { cmp } from './activities';
import { scopedEventsSql, type ProcessQuery } from './query';

const STATS = `count(*) AS pairs, count(DISTINCT case_id) AS cases,
		quantile_cont(wd, 0.5) AS median_workdays, quantile_cont(wd, 0.9) AS p90_workdays,
		quantile_cont(h, 0.5) AS median_hours, quantile_cont(h, 0.9) AS p90_hours, avg(wd) AS mean_workdays`;

export function transitionsSql(b: Binder, q: ProcessQuery): string {
	return `${scopedEventsSql(b, q)},
	pr AS MATERIALIZED (
		SELECT * FROM (
			SELECT case_id, activity AS a, lead(activity) OVER w AS b,
				lead(wdi) OVER w - wdi AS wd,
				(epoch_us(lead(ts) OVER w) - epoch_us(ts)) / 3600000000.0 AS h,
				dept_code AS da, lead(dept_code) OVER w AS db, actor AS xa, lead(actor) OVER w AS xb
			FROM ev WINDOW w AS (PARTITION BY case_id ORDER BY ts, seq))
		WHERE b IS NOT NULL)
	SELECT 't' AS kind, a AS k1, b AS k2, ${STATS} FROM pr GROUP BY a, b
	UNION ALL
	SELECT 'h' AS kind, da AS k1, db AS k2, ${STATS} FROM pr
	WHERE (da IS NOT NULL AND db IS NOT NULL AND da <> db) OR (xa IS NOT NULL AND xb IS NOT NULL AND xa <> xb)
	GROUP BY da, db`;
}

const num = (v: unknown) => Number(v ?? 0);
const opt = (v: unknown) => (v === null || v === undefined ? null : Number(v));
const str = (v: unknown) => (v === null || v === undefined ? null : String(v));

export function toTransitions(rows: Row[]): ProcessTransition[] {
	return rows
		.filter((r) => r.kind === 't')
		.map((r) => ({
			from: String(r.k1),
			to: String(r.k2),
			pairs: num(r.pairs),
			cases: num(r.cases),
			median_workdays: opt(r.median_workdays),
			p90_workdays: opt(r.p90_workdays),
			median_hours: opt(r.median_hours),
			p90_hours: opt(r.p90_hours),
			mean_workdays: opt(r.mean_workdays)
		}))
		.sort((x, y) => y.pairs - x.pairs || y.cases - x.cases || cmp(x.from, y.from) || cmp(x.to, y.to));
}

export function toHandoffs(rows: Row[]): ProcessHandoff[] {
	return rows
		.filter((r) => r.kind === 'h')
		.map((r) => ({
			from_dept: str(r.k1),
			to_dept: str(r.k2),
			pairs: num(r.pairs),
			cases: num(r.cases),
			median_workdays: opt(r.median_workdays),
			p90_workdays: opt(r.p90_workdays),
			median_hours: opt(r.median_hours)
		}))
		.sort(
			(x, y) =>
				y.pairs - x.pairs || cmp(x.from_dept ?? '', y.from_dept ?? '') || cmp(x.to_dept ?? '', y.to_dept ?? '')
		);
}
