/**
 * Pre-aggregated rollups the KPI families read instead of the raw facts when they are fresh: one row per
 * (day, department, item, channel) — thousands of rows per day at most, whatever the number of cases.
 *
 * - `kpi_sub_day`  cases by submitted_date: counts for the volume family and item activity.
 * - `kpi_done_day` completed cases by completed_date: the timeliness sums (and rating coverage).
 * - `kpi_rate_day` ratings by rated_date (with its working-day index), department, rating channel and the
 *   rated case's channel and item (for the channel / power_type slices): the satisfaction counts.
 *
 * Exactness: every KPI predicate is either a function of the grain (nominal delegation and cancelled items
 * depend on item, department and date; the rectification deadline on rated_date and the period end) or is
 * pre-counted here with the thresholds recorded in `meta.kpi_rollup`. The engine uses the rollups only when
 * that record's data_version equals `meta.data_version` and its thresholds equal the request's, and falls back
 * to the raw tables for the one slice the grain cannot answer (rating_channel for rating coverage). Specs
 * check that both paths give identical reports.
 *
 * Columns are BIGINT (sums cast down from HUGEINT: aggregating HUGEINT is an order of magnitude slower).
 *
 * Maintenance: `rebuildKpiRollups(conn)` rebuilds all three inside the caller's write transaction; the ingest
 * calls it after refreshing derived columns and bumping data_version (see docs/kpi.md "Rollups").
 */
import type { DuckDBConnection } from '@duckdb/node-api';
import type { Analytics } from '../db';
import { DEFAULT_THRESHOLDS, type Thresholds } from './thresholds';

export const ROLLUP_META_KEY = 'kpi_rollup';

/** Build (or rebuild) the rollups from the canonical tables; run inside a write transaction. */
export async function rebuildKpiRollups(
	conn: DuckDBConnection,
	thresholds: Thresholds = DEFAULT_THRESHOLDS
): Promise<void> {
	const t = thresholds;
	await conn.run(
		`CREATE OR REPLACE TABLE kpi_sub_day AS
		 SELECT submitted_date, dept_code, item_code, channel,
			count(*) AS cases,
			count(visits) AS with_visits,
			count(*) FILTER (WHERE visits <= 1) AS visits_le1,
			count(*) FILTER (WHERE visits = 0) AS visits_0,
			count(*) FILTER (WHERE status = 'rejected') AS rejected,
			count(*) FILTER (WHERE status = 'returned') AS returned,
			count(*) FILTER (WHERE coalesce(supplement_requests >= $1, false)) AS no_notice
		 FROM cases WHERE submitted_date IS NOT NULL
		 GROUP BY ALL ORDER BY submitted_date`,
		[t.supplementRequestsMin]
	);
	await conn.run(
		`CREATE OR REPLACE TABLE kpi_done_day AS
		 WITH rated_cases AS (SELECT DISTINCT case_id FROM ratings WHERE case_id IS NOT NULL)
		 SELECT c.completed_date, c.dept_code, c.item_code, c.channel,
			count(*) AS completed,
			count(*) FILTER (WHERE c.limit_days IS NOT NULL AND c.elapsed_wd IS NOT NULL) AS with_limit,
			count(*) FILTER (WHERE c.elapsed_wd <= c.limit_days) AS on_time,
			count(c.elapsed_wd) AS with_elapsed,
			CAST(coalesce(sum(c.elapsed_wd), 0) AS BIGINT) AS elapsed_sum,
			count(*) FILTER (WHERE c.elapsed_wd = 0) AS immediate,
			CAST(coalesce(sum(c.elapsed_wd) FILTER (WHERE c.item_statutory_days > 0), 0) AS BIGINT) AS stat_elapsed_sum,
			CAST(coalesce(sum(c.item_statutory_days) FILTER (WHERE c.item_statutory_days > 0 AND c.elapsed_wd IS NOT NULL), 0) AS BIGINT) AS stat_sum,
			count(rt.case_id) AS rated
		 FROM cases c LEFT JOIN rated_cases rt ON rt.case_id = c.case_id
		 WHERE c.status = 'completed' AND c.completed_date IS NOT NULL
		 GROUP BY ALL ORDER BY c.completed_date`
	);
	await conn.run(
		`CREATE OR REPLACE TABLE kpi_rate_day AS
		 SELECT r.rated_date, r.rated_wdi, r.dept_code, r.channel,
			c.channel AS case_channel, c.item_code AS case_item_code,
			count(*) AS ratings,
			count(*) FILTER (WHERE r.score >= $1) AS satisfied,
			CAST(sum(r.score) AS BIGINT) AS score_sum,
			count(*) FILTER (WHERE r.score <= $2) AS bad,
			count(*) FILTER (WHERE r.score <= $2 AND r.rectified_at IS NOT NULL) AS bad_rectified,
			count(*) FILTER (WHERE r.score <= $2 AND coalesce(r.rectified_at IS NOT NULL AND r.rectified_wd <= $3, false)) AS bad_in_time
		 FROM ratings r LEFT JOIN cases c ON c.case_id = r.case_id
		 WHERE r.rated_date IS NOT NULL
		 GROUP BY ALL ORDER BY r.rated_date`,
		[t.satisfiedMinScore, t.badMaxScore, t.rectificationDays]
	);
	await conn.run(
		`INSERT INTO meta VALUES ($1, json_object('data_version', (SELECT value FROM meta WHERE key = 'data_version'), 'thresholds', $2::JSON))
		 ON CONFLICT (key) DO UPDATE SET value = excluded.value`,
		[ROLLUP_META_KEY, JSON.stringify(t)]
	);
}

/** Drop the rollups (the engine then reads the raw tables). */
export async function dropKpiRollups(conn: DuckDBConnection): Promise<void> {
	for (const t of ['kpi_sub_day', 'kpi_done_day', 'kpi_rate_day'])
		await conn.run(`DROP TABLE IF EXISTS ${t}`);
	await conn.run(`DELETE FROM meta WHERE key = $1`, [ROLLUP_META_KEY]);
}

/** True when the rollups exist, were built at the current data_version and with these thresholds. */
export async function rollupsUsable(db: Analytics, thresholds: Thresholds): Promise<boolean> {
	const rows = await db.query(
		`SELECT (SELECT value FROM meta WHERE key = 'data_version') AS dv, (SELECT value FROM meta WHERE key = $1) AS r`,
		[ROLLUP_META_KEY]
	);
	const r = rows[0]?.r;
	if (typeof r !== 'string') return false;
	try {
		const rec = JSON.parse(r) as { data_version: string; thresholds: Thresholds };
		if (rec.data_version !== rows[0].dv) return false;
		return (Object.keys(DEFAULT_THRESHOLDS) as (keyof Thresholds)[]).every(
			(k) => rec.thresholds[k] === thresholds[k]
		);
	} catch {
		return false;
	}
}
