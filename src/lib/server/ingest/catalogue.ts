/**
 * Flat exports create their catalogue (DOMAIN.md "Real exports: one flat file per system").
 *
 * A 办件 export names each row's item (code and/or name, limits) and handling unit (code and/or name); a 好差评
 * export names the rated unit (a 办件 export's 审批阶段 fills its items' `stage`); an event log names item and unit codes. Inside the import's one write
 * transaction, before the reference checks, this module
 *   1. resolves codes given only by name: an item / unit with exactly that name already stored takes the row,
 *      otherwise the row keeps the code derived from the name (validate.ts, derived-code.ts: the same code at
 *      every import);
 *   2. creates the regions, departments and items the rows name that are not stored yet (`origin = 'export'`),
 *      with the most frequent value of each attribute among the rows;
 *   3. fills attributes that are empty in stored rows (a catalogue's values are never overwritten).
 *
 * Invariants:
 * - Master data comes only from rows that will be stored: rows without a parse failure, the first occurrence of
 *   their key (the commit marks later ones duplicate_key first). An item or unit only rejected rows named is not
 *   created.
 * - Where one item's rows disagree (two 承诺时限), the most frequent value wins, ties to the smaller (stricter)
 *   one, and the summary says so.
 * - A later catalogue import wins: its rows replace these values and clear `origin` (commit.ts).
 */
import type { DuckDBConnection } from '@duckdb/node-api';
import { CANONICAL, quoteIdent, type CanonicalTable } from '../analytics/schema';
import { all } from '../analytics/db';
import { derivedCodeSql, normalisedNameSql } from './derived-code';
import { CATALOGUE_COLUMNS } from './profile';
import { okSql, type TypedPart } from './validate';

const q = quoteIdent;

export interface CatalogueResult {
	created: { regions: number; departments: number; items: number };
	/** stored items whose empty limits / handling were filled (their older cases need their derived columns again) */
	itemsFilled: number;
	departmentsFilled: number;
	warnings: string[];
}

/** Whether a typed part carries catalogue information, so that the codes it names may create rows. */
export function createsCatalogue(part: TypedPart, fromEventLog: boolean): boolean {
	if (part.table !== 'cases' && part.table !== 'ratings') return false;
	if (fromEventLog) return part.table === 'cases';
	return part.columns.some((c) => CATALOGUE_COLUMNS.has(c.def.name));
}

/** Most frequent non-null value of `attr` per key over a counted combination table; ties to the smallest. */
function modeSql(combos: string, key: string, attr: string): string {
	return `SELECT k, v FROM (
		SELECT ${q(key)} AS k, ${q(attr)} AS v, sum(n) AS n FROM ${combos} WHERE ${q(attr)} IS NOT NULL GROUP BY 1, 2)
	 QUALIFY row_number() OVER (PARTITION BY k ORDER BY n DESC, v) = 1`;
}

async function rowsChanged(conn: DuckDBConnection, sql: string, params: unknown[] = []): Promise<number> {
	const r = await conn.run(sql, params as never);
	return Number(r.rowsChanged ?? 0);
}

/**
 * Point rows whose code was derived from a name at the stored row of exactly that name, when there is one. Works
 * on the part's distinct names (a few hundred), so the hash and the normalisation never run per row.
 */
async function resolveByName(
	conn: DuckDBConnection,
	part: TypedPart,
	codeCol: 'item_code' | 'dept_code',
	nameCol: string,
	table: 'items' | 'departments',
	prefix: string
): Promise<void> {
	const have = new Set(part.columns.map((c) => c.def.name));
	if (!have.has(nameCol)) return;
	const typed = q(part.typed);
	const names = q(`${prefix}_${table}_byname`);
	await conn.run(
		`CREATE OR REPLACE TEMP TABLE ${names} AS
		 SELECT t.name, ${derivedCodeSql(codeCol, 't.name')} AS derived, m.code
		 FROM (SELECT DISTINCT ${q(nameCol)} AS name FROM ${typed} WHERE ${q(nameCol)} IS NOT NULL) t
		 JOIN (SELECT ${normalisedNameSql('name')} AS n, min(${q(codeCol)}) AS code FROM ${q(table)} GROUP BY 1 HAVING count(*) = 1) m
		   ON m.n = ${normalisedNameSql('t.name')}
		 WHERE m.code <> ${derivedCodeSql(codeCol, 't.name')}`
	);
	const [{ n }] = await all(conn, `SELECT count(*) AS n FROM ${names}`);
	if (Number(n) === 0) return;
	await conn.run(
		`UPDATE ${typed} SET ${q(codeCol)} = m.code FROM ${names} m
		 WHERE ${typed}.${q(nameCol)} = m.name AND ${typed}.${q(codeCol)} = m.derived`
	);
}

/**
 * Create and complete the catalogue rows a flat part names (see the header). Runs inside the write
 * transaction, after earlier tables of the batch were merged and before `checkRefs`.
 */
export async function createCatalogue(
	conn: DuckDBConnection,
	part: TypedPart,
	ctx: { batchId: number; prefix: string; fileName: string }
): Promise<CatalogueResult> {
	const out: CatalogueResult = {
		created: { regions: 0, departments: 0, items: 0 },
		itemsFilled: 0,
		departmentsFilled: 0,
		warnings: []
	};
	const have = new Set(part.columns.map((c) => c.def.name));
	if (part.table === 'cases') await resolveByName(conn, part, 'item_code', 'item_name', 'items', ctx.prefix);
	await resolveByName(conn, part, 'dept_code', 'dept_name', 'departments', ctx.prefix);

	// The rows that will be stored: no parse failure, not a later occurrence of their key (the commit marked those
	// duplicate_key before calling here).
	const typed = q(part.typed);
	const ok = okSql(part.columns);
	const col = (c: string, type: string) => (have.has(c) ? q(c) : `CAST(NULL AS ${type}) AS ${q(c)}`);
	const combos = q(`${ctx.prefix}_combos`);
	const attrs =
		part.table === 'cases'
			? [
					col('item_code', 'VARCHAR'),
					col('item_name', 'VARCHAR'),
					col('dept_code', 'VARCHAR'),
					col('dept_name', 'VARCHAR'),
					col('region_code', 'VARCHAR'),
					col('region_name', 'VARCHAR'),
					col('statutory_days', 'INTEGER'),
					col('promised_days', 'INTEGER'),
					col('handling', 'VARCHAR'),
					col('stage', 'VARCHAR')
				]
			: [
					col('dept_code', 'VARCHAR'),
					col('dept_name', 'VARCHAR'),
					'CAST(NULL AS VARCHAR) AS region_code',
					'CAST(NULL AS VARCHAR) AS region_name'
				];
	// One pass over the rows into their distinct combinations (a few per item); everything after is small.
	await conn.run(
		`CREATE OR REPLACE TEMP TABLE ${combos} AS
		 SELECT ${attrs.join(', ')}, count(*) AS n FROM ${typed} WHERE ${ok} GROUP BY ALL`
	);
	const b = [ctx.batchId];

	// Regions named by code (and perhaps name).
	out.created.regions = await rowsChanged(
		conn,
		`INSERT INTO regions (region_code, name, origin, batch_id)
		 SELECT r.k, coalesce(nm.v, r.k), 'export', $1
		 FROM (SELECT DISTINCT region_code AS k FROM ${combos} WHERE region_code IS NOT NULL) r
		 LEFT JOIN (${modeSql(combos, 'region_code', 'region_name')}) nm ON nm.k = r.k
		 WHERE r.k NOT IN (SELECT region_code FROM regions)`,
		b
	);

	// Departments: name and region from the rows; stored ones get an empty region (or a placeholder name) filled.
	const deptName = `(${modeSql(combos, 'dept_code', 'dept_name')})`;
	const deptRegion = `(SELECT k, v FROM (${modeSql(combos, 'dept_code', 'region_code')}))`;
	out.created.departments = await rowsChanged(
		conn,
		`INSERT INTO departments (dept_code, name, region_code, origin, batch_id)
		 SELECT d.k, coalesce(nm.v, d.k), rg.v, 'export', $1
		 FROM (SELECT DISTINCT dept_code AS k FROM ${combos} WHERE dept_code IS NOT NULL) d
		 LEFT JOIN ${deptName} nm ON nm.k = d.k LEFT JOIN ${deptRegion} rg ON rg.k = d.k
		 WHERE d.k NOT IN (SELECT dept_code FROM departments)`,
		b
	);
	out.departmentsFilled = await rowsChanged(
		conn,
		`UPDATE departments SET
			name = CASE WHEN departments.origin = 'export' AND departments.name = departments.dept_code THEN coalesce(f.name, departments.name) ELSE departments.name END,
			region_code = coalesce(departments.region_code, f.region_code)
		 FROM (SELECT d.k, nm.v AS name, rg.v AS region_code FROM (SELECT DISTINCT dept_code AS k FROM ${combos}) d
		       LEFT JOIN ${deptName} nm ON nm.k = d.k LEFT JOIN ${deptRegion} rg ON rg.k = d.k) f
		 WHERE departments.dept_code = f.k
		   AND ((departments.region_code IS NULL AND f.region_code IS NOT NULL)
		     OR (departments.origin = 'export' AND departments.name = departments.dept_code AND f.name IS NOT NULL))`
	);
	if (part.table !== 'cases') return out;

	// Items: name, handling unit, limits and handling from the rows (most frequent, ties to the smallest).
	const itemAttrs = ['item_name', 'dept_code', 'statutory_days', 'promised_days', 'handling', 'stage'];
	const modes = itemAttrs.map(
		(a) => `LEFT JOIN (${modeSql(combos, 'item_code', a)}) ${q(`m_${a}`)} ON ${q(`m_${a}`)}.k = i.k`
	);
	const values = `SELECT i.k, ${itemAttrs.map((a) => `${q(`m_${a}`)}.v AS ${q(a)}`).join(', ')}
		FROM (SELECT DISTINCT item_code AS k FROM ${combos} WHERE item_code IS NOT NULL) i ${modes.join(' ')}`;
	const itemValues = q(`${ctx.prefix}_itemv`);
	await conn.run(`CREATE OR REPLACE TEMP TABLE ${itemValues} AS ${values}`);
	out.created.items = await rowsChanged(
		conn,
		`INSERT INTO items (item_code, name, dept_code, statutory_days, promised_days, handling, stage, origin, batch_id)
		 SELECT k, coalesce(item_name, k), dept_code, statutory_days, promised_days, handling, stage, 'export', $1
		 FROM ${itemValues} WHERE dept_code IS NOT NULL AND k NOT IN (SELECT item_code FROM items)`,
		b
	);
	out.itemsFilled = await rowsChanged(
		conn,
		`UPDATE items SET
			name = CASE WHEN items.origin = 'export' AND items.name = items.item_code THEN coalesce(v.item_name, items.name) ELSE items.name END,
			statutory_days = coalesce(items.statutory_days, v.statutory_days),
			promised_days = coalesce(items.promised_days, v.promised_days),
			handling = coalesce(items.handling, v.handling),
			stage = coalesce(items.stage, v.stage),
			batch_id = $1
		 FROM ${itemValues} v
		 WHERE items.item_code = v.k
		   AND ((items.statutory_days IS NULL AND v.statutory_days IS NOT NULL)
		     OR (items.promised_days IS NULL AND v.promised_days IS NOT NULL)
		     OR (items.handling IS NULL AND v.handling IS NOT NULL)
		     OR (items.stage IS NULL AND v.stage IS NOT NULL)
		     OR (items.origin = 'export' AND items.name = items.item_code AND v.item_name IS NOT NULL))`,
		b
	);

	// Rows of one item that disagree on a limit: said in the summary (the most frequent value was kept).
	for (const [attr, label] of [
		['promised_days', '承诺时限'],
		['statutory_days', '法定时限']
	] as const) {
		if (!have.has(attr)) continue;
		const rows = await all(
			conn,
			`SELECT c.item_code AS k, any_value(v.${q(attr)}) AS kept, string_agg(c.${q(attr)} || ' 天 ×' || c.n, '，' ORDER BY c.n DESC, c.${q(attr)}) AS seen,
			        count(*) OVER () AS total
			 FROM (SELECT item_code, ${q(attr)}, sum(n) AS n FROM ${combos} WHERE item_code IS NOT NULL AND ${q(attr)} IS NOT NULL GROUP BY 1, 2) c
			 JOIN ${itemValues} v ON v.k = c.item_code
			 GROUP BY c.item_code HAVING count(*) > 1 ORDER BY c.item_code LIMIT 5`
		);
		if (!rows.length) continue;
		const list = rows.map((r) => `${r.k}（${r.seen}，采用 ${r.kept} 天）`).join('；');
		out.warnings.push(
			`${ctx.fileName}: ${Number(rows[0].total)} 个事项的「${label}」在各行不一致，采用出现最多的值（并列取较小者）/ rows of ${Number(rows[0].total)} items disagree on ${attr}; the most frequent value was kept (ties: the smaller): ${list}`
		);
	}
	return out;
}

/** Keys of a catalogue part's good rows are catalogue rows from now on (`origin` cleared). */
export async function claimCatalogueRows(conn: DuckDBConnection, part: TypedPart): Promise<void> {
	const table: CanonicalTable = part.table;
	if (table !== 'regions' && table !== 'departments' && table !== 'items') return;
	const key = q((CANONICAL[table].key as readonly string[])[0]);
	await conn.run(
		`UPDATE ${q(table)} SET origin = NULL WHERE origin IS NOT NULL
		 AND ${key} IN (SELECT ${key} FROM ${q(part.typed)} WHERE ${okSql(part.columns)})`
	);
}

/**
 * After a catalogue import: an item or unit a flat export knew only by name (its code derived from the name)
 * that the catalogue now lists under exactly that name with its real code is folded into the catalogue row —
 * the rows that referred to the derived code take the real one and the derived row goes. Returns how many
 * rows were folded (the caller then refreshes every derived figure).
 */
export async function foldDerivedRows(
	conn: DuckDBConnection,
	table: 'items' | 'departments'
): Promise<number> {
	const code = table === 'items' ? 'item_code' : 'dept_code';
	const pairs = `fold_${table}`;
	await conn.run(
		`CREATE OR REPLACE TEMP TABLE ${pairs} AS
		 SELECT d.${code} AS old, c.code AS new FROM ${table} d
		 JOIN (SELECT ${normalisedNameSql('name')} AS n, min(${code}) AS code FROM ${table} WHERE origin IS NULL GROUP BY 1 HAVING count(*) = 1) c
		   ON c.n = ${normalisedNameSql('d.name')}
		 WHERE d.origin = 'export' AND d.${code} = ${derivedCodeSql(code, 'd.name')} AND c.code <> d.${code}`
	);
	const [{ n }] = await all(conn, `SELECT count(*) AS n FROM ${pairs}`);
	if (Number(n) === 0) {
		await conn.run(`DROP TABLE ${pairs}`);
		return 0;
	}
	const refs: [string, string][] =
		table === 'items'
			? [['cases', 'item_code']]
			: [
					['cases', 'dept_code'],
					['ratings', 'dept_code'],
					['events', 'dept_code'],
					['items', 'dept_code'],
					['items', 'source_dept_code']
				];
	for (const [t, c] of refs)
		await conn.run(`UPDATE ${q(t)} SET ${q(c)} = p.new FROM ${pairs} p WHERE ${q(t)}.${q(c)} = p.old`);
	await conn.run(`DELETE FROM ${table} WHERE ${code} IN (SELECT old FROM ${pairs})`);
	await conn.run(`DROP TABLE ${pairs}`);
	return Number(n);
}
