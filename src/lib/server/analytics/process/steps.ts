/**
 * Derived process tables — the process view's equivalent of the KPI rollups: what the query-time path computes
 * with one sort of every in-scope event, stored once, so a view is plain filtered aggregates (steps-query.ts).
 *
 * - `process_names(id, name)`: a dictionary of the activity names and event department codes, so the steps
 *   group on small integers instead of strings (grouping 20 M rows by two VARCHARs: 590 ms; by two integers:
 *   220 ms). Ids are stable: an incremental refresh appends new names.
 * - `process_steps`: one row per event of a stored case, with the CASE's dept_code / item_code /
 *   submitted_date / channel (denormalised: a department's view prunes instead of scanning every event), `a`
 *   (activity id), `b` (next activity id, null for the last), `pos` (1-based position by ts, seq), `wdi`, `wd`
 *   (working days to the next event), `us` (microseconds to the next event: integers, so the hours' quantiles
 *   can be found from a histogram, pair-stats.ts), `da` / `db` (the events' department ids, 0 = not recorded),
 *   `handoff` (transitions.ts rule), `act_occ` / `pair_occ` / `ho_occ` (occurrence number of the activity / the
 *   pair / the hand-off department pair within the case, so distinct-case counts are sums). Actors are not
 *   stored. A full rebuild sorts by (dept_code, submitted_date); incremental rows are appended.
 * - `process_cases`: per case with events, the same case columns, n (events), the variant key (h1, h2) and the
 *   duration in working days (variants.ts).
 *
 * Freshness: `meta.process_steps` holds { dv: data_version, v: STEPS_VERSION, batch: last import batch folded
 * in, cal: calendar signature }. The engine reads the tables only when dv and v are current; otherwise it
 * computes from `events` (index.ts). Specs check that both paths give identical results.
 *
 * Maintenance (`refreshProcessSteps`, one write transaction, run by the server in the background — refresh.ts):
 * incremental when the record is current in version and calendar — only the cases a later batch wrote (their
 * case row or their events), and the cases whose denormalised columns no longer match `cases` (folded items,
 * deleted cases), are deleted and recomputed; a full rebuild otherwise, or when more than a quarter of the cases
 * changed (appending that much would leave the table unsorted for no gain).
 */
import type { DuckDBConnection } from '@duckdb/node-api';
import type { Analytics } from '../db';

export const STEPS_VERSION = 2;
const META_KEY = 'process_steps';
/** Above this share of changed cases, rebuild (and re-sort) instead of patching. */
const FULL_SHARE = 0.25;

interface StepsRecord {
	dv: string;
	v: number;
	batch: number;
	cal: string;
}

async function one(conn: DuckDBConnection, sql: string, params: unknown[] = []): Promise<unknown> {
	const rows = (await conn.runAndReadAll(sql, params as never)).getRows();
	return rows[0]?.[0] ?? null;
}

/** A signature of the working-day calendar: any change of a day's wd_index changes every stored wd. */
const CALENDAR_SIG = `SELECT CAST(coalesce(sum(hash(date, wd_index)), 0) AS VARCHAR) FROM calendar`;

/** The events of the cases in `scope` (SQL over cases alias c), each with its successor: the rows of process_steps. */
function stepsSelect(scope: string): string {
	return `WITH ev AS (
		SELECT e.case_id, e.seq, e.activity, e.ts, e.actor, e.dept_code AS ed, k.wd_index AS wdi,
			c.dept_code, c.item_code, c.submitted_date, c.channel
		FROM events e JOIN cases c ON c.case_id = e.case_id LEFT JOIN calendar k ON k.date = CAST(e.ts AS DATE)
		WHERE ${scope}),
	w AS (
		SELECT case_id, dept_code, item_code, submitted_date, channel, activity AS a, lead(activity) OVER w AS b,
			CAST(row_number() OVER w AS INTEGER) AS pos, wdi, CAST(lead(wdi) OVER w - wdi AS INTEGER) AS wd,
			epoch_us(lead(ts) OVER w) - epoch_us(ts) AS us,
			ed AS da, lead(ed) OVER w AS db, actor AS xa, lead(actor) OVER w AS xb
		FROM ev WINDOW w AS (PARTITION BY case_id ORDER BY ts, seq)),
	f AS (
		SELECT w.case_id, w.dept_code, w.item_code, w.submitted_date, w.channel, na.id AS a, nb.id AS b, w.pos, w.wdi,
			w.wd, w.us, coalesce(nda.id, 0) AS da, coalesce(ndb.id, 0) AS db,
			coalesce(w.b IS NOT NULL AND ((w.da IS NOT NULL AND w.db IS NOT NULL AND w.da <> w.db) OR (w.xa IS NOT NULL AND w.xb IS NOT NULL AND w.xa <> w.xb)), false) AS handoff
		FROM w JOIN process_names na ON na.name = w.a LEFT JOIN process_names nb ON nb.name = w.b
			LEFT JOIN process_names nda ON nda.name = w.da LEFT JOIN process_names ndb ON ndb.name = w.db)
	SELECT *, CAST(row_number() OVER (PARTITION BY case_id, a ORDER BY pos) AS INTEGER) AS act_occ,
		CAST(row_number() OVER (PARTITION BY case_id, a, b ORDER BY pos) AS INTEGER) AS pair_occ,
		CAST(row_number() OVER (PARTITION BY case_id, handoff, da, db ORDER BY pos) AS INTEGER) AS ho_occ
	FROM f`;
}

const CASES_SELECT = `SELECT case_id, any_value(dept_code) AS dept_code, any_value(item_code) AS item_code,
		any_value(submitted_date) AS submitted_date, any_value(channel) AS channel, count(*) AS n,
		sum(hash(pos, a)) AS h1, sum(hash(a, pos, 'v')) AS h2,
		CASE WHEN count(wdi) = count(*) THEN max(wdi) - min(wdi) END AS days
	FROM process_steps`;

/** Names (activities, event departments) of the events in `scope` not yet in the dictionary get the next ids. */
async function addNames(conn: DuckDBConnection, scope: string): Promise<void> {
	await conn.run(`INSERT INTO process_names
		SELECT (SELECT coalesce(max(id), 0) FROM process_names) + CAST(row_number() OVER (ORDER BY name) AS INTEGER), name
		FROM (SELECT e.activity AS name FROM events e JOIN cases c ON c.case_id = e.case_id WHERE ${scope}
			UNION SELECT e.dept_code FROM events e JOIN cases c ON c.case_id = e.case_id WHERE ${scope})
		WHERE name IS NOT NULL AND name NOT IN (SELECT name FROM process_names)`);
}

async function rebuild(conn: DuckDBConnection): Promise<void> {
	await conn.run(`CREATE OR REPLACE TABLE process_names (id INTEGER, name VARCHAR)`);
	await addNames(conn, 'TRUE');
	await conn.run(
		`CREATE OR REPLACE TABLE process_steps AS ${stepsSelect('TRUE')} ORDER BY dept_code, submitted_date, case_id, pos`
	);
	await conn.run(
		`CREATE OR REPLACE TABLE process_cases AS ${CASES_SELECT} GROUP BY case_id ORDER BY dept_code, submitted_date`
	);
}

/** The cases to recompute since `batch`, in temp table `process_touch`; returns how many. */
async function touched(conn: DuckDBConnection, batch: number): Promise<number> {
	await conn.run(
		`CREATE OR REPLACE TEMP TABLE process_touch AS
		 SELECT case_id FROM cases WHERE batch_id > $1
		 UNION SELECT case_id FROM events WHERE batch_id > $1
		 UNION SELECT p.case_id FROM process_cases p LEFT JOIN cases c ON c.case_id = p.case_id
			WHERE c.case_id IS NULL OR c.dept_code IS DISTINCT FROM p.dept_code OR c.item_code IS DISTINCT FROM p.item_code
				OR c.submitted_date IS DISTINCT FROM p.submitted_date OR c.channel IS DISTINCT FROM p.channel`,
		[batch]
	);
	return Number(await one(conn, `SELECT count(*) FROM process_touch`));
}

async function patch(conn: DuckDBConnection): Promise<void> {
	const mine = `c.case_id IN (SELECT case_id FROM process_touch)`;
	await conn.run(`DELETE FROM process_steps WHERE case_id IN (SELECT case_id FROM process_touch)`);
	await conn.run(`DELETE FROM process_cases WHERE case_id IN (SELECT case_id FROM process_touch)`);
	await addNames(conn, mine);
	await conn.run(`INSERT INTO process_steps ${stepsSelect(mine)}`);
	await conn.run(
		`INSERT INTO process_cases ${CASES_SELECT} WHERE case_id IN (SELECT case_id FROM process_touch) GROUP BY case_id`
	);
}

function parseRecord(v: unknown): StepsRecord | null {
	if (typeof v !== 'string') return null;
	try {
		const r = JSON.parse(v) as StepsRecord;
		return typeof r === 'object' && r !== null && typeof r.batch === 'number' ? r : null;
	} catch {
		return null;
	}
}

/**
 * Bring the derived tables up to date inside the caller's write transaction: 'fresh' (nothing to do),
 * 'incremental' or 'rebuilt'.
 */
export async function refreshProcessSteps(
	conn: DuckDBConnection
): Promise<'fresh' | 'incremental' | 'rebuilt'> {
	const dv = String(await one(conn, `SELECT value FROM meta WHERE key = 'data_version'`));
	const cal = String(await one(conn, CALENDAR_SIG));
	const batch = Number(await one(conn, `SELECT coalesce(max(batch_id), 0) FROM import_batches`));
	const rec = parseRecord(await one(conn, `SELECT value FROM meta WHERE key = $1`, [META_KEY]));
	const tables = Number(
		await one(
			conn,
			`SELECT count(*) FROM duckdb_tables() WHERE table_name IN ('process_names', 'process_steps', 'process_cases') AND NOT temporary`
		)
	);
	if (rec && tables === 3 && rec.v === STEPS_VERSION && rec.dv === dv) return 'fresh';
	let how: 'incremental' | 'rebuilt' = 'rebuilt';
	if (rec && tables === 3 && rec.v === STEPS_VERSION && rec.cal === cal) {
		const n = await touched(conn, rec.batch);
		const all = Number(await one(conn, `SELECT count(*) FROM process_cases`));
		if (n <= 1000 || n <= FULL_SHARE * all) how = 'incremental';
	}
	if (how === 'incremental') await patch(conn);
	else await rebuild(conn);
	await conn.run(`DROP TABLE IF EXISTS process_touch`);
	const next: StepsRecord = { dv, v: STEPS_VERSION, batch, cal };
	await conn.run(`INSERT INTO meta VALUES ($1, $2) ON CONFLICT (key) DO UPDATE SET value = excluded.value`, [
		META_KEY,
		JSON.stringify(next)
	]);
	return how;
}

/** Whether the derived tables are current (data version and layout). */
export async function stepsFresh(db: Analytics): Promise<boolean> {
	const rows = await db.query(
		`SELECT CASE WHEN json_valid(p.value) THEN json_extract_string(p.value, '$.dv') = d.value
				AND CAST(json_extract(p.value, '$.v') AS INTEGER) = $1 ELSE false END AS ok
		 FROM meta p, meta d WHERE p.key = $2 AND d.key = 'data_version'`,
		[STEPS_VERSION, META_KEY]
	);
	return rows[0]?.ok === true;
}

/** For the server's refresh, the tests and the bench: one write. */
export function refreshProcessStepsNow(db: Analytics): Promise<'fresh' | 'incremental' | 'rebuilt'> {
	return db.write((conn) => refreshProcessSteps(conn));
}

/** A full rebuild in one write (tests, bench). */
export function rebuildProcessStepsNow(db: Analytics): Promise<void> {
	return db.write(async (conn) => {
		await conn.run(`DELETE FROM meta WHERE key = $1`, [META_KEY]);
		await refreshProcessSteps(conn);
	});
}
