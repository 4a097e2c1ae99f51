/**
 * The engine's breakdowns (kpi/breakdown.ts): a row per department, channel, item or batch is exactly the KPI
 * report's total for the same filter narrowed to that key — the department scope filter, the channel slice, and
 * for items and batches the power_type slice after giving every item its own power type (or its batch's) — from
 * the raw tables and from the rollups alike. The fixture has cases without a channel, ratings without a case and
 * items without a batch: those facts form the null-key row.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { KpiQuery, KpiReport } from '../../../src/lib/kpi/types';
import type { Analytics } from '../../../src/lib/server/analytics/db';
import { openAnalytics } from '../../../src/lib/server/analytics/db';
import { refreshRatings } from '../../../src/lib/server/analytics/derive';
import { bumpDataVersion } from '../../../src/lib/server/analytics/schema';
import { computeKpiBreakdown, type BreakdownRow } from '../../../src/lib/server/analytics/kpi/breakdown';
import { computeKpiReport } from '../../../src/lib/server/analytics/kpi/compute-report';
import { periodQuery } from '../../../src/lib/server/analytics/kpi/query';
import { rebuildKpiRollups } from '../../../src/lib/server/analytics/kpi/rollup';
import { seedReportsData } from '../../fixtures/reports-data';
import { opts } from './fixture';

const PERIOD = { baseline_from: '2025-01-01', baseline_to: '2025-06-30' };
const q = (extra: Record<string, string> = {}): KpiQuery =>
	periodQuery('2025-07-01', '2025-12-31', { ...PERIOD, ...extra });
/** Delegation KPIs: items have no channel, so a channel breakdown leaves them null. */
const DELEGATION = [
	'delegated_items',
	'acceptance_rate',
	'handover_on_time_rate',
	'activation_rate',
	'idle_items',
	'promise_compression_rate'
];

let db: Analytics;

beforeAll(async () => {
	db = await openAnalytics(':memory:');
	await seedReportsData(db, { departments: 8, cases: 4000, year: 2025 });
	await db.write(async (c) => {
		// every item its own power type (the item slice), a third without a batch, some cases without a channel,
		// some ratings without a case (another channel), some items with a different promised time
		await c.run(`UPDATE items SET power_type = item_code,
			batch = CASE hash(item_code) % 3 WHEN 0 THEN NULL WHEN 1 THEN '批次一' ELSE '批次二' END,
			promised_days = CASE WHEN hash(item_code) % 4 = 0 THEN 8 ELSE promised_days END`);
		await c.run(`UPDATE cases SET channel = NULL WHERE hash(case_id, 'nc') % 13 = 0`);
		await c.run(`INSERT INTO ratings (rating_id, case_id, dept_code, channel, rated_at, score)
			SELECT 'N' || k, NULL, (SELECT min(dept_code) FROM departments), 'app', TIMESTAMP '2025-08-01 10:00' + to_days(k), 1 + k % 5
			FROM range(0, 40) t(k)`);
		await refreshRatings(c);
		await rebuildKpiRollups(c);
	});
}, 120_000);

afterAll(async () => {
	await db?.close();
});

const report = (query: KpiQuery, rollups: boolean): Promise<KpiReport> =>
	computeKpiReport(db, query, { ...opts(), rollups });

const without = (k: Record<string, unknown>, ids: string[]) =>
	Object.fromEntries(Object.entries(k).filter(([id]) => !ids.includes(id)));

describe.each([false, true])('KPI breakdowns (rollups: %s)', (rollups) => {
	it('per department: a row is the report narrowed to that department', async () => {
		const rows = await computeKpiBreakdown(db, q(), { thresholds: opts().thresholds, by: 'dept', rollups });
		expect(rows.length).toBe(8);
		for (const r of rows) {
			const rep = await report(q({ dept: r.key! }), rollups);
			expect(r.kpis, r.key!).toEqual(rep.total.kpis);
		}
	});

	it('per channel: a row is the report sliced to that channel; delegation KPIs are null', async () => {
		const rows = await computeKpiBreakdown(db, q(), {
			thresholds: opts().thresholds,
			by: 'channel',
			rollups
		});
		expect(rows.map((r) => r.key)).toEqual(['online', 'window', null]);
		for (const r of rows.filter((x) => x.key !== null)) {
			const rep = await report(q({ channel: r.key! }), rollups);
			expect(without(r.kpis, DELEGATION), r.key!).toEqual(without(rep.total.kpis, DELEGATION));
			for (const id of DELEGATION) expect((r.kpis as Record<string, unknown>)[id]).toBeNull();
		}
		// the null-channel row holds the rest: counts add up to the total
		const total = (await report(q(), rollups)).total.kpis;
		const sum = (f: (r: BreakdownRow) => number) => rows.reduce((a, r) => a + f(r), 0);
		expect(sum((r) => r.counts.volume!.cases)).toBe(total.cases);
		expect(sum((r) => r.counts.timeliness!.completed)).toBe(total.completed);
		expect(sum((r) => r.counts.satisfaction!.ratings)).toBe(total.ratings);
	});

	it('per item: a row is the report sliced to that item (its own power type)', async () => {
		const rows = await computeKpiBreakdown(db, q(), { thresholds: opts().thresholds, by: 'item', rollups });
		expect(rows.at(-1)!.key).toBeNull(); // the ratings without a case
		const items = rows.filter((r) => r.key !== null);
		expect(items.length).toBe(80);
		for (const r of items.filter((_, n) => n % 9 === 0)) {
			const rep = await report(q({ power_type: r.key! }), rollups);
			expect(r.kpis, r.key!).toEqual(rep.total.kpis);
		}
		expect(items.filter((r) => r.kpis.speedup_vs_baseline !== null).length).toBeGreaterThan(40);
		expect(items.filter((r) => r.kpis.rectification_rate !== null).length).toBeGreaterThan(5);
		// counts are the families' aggregates of the same row
		const one = items[0];
		expect(one.kpis.cases).toBe(one.counts.volume!.cases);
		expect(one.kpis.idle_items).toBe(one.counts.delegation!.accepted - one.counts.delegation!.active);
	});

	it('only: just the keys asked for, with the same numbers', async () => {
		const t = opts().thresholds;
		const all = await computeKpiBreakdown(db, q(), { thresholds: t, by: 'item', rollups });
		const pick = [all[3].key!, all[40].key!];
		const some = await computeKpiBreakdown(db, q(), { thresholds: t, by: 'item', only: pick, rollups });
		expect(some).toEqual(all.filter((r) => pick.includes(r.key!)));
		expect(await computeKpiBreakdown(db, q(), { thresholds: t, by: 'item', only: [], rollups })).toEqual([]);
	});
});

describe('per batch', () => {
	beforeAll(async () => {
		// the batch slice: every item's power type is now its batch (items without one: a type of their own)
		await db.write(async (c) => {
			await c.run(`UPDATE items SET power_type = coalesce(batch, '无批次')`);
			await bumpDataVersion(c);
			await rebuildKpiRollups(c);
		});
	});

	it.each([false, true])('a row is the report sliced to that batch (rollups: %s)', async (rollups) => {
		const rows = await computeKpiBreakdown(db, q(), { thresholds: opts().thresholds, by: 'batch', rollups });
		expect(rows.map((r) => r.key)).toEqual(['批次一', '批次二', null]);
		for (const r of rows) {
			const rep = await report(q({ power_type: r.key ?? '无批次' }), rollups);
			const kpis =
				r.key === null
					? without(r.kpis, [
							'ratings',
							'satisfaction_rate',
							'mean_score',
							'bad_reviews',
							'rectification_rate',
							'default_ratings'
						])
					: r.kpis;
			const expected =
				r.key === null
					? without(rep.total.kpis, [
							'ratings',
							'satisfaction_rate',
							'mean_score',
							'bad_reviews',
							'rectification_rate',
							'default_ratings'
						])
					: rep.total.kpis;
			expect(kpis, String(r.key)).toEqual(expected);
		}
	});
});
