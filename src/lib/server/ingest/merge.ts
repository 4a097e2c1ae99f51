/**
 * Merge of validated parts into the canonical tables. Every function here runs inside the import's one
 * write transaction (db.write), in TABLE_ORDER, so references to rows of the same batch resolve and a
 * failure anywhere rolls the whole batch back.
 *
 * Rules (docs/ingest.md):
 * - `ref` columns must name a row already stored or merged earlier in this batch (else unknown_code).
 * - A key repeated inside one file: the first good occurrence is kept, later ones are rejected.
 * - Keyed tables upsert (cases and ratings have no PRIMARY KEY, see schema.ts INGEST_KEYED: this module
 *   keeps their keys unique): new keys insert; a key whose present columns are identical is unchanged (left
 *   untouched, keeps its batch_id); otherwise the present columns are replaced (absent columns keep their
 *   stored value). Cases never regress: a row whose latest timestamp is older than the stored row's is
 *   ignored and counted stale.
 * - Events: the batch's events of a case replace all stored events of that case.
 * - Calendar rows override the day (is_workday, name) and the working-day index is rebuilt.
 */
import type { DuckDBConnection, DuckDBValue } from '@duckdb/node-api';
import { CANONICAL, quoteIdent, type CanonicalTable } from '../analytics/schema';
import { all, one } from '../analytics/db';
import { applyCalendarExceptions } from '../analytics/calendar/working-days';
import {
	caseDerivedColumns,
	caseDerivedJoins,
	ratingDerivedColumns,
	ratingDerivedJoins,
	refreshCases,
	refreshRatings
} from '../analytics/derive';
import type { ColumnDef } from '../analytics/schema';
import { touchBeforeReplace, type RollupTouch } from '../analytics/kpi/rollup';
import { okSql, type TypedPart } from './validate';
import { CATALOGUE_COLUMNS } from './profile';

const isColumnOf = (table: CanonicalTable, col: string) =>
	(CANONICAL[table].columns as readonly ColumnDef[]).some((d) => d.name === col);

export interface MergeCtx {
	batchId: number;
	fileName: string;
	/** unique prefix for this part's helper tables */
	prefix: string;
	/** days whose KPI rollup rows the batch touches (rollup.ts), recorded before rows are replaced */
	touch?: RollupTouch;
}

export interface MergeCounts {
	stored: number;
	unchanged: number;
	stale: number;
}

const q = quoteIdent;
const num = (v: unknown) => Number(v ?? 0);
const TS_COLS = ['submitted_at', 'accepted_at', 'decided_at', 'completed_at'];

async function count(conn: DuckDBConnection, sql: string, params?: DuckDBValue[]): Promise<number> {
	return num((await one(conn, sql, params))?.n);
}

/**
 * unknown_code for every `ref` column whose value is neither stored nor merged earlier in the batch. With
 * `goodRowsOnly` (a flat export, whose codes create catalogue rows from good rows only), a row already refused
 * for another column is not also reported for the codes that refusal kept from being created.
 */
export async function checkRefs(conn: DuckDBConnection, part: TypedPart, goodRowsOnly = false): Promise<void> {
	const typed = q(part.typed);
	const good = goodRowsOnly ? ` AND ${okSql(part.columns)}` : '';
	for (const c of part.columns) {
		const ref = (c.def as { ref?: string }).ref;
		if (!ref) continue;
		const [rt, rc] = ref.split('.');
		const col = q(c.def.name);
		await conn.run(
			`UPDATE ${typed} SET ${q(c.def.name + '__e')} = 'unknown_code', ${q(c.def.name + '__x')} = left(${col}, 200)
			 WHERE ${col} IS NOT NULL AND ${q(c.def.name + '__e')} IS NULL AND NOT __noise
			   AND NOT EXISTS (SELECT 1 FROM ${q(rt)} r WHERE r.${q(rc)} = ${typed}.${col})${good}`
		);
		c.checked = true;
	}
}

/** duplicate_key for every later good occurrence of a key inside the part; `__dup` = the first row. */
export async function checkDuplicates(
	conn: DuckDBConnection,
	part: TypedPart,
	prefix: string
): Promise<void> {
	const key = (CANONICAL[part.table].key as readonly string[])[0];
	if (!key) return;
	const typed = q(part.typed);
	const dups = q(`${prefix}_dups`);
	await conn.run(
		`CREATE OR REPLACE TEMP TABLE ${dups} AS
		 SELECT ${q(key)} AS k, min(rowid) AS first_rid FROM ${typed} WHERE ${okSql(part.columns)}
		 GROUP BY ${q(key)} HAVING count(*) > 1`
	);
	if ((await count(conn, `SELECT count(*) AS n FROM ${dups}`)) === 0) return;
	await conn.run(
		`UPDATE ${typed} SET ${q(key + '__e')} = 'duplicate_key', ${q(key + '__x')} = left(${typed}.${q(key)}, 200),
			__dup = f.first_row
		 FROM (SELECT d.k, d.first_rid, ${part.rowSql('t.rowid').replaceAll('__row', 't.__row')} AS first_row
		       FROM ${dups} d JOIN ${typed} t ON t.rowid = d.first_rid) f
		 WHERE ${typed}.${q(key)} = f.k AND ${typed}.rowid <> f.first_rid AND ${okSql(part.columns, typed)}`
	);
	part.columns.find((c) => c.def.name === key)!.checked = true;
}

/** One rejects row per failing (row, column), plus the reader's own refusals; returns rows rejected. */
export async function writeRejects(conn: DuckDBConnection, part: TypedPart, ctx: MergeCtx): Promise<number> {
	const typed = q(part.typed);
	const base = [ctx.batchId, ctx.fileName, part.table] as DuckDBValue[];
	const checked = part.columns.filter((c) => c.checked);
	for (const c of checked) {
		const e = q(c.def.name + '__e');
		await conn.run(
			`INSERT INTO rejects (batch_id, file_name, table_name, row_number, column_name, value, reason, detail)
			 SELECT $1, $2, $3, ${part.rowSql(`${typed}.rowid`).replaceAll('__row', `${typed}.__row`)}, $4, ${q(c.def.name + '__x')}, ${e},
				CASE WHEN ${e} = 'duplicate_key' THEN CAST(__dup AS VARCHAR) END
			 FROM ${typed} WHERE ${e} IS NOT NULL`,
			[...base, c.header]
		);
	}
	for (const r of part.readerRejects)
		await conn.run(
			`INSERT INTO rejects (batch_id, file_name, table_name, row_number, column_name, value, reason, detail)
			 VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
			[...base, r.row, r.column, r.value, r.reason, r.detail]
		);
	const bad = checked.length
		? await count(conn, `SELECT count(*) AS n FROM ${typed} WHERE NOT (${okSql(checked)})`)
		: 0;
	return bad + part.readerRejects.length;
}

/** SQL for a typed column as stored (attrs text → JSON). */
function storedValue(col: string, alias: string): string {
	const c = `${alias}.${q(col)}`;
	return col === 'attrs' ? `CASE WHEN json_valid(${c}) THEN CAST(${c} AS JSON) END` : c;
}

const NULL_TYPES: Record<string, string> = {
	text: 'VARCHAR',
	int: 'INTEGER',
	date: 'DATE',
	timestamp: 'TIMESTAMP',
	bool: 'BOOLEAN',
	score: 'TINYINT'
};

/** Derived columns computed while inserting (cases, ratings), from derive.ts. */
function derivedFor(table: CanonicalTable): { cols: Record<string, string>; joins: string } | null {
	if (table === 'cases') return { cols: caseDerivedColumns('c'), joins: caseDerivedJoins('c') };
	if (table === 'ratings') return { cols: ratingDerivedColumns('c'), joins: ratingDerivedJoins('c') };
	return null;
}

/**
 * Upsert the good rows of a keyed table's part. New rows get their derived columns in the same INSERT
 * (measured: an UPDATE pass over 1 M just-inserted cases took ~30 s, the joins in the INSERT ~nothing);
 * replaced rows are updated in place and refreshed by derive.ts, since absent columns keep their values.
 */
export async function upsertPart(
	conn: DuckDBConnection,
	part: TypedPart,
	ctx: MergeCtx
): Promise<MergeCounts> {
	const table = part.table;
	const key = (CANONICAL[table].key as readonly string[])[0];
	const typed = q(part.typed);
	const target = q(table);
	// Catalogue columns of a flat export describe other tables' rows (catalogue.ts); they are not stored here.
	const present = part.columns.map((c) => c.def.name).filter((c) => !CATALOGUE_COLUMNS.has(c) || isColumnOf(table, c));
	const derived = derivedFor(table);
	const ok = okSql(part.columns, 'g');
	// A relation `c` with every canonical column (absent ones NULL) so derived expressions always bind.
	const full = (CANONICAL[table].columns as readonly ColumnDef[]).map((d) =>
		present.includes(d.name)
			? `${storedValue(d.name, 'g')} AS ${q(d.name)}`
			: `CAST(NULL AS ${typeof d.kind === 'object' ? 'VARCHAR' : NULL_TYPES[d.kind]}) AS ${q(d.name)}`
	);
	if (present.includes('attrs')) full.push(`${storedValue('attrs', 'g')} AS attrs`);
	const cols = [...present.map(q), ...Object.keys(derived?.cols ?? {}), 'batch_id'].join(', ');
	const sel = [...present.map((c) => `c.${q(c)}`), ...Object.values(derived?.cols ?? {}), '$1'].join(', ');
	const source = (filter: string) =>
		`SELECT ${sel} FROM (SELECT ${full.join(', ')} FROM ${typed} g WHERE ${ok}${filter}) c ${derived?.joins ?? ''}`;
	const joinOn = `t.${q(key)} = g.${q(key)}`;
	const overlap = await count(
		conn,
		`SELECT count(*) AS n FROM ${typed} g JOIN ${target} t ON ${joinOn} WHERE ${ok}`
	);
	if (overlap === 0) {
		const r = await conn.run(`INSERT INTO ${target} (${cols}) ${source('')}`, [ctx.batchId]);
		return { stored: num(r.rowsChanged), unchanged: 0, stale: 0 };
	}
	const same = present
		.filter((c) => c !== key)
		.map((c) =>
			c === 'attrs'
				? `CAST(t.attrs AS VARCHAR) IS NOT DISTINCT FROM CAST(${storedValue('attrs', 'g')} AS VARCHAR)`
				: `t.${q(c)} IS NOT DISTINCT FROM g.${q(c)}`
		);
	const tsPresent = TS_COLS.filter((c) => present.includes(c));
	const stale =
		table === 'cases' && tsPresent.length
			? `greatest(${TS_COLS.map((c) => `t.${q(c)}`).join(', ')}) > greatest(${tsPresent.map((c) => `g.${q(c)}`).join(', ')})`
			: 'FALSE';
	const cls = q(`${ctx.prefix}_cls`);
	await conn.run(
		`CREATE OR REPLACE TEMP TABLE ${cls} AS
		 SELECT g.rowid AS rid, g.${q(key)} AS k, CASE WHEN ${same.length ? same.join(' AND ') : 'TRUE'} THEN 1 WHEN ${stale} THEN 2 ELSE 0 END AS class
		 FROM ${typed} g JOIN ${target} t ON ${joinOn} WHERE ${ok}`
	);
	const [c] = await all(
		conn,
		`SELECT count(*) FILTER (WHERE class = 1) AS same, count(*) FILTER (WHERE class = 2) AS stale FROM ${cls}`
	);
	const replaced = `IN (SELECT k FROM ${cls} WHERE class = 0)`;
	if (ctx.touch && (table === 'cases' || table === 'ratings'))
		await touchBeforeReplace(conn, ctx.touch, table, replaced);
	// Replaced rows: present columns overwritten in place (absent ones keep their stored value) …
	const sets = present.filter((c) => c !== key).map((c) => `${q(c)} = ${storedValue(c, 'g')}`);
	sets.push('batch_id = $1');
	const u = await conn.run(
		`UPDATE ${target} SET ${sets.join(', ')} FROM ${typed} g
		 WHERE ${target}.${q(key)} = g.${q(key)} AND g.rowid IN (SELECT rid FROM ${cls} WHERE class = 0)`,
		[ctx.batchId]
	);
	if (table === 'cases') await refreshCases(conn, `c.case_id ${replaced}`);
	if (table === 'ratings') await refreshRatings(conn, `r.rating_id ${replaced}`);
	// … and keys not stored yet inserted with their derived columns.
	const r = await conn.run(
		`INSERT INTO ${target} (${cols}) ${source(` AND g.rowid NOT IN (SELECT rid FROM ${cls})`)}`,
		[ctx.batchId]
	);
	return { stored: num(r.rowsChanged) + num(u.rowsChanged), unchanged: num(c.same), stale: num(c.stale) };
}

/** Events: the batch's events of a case replace that case's stored events; `seq` orders them by time. */
export async function mergeEvents(
	conn: DuckDBConnection,
	parts: TypedPart[],
	ctx: MergeCtx
): Promise<number[]> {
	const ev = q(`${ctx.prefix}_events`);
	const cols = ['case_id', 'activity', 'ts', 'actor', 'dept_code', 'attrs'];
	const selects = parts.map((p, i) => {
		const have = new Set(p.columns.map((c) => c.def.name));
		const list = cols.map(
			(c) =>
				(have.has(c) ? storedValue(c, 'g') : c === 'attrs' ? 'CAST(NULL AS JSON)' : 'NULL') + ` AS ${q(c)}`
		);
		return `SELECT ${list.join(', ')}, ${i} AS part, g.rowid AS ord FROM ${q(p.typed)} g WHERE ${okSql(p.columns, 'g')}`;
	});
	await conn.run(`CREATE OR REPLACE TEMP TABLE ${ev} AS ${selects.join(' UNION ALL ')}`);
	await conn.run(`DELETE FROM events WHERE case_id IN (SELECT DISTINCT case_id FROM ${ev})`);
	await conn.run(
		`INSERT INTO events (${cols.map(q).join(', ')}, seq, batch_id)
		 SELECT ${cols.map(q).join(', ')}, CAST(row_number() OVER (PARTITION BY case_id ORDER BY ts, part, ord) AS INTEGER), $1
		 FROM ${ev}`,
		[ctx.batchId]
	);
	const rows = await all(conn, `SELECT part, count(*) AS n FROM ${ev} GROUP BY part`);
	return parts.map((_, i) => num(rows.find((r) => r.part === i)?.n));
}

/** Calendar rows override days of the stored calendar; returns counts and whether anything changed. */
export async function mergeCalendar(
	conn: DuckDBConnection,
	part: TypedPart,
	ctx: MergeCtx
): Promise<MergeCounts> {
	const x = `${ctx.prefix}_cal`;
	const hasName = part.columns.some((c) => c.def.name === 'name');
	await conn.run(
		`CREATE OR REPLACE TEMP TABLE ${q(x)} AS
		 SELECT g.date, g.is_workday, ${hasName ? 'g.name' : 'CAST(NULL AS VARCHAR)'} AS name
		 FROM ${q(part.typed)} g JOIN calendar c ON c.date = g.date
		 WHERE ${okSql(part.columns, 'g')}
		   AND (c.is_workday IS DISTINCT FROM g.is_workday${hasName ? ' OR (g.name IS NOT NULL AND c.name IS DISTINCT FROM g.name)' : ''})`
	);
	const good = await count(
		conn,
		`SELECT count(*) AS n FROM ${q(part.typed)} g WHERE ${okSql(part.columns, 'g')}`
	);
	const changed = await count(conn, `SELECT count(*) AS n FROM ${q(x)}`);
	if (changed) await applyCalendarExceptions(conn, x, `import:${ctx.fileName}`.replaceAll("'", ''));
	return { stored: changed, unchanged: good - changed, stale: 0 };
}

export function isKeyed(table: CanonicalTable): boolean {
	return (CANONICAL[table].key as readonly string[]).length > 0 && table !== 'calendar';
}
