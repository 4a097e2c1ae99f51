/**
 * The straightforward KPI queries (raw-kpi.ts) timed on raw DuckDB and, when the binaries are installed, on a
 * throw-away PostgreSQL cluster holding the same rows (COPY of the same CSV files; B-tree indexes on the
 * timestamp columns the queries range over, then ANALYZE — what a reasonable PostgreSQL deployment would have).
 * Each view's figure is the median over the filters of the sum of its statements' times.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { RAW_VIEWS } from './raw-kpi';
import { quantile, round } from './load';
import type { Filter } from './views';

export type ViewTimes = Record<string, number | null>;

async function timeViews(
	run: (sql: string) => Promise<unknown>,
	fs_: Filter[],
	only?: Set<string>
): Promise<ViewTimes> {
	const out: ViewTimes = {};
	for (const [name, sqls] of Object.entries(RAW_VIEWS)) {
		if (only && !only.has(name)) continue;
		const times: number[] = [];
		for (const f of fs_) {
			const t = performance.now();
			for (const s of sqls(f)) await run(s);
			times.push(performance.now() - t);
		}
		out[name] = round(quantile(times, 0.5));
	}
	return out;
}

export async function rawDuckdbTimes(rawFile: string, fs_: Filter[]): Promise<ViewTimes> {
	const inst = await DuckDBInstance.create(rawFile, { access_mode: 'READ_ONLY' });
	const c = await inst.connect();
	try {
		await c.run(RAW_VIEWS.overview(fs_[0])[0]); // warm the buffer pool once
		return await timeViews((s) => c.runAndReadAll(s), fs_);
	} finally {
		c.closeSync();
		inst.closeSync();
	}
}

const PG_TYPES: Record<string, string> = {
	VARCHAR: 'text',
	BIGINT: 'bigint',
	INTEGER: 'integer',
	DOUBLE: 'double precision',
	BOOLEAN: 'boolean',
	DATE: 'date',
	TIMESTAMP: 'timestamp',
	TIME: 'time'
};

export interface PgFigures {
	postgres_load_s: number | null;
	times: ViewTimes;
	note: string | null;
}

/**
 * Load the raw tables into a fresh cluster (types as DuckDB's CSV sniffer inferred them, the calendar exported
 * from the raw DuckDB file) and time the same statements.
 */
export async function postgresTimes(
	rawFile: string,
	dataDir: string,
	fs_: Filter[],
	log: (s: string) => void
): Promise<PgFigures> {
	const { pgSkipReason, startPgCluster } = await import('../tests/integration/helpers/pg-cluster');
	const skip = pgSkipReason();
	if (skip) return { postgres_load_s: null, times: {}, note: skip };
	// Table definitions from the raw DuckDB file; the calendar as CSV for COPY.
	const csvDir = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-pgcsv-'));
	fs.chmodSync(csvDir, 0o755);
	const ddl: string[] = [];
	{
		const inst = await DuckDBInstance.create(rawFile, { access_mode: 'READ_ONLY' });
		const c = await inst.connect();
		try {
			for (const t of ['regions', 'departments', 'items', 'cases', 'ratings', 'calendar']) {
				const cols = (await c.runAndReadAll(`DESCRIBE ${t}`)).getRowObjects();
				ddl.push(
					`CREATE TABLE ${t} (${cols.map((r) => `"${r.column_name}" ${PG_TYPES[String(r.column_type)] ?? 'text'}`).join(', ')})`
				);
			}
			await c.run(`COPY calendar TO '${path.join(csvDir, 'calendar.csv')}' (HEADER, DELIMITER ',')`);
		} finally {
			c.closeSync();
			inst.closeSync();
		}
	}
	fs.chmodSync(path.join(csvDir, 'calendar.csv'), 0o644);
	log('PostgreSQL: starting a throw-away cluster …');
	const cluster = await startPgCluster();
	const { default: pg } = await import('pg');
	const client = new pg.Client({ connectionString: cluster.url });
	await client.connect();
	try {
		await client.query(`SET work_mem = '256MB'`);
		for (const s of ddl) await client.query(s);
		const file = (t: string) =>
			t === 'calendar' ? path.join(csvDir, 'calendar.csv') : path.join(dataDir, `${t}.csv`);
		let t = performance.now();
		await client.query(`COPY cases FROM '${file('cases')}' WITH (FORMAT csv, HEADER true)`);
		const copyCases = (performance.now() - t) / 1000;
		for (const n of ['regions', 'departments', 'items', 'ratings', 'calendar'])
			await client.query(`COPY ${n} FROM '${file(n)}' WITH (FORMAT csv, HEADER true)`);
		t = performance.now();
		for (const s of [
			'CREATE INDEX ON cases (submitted_at)',
			'CREATE INDEX ON cases (completed_at)',
			'CREATE INDEX ON cases (dept_code, submitted_at)',
			'CREATE INDEX ON ratings (rated_at)',
			'CREATE UNIQUE INDEX ON calendar (date)',
			'CREATE UNIQUE INDEX ON items (item_code)',
			'ANALYZE'
		])
			await client.query(s);
		const indexS = (performance.now() - t) / 1000;
		log(`  COPY cases ${copyCases.toFixed(1)} s, indexes + ANALYZE ${indexS.toFixed(1)} s`);
		await client.query(RAW_VIEWS.overview(fs_[0])[0]); // warm
		const times = await timeViews((s) => client.query(s), fs_);
		return {
			postgres_load_s: Math.round((copyCases + indexS) * 100) / 100,
			times,
			note: 'COPY of cases.csv + indexes on the range columns + ANALYZE'
		};
	} finally {
		await client.end();
		await cluster.stop();
		fs.rmSync(csvDir, { recursive: true, force: true });
	}
}
