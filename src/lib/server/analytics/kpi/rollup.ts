/**
 * Pre-aggregated rollups the KPI families read instead of the raw facts when they are fresh: one row per
 * (day, department, item, channel) — thousands of rows per day at most, whatever the number of cases.
 *
 * - `kpi_sub_day`  cases by submitted_date: counts for the volume family and item activity.
 * - `kpi_done_day` completed cases by completed_date: the timeliness sums (and rating coverage).
 * - `kpi_rate_day` ratings by rated_date (with its working-day index), department, rating channel and the
 *   rated case's channel and item (for the channel / power_type slices): the satisfaction counts.
 *
 * Default ratings (默认评价, `is_default` true) are counted only in `kpi_rate_day.defaults`: every other rating
 * count, and `rated` in `kpi_done_day`, leaves them out, exactly as the raw paths do (predicates.ts).
 *
 * Exactness: every KPI predicate is either a function of the grain (nominal delegation and cancelled items
 * depend on item, department and date; the rectification deadline on rated_date and the period end) or is
 * pre-counted here with the thresholds recorded in `meta.kpi_rollup`. The engine uses the rollups only when
 * that record's data_version equals `meta.data_version`, its thresholds equal the request's and its layout
 * version is ROLLUP_VERSION. Rating coverage under a rating_channel slice reads `kpi_done_day.rated_<channel>`
 * (completed cases with at least one rating through that channel). Specs check that both paths give identical
 * reports.
 *
 * Columns are BIGINT (sums cast down from HUGEINT: aggregating HUGEINT is an order of magnitude slower).
 *
 * Maintenance, inside the caller's write transaction: `rebuildKpiRollups(conn)` rebuilds all three; the ingest
 * calls `refreshKpiRollups` after refreshing derived columns and bumping data_version, which recomputes only
 * the days the batch touched (`RollupTouch`), or rebuilds when the calendar or items changed (every case's
 * working days or limits may have moved) or the rollups were not current (see docs/kpi.md "Rollups").
 */
import type { DuckDBConnection } from '@duckdb/node-api';
import type { Analytics } from '../types';
import { RATING_CHANNELS } from '../schema';
import { defaultRating, notDefaultRating } from './predicates';
import { DEFAULT_THRESHOLDS, type Thresholds } from './thresholds';

export const ROLLUP_META_KEY = 'kpi_rollup';
/**
 * Layout version of the rollup tables, recorded in `meta.kpi_rollup`; rollups of another version are not read and
 * are rebuilt when the database opens (`upgradeKpiRollups`). 2: `kpi_done_day.rated_<rating channel>`.
 * 3: default ratings left out of every count, `kpi_rate_day.defaults`.
 */
export const ROLLUP_VERSION = 3;

/** `kpi_done_day` column counting the completed cases rated through `channel` (one of RATING_CHANNELS). */
export const ratedColumn = (channel: (typeof RATING_CHANNELS)[number]) => `rated_${channel}`;

const SUB_DAY = (where: string) =>
	`SELECT submitted_date, dept_code, item_code, channel,
		count(*) AS cases,
		count(visits) AS with_visits,
		count(*) FILTER (WHERE visits <= 1) AS visits_le1,
		count(*) FILTER (WHERE visits = 0) AS visits_0,
		count(*) FILTER (WHERE status = 'rejected') AS rejected,
		count(*) FILTER (WHERE status = 'returned') AS returned,
		count(*) FILTER (WHERE coalesce(supplement_requests >= $1, false)) AS no_notice
	 FROM cases WHERE submitted_date IS NOT NULL AND ${where}
	 GROUP BY ALL ORDER BY submitted_date`;

// Incremental: only the touched days' cases are looked up among the ratings (not every rated case).
// Per rating channel as well, so rating_coverage under a rating_channel slice is answered from the rollup.
const DONE_DAY = (where: string) =>
	`WITH rated_cases AS (
		SELECT case_id, ${RATING_CHANNELS.map((ch) => `coalesce(bool_or(channel = '${ch}'), false) AS ${ratedColumn(ch)}`).join(', ')}
		FROM ratings r WHERE case_id IS NOT NULL AND ${notDefaultRating()}${
			where === 'TRUE' ? '' : ` AND case_id IN (SELECT case_id FROM cases c WHERE ${where})`
		}
		GROUP BY case_id)
	 SELECT c.completed_date, c.dept_code, c.item_code, c.channel,
		count(*) AS completed,
		count(*) FILTER (WHERE c.limit_days IS NOT NULL AND c.elapsed_wd IS NOT NULL) AS with_limit,
		count(*) FILTER (WHERE c.elapsed_wd <= c.limit_days) AS on_time,
		count(c.elapsed_wd) AS with_elapsed,
		CAST(coalesce(sum(c.elapsed_wd), 0) AS BIGINT) AS elapsed_sum,
		count(*) FILTER (WHERE c.elapsed_wd = 0) AS immediate,
		CAST(coalesce(sum(c.elapsed_wd) FILTER (WHERE c.item_statutory_days > 0), 0) AS BIGINT) AS stat_elapsed_sum,
		CAST(coalesce(sum(c.item_statutory_days) FILTER (WHERE c.item_statutory_days > 0 AND c.elapsed_wd IS NOT NULL), 0) AS BIGINT) AS stat_sum,
		count(rt.case_id) AS rated,
		${RATING_CHANNELS.map((ch) => `count(*) FILTER (WHERE rt.${ratedColumn(ch)}) AS ${ratedColumn(ch)}`).join(',\n\t\t')}
	 FROM cases c LEFT JOIN rated_cases rt ON rt.case_id = c.case_id
	 WHERE c.status = 'completed' AND c.completed_date IS NOT NULL AND ${where}
	 GROUP BY ALL ORDER BY c.completed_date`;

const PUB = notDefaultRating();
const RATE_DAY = (where: string) =>
	`SELECT r.rated_date, r.rated_wdi, r.dept_code, r.channel,
		c.channel AS case_channel, c.item_code AS case_item_code,
		count(*) FILTER (WHERE ${PUB}) AS ratings,
		count(*) FILTER (WHERE ${PUB} AND r.score >= $1) AS satisfied,
		CAST(coalesce(sum(r.score) FILTER (WHERE ${PUB}), 0) AS BIGINT) AS score_sum,
		count(*) FILTER (WHERE ${PUB} AND r.score <= $2) AS bad,
		count(*) FILTER (WHERE ${PUB} AND r.score <= $2 AND r.rectified_at IS NOT NULL) AS bad_rectified,
		count(*) FILTER (WHERE ${PUB} AND r.score <= $2 AND coalesce(r.rectified_at IS NOT NULL AND r.rectified_wd <= $3, false)) AS bad_in_time,
		count(*) FILTER (WHERE ${defaultRating()}) AS defaults
	 FROM ratings r LEFT JOIN cases c ON c.case_id = r.case_id
	 WHERE r.rated_date IS NOT NULL AND ${where}
	 GROUP BY ALL ORDER BY r.rated_date`;

async function recordRollups(
	conn: DuckDBConnection,
	t: Thresholds,
	mode: 'rebuilt' | 'incremental'
): Promise<void> {
	await conn.run(
		`INSERT INTO meta VALUES ($1, json_object('data_version', (SELECT value FROM meta WHERE key = 'data_version'), 'thresholds', $2::JSON, 'mode', $3, 'version', $4))
		 ON CONFLICT (key) DO UPDATE SET value = excluded.value`,
		[ROLLUP_META_KEY, JSON.stringify(t), mode, ROLLUP_VERSION]
	);
}

interface RollupRecord {
	data_version: string;
	thresholds: Thresholds;
	version?: number;
}

/** The `meta.kpi_rollup` record, or null when absent or unreadable. */
function parseRecord(value: unknown): RollupRecord | null {
	if (typeof value !== 'string') return null;
	try {
		return JSON.parse(value) as RollupRecord;
	} catch {
		return null;
	}
}

/** The thresholds the rollups' SQL reads (rebuildKpiRollups): another threshold changing leaves them current. */
const ROLLUP_THRESHOLDS: readonly (keyof Thresholds)[] = [
	'supplementRequestsMin',
	'satisfiedMinScore',
	'badMaxScore',
	'rectificationDays'
];

/** Rollups of this layout, built at `dataVersion` with exactly these thresholds. */
function recordCurrent(rec: RollupRecord | null, dataVersion: unknown, thresholds: Thresholds): boolean {
	return (
		rec !== null &&
		rec.version === ROLLUP_VERSION &&
		dataVersion !== null &&
		String(rec.data_version) === String(dataVersion) &&
		ROLLUP_THRESHOLDS.every((k) => rec.thresholds?.[k] === thresholds[k])
	);
}

/** Build (or rebuild) the rollups from the canonical tables; run inside a write transaction. */
export async function rebuildKpiRollups(
	conn: DuckDBConnection,
	thresholds: Thresholds = DEFAULT_THRESHOLDS
): Promise<void> {
	const t = thresholds;
	await conn.run(`CREATE OR REPLACE TABLE kpi_sub_day AS ${SUB_DAY('TRUE')}`, [t.supplementRequestsMin]);
	await conn.run(`CREATE OR REPLACE TABLE kpi_done_day AS ${DONE_DAY('TRUE')}`);
	await conn.run(`CREATE OR REPLACE TABLE kpi_rate_day AS ${RATE_DAY('TRUE')}`, [
		t.satisfiedMinScore,
		t.badMaxScore,
		t.rectificationDays
	]);
	await recordRollups(conn, t, 'rebuilt');
}

/**
 * Incremental maintenance (the ingest): the days whose rollup rows a batch may change, collected in three
 * TEMP tables while it merges — the rollups are keyed by day, so recomputing exactly those days from the
 * canonical tables gives the same rows as a rebuild (rollup.test.ts checks it), at the cost of the batch's
 * days instead of the whole history.
 *
 * - `sub`  submitted_date of every case the batch inserted or replaced (old and new value);
 * - `done` completed_date of those cases, and of every case whose set of ratings the batch changed;
 * - `rate` rated_date of every rating the batch inserted or replaced (old and new), and of every rating of a
 *   case the batch replaced (the rated case's channel and item are part of the grain).
 */
export interface RollupTouch {
	sub: string;
	done: string;
	rate: string;
}

export async function beginRollupTouch(conn: DuckDBConnection, prefix: string): Promise<RollupTouch> {
	const t: RollupTouch = { sub: `${prefix}_tsub`, done: `${prefix}_tdone`, rate: `${prefix}_trate` };
	for (const n of Object.values(t)) await conn.run(`CREATE OR REPLACE TEMP TABLE ${n} (d DATE)`);
	return t;
}

/**
 * Before rows of `table` are overwritten in place: record the days their current values count on.
 * `keys` is SQL for the set of keys (case_id / rating_id) about to be replaced.
 */
export async function touchBeforeReplace(
	conn: DuckDBConnection,
	touch: RollupTouch,
	table: 'cases' | 'ratings',
	keys: string
): Promise<void> {
	if (table === 'cases') {
		await conn.run(
			`INSERT INTO ${touch.sub} SELECT DISTINCT submitted_date FROM cases WHERE case_id ${keys}`
		);
		await conn.run(
			`INSERT INTO ${touch.done} SELECT DISTINCT completed_date FROM cases WHERE case_id ${keys}`
		);
		await conn.run(`INSERT INTO ${touch.rate} SELECT DISTINCT rated_date FROM ratings WHERE case_id ${keys}`);
	} else {
		await conn.run(
			`INSERT INTO ${touch.rate} SELECT DISTINCT rated_date FROM ratings WHERE rating_id ${keys}`
		);
		await conn.run(
			`INSERT INTO ${touch.done} SELECT DISTINCT completed_date FROM cases
			 WHERE case_id IN (SELECT case_id FROM ratings WHERE rating_id ${keys})`
		);
	}
}

/**
 * After the merge: add the days of the rows batch `batchId` stored, then recompute the touched days of each
 * rollup (delete + insert). Falls back to a rebuild when the rollups were not current before this batch or
 * were built with other thresholds (`previousVersion`: data_version before the batch bumped it).
 */
export async function refreshKpiRollups(
	conn: DuckDBConnection,
	thresholds: Thresholds,
	touch: RollupTouch,
	batchId: number,
	previousVersion: string | null
): Promise<'incremental' | 'rebuilt'> {
	const [rec] = (
		await conn.runAndReadAll(`SELECT value FROM meta WHERE key = $1`, [ROLLUP_META_KEY])
	).getRowObjects();
	const current = recordCurrent(parseRecord(rec?.value), previousVersion, thresholds);
	if (!current) {
		await rebuildKpiRollups(conn, thresholds);
		return 'rebuilt';
	}
	const b = [batchId];
	await conn.run(`INSERT INTO ${touch.sub} SELECT DISTINCT submitted_date FROM cases WHERE batch_id = $1`, b);
	await conn.run(
		`INSERT INTO ${touch.done} SELECT DISTINCT completed_date FROM cases WHERE batch_id = $1`,
		b
	);
	await conn.run(
		`INSERT INTO ${touch.done} SELECT DISTINCT completed_date FROM cases
		 WHERE case_id IN (SELECT case_id FROM ratings WHERE batch_id = $1)`,
		b
	);
	await conn.run(`INSERT INTO ${touch.rate} SELECT DISTINCT rated_date FROM ratings WHERE batch_id = $1`, b);
	await conn.run(
		`INSERT INTO ${touch.rate} SELECT DISTINCT rated_date FROM ratings
		 WHERE case_id IN (SELECT case_id FROM cases WHERE batch_id = $1)`,
		b
	);
	const t = thresholds;
	const days = (n: string, col: string) => `${col} IN (SELECT d FROM ${n} WHERE d IS NOT NULL)`;
	const redo = async (
		table: string,
		col: string,
		alias: string,
		touched: string,
		select: (w: string) => string,
		params: number[]
	) => {
		// No day touched: nothing to recompute. Checked, because the recompute is not free even then (measured:
		// kpi_rate_day's join of the ratings with 10 M cases took 0.44 s for a cases-only import with no ratings).
		const [[n]] = (await conn.runAndReadAll(`SELECT count(*) FROM ${touched} WHERE d IS NOT NULL`)).getRows();
		if (Number(n) === 0) return;
		await conn.run(`DELETE FROM ${table} WHERE ${days(touched, col)}`);
		await conn.run(`INSERT INTO ${table} ${select(days(touched, `${alias}${col}`))}`, params);
	};
	await redo('kpi_sub_day', 'submitted_date', '', touch.sub, SUB_DAY, [t.supplementRequestsMin]);
	await redo('kpi_done_day', 'completed_date', 'c.', touch.done, DONE_DAY, []);
	await redo('kpi_rate_day', 'rated_date', 'r.', touch.rate, RATE_DAY, [
		t.satisfiedMinScore,
		t.badMaxScore,
		t.rectificationDays
	]);
	await recordRollups(conn, t, 'incremental');
	return 'incremental';
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
	return recordCurrent(parseRecord(rows[0]?.r), rows[0]?.dv ?? null, thresholds);
}

/**
 * Rollups for `thresholds`, built in one write transaction unless they are already current: what the server runs
 * in the background when an admin changes thresholds (settings/active-thresholds.ts switches to them after it commits).
 * Returns whether it rebuilt.
 */
export async function ensureKpiRollups(db: Analytics, thresholds: Thresholds): Promise<boolean> {
	if (await rollupsUsable(db, thresholds)) return false;
	await db.write((conn) => rebuildKpiRollups(conn, thresholds));
	return true;
}

/**
 * On open (db.ts): rollups built by an older layout (`version` ≠ ROLLUP_VERSION) are rebuilt once, in one write
 * transaction, so an upgraded installation keeps reading rollups instead of the raw tables until its next import.
 * Returns whether it rebuilt.
 */
export async function upgradeKpiRollups(db: Analytics, thresholds: Thresholds): Promise<boolean> {
	return db.write(async (conn) => {
		const [rec] = (
			await conn.runAndReadAll(`SELECT value FROM meta WHERE key = $1`, [ROLLUP_META_KEY])
		).getRowObjects();
		if (!rec) return false; // no rollups yet: the first import builds them
		if (parseRecord(rec.value)?.version === ROLLUP_VERSION) return false;
		await rebuildKpiRollups(conn, thresholds);
		return true;
	});
}
