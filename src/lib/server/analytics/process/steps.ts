/**
 * Derived process tables — the process view's equivalent of the KPI rollups: what the query-time path computes
 * with one sort of every in-scope event, stored once per data version, so a view is plain filtered aggregates.
 *
 * - `process_steps`: one row per event of a stored case, with the CASE's dept_code / item_code /
 *   submitted_date / channel (denormalised: a department's view prunes instead of scanning every event), `a`
 *   (activity), `b` (next activity, null for the last), `pos` (1-based position by ts, seq), `wdi`, `wd` / `h`
 *   (working days / hours to the next event), `da` / `db` (the events' departments), `handoff` (transitions.ts
 *   rule), `act_occ` / `pair_occ` / `ho_occ` (occurrence number of the activity / the pair / the hand-off
 *   department pair within the case, so distinct-case counts are sums). Actors are not stored.
 *   Sorted by (dept_code, submitted_date).
 * - `process_cases`: per case with events, the same case columns, n (events), the variant key (h1, h2) and the
 *   duration in working days (variants.ts).
 *
 * Exactness: the engine reads them only when `meta.process_steps` equals `meta.data_version` (written by
 * `rebuildProcessSteps` inside the writer's transaction, after the data_version bump); otherwise it computes
 * from `events` (index.ts). Specs check that both paths give identical results.
 *
 * Maintenance: `rebuildProcessSteps(conn)`, a full rebuild (1 M cases / 20 M events: see docs/process.md), run by
 * the server in the background after start-up and after every committed import (refresh.ts).
 */
import type { DuckDBConnection } from '@duckdb/node-api';
import type { Analytics } from '../db';
import type { Binder } from '../kpi/context';
import { caseScope, type ProcessQuery } from './query';

export const STEPS_VERSION = 1;

export async function rebuildProcessSteps(conn: DuckDBConnection): Promise<void> {
	await conn.run(`CREATE OR REPLACE TABLE process_steps AS
	WITH ev AS (
		SELECT e.case_id, e.seq, e.activity, e.ts, e.actor, e.dept_code AS ed, k.wd_index AS wdi,
			c.dept_code, c.item_code, c.submitted_date, c.channel
		FROM events e JOIN cases c ON c.case_id = e.case_id LEFT JOIN calendar k ON k.date = CAST(e.ts AS DATE)),
	w AS (
		SELECT case_id, dept_code, item_code, submitted_date, channel, activity AS a, lead(activity) OVER w AS b,
			row_number() OVER w AS pos, wdi, lead(wdi) OVER w - wdi AS wd,
			(epoch_us(lead(ts) OVER w) - epoch_us(ts)) / 3600000000.0 AS h,
			ed AS da, lead(ed) OVER w AS db, actor AS xa, lead(actor) OVER w AS xb
		FROM ev WINDOW w AS (PARTITION BY case_id ORDER BY ts, seq)),
	f AS (
		SELECT * EXCLUDE (xa, xb),
			coalesce(b IS NOT NULL AND ((da IS NOT NULL AND db IS NOT NULL AND da <> db) OR (xa IS NOT NULL AND xb IS NOT NULL AND xa <> xb)), false) AS handoff
		FROM w)
	SELECT *, CAST(row_number() OVER (PARTITION BY case_id, a ORDER BY pos) AS INTEGER) AS act_occ,
		CAST(row_number() OVER (PARTITION BY case_id, a, b ORDER BY pos) AS INTEGER) AS pair_occ,
		CAST(row_number() OVER (PARTITION BY case_id, handoff, da, db ORDER BY pos) AS INTEGER) AS ho_occ
	FROM f ORDER BY dept_code, submitted_date, case_id, pos`);
	await conn.run(`CREATE OR REPLACE TABLE process_cases AS
	SELECT case_id, any_value(dept_code) AS dept_code, any_value(item_code) AS item_code,
		any_value(submitted_date) AS submitted_date, any_value(channel) AS channel, count(*) AS n,
		sum(hash(pos, a)) AS h1, sum(hash(a, pos, 'v')) AS h2,
		CASE WHEN count(wdi) = count(*) THEN max(wdi) - min(wdi) END AS days
	FROM process_steps GROUP BY case_id ORDER BY dept_code, submitted_date`);
	await conn.run(
		`INSERT INTO meta SELECT 'process_steps', value || ':v' || $1 FROM meta WHERE key = 'data_version'
		 ON CONFLICT (key) DO UPDATE SET value = excluded.value`,
		[String(STEPS_VERSION)]
	);
}

/** Whether the derived tables are current (answered from the result cache per data version). */
export async function stepsFresh(db: Analytics): Promise<boolean> {
	const rows = await db.query(
		`SELECT (SELECT value FROM meta WHERE key = 'process_steps') = (SELECT value || ':v' || $1 FROM meta WHERE key = 'data_version') AS ok`,
		[String(STEPS_VERSION)]
	);
	return rows[0]?.ok === true;
}

/** For the tests and the bench: rebuild in one write. */
export function rebuildProcessStepsNow(db: Analytics): Promise<void> {
	return db.write((conn) => rebuildProcessSteps(conn));
}

const STATS = (cases: string) => `count(*) AS n1, ${cases} AS n2, NULL AS n3, NULL AS n4,
		(quantile_cont(wd, [0.5, 0.9]))[1] AS x1, (quantile_cont(wd, [0.5, 0.9]))[2] AS x2,
		(quantile_cont(h, [0.5, 0.9]))[1] AS x3, (quantile_cont(h, [0.5, 0.9]))[2] AS x4, avg(wd) AS x5`;

/** The same rows as index.ts processSql (kinds a, t, h, v, s), from the derived tables. */
export function stepsSql(b: Binder, q: ProcessQuery, top: number): string {
	const { head, where } = caseScope(b, q);
	return `${head}ps AS (SELECT * FROM process_steps c WHERE ${where}),
	pcs AS (SELECT * FROM process_cases c WHERE ${where}),
	vg AS (SELECT n, h1, h2, count(*) AS cases, quantile_cont(days, 0.5) AS median_days, min(case_id) AS rep
		FROM pcs GROUP BY n, h1, h2),
	vt AS (SELECT rep, cases, median_days FROM vg ORDER BY cases DESC, median_days ASC NULLS LAST, rep LIMIT ${b.bind(top)}),
	vp AS (SELECT vt.rep, vt.cases, vt.median_days, list(s.a ORDER BY s.pos) AS path
		FROM vt JOIN ps s ON s.case_id = vt.rep GROUP BY vt.rep, vt.cases, vt.median_days)
	SELECT 'a' AS kind, a AS k1, NULL AS k2, NULL AS path, count(*) AS n1, count(*) FILTER (WHERE act_occ = 1) AS n2,
		count(*) FILTER (WHERE act_occ = 2) AS n3, count(*) - count(*) FILTER (WHERE act_occ = 1) AS n4,
		NULL AS x1, NULL AS x2, NULL AS x3, NULL AS x4, NULL AS x5
	FROM ps GROUP BY a
	UNION ALL
	SELECT 't', a, b, NULL, ${STATS('count(*) FILTER (WHERE pair_occ = 1)')} FROM ps WHERE b IS NOT NULL GROUP BY a, b
	UNION ALL
	SELECT 'h', da, db, NULL, ${STATS('count(*) FILTER (WHERE ho_occ = 1)')} FROM ps WHERE handoff GROUP BY da, db
	UNION ALL
	SELECT 'v', rep, NULL, path, cases, NULL, NULL, NULL, median_days, NULL, NULL, NULL, NULL FROM vp
	UNION ALL
	SELECT 's', NULL, NULL, NULL, (SELECT count(*) FROM pcs), (SELECT coalesce(sum(n), 0) FROM pcs), (SELECT count(*) FROM vg),
		(SELECT count(*) FROM cases c WHERE ${where}) - (SELECT count(*) FROM pcs), NULL, NULL, NULL, NULL, NULL`;
}

