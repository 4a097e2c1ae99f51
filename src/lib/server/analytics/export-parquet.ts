/**
 * The interchange between instances (docs/scaling.md): the canonical tables as Parquet, the facts hive-
 * partitioned by region and month — `cases/region=439021/month=2025-03/data_0.parquet` — so that a county's
 * month is one directory, an object store can serve any slice, and DuckDB (or Spark, Trino, ClickHouse …) reads
 * `cases/**\/*.parquet` with hive partitioning and prunes by path.
 *
 * - Only DOMAIN.md's canonical columns leave (derived columns depend on the receiving instance's calendar and
 *   items and are recomputed by its import); dimension tables are one file each.
 * - Partition keys: cases — `region` = the case's region_code (else its department's), `month` = month of
 *   submitted_at; ratings — the department's region, month of rated_at; events — their case's region and
 *   month (else the event's department / ts). Keys with no value are written as `_none`.
 * - `importPartitionedParquet` reads such a tree back through the product's import (`importFiles`: mapping,
 *   validation, derived columns, rollups) as ONE batch: all or nothing.
 *
 * Invariants: identifiers come from CANONICAL / an allow-list of partition keys; paths are quoted as SQL
 * strings; everything runs on a read connection (COPY … TO does not write to the database).
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Analytics } from './db';
import { all } from './db';
import { CANONICAL, TABLE_ORDER, quoteIdent, type CanonicalTable } from './schema';
import type { ImportSummary } from '../ingest/index';

export const PARTITION_KEYS = ['region', 'month'] as const;
export type PartitionKey = (typeof PARTITION_KEYS)[number];
export const FACT_TABLES = ['cases', 'ratings', 'events'] as const satisfies readonly CanonicalTable[];
const isFact = (t: CanonicalTable): boolean => (FACT_TABLES as readonly string[]).includes(t);

export interface ParquetExportOptions {
	/** Hive partition keys of the fact tables, in directory order (default region, month; [] = one file each). */
	partition?: PartitionKey[];
	/**
	 * Tables to export (default: every canonical table with rows except the calendar — every instance ships the
	 * State Council calendar in data/calendar and applies its own notices; `['calendar']` exports it too).
	 */
	tables?: CanonicalTable[];
}

export interface ParquetExportSummary {
	dir: string;
	partition: PartitionKey[];
	tables: { table: CanonicalTable; rows: number; files: number; bytes: number }[];
}

export function parsePartition(spec: string): PartitionKey[] {
	const keys = spec
		.split(',')
		.map((s) => s.trim())
		.filter(Boolean);
	for (const k of keys)
		if (!(PARTITION_KEYS as readonly string[]).includes(k))
			throw new Error(`未知分区键 / unknown partition key "${k}" (${PARTITION_KEYS.join(', ')})`);
	if (new Set(keys).size !== keys.length) throw new Error(`分区键重复 / repeated partition key in "${spec}"`);
	return keys as PartitionKey[];
}

const sqlString = (s: string) => `'${s.replaceAll("'", "''")}'`;

/** SELECT of a table's canonical columns plus the partition keys. */
function selectFor(table: CanonicalTable): string {
	const cols = CANONICAL[table].columns.map((c) => `t.${quoteIdent(c.name)}`).join(', ');
	const month = (col: string) => `coalesce(strftime(${col}, '%Y-%m'), '_none')`;
	switch (table) {
		case 'cases':
			return `SELECT ${cols}, coalesce(t.region_code, d.region_code, '_none') AS region, ${month('t.submitted_at')} AS month
				FROM cases t LEFT JOIN departments d ON d.dept_code = t.dept_code`;
		case 'ratings':
			return `SELECT ${cols}, coalesce(d.region_code, '_none') AS region, ${month('t.rated_at')} AS month
				FROM ratings t LEFT JOIN departments d ON d.dept_code = t.dept_code`;
		case 'events':
			return `SELECT ${cols}, coalesce(c.region_code, cd.region_code, d.region_code, '_none') AS region,
					${month('coalesce(c.submitted_at, t.ts)')} AS month
				FROM events t LEFT JOIN cases c ON c.case_id = t.case_id
				LEFT JOIN departments cd ON cd.dept_code = c.dept_code
				LEFT JOIN departments d ON d.dept_code = t.dept_code`;
		default:
			return `SELECT ${cols} FROM ${quoteIdent(table)} t`;
	}
}

function walk(dir: string, out: string[] = []): string[] {
	if (!fs.existsSync(dir)) return out;
	for (const e of fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
		const p = path.join(dir, e.name);
		if (e.isDirectory()) walk(p, out);
		else if (e.name.endsWith('.parquet')) out.push(p);
	}
	return out;
}

/** Export the canonical tables to `dir` (replacing the exported tables' files there). */
export async function exportParquet(
	db: Analytics,
	dir: string,
	opts: ParquetExportOptions = {}
): Promise<ParquetExportSummary> {
	const partition = opts.partition ?? ['region', 'month'];
	const out = path.resolve(dir);
	fs.mkdirSync(out, { recursive: true });
	const summary: ParquetExportSummary = { dir: out, partition, tables: [] };
	const tables = opts.tables ?? TABLE_ORDER.filter((t) => t !== 'calendar');
	await db.read(async (conn) => {
		for (const table of TABLE_ORDER) {
			if (!tables.includes(table)) continue;
			const [{ n }] = await all(conn, `SELECT count(*) AS n FROM ${quoteIdent(table)}`);
			const rows = Number(n);
			if (!rows && !opts.tables) continue;
			const fact = isFact(table);
			const target = fact && partition.length ? path.join(out, table) : path.join(out, `${table}.parquet`);
			fs.rmSync(path.join(out, table), { recursive: true, force: true });
			fs.rmSync(path.join(out, `${table}.parquet`), { force: true });
			// Facts sorted by time inside each file: readers' min/max statistics then prune by date as well.
			const order =
				table === 'cases'
					? ' ORDER BY submitted_at, case_id'
					: table === 'ratings'
						? ' ORDER BY rated_at, rating_id'
						: table === 'events'
							? ' ORDER BY case_id, ts'
							: '';
			const drop = PARTITION_KEYS.filter((k) => !partition.includes(k));
			const select = fact
				? `SELECT * ${drop.length ? `EXCLUDE (${drop.join(', ')})` : ''} FROM (${selectFor(table)})${order}`
				: `${selectFor(table)}${CANONICAL[table].key.length ? ` ORDER BY ${CANONICAL[table].key.map((k) => `t.${quoteIdent(k)}`).join(', ')}` : ''}`;
			const partitionBy = fact && partition.length ? `, PARTITION_BY (${partition.join(', ')})` : '';
			await conn.run(
				`COPY (${select}) TO ${sqlString(target)} (FORMAT parquet, COMPRESSION zstd${partitionBy})`
			);
			const files = fact && partition.length ? walk(target) : [target];
			summary.tables.push({
				table,
				rows,
				files: files.length,
				bytes: files.reduce((a, f) => a + fs.statSync(f).size, 0)
			});
		}
	});
	return summary;
}

/** The Parquet files of an exported tree, with display names that name their table (for the import). */
export function partitionedInputs(
	dir: string
): { path: string; displayName: string; table: CanonicalTable }[] {
	const root = path.resolve(dir);
	const out: { path: string; displayName: string; table: CanonicalTable }[] = [];
	for (const table of TABLE_ORDER) {
		const single = path.join(root, `${table}.parquet`);
		if (fs.existsSync(single)) out.push({ path: single, displayName: `${table}.parquet`, table });
		for (const f of walk(path.join(root, table))) {
			// e.g. cases_439021_2025-03_data_0.parquet: the table word leads, and no other table's name or alias
			// ("region") appears, so the import picks the table from the name as for any exported file.
			const keys = path
				.relative(path.join(root, table), path.dirname(f))
				.split(path.sep)
				.filter(Boolean)
				.map((k) => k.replace(/^[a-z]+=/, ''));
			out.push({ path: f, displayName: [table, ...keys, path.basename(f)].join('_'), table });
		}
	}
	return out;
}

/** Import an exported tree (partitioned or not) into `db` as one batch, through the product's import. */
export async function importPartitionedParquet(
	db: Analytics,
	dir: string,
	opts: { username?: string } = {}
): Promise<ImportSummary> {
	const { importFiles } = await import('../ingest/index');
	const inputs = partitionedInputs(dir);
	if (!inputs.length) throw new Error(`${dir}: 没有 Parquet 文件 / no Parquet files`);
	return importFiles(
		db,
		inputs.map(({ path: p, displayName }) => ({ path: p, displayName })),
		{ username: opts.username }
	);
}
