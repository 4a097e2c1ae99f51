/**
 * Ingest vs raw load, on the same CSV files, each into a fresh DuckDB file:
 * - product: `importFiles` (the CLI's and the upload's code path) of regions, departments, items and cases —
 *   reading, mapping, validation, reference and duplicate checks, derived columns, rollups, history, one
 *   transaction; then ratings and events into the same database (timed separately) so the server has
 *   everything the dashboards read;
 * - raw: `CREATE TABLE cases AS SELECT * FROM read_csv(cases.csv)` in a fresh file — the floor any
 *   importer of that file has to pay. The raw database also receives ratings, items, departments, regions and
 *   the calendar (untimed) for the straightforward KPI queries (raw-kpi.ts).
 * - incremental (the monthly import of a running installation): the last two months of cases.csv under new
 *   case ids, imported into a copy of the product database (which holds every case and rating), against the raw
 *   load of that same file into a fresh DuckDB file.
 */
import fs from 'node:fs';
import path from 'node:path';
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';

export interface IngestFigures {
	ingest_s: number;
	/** ratings + events into the product database, after the cases */
	ingest_ratings_s: number;
	raw_duckdb_load_s: number;
	ingest_ratio: number;
	rejected: number;
	cases_stored: number;
	db_mb: number;
	raw_db_mb: number;
	incremental: IncrementalFigures | null;
	flat: FlatFigures | null;
}

/** The same cases as a platform's flat 办件 export (GBK CSV, title lines, totals line, names and limits per row). */
export interface FlatFigures {
	cases_stored: number;
	/** importFiles of flat/办件明细.csv into a fresh database: creates items and departments from the rows */
	ingest_s: number;
	/** the canonical import of the same cases (regions, departments, items, cases), from the ingest phase */
	canonical_s: number;
	ratio: number;
}

export interface IncrementalFigures {
	/** cases in the incremental file (new case ids), on top of `stored_before` */
	cases: number;
	stored_before: number;
	ingest_s: number;
	raw_duckdb_load_s: number;
	ratio: number;
}

function rmDb(file: string) {
	for (const f of [file, `${file}.wal`]) fs.rmSync(f, { force: true });
}

const sec = (t: number) => Math.round((performance.now() - t) / 10) / 100;
const mb = (f: string) => Math.round(fs.statSync(f).size / 1048576);
const sqlPath = (p: string) => `'${p.replaceAll("'", "''")}'`;

/** Run `fn` on a connection to a DuckDB file (or ':memory:') outside the product; both are closed after. */
async function withDuckDb<T>(file: string, fn: (c: DuckDBConnection) => Promise<T>): Promise<T> {
	const inst = await DuckDBInstance.create(file);
	const c = await inst.connect();
	try {
		return await fn(c);
	} finally {
		c.closeSync();
		inst.closeSync();
	}
}

/** `CREATE TABLE cases AS SELECT * FROM read_csv(csv)` on `c`, in seconds: the raw load the ingest is held to. */
async function rawCasesLoad(c: DuckDBConnection, csv: string): Promise<number> {
	const t = performance.now();
	await c.run(`CREATE TABLE cases AS SELECT * FROM read_csv(${sqlPath(csv)})`);
	return sec(t);
}

export async function productIngest(
	dataDir: string,
	dbFile: string
): Promise<Omit<IngestFigures, 'raw_duckdb_load_s' | 'ingest_ratio' | 'raw_db_mb'>> {
	rmDb(dbFile);
	const { openAnalytics, closeAllAnalytics } = await import('../src/lib/server/analytics/db');
	const { importFiles } = await import('../src/lib/server/ingest/index');
	const db = await openAnalytics(dbFile);
	try {
		const csv = (n: string) => ({ path: path.join(dataDir, `${n}.csv`) });
		let t = performance.now();
		const s = await importFiles(db, ['regions', 'departments', 'items', 'cases'].map(csv), {
			username: 'bench'
		});
		const ingest_s = sec(t);
		t = performance.now();
		const r = await importFiles(
			db,
			['ratings', 'events'].filter((n) => fs.existsSync(path.join(dataDir, `${n}.csv`))).map(csv),
			{ username: 'bench' }
		);
		const ingest_ratings_s = sec(t);
		const rejected = [...s.files, ...r.files].reduce((a, f) => a + f.rowsRejected, 0);
		const cases_stored = s.files.find((f) => f.table === 'cases')?.rowsStored ?? 0;
		return { ingest_s, ingest_ratings_s, rejected, cases_stored, db_mb: 0 };
	} finally {
		await closeAllAnalytics();
	}
}

export async function rawLoad(
	dataDir: string,
	rawFile: string,
	productDb: string
): Promise<{ raw_duckdb_load_s: number }> {
	rmDb(rawFile);
	return withDuckDb(rawFile, async (c) => {
		const f = (n: string) => sqlPath(path.join(dataDir, `${n}.csv`));
		const raw_duckdb_load_s = await rawCasesLoad(c, path.join(dataDir, 'cases.csv'));
		for (const n of ['ratings', 'items', 'departments', 'regions'])
			await c.run(`CREATE TABLE ${n} AS SELECT * FROM read_csv(${f(n)})`);
		// The calendar with its cumulative working-day index, as the product computed it.
		await c.run(`ATTACH ${sqlPath(productDb)} AS product (READ_ONLY)`);
		await c.run(`CREATE TABLE calendar AS SELECT date, wd_index FROM product.calendar`);
		await c.run(`DETACH product`);
		await c.run('CHECKPOINT');
		return { raw_duckdb_load_s };
	});
}

/** The last two months of cases.csv (by submitted_at) under new case ids ('M' + id): a month's new cases. */
async function writeIncrementalFile(dataDir: string, out: string): Promise<number> {
	return withDuckDb(':memory:', async (c) => {
		const src = `read_csv(${sqlPath(path.join(dataDir, 'cases.csv'))}, all_varchar = true)`;
		await c.run(
			`COPY (SELECT 'M' || case_id AS case_id, * EXCLUDE (case_id) FROM ${src}
			       WHERE CAST(submitted_at AS TIMESTAMP) >= (SELECT max(CAST(submitted_at AS TIMESTAMP)) FROM ${src}) - INTERVAL 61 DAY)
			 TO ${sqlPath(out)} (HEADER)`
		);
		const r = await c.runAndReadAll(`SELECT count(*) FROM read_csv(${sqlPath(out)})`);
		return Number(r.getRows()[0][0]);
	});
}

/** Import the incremental file into a copy of the product database; the copy and the raw file are removed. */
export async function incrementalIngest(
	dataDir: string,
	productDb: string,
	stored_before: number,
	log: (s: string) => void
): Promise<IncrementalFigures> {
	const dir = path.dirname(productDb);
	const file = path.join(dir, 'incremental-cases.csv');
	const copy = path.join(dir, 'incremental.duckdb');
	const raw = path.join(dir, 'incremental-raw.duckdb');
	const cases = await writeIncrementalFile(dataDir, file);
	rmDb(copy);
	fs.copyFileSync(productDb, copy);
	try {
		const { openAnalytics, closeAllAnalytics } = await import('../src/lib/server/analytics/db');
		const { importFiles } = await import('../src/lib/server/ingest/index');
		const db = await openAnalytics(copy);
		let ingest_s: number;
		try {
			const t = performance.now();
			const s = await importFiles(db, [{ path: file }], { username: 'bench' });
			ingest_s = sec(t);
			const stored = s.files[0]?.rowsStored ?? 0;
			if (stored !== cases) log(`  incremental: ${stored} of ${cases} cases stored (expected all)`);
		} finally {
			await closeAllAnalytics();
		}
		rmDb(raw);
		const raw_duckdb_load_s = await withDuckDb(raw, (c) => rawCasesLoad(c, file));
		return {
			cases,
			stored_before,
			ingest_s,
			raw_duckdb_load_s,
			ratio: Math.round((ingest_s / raw_duckdb_load_s) * 100) / 100
		};
	} finally {
		for (const f of [copy, raw]) rmDb(f);
		fs.rmSync(file, { force: true });
	}
}

/** The flat export of the same cases into a fresh database, against the canonical import's time. */
export async function flatIngest(dataDir: string, dbFile: string, canonical_s: number): Promise<FlatFigures | null> {
	const file = path.join(dataDir, 'flat', '办件明细.csv');
	if (!fs.existsSync(file)) return null;
	const flatDb = path.join(path.dirname(dbFile), 'flat.duckdb');
	rmDb(flatDb);
	const { openAnalytics, closeAllAnalytics } = await import('../src/lib/server/analytics/db');
	const { importFiles } = await import('../src/lib/server/ingest/index');
	const db = await openAnalytics(flatDb);
	try {
		const t = performance.now();
		const s = await importFiles(db, [{ path: file }], { username: 'bench' });
		const ingest_s = sec(t);
		return {
			cases_stored: s.files[0]?.rowsStored ?? 0,
			ingest_s,
			canonical_s,
			ratio: Math.round((ingest_s / canonical_s) * 100) / 100
		};
	} finally {
		await closeAllAnalytics();
		rmDb(flatDb);
	}
}

export async function measureIngest(
	dataDir: string,
	dbFile: string,
	rawFile: string,
	log: (s: string) => void
): Promise<IngestFigures> {
	log('ingest (product importFiles) …');
	const p = await productIngest(dataDir, dbFile);
	log(`  ${p.ingest_s} s (+ ratings/events ${p.ingest_ratings_s} s), ${p.rejected} rejected`);
	log('raw DuckDB load (CREATE TABLE AS read_csv) …');
	const r = await rawLoad(dataDir, rawFile, dbFile);
	log(`  ${r.raw_duckdb_load_s} s`);
	log('incremental import (last two months under new ids, into a copy of the product database) …');
	const incremental = await incrementalIngest(dataDir, dbFile, p.cases_stored, log).catch((e) => {
		log(`  incremental import failed: ${(e as Error).message}`);
		return null;
	});
	if (incremental)
		log(
			`  ${incremental.cases} cases: ${incremental.ingest_s} s vs raw ${incremental.raw_duckdb_load_s} s (${incremental.ratio}×)`
		);
	log('flat export (办件明细.csv: GBK, title and totals lines, names and limits per row) into a fresh database …');
	const flat = await flatIngest(dataDir, dbFile, p.ingest_s).catch((e) => {
		log(`  flat import failed: ${(e as Error).message}`);
		return null;
	});
	if (flat) log(`  ${flat.cases_stored} cases: ${flat.ingest_s} s vs canonical ${flat.canonical_s} s (${flat.ratio}×)`);
	return {
		...p,
		...r,
		incremental,
		flat,
		ingest_ratio: Math.round((p.ingest_s / r.raw_duckdb_load_s) * 100) / 100,
		db_mb: mb(dbFile),
		raw_db_mb: mb(rawFile)
	};
}
