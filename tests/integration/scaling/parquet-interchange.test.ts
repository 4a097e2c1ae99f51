/**
 * What docs/scaling.md relies on, tested on one machine:
 * 1. Parquet interchange: a database exported as hive-partitioned Parquet (region, month) and imported into a
 *    fresh instance through the product's import holds exactly the same canonical rows, the same derived
 *    columns and the same KPI report; every file sits in the partition its rows belong to.
 * 2. Stateless app instances: two servers (separate processes, ports and DuckDB files) on one PostgreSQL app
 *    database — a session created by signing in on one is valid on the other, and signing out on either ends it
 *    everywhere. Needs the production build (build/index.js) and PostgreSQL binaries; skipped with the reason.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateDemo } from '../../../scripts/demo/generate';
import { openAnalytics, type Analytics } from '../../../src/lib/server/analytics/db';
import {
	exportParquet,
	importPartitionedParquet,
	parsePartition
} from '../../../src/lib/server/analytics/export-parquet';
import { CANONICAL, TABLE_ORDER, quoteIdent } from '../../../src/lib/server/analytics/schema';
import { computeKpiReport } from '../../../src/lib/server/analytics/kpi/compute-report';
import { periodQuery } from '../../../src/lib/server/analytics/kpi/query';
import { loadScheme } from '../../../src/lib/server/analytics/kpi/scheme';
import { loadThresholds } from '../../../src/lib/server/analytics/kpi/thresholds';
import { importFiles } from '../../../src/lib/server/ingest/index';
import { pgSkipReason, startPgCluster, type PgCluster } from '../helpers/pg-cluster';
import { startServer, type Server } from '../../../bench/server';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'scaling-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

/** Canonical columns of `table` in A but not in B, and in B but not in A (0 and 0 = same rows). */
async function differences(
	a: Analytics,
	bFile: string,
	table: keyof typeof CANONICAL
): Promise<[number, number]> {
	const cols = CANONICAL[table].columns.map((c) => quoteIdent(c.name)).join(', ');
	return a.read(async (c) => {
		await c.run(`ATTACH '${bFile}' AS other (READ_ONLY)`);
		try {
			const n = async (sql: string) => Number((await c.runAndReadAll(sql)).getRows()[0][0]);
			return [
				await n(
					`SELECT count(*) FROM (SELECT ${cols} FROM main.${table} EXCEPT ALL SELECT ${cols} FROM other.main.${table})`
				),
				await n(
					`SELECT count(*) FROM (SELECT ${cols} FROM other.main.${table} EXCEPT ALL SELECT ${cols} FROM main.${table})`
				)
			];
		} finally {
			await c.run(`DETACH other`);
		}
	});
}

describe('Parquet interchange partitioned by region and month', () => {
	const src = path.join(dir, 'src');
	const out = path.join(dir, 'export');
	const aFile = path.join(dir, 'a.duckdb');
	const bFile = path.join(dir, 'b.duckdb');
	let a: Analytics;

	beforeAll(async () => {
		await generateDemo({
			out: src,
			cases: 10_000,
			from: '2024-01-01',
			to: '2024-12-31',
			format: 'csv',
			chinese: false,
			seed: 'scaling',
			events: true,
			progress: false
		});
		a = await openAnalytics(aFile);
		const files = fs
			.readdirSync(src)
			.filter((f) => f.endsWith('.csv'))
			.map((f) => ({ path: path.join(src, f) }));
		expect((await importFiles(a, files)).status).toBe('completed');
	}, 300_000);
	afterAll(async () => {
		await a?.close();
	});

	it('parses partition specs strictly', () => {
		expect(parsePartition('region,month')).toEqual(['region', 'month']);
		expect(parsePartition('month')).toEqual(['month']);
		expect(parsePartition('')).toEqual([]);
		expect(() => parsePartition('region,dept')).toThrow(/unknown partition key/);
		expect(() => parsePartition('month,month')).toThrow(/repeated/);
	});

	it('writes hive directories whose keys match every row', async () => {
		const s = await exportParquet(a, out, { partition: ['region', 'month'] });
		const cases = s.tables.find((t) => t.table === 'cases')!;
		expect(cases.rows).toBe(10_000);
		expect(cases.files).toBeGreaterThan(12);
		for (const t of ['regions', 'departments', 'items'])
			expect(fs.existsSync(path.join(out, `${t}.parquet`))).toBe(true);
		// the calendar ships with every instance (data/calendar); exported only when asked for
		expect(fs.existsSync(path.join(out, 'calendar.parquet'))).toBe(false);
		const inst = await DuckDBInstance.create(':memory:');
		const c = await inst.connect();
		try {
			const glob = `'${path.join(out, 'cases', '**', '*.parquet')}'`;
			const rows = (
				await c.runAndReadAll(
					`SELECT count(*) AS n,
						count(*) FILTER (WHERE strftime(submitted_at, '%Y-%m') <> month) AS wrong_month,
						count(*) FILTER (WHERE region_code <> region) AS wrong_region,
						count(DISTINCT filename) AS files
					 FROM read_parquet(${glob}, hive_partitioning = true, filename = true)`
				)
			).getRowObjectsJson()[0];
			expect(rows).toEqual({ n: '10000', wrong_month: '0', wrong_region: '0', files: String(cases.files) });
			// a reader that asks for one county's month touches one directory
			const [r] = (
				await c.runAndReadAll(
					`SELECT region, month FROM read_parquet(${glob}, hive_partitioning = true) LIMIT 1`
				)
			).getRowObjectsJson();
			const one = (
				await c.runAndReadAll(
					`SELECT count(DISTINCT filename) AS f FROM read_parquet(${glob}, hive_partitioning = true, filename = true) WHERE region = '${r.region}' AND month = '${r.month}'`
				)
			).getRowObjectsJson()[0];
			expect(one.f).toBe('1');
		} finally {
			c.closeSync();
			inst.closeSync();
		}
	});

	it('imports back into a fresh instance with identical rows, derived columns and KPIs', async () => {
		const b = await openAnalytics(bFile);
		try {
			const s = await importPartitionedParquet(b, out);
			expect(s.status).toBe('completed');
			expect(s.rejectsTotal).toBe(0);
			const q = periodQuery('2024-04-01', '2024-09-30', {
				baseline_from: '2024-01-01',
				baseline_to: '2024-03-31'
			});
			const opts = { scheme: loadScheme(), thresholds: loadThresholds() };
			const [ra, rb] = [await computeKpiReport(a, q, opts), await computeKpiReport(b, q, opts)];
			expect(ra.total.kpis.cases).toBeGreaterThan(0);
			expect(rb).toEqual(ra);
		} finally {
			await b.close();
		}
		for (const t of TABLE_ORDER)
			if (t !== 'calendar') expect(await differences(a, bFile, t), t).toEqual([0, 0]);
		const derived = [
			'start_at',
			'submitted_date',
			'completed_date',
			'start_wdi',
			'elapsed_wd',
			'limit_days',
			'item_statutory_days',
			'on_time'
		].join(', ');
		const diff = await a.read(async (c) => {
			await c.run(`ATTACH '${bFile}' AS other (READ_ONLY)`);
			try {
				return Number(
					(
						await c.runAndReadAll(
							`SELECT count(*) FROM (SELECT case_id, ${derived} FROM main.cases EXCEPT SELECT case_id, ${derived} FROM other.main.cases)`
						)
					).getRows()[0][0]
				);
			} finally {
				await c.run('DETACH other');
			}
		});
		expect(diff).toBe(0);
	}, 300_000);

	it('exports unpartitioned or by month only', async () => {
		const m = await exportParquet(a, path.join(dir, 'by-month'), { partition: ['month'], tables: ['cases'] });
		expect(
			fs.readdirSync(path.join(dir, 'by-month', 'cases')).every((d) => /^month=\d{4}-\d{2}$/.test(d))
		).toBe(true);
		expect(m.tables[0].files).toBe(12);
		const one = await exportParquet(a, path.join(dir, 'flat'), {
			partition: [],
			tables: ['cases', 'ratings']
		});
		expect(one.tables.map((t) => t.files)).toEqual([1, 1]);
		expect(fs.existsSync(path.join(dir, 'flat', 'cases.parquet'))).toBe(true);
	});

	it('round-trips the calendar (with a 调休 override) through Parquet', async () => {
		// a make-up workday on a Saturday and an extra holiday, as an admin's calendar import would add them
		const cal = path.join(dir, 'override.csv');
		fs.writeFileSync(cal, 'date,is_workday,name\n2030-10-12,true,调休上班\n2030-10-08,false,国庆节\n');
		const src = await openAnalytics(':memory:');
		const dst = await openAnalytics(':memory:');
		try {
			expect((await importFiles(src, [{ path: cal }], { table: 'calendar' })).status).toBe('completed');
			const out = path.join(dir, 'cal-export');
			await exportParquet(src, out, { partition: [], tables: ['calendar'] });
			const s = await importFiles(dst, [{ path: path.join(out, 'calendar.parquet') }], { table: 'calendar' });
			expect(s.status).toBe('completed');
			expect(s.files[0].rowsStored).toBe(2);
			const days = `SELECT date, is_workday, wd_index FROM calendar WHERE date BETWEEN DATE '2030-10-01' AND DATE '2030-10-31' ORDER BY date`;
			expect(await dst.query(days)).toEqual(await src.query(days));
		} finally {
			await src.close();
			await dst.close();
		}
	});
});

const buildEntry = path.resolve('build/index.js');
const skipInstances = !fs.existsSync(buildEntry) ? 'no production build (npm run build)' : pgSkipReason();

// Skip reason: needs the production build and PostgreSQL binaries (npm test builds first and installs
// postgresql as root, so CI runs it); the reason is also in the suite's title.
describe.skipIf(skipInstances !== null)(
	`two app instances on one PostgreSQL${skipInstances ? ` — skipped: ${skipInstances}` : ''}`,
	() => {
		let cluster: PgCluster;
		let url: string;
		const servers: Server[] = [];

		beforeAll(async () => {
			cluster = await startPgCluster();
			url = await cluster.createDatabase('scaling_app');
			const { openAppDb } = await import('../../../src/lib/server/appdb/index');
			const { createUser } = await import('../../../src/lib/server/auth/users');
			const h = await openAppDb({ url });
			try {
				await createUser(h.db, { username: 'shared', password: 'shared-password-1', role: 'leader' });
			} finally {
				await h.close();
			}
			// Separate processes, ports, data directories and DuckDB files: only the app database is shared.
			for (const name of ['one', 'two']) {
				const data = path.join(dir, `instance-${name}`);
				fs.mkdirSync(data, { recursive: true });
				servers.push(
					await startServer(buildEntry, {
						DATA_DIR: data,
						ANALYTICS_DB: path.join(data, 'analytics.duckdb'),
						DATABASE_URL: url
					})
				);
			}
		}, 180_000);
		afterAll(async () => {
			for (const s of servers) await s.stop();
			await cluster?.stop();
		});

		const account = (base: string, cookie: string) =>
			fetch(`${base}/account`, { headers: { cookie }, redirect: 'manual' });

		it('a session created on one instance is valid on the other; signing out on either ends it on both', async () => {
			const [one, two] = servers;
			expect(one.url).not.toBe(two.url);
			const login = await fetch(`${one.url}/login`, {
				method: 'POST',
				headers: {
					origin: one.url,
					'content-type': 'application/x-www-form-urlencoded',
					accept: 'text/html'
				},
				body: new URLSearchParams({ username: 'shared', password: 'shared-password-1' }),
				redirect: 'manual'
			});
			expect(login.status).toBe(303);
			const cookie = (login.headers.getSetCookie().find((c) => c.startsWith('session=')) ?? '').split(';')[0];
			expect(cookie).toMatch(/^session=\S+/);

			for (const s of servers) expect((await account(s.url, cookie)).status).toBe(200);
			expect((await account(two.url, 'session=forged')).status).toBe(303);

			const logout = await fetch(`${two.url}/logout`, {
				method: 'POST',
				headers: { origin: two.url, cookie, accept: 'text/html' },
				redirect: 'manual'
			});
			expect([200, 303]).toContain(logout.status);
			for (const s of servers) expect((await account(s.url, cookie)).status).toBe(303);
		}, 60_000);
	}
);
