/**
 * Satisfaction family for March 2024 (period end Sun 03-31). The rectification deadline is the 15th working
 * day after rated_at: rated Fri 03-01 → Fri 03-22; rated Fri 03-08 → Fri 03-29; rated Tue 03-12 → Tue 04-02.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Analytics } from '../../../src/lib/server/analytics/db';
import { computeKpiReport } from '../../../src/lib/server/analytics/kpi/compute-report';
import { periodQuery } from '../../../src/lib/server/analytics/kpi/query';
import type { KpiReport } from '../../../src/lib/kpi/types';
import { depts, fixtureDb, opts, type FixtureRow } from './fixture';

const rt = (
	rating_id: string,
	score: number,
	rated_at: string,
	rectified_at: string | null = null
): FixtureRow => ({
	rating_id,
	dept_code: 'S1',
	rated_at,
	score,
	rectified_at,
	channel: 'window_device'
});

describe('satisfaction KPIs', () => {
	let db: Analytics;
	let r: KpiReport;
	beforeAll(async () => {
		db = await fixtureDb({
			departments: depts(['S1', 'P']),
			ratings: [
				rt('RT1', 5, '2024-03-01 10:00'),
				rt('RT2', 3, '2024-03-05 10:00'), // satisfied (≥ 3)
				rt('RT3', 2, '2024-03-01 10:00', '2024-03-21 10:00'), // wd 14: in time
				rt('RT4', 1, '2024-03-01 10:00', '2024-03-25 10:00'), // wd 16: late (deadline 03-22 passed)
				rt('RT5', 2, '2024-03-01 10:00'), // deadline 03-22 ≤ 03-31, not rectified
				rt('RT6', 1, '2024-03-12 10:00'), // deadline 04-02 > 03-31: not yet due
				rt('RT7', 2, '2024-03-20 10:00', '2024-03-22 10:00'), // rectified (wd 2) before its deadline
				rt('RT8', 4, '2024-04-01 10:00'), // outside
				rt('RT9', 5, '2024-03-31 23:00'), // on `to`: inside
				rt('RT10', 1, '2024-03-08 10:00', '2024-03-29 10:00') // wd exactly 15: in time
			]
		});
		r = await computeKpiReport(db, periodQuery('2024-03-01', '2024-03-31'), opts());
	});
	afterAll(() => db.close());

	it('pins ratings, satisfaction, bad reviews, rectification and mean score', () => {
		expect(r.total.kpis).toMatchObject({
			ratings: 9, // RT1–RT7, RT9, RT10
			satisfaction_rate: 3 / 9, // RT1 RT2 RT9
			bad_reviews: 6, // RT3 RT4 RT5 RT6 RT7 RT10
			// in time: RT3 RT7 RT10; rectified or due: RT3 RT4 RT5 RT7 RT10 (RT6 neither)
			rectification_rate: 3 / 5,
			mean_score: 22 / 9 // 5+3+2+1+2+1+2+5+1
		});
	});

	it('deducts 0.5 per due bad review not rectified in time', () => {
		// RT4 (late) and RT5 (never) → 2 × 0.5
		expect(r.departments[0].deductions).toBe(1);
	});

	it('filters the rating channel', async () => {
		const app = await computeKpiReport(
			db,
			periodQuery('2024-03-01', '2024-03-31', { rating_channel: 'app' }),
			opts()
		);
		expect(app.total.kpis.ratings).toBe(0);
		expect(app.total.kpis.satisfaction_rate).toBeNull();
		expect(app.total.kpis.mean_score).toBeNull();
	});
});
