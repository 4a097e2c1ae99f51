/**
 * Validation: one set-based pass over a staging relation builds the typed table of a part.
 *
 * The typed table `<prefix>_typed` holds, per mapped canonical column `col`:
 *   "col"     the parsed value (canonical type),
 *   "col__e"  the reject code when the value failed (NULL when fine),
 *   "col__x"  the trimmed raw text, only on failure (for the rejects table),
 * plus `__dup` (first row of a duplicate key), `__noise` (a blank or totals row the reader flagged: not data and
 * not a reject — every check leaves it out) and, when the staging relation has it, `__row`.
 * It is created in source order, so for lazy ('order') staging its rowid gives the source row.
 * Checks that need the stored tables (unknown_code, duplicate_key) run later, inside the merge
 * transaction (merge.ts), by updating the *__e columns.
 */
import type { DuckDBConnection } from '@duckdb/node-api';
import { CANONICAL, quoteIdent, type CanonicalTable, type ColumnDef } from '../analytics/schema';
import { all } from '../analytics/db';
import { columnSql, sqlString, trimmedRaw } from './parse';
import { derivedCodeSql } from './derived-code';
import {
	columnLabel,
	columnsOf,
	mapHeaders,
	NAME_FOR_CODE,
	valueMap,
	type ColumnMapping,
	type MappingProfile
} from './profile';
import { hashSql, normaliseIdSql, normalisePhoneSql, RAW_PII_RE, verifySql, type HashKeys } from './pii';
import { getConfig } from '../config';
import { IngestFileError, type StagedPart } from './types';

export interface TypedColumn {
	def: ColumnDef;
	/** source header text (for rejects); for applicant_hash from an ID column, that column's header */
	header: string;
	/** whether validation can fail for this column (so far: refs and duplicates set it later) */
	checked: boolean;
	/** whether the typed table has the *__e / *__x columns for it */
	hasErr: boolean;
}

export interface ReaderReject {
	row: number;
	column: string;
	value: string | null;
	reason: string;
	detail: string | null;
}

export interface TypedPart {
	table: CanonicalTable;
	typed: string;
	columns: TypedColumn[];
	rows: number;
	/** SQL for the source row number of a typed row, given SQL for its rowid */
	rowSql: (rowid: string) => string;
	readerRejects: ReaderReject[];
	mapping: ColumnMapping;
	label?: string;
	/** blank and totals rows of the source, left out (not data, not rejects) */
	noiseRows?: number;
}

/** Every *__e column NULL and not layout noise ⇒ the row is good. */
export function okSql(cols: TypedColumn[], alias = ''): string {
	const a = alias ? `${alias}.` : '';
	const checks = cols.filter((c) => c.hasErr).map((c) => `${a}${quoteIdent(c.def.name + '__e')} IS NULL`);
	return [`NOT ${a}__noise`, ...checks].join(' AND ');
}

const READER_REASON: Record<string, string> = {
	'MISSING COLUMNS': 'ragged_row',
	'TOO MANY COLUMNS': 'ragged_row',
	'UNQUOTED VALUE': 'bad_quote',
	'INVALID UNICODE': 'bad_encoding',
	'LINE SIZE OVER MAXIMUM': 'line_too_long'
};

export async function validatePart(
	conn: DuckDBConnection,
	part: StagedPart,
	table: CanonicalTable,
	profile: MappingProfile,
	opts: { displayName: string; prefix: string; tz: string; keys: HashKeys }
): Promise<TypedPart> {
	const mapping = mapHeaders(profile, table, part.headers);
	if (mapping.conflicts.length) {
		const list = mapping.conflicts
			.map((c) => `「${c.headers.join('」「')}」→ ${columnLabel(profile, table, c.column)}`)
			.join('；');
		throw new IngestFileError(
			opts.displayName,
			`多个列对应同一字段，无法判断用哪一列 / several columns name the same field, which one to use is ambiguous: ${list}（请在映射配置中指定 / choose one in a mapping profile）`
		);
	}
	if (mapping.missing.length) {
		const labels = mapping.missing.map((c) => columnLabel(profile, table, c)).join('、');
		throw new IngestFileError(
			opts.displayName,
			`缺少必需的列 / missing required columns for table ${table}: ${labels}`
		);
	}
	const cols: TypedColumn[] = [];
	const l1: string[] = []; // raw cell text r<i>
	const l2: string[] = []; // typed value v<i> (and r<i>)
	const l3: string[] = []; // + reject code e<i>
	const l4: string[] = []; // final: value, error, raw-on-error
	const hasRow = (part.rowNumbering ?? 'column') === 'column';
	const stagingCol = (i: number) => quoteIdent(`c${i}`);
	columnsOf(table).forEach((def, j) => {
		const src = mapping.columns.get(def.name);
		const isHash = table === 'cases' && def.name === 'applicant_hash';
		const isVerify = table === 'projects' && def.name === 'owner_verify';
		if (table === 'projects' && def.name === 'owner_code') return; // only its hash is kept (owner_verify)
		// A code given by name (flat exports): found by name or derived from it in the merge (catalogue.ts).
		const nameCol = NAME_FOR_CODE[table]?.[def.name];
		const nameSrc = nameCol ? mapping.columns.get(nameCol) : undefined;
		const verifySrc = isVerify ? mapping.columns.get('owner_code') : undefined;
		if (
			src === undefined &&
			nameSrc === undefined &&
			verifySrc === undefined &&
			!(isHash && (mapping.idColumn !== null || mapping.phoneColumn !== null))
		)
			return;
		const r = `r${j}`;
		const v = `v${j}`;
		const required = !!def.required;
		const sql = columnSql(def, r, valueMap(profile, table, def), opts.tz, required);
		let header = src !== undefined ? part.headers[src] : nameSrc !== undefined ? part.headers[nameSrc] : '';
		let value = sql.value;
		if (nameSrc !== undefined) {
			const n = `n${j}`;
			l1.push(`${stagingCol(nameSrc)} AS ${n}`);
			const derived = derivedCodeSql(def.name, trimmedRaw(n));
			// CASE, not coalesce(): DuckDB evaluates coalesce's fallback (the hash) on every row.
			value =
				src !== undefined ? `CASE WHEN ${value} IS NOT NULL THEN ${value} ELSE ${derived} END` : derived;
		}
		if (isVerify) {
			// The owner's code is never stored: its last characters become a keyed hash (pii.ts verifySql). A value
			// already in owner_verify (a re-imported export) is kept when it is a hash, hashed otherwise.
			const chars = getConfig().projectVerifyChars || 6;
			const alts: string[] = [];
			if (src !== undefined) {
				const rt = trimmedRaw(r);
				alts.push(
					`CASE WHEN regexp_full_match(${rt}, '[0-9a-f]{64}') THEN ${rt} ELSE ${verifySql(rt, chars, opts.keys)} END`
				);
			}
			if (verifySrc !== undefined) {
				l1.push(`${trimmedRaw(stagingCol(verifySrc))} AS pv_code`);
				alts.push(verifySql('pv_code', chars, opts.keys));
				header ||= part.headers[verifySrc];
			}
			value = alts.length === 1 ? alts[0] : `coalesce(${alts.join(', ')})`;
			l1.push(`${src !== undefined ? stagingCol(src) : 'CAST(NULL AS VARCHAR)'} AS ${r}`);
		} else if (isHash) {
			// Personal data: an ID number (else a phone) becomes the keyed hash; a raw-looking value in the
			// applicant_hash column itself is hashed too. The raw number is never selected into a table.
			const alts: string[] = [];
			if (mapping.idColumn !== null) {
				const id = 'pii_id';
				l1.push(`${trimmedRaw(stagingCol(mapping.idColumn))} AS pii_id`);
				alts.push(`CASE WHEN ${id} IS NOT NULL THEN ${hashSql(normaliseIdSql(id), opts.keys)} END`);
				header ||= part.headers[mapping.idColumn];
			}
			if (src !== undefined) {
				const rt = trimmedRaw(r);
				alts.push(
					`CASE WHEN regexp_full_match(${rt}, ${sqlString(RAW_PII_RE.slice(1, -1))}) THEN ${hashSql(normaliseIdSql(rt), opts.keys)} ELSE ${rt} END`
				);
			}
			if (mapping.idColumn === null && mapping.phoneColumn !== null) {
				const ph = 'pii_phone';
				l1.push(`${trimmedRaw(stagingCol(mapping.phoneColumn))} AS pii_phone`);
				alts.push(`CASE WHEN ${ph} IS NOT NULL THEN ${hashSql(normalisePhoneSql(ph), opts.keys)} END`);
				header ||= part.headers[mapping.phoneColumn];
			}
			value = alts.length === 1 ? alts[0] : `coalesce(${alts.join(', ')})`;
			l1.push(`${src !== undefined ? stagingCol(src) : 'CAST(NULL AS VARCHAR)'} AS ${r}`);
		} else l1.push(`${src !== undefined ? stagingCol(src) : 'CAST(NULL AS VARCHAR)'} AS ${r}`);
		const e = `e${j}`;
		const checked = sql.error(v, r) !== 'NULL';
		l2.push(r, `${value} AS ${v}`);
		l3.push(r, v, `${sql.error(v, r)} AS ${e}`);
		const name = quoteIdent(def.name);
		l4.push(`CAST(${v} AS ${sql.sqlType}) AS ${name}`);
		// Columns that can never fail (optional text without a reference) carry no error columns.
		const hasErr = checked || !!def.ref;
		if (hasErr) {
			l4.push(`CAST(${e} AS VARCHAR) AS ${quoteIdent(def.name + '__e')}`);
			l4.push(`CASE WHEN ${e} IS NOT NULL THEN left(${r}, 200) END AS ${quoteIdent(def.name + '__x')}`);
		}
		cols.push({ def, header: header || def.name, checked, hasErr });
	});
	const typed = `${opts.prefix}_typed`;
	const rowCol = hasRow ? ', __row' : '';
	// Layout noise keeps its place (rowids stay source order) but is nobody's data: flagged, never parsed into rejects.
	const noiseCol = part.noiseColumn ? `coalesce(${quoteIdent(part.noiseColumn)}, false)` : 'false';
	const noise = `, ${noiseCol} AS __noise`;
	await conn.run(
		`CREATE OR REPLACE TEMP TABLE ${quoteIdent(typed)} AS
		 SELECT ${l4.join(', ')}, CAST(NULL AS BIGINT) AS __dup${rowCol}, __noise
		 FROM (SELECT ${l3.join(', ')}${rowCol}, __noise
		 FROM (SELECT ${l2.join(', ')}${rowCol}, __noise
		 FROM (SELECT ${l1.join(', ')}${rowCol}${noise} FROM ${quoteIdent(part.stagingTable)})))`
	);
	const [{ n, noisy }] = await all(
		conn,
		`SELECT count(*) AS n, count(*) FILTER (WHERE __noise) AS noisy FROM ${quoteIdent(typed)}`
	);
	// Errors found on noise rows are not errors: they are not data.
	if (Number(noisy) > 0 && cols.some((c) => c.hasErr))
		await conn.run(
			`UPDATE ${quoteIdent(typed)} SET ${cols
				.filter((c) => c.hasErr)
				.map((c) => `${quoteIdent(c.def.name + '__e')} = NULL`)
				.join(', ')} WHERE __noise`
		);
	let noiseRows = Number(noisy);
	const readerRejects: ReaderReject[] = [];
	const noiseLines: number[] = []; // refused by the reader but only layout noise (a short `合计,100` line)
	if (part.readerRejectsTable) {
		const rows = await all(
			conn,
			`SELECT line, column_name, error_type, csv_line, error_message FROM ${quoteIdent(part.readerRejectsTable)} ORDER BY line`
		).catch(() => []);
		const seen = new Set<number>();
		for (const r of rows) {
			const line = Number(r.line);
			if (seen.has(line)) continue;
			seen.add(line);
			if (part.isNoiseLine && r.csv_line !== null && part.isNoiseLine(String(r.csv_line))) {
				noiseLines.push(line);
				continue;
			}
			const m = /^c(\d+)$/.exec(String(r.column_name ?? ''));
			const idx = m ? Number(m[1]) : -1;
			readerRejects.push({
				row: line,
				column: idx >= 0 ? part.headers[idx] : '',
				value: r.csv_line === null ? null : String(r.csv_line).slice(0, 200),
				reason: READER_REASON[String(r.error_type)] ?? 'unreadable_row',
				detail: String(r.error_message ?? '').slice(0, 200)
			});
		}
	}
	const base = part.rowBase ?? 2;
	// Source rows the relation does not yield: the reader's refusals, noise lines it refused, empty lines it dropped.
	const missing = [...readerRejects.map((r) => r.row), ...noiseLines, ...(part.blankRows ?? [])].sort(
		(x, y) => x - y
	);
	noiseRows += noiseLines.length;
	let rowSql: (rowid: string) => string;
	if (hasRow) rowSql = () => '__row';
	else if (!missing.length) rowSql = (rid) => `(${rid} + ${base})`;
	else {
		// The k-th good record (k = rowid + 1) sits after every refused record j (sorted, 1-based) with
		// (f_j − j) < k, where f_j is its index among data records: row = base − 1 + k + #those.
		const gaps = `${opts.prefix}_gaps`;
		await conn.run(`CREATE OR REPLACE TEMP TABLE ${quoteIdent(gaps)} (g BIGINT)`);
		const values = missing.map((row, j) => `(${row - base + 1 - (j + 1)})`).join(', ');
		await conn.run(`INSERT INTO ${quoteIdent(gaps)} VALUES ${values}`);
		rowSql = (rid) => `(${rid} + ${base} + (SELECT count(*) FROM ${quoteIdent(gaps)} WHERE g < ${rid} + 1))`;
	}
	return {
		table,
		typed,
		columns: cols,
		rows: Number(n) - Number(noisy),
		rowSql,
		readerRejects,
		mapping,
		label: part.label,
		noiseRows
	};
}

/** Canonical columns of a table that the typed part does not carry (stored as NULL). */
export function absentColumns(part: TypedPart): ColumnDef[] {
	const have = new Set(part.columns.map((c) => c.def.name));
	return (CANONICAL[part.table].columns as readonly ColumnDef[]).filter((c) => !have.has(c.name));
}
