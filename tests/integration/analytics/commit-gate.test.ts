/**
 * db.ts commit gate: no read section overlaps a COMMIT. A read running when the writer is ready to commit
 * finishes first; a read that starts while the commit is pending waits for it and sees the new state.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { all, openAnalytics, type Analytics } from '../../../src/lib/server/analytics/db';

const tick = (ms = 10) => new Promise((r) => setTimeout(r, ms));
async function until(cond: () => boolean) {
	for (let i = 0; i < 500 && !cond(); i++) await tick(5);
	expect(cond()).toBe(true);
}

describe('commit gate', () => {
	let db: Analytics;
	afterEach(async () => db?.close());

	it('a commit waits for running reads; reads starting meanwhile wait for the commit', async () => {
		db = await openAnalytics(':memory:');
		await db.write((c) => c.run('CREATE TABLE t (a INTEGER)'));
		const log: string[] = [];
		let release!: () => void;
		const slow = db.read(async (c) => {
			const [{ n }] = await all(c, 'SELECT count(*) AS n FROM t');
			log.push(`slow read saw ${n}`);
			await new Promise<void>((r) => (release = r));
			log.push('slow read end');
		});
		await until(() => log.length === 1);
		let committed = false;
		const w = db
			.write(async (c) => {
				await c.run('INSERT INTO t VALUES (1), (2)');
				log.push('write body done');
			})
			.then(() => {
				committed = true;
				log.push('committed');
			});
		await until(() => log.includes('write body done'));
		const late = db.read(async (c) => {
			const [{ n }] = await all(c, 'SELECT count(*) AS n FROM t');
			log.push(`late read saw ${n}`);
		});
		await tick(50);
		// the commit is held by the running read, and the late read by the pending commit
		expect(committed).toBe(false);
		expect(log).toEqual(['slow read saw 0', 'write body done']);
		release();
		await Promise.all([slow, w, late]);
		expect(log).toEqual([
			'slow read saw 0',
			'write body done',
			'slow read end',
			'committed',
			'late read saw 2'
		]);
	});

	it('a failed commit reopens the gate', async () => {
		db = await openAnalytics(':memory:');
		await db.write((c) => c.run('CREATE TABLE t (a INTEGER)'));
		await expect(
			db.write(async (c) => {
				await c.run('INSERT INTO t VALUES (1)');
				throw new Error('boom');
			})
		).rejects.toThrow('boom');
		const rows = await db.read((c) => all(c, 'SELECT count(*) AS n FROM t'));
		expect(rows[0].n).toBe(0);
	});
});

describe('a KPI report is one snapshot', () => {
	it('is computed again when an import committed while its families ran', async () => {
		const { computeKpiReport } = await import('../../../src/lib/server/analytics/kpi/compute-report');
		const { periodQuery } = await import('../../../src/lib/server/analytics/kpi/query');
		const { fixtureDb, opts, depts } = await import('../../unit/kpi/fixture');
		const db = await fixtureDb({ departments: depts(['D1', 'g1']) } as never);
		try {
			const q = periodQuery('2024-01-01', '2024-01-31');
			const clean = await computeKpiReport(db, q, { ...opts(), rollups: false });
			// Wrap read(): after the second read section of the report (a family statement), a write bumps data_version.
			let reads = 0;
			let injected = false;
			const read = db.read.bind(db);
			(db as { read: Analytics['read'] }).read = async (fn) => {
				const out = await read(fn);
				if (++reads === 2 && !injected) {
					injected = true;
					await db.write((c) =>
						c.run(
							`UPDATE meta SET value = CAST(CAST(value AS BIGINT) + 1 AS VARCHAR) WHERE key = 'data_version'`
						)
					);
				}
				return out;
			};
			const again = await computeKpiReport(db, q, { ...opts(), rollups: false });
			expect(injected).toBe(true);
			const readsOneReport = reads;
			reads = 0;
			await computeKpiReport(db, q, { ...opts(), rollups: false });
			// the disturbed report ran its families twice
			expect(readsOneReport).toBeGreaterThan(reads);
			expect(again).toEqual(clean);
		} finally {
			await db.close();
		}
	});
});
