/**
 * The server's result cache (analytics/cache.ts through db.ts): repeated queries are answered from memory, a
 * write empties it, concurrent identical queries run once, callers cannot corrupt cached rows, and an instance
 * opened without a cache behaves as before.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openAnalytics } from '../../../src/lib/server/analytics/db';
import { ResultCache } from '../../../src/lib/server/analytics/cache';
import { caseListArrow } from '../../../src/lib/server/analytics/drilldown';
import { toIpc } from '../../../src/lib/server/analytics/arrow';
import { tableFromIPC } from 'apache-arrow';
import { periodQuery } from '../../../src/lib/server/analytics/kpi/query';
import { loadThresholds } from '../../../src/lib/server/analytics/kpi/thresholds';
import { importFiles } from '../../../src/lib/server/ingest/index';
import { generateDemo } from '../../../scripts/demo/generate';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'scaling-cache-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('analytics result cache', () => {
	it('answers repeats from memory and forgets everything after a write', async () => {
		const db = await openAnalytics(path.join(dir, 'a.duckdb'), { cache: true });
		try {
			await db.write((c) => c.run(`CREATE TABLE t (k INTEGER, v VARCHAR)`));
			await db.write((c) => c.run(`INSERT INTO t VALUES (1, 'a'), (2, 'b')`));
			const sql = `SELECT k, v FROM t WHERE k >= $1 ORDER BY k`;
			expect(await db.query(sql, [1])).toEqual([
				{ k: 1, v: 'a' },
				{ k: 2, v: 'b' }
			]);
			const before = db.cacheStats()!;
			const again = await db.query(sql, [1]);
			expect(again).toEqual([
				{ k: 1, v: 'a' },
				{ k: 2, v: 'b' }
			]);
			expect(db.cacheStats()!.hits).toBe(before.hits + 1);
			// different parameters are a different entry
			expect(await db.query(sql, [2])).toEqual([{ k: 2, v: 'b' }]);
			// a caller mutating its rows does not change what the next caller gets
			again[0].v = 'changed';
			again.pop();
			expect(await db.query(sql, [1])).toEqual([
				{ k: 1, v: 'a' },
				{ k: 2, v: 'b' }
			]);
			// a write (even one that fails and rolls back) invalidates
			await db.write((c) => c.run(`UPDATE t SET v = 'z' WHERE k = 1`));
			expect(await db.query(sql, [1])).toEqual([
				{ k: 1, v: 'z' },
				{ k: 2, v: 'b' }
			]);
			await expect(db.write((c) => c.run(`INSERT INTO nope VALUES (1)`))).rejects.toThrow();
			expect(db.cacheStats()!.entries).toBe(0);
		} finally {
			await db.close();
		}
	});

	it('memo: one computation per write generation, cloned for each caller', async () => {
		const db = await openAnalytics(path.join(dir, 'b.duckdb'), { cache: true });
		try {
			let runs = 0;
			const compute = async () => {
				runs++;
				return { n: runs, list: [1, 2, 3] };
			};
			const a = await db.memo('k', compute);
			a.list.push(4);
			expect(await db.memo('k', compute)).toEqual({ n: 1, list: [1, 2, 3] });
			expect(runs).toBe(1);
			await db.write((c) => c.run(`CREATE TABLE t2 (x INTEGER)`));
			expect(await db.memo('k', compute)).toEqual({ n: 2, list: [1, 2, 3] });
		} finally {
			await db.close();
		}
	});

	it('runs identical concurrent queries once (single flight)', async () => {
		const cache = new ResultCache();
		let loads = 0;
		const load = async () => {
			loads++;
			await new Promise((r) => setTimeout(r, 20));
			return [{ x: 1 }];
		};
		const got = await Promise.all(Array.from({ length: 50 }, () => cache.get('SELECT 1', [], load)));
		expect(loads).toBe(1);
		expect(got.every((r) => r[0].x === 1)).toBe(true);
		expect(cache.stats()).toMatchObject({ misses: 1, shared: 49 });
	});

	it('does not store a result computed before a write finished, and evicts the least recently used', async () => {
		const cache = new ResultCache({ maxEntries: 2 });
		let release!: () => void;
		const slow = cache.get('q', [], () => new Promise((r) => (release = () => r([{ v: 'old' }]))));
		cache.bump(); // a write committed while the query ran
		release();
		expect(await slow).toEqual([{ v: 'old' }]);
		expect(cache.stats().entries).toBe(0);
		for (const k of ['a', 'b', 'c']) await cache.get(k, [], async () => [{ k }]);
		expect(cache.stats().entries).toBe(2);
		let reloaded = false;
		await cache.get('a', [], async () => ((reloaded = true), [{ k: 'a' }]));
		expect(reloaded).toBe(true);
	});

	it('is off unless asked for', async () => {
		const db = await openAnalytics(path.join(dir, 'c.duckdb'));
		try {
			expect(db.cacheStats()).toBeNull();
			let runs = 0;
			await db.memo('k', async () => runs++);
			await db.memo('k', async () => runs++);
			expect(runs).toBe(2);
		} finally {
			await db.close();
		}
	});

	it('serves case-list pages from the cache with the same columns and values', async () => {
		const src = path.join(dir, 'demo');
		await generateDemo({
			out: src,
			cases: 10_000,
			from: '2024-01-01',
			to: '2024-12-31',
			format: 'csv',
			chinese: false,
			seed: 'cache',
			events: false,
			progress: false
		});
		const files = fs
			.readdirSync(src)
			.filter((f) => f.endsWith('.csv'))
			.map((f) => ({ path: path.join(src, f) }));
		const cached = await openAnalytics(':memory:', { cache: true });
		const plain = await openAnalytics(':memory:');
		try {
			for (const db of [cached, plain]) expect((await importFiles(db, files)).status).toBe('completed');
			const t = loadThresholds();
			for (const extra of [
				{},
				{ sort: 'elapsed_wd', order: 'asc', offset: '40' },
				{ flag: 'red_overdue' }
			] as Record<string, string>[]) {
				const cq = {
					q: periodQuery('2024-03-01', '2024-05-31', { limit: '200', ...extra }),
					basis: 'submitted' as const,
					item: null,
					status: null
				};
				const want = await caseListArrow(plain, cq, t);
				const first = await caseListArrow(cached, cq, t);
				const second = await caseListArrow(cached, cq, t);
				expect(want.table.numRows).toBeGreaterThan(0);
				for (const got of [first, second]) {
					expect(got.total).toBe(want.total);
					expect(got.table.schema.fields.map((f) => `${f.name}:${f.type}`)).toEqual(
						want.table.schema.fields.map((f) => `${f.name}:${f.type}`)
					);
					expect(got.table.toArray().map((r) => r.toJSON())).toEqual(
						want.table.toArray().map((r) => r.toJSON())
					);
					// and what the endpoint sends decodes to the same rows
					expect(
						tableFromIPC(toIpc(got.table))
							.toArray()
							.map((r) => r.toJSON())
					).toEqual(want.table.toArray().map((r) => r.toJSON()));
				}
			}
			expect(cached.cacheStats()!.hits).toBeGreaterThan(0);
		} finally {
			await cached.close();
			await plain.close();
		}
	}, 120_000);
});
