/**
 * Default ratings (默认评价, `ratings.is_default` true; null = false) on a hand-computed fixture, March 2024
 * (period end Sun 03-31): no rating KPI, bad-review list, distribution or deduction counts them; the
 * `default_ratings` KPI does. Each expectation is checked on the raw tables and on the rollups.
 *
 * Rated Fri 03-01 → rectification deadline Fri 03-22 (≤ 03-31: due).
 *
 * D1, completed cases C1 C2 C3:
 *   A1 C1 5 is_default null   (public)        A2 C2 5 default (online)    A3 — 1 default, due, never rectified
 *   A4 —  2 public, due, never rectified      A5 C3 4 public              A6 C3 5 default
 * D2, completed cases C4 C5:
 *   B1 C4 1 default, rectified in time        B2 C4 3 public (online)     B3 C5 5 default, rated 04-01: outside
 *   B4 —  5 default, rated 03-31 23:00 (inside)
 * D3: E1 — 5 public (no default: default_ratings 0).
 *
 * D1: ratings A1 A4 A5 = 3, satisfied A1 A5, bad A4, rectification 0/1, mean 11/3, defaults A2 A3 A6 = 3,
 *     coverage C1 C3 = 2/3 (C2 has only a default rating), deductions A4 × 0.5 = 0.5 (A3 is not a bad review).
 * D2: ratings B2 = 1, satisfied 1, bad 0, rectification null, mean 3, defaults B1 B4 = 2, coverage C4 = 1/2.
 * D3: ratings 1, satisfied 1, mean 5, defaults 0, coverage null (no completed case).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Analytics } from '../../../src/lib/server/analytics/db';
import { badReviews, ratingDistribution } from '../../../src/lib/server/analytics/breakdowns';
import { computeKpiReport, computeKpiTable } from '../../../src/lib/server/analytics/kpi/compute-report';
import { periodQuery } from '../../../src/lib/server/analytics/kpi/query';
import { rebuildKpiRollups, rollupsUsable } from '../../../src/lib/server/analytics/kpi/rollup';
import { computeTrend } from '../../../src/lib/server/analytics/kpi/trend';
import { bumpDataVersion } from '../../../src/lib/server/analytics/schema';
import type { KpiReport } from '../../../src/lib/kpi/types';
import { depts, fixtureDb, opts, type FixtureRow } from './fixture';

const done = (case_id: string, dept_code: string, day: string): FixtureRow => ({
	case_id,
	item_code: 'I1',
	dept_code,
	channel: 'window',
	submitted_at: `2024-03-${day} 09:00`,
	accepted_at: `2024-03-${day} 09:30`,
	decided_at: `2024-03-${day} 15:00`,
	completed_at: `2024-03-${day} 16:00`,
	status: 'completed'
});

const rt = (
	rating_id: string,
	dept_code: string,
	case_id: string | null,
	score: number,
	is_default: boolean | null,
	rated_at = '2024-03-01 10:00',
	extra: FixtureRow = {}
): FixtureRow => ({
	rating_id,
	case_id,
	dept_code,
	channel: 'window_device',
	rated_at,
	score,
	is_default,
	...extra
});

const PATHS = [
	['raw', false],
	['rollups', true]
] as const;

describe('default ratings', () => {
	let db: Analytics;
	const reports = new Map<string, KpiReport>();
	const q = periodQuery('2024-03-01', '2024-03-31');
	beforeAll(async () => {
		db = await fixtureDb({
			departments: depts(['D1', 'P'], ['D2', 'P'], ['D3', 'P']),
			items: [{ item_code: 'I1', name: 'I1', dept_code: 'D1' }],
			cases: [
				done('C1', 'D1', '04'),
				done('C2', 'D1', '05'),
				done('C3', 'D1', '06'),
				done('C4', 'D2', '04'),
				done('C5', 'D2', '05')
			],
			ratings: [
				rt('A1', 'D1', 'C1', 5, null),
				rt('A2', 'D1', 'C2', 5, true, '2024-03-10 10:00', { channel: 'online' }),
				rt('A3', 'D1', null, 1, true),
				rt('A4', 'D1', null, 2, false),
				rt('A5', 'D1', 'C3', 4, false),
				rt('A6', 'D1', 'C3', 5, true, '2024-03-11 10:00'),
				rt('B1', 'D2', 'C4', 1, true, '2024-03-04 10:00', { rectified_at: '2024-03-05 10:00' }),
				rt('B2', 'D2', 'C4', 3, false, '2024-03-05 10:00', { channel: 'online' }),
				rt('B3', 'D2', 'C5', 5, true, '2024-04-01 10:00'),
				rt('B4', 'D2', null, 5, true, '2024-03-31 23:00'),
				rt('E1', 'D3', null, 5, false)
			]
		});
		await db.write(async (c) => {
			await bumpDataVersion(c);
			await rebuildKpiRollups(c);
		});
		for (const [name, rollups] of PATHS)
			reports.set(name, await computeKpiReport(db, q, { ...opts(), rollups }));
	});
	afterAll(() => db?.close());

	it('builds fresh rollups for the comparison', async () => {
		expect(await rollupsUsable(db, opts().thresholds)).toBe(true);
	});

	it.each(PATHS)('totals leave default ratings out (%s)', (name) => {
		expect(reports.get(name)!.total.kpis).toMatchObject({
			ratings: 5, // A1 A4 A5 B2 E1
			satisfaction_rate: 4 / 5, // A1 A5 B2 E1
			bad_reviews: 1, // A4 (A3 and B1 are default)
			rectification_rate: 0, // A4 due, not rectified; B1 (default, in time) not counted
			mean_score: 19 / 5, // 5+2+4+3+5
			rating_coverage: 3 / 5, // C1 C3 C4 of C1…C5
			default_ratings: 5 // A2 A3 A6 B1 B4 (B3 outside)
		});
	});

	it.each(PATHS)('per department, with the deduction (%s)', (name) => {
		const by = Object.fromEntries(reports.get(name)!.departments.map((d) => [d.dept_code, d]));
		expect(by.D1.kpis).toMatchObject({
			ratings: 3,
			satisfaction_rate: 2 / 3,
			bad_reviews: 1,
			rectification_rate: 0,
			mean_score: 11 / 3,
			rating_coverage: 2 / 3,
			default_ratings: 3
		});
		expect(by.D2.kpis).toMatchObject({
			ratings: 1,
			satisfaction_rate: 1,
			bad_reviews: 0,
			rectification_rate: null,
			mean_score: 3,
			rating_coverage: 1 / 2,
			default_ratings: 2
		});
		// ratings but none default: 0, not null
		expect(by.D3.kpis).toMatchObject({ ratings: 1, default_ratings: 0, rating_coverage: null });
		// A4 only: the default bad review A3 (due, never rectified) is not deducted
		expect(by.D1.deductions).toBe(0.5);
		expect(by.D2.deductions).toBe(0);
	});

	it('rollups and raw tables give the same report, table and trend, also under a rating-channel slice', async () => {
		expect(reports.get('rollups')).toEqual(reports.get('raw'));
		const online = periodQuery('2024-03-01', '2024-03-31', { rating_channel: 'online' });
		const [raw, rolled] = await Promise.all(
			PATHS.map(([, rollups]) => computeKpiReport(db, online, { ...opts(), rollups }))
		);
		expect(rolled).toEqual(raw);
		// online: B2 public; A2 default — C2 stays unrated
		expect(raw.total.kpis).toMatchObject({ ratings: 1, default_ratings: 1, rating_coverage: 1 / 5 });
		for (const groupBy of ['dept', 'region'] as const)
			expect(await computeKpiTable(db, q, { ...opts(), groupBy, rollups: true })).toEqual(
				await computeKpiTable(db, q, { ...opts(), groupBy, rollups: false })
			);
		const tq = periodQuery('2024-01-01', '2024-04-30', { kpi: 'default_ratings', grain: 'month' });
		const trend = await computeTrend(db, tq, { ...opts(), rollups: true });
		expect(trend).toEqual(await computeTrend(db, tq, { ...opts(), rollups: false }));
		expect(trend.points.map((p) => p.value)).toEqual([0, 0, 5, 1]); // April: B3
	});

	it('the rating distribution and the bad-review list leave default ratings out', async () => {
		const [byDept, bad] = await Promise.all([
			ratingDistribution(db, q, 'dept'),
			badReviews(db, q, opts().thresholds)
		]);
		expect(Object.fromEntries(byDept.map((r) => [r.key, r.counts]))).toEqual({
			D1: [0, 1, 0, 1, 1],
			D2: [0, 0, 1, 0, 0],
			D3: [0, 0, 0, 0, 1]
		});
		expect(bad.total).toBe(1);
		expect(bad.rows.map((r) => r.rating_id)).toEqual(['A4']);
	});
});
