/**
 * Timeliness family on a hand-computed fixture (period February 2024, baseline February 2023).
 * Calendar facts used (State Council notice 2024): 春节 off 02-10…02-17; make-up workdays Sun 02-04 and
 * Sun 02-18; wd(a, b) counts workdays d with date(a) < d ≤ date(b).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Analytics } from '../../../src/lib/server/analytics/db';
import { computeKpiReport } from '../../../src/lib/server/analytics/kpi/compute-report';
import { periodQuery } from '../../../src/lib/server/analytics/kpi/query';
import type { KpiReport } from '../../../src/lib/kpi/types';
import { depts, fixtureDb, opts, type FixtureRow } from './fixture';

const item = (
	item_code: string,
	statutory_days: number | null,
	promised_days: number | null
): FixtureRow => ({
	item_code,
	name: item_code,
	dept_code: 'T1',
	statutory_days,
	promised_days
});

const done = (
	case_id: string,
	item_code: string,
	accepted_at: string | null,
	completed_at: string,
	extra: FixtureRow = {}
): FixtureRow => ({
	case_id,
	item_code,
	dept_code: 'T1',
	submitted_at: accepted_at ?? completed_at,
	accepted_at,
	completed_at,
	decided_at: completed_at,
	status: 'completed',
	...extra
});

describe('timeliness KPIs', () => {
	let db: Analytics;
	let r: KpiReport;
	beforeAll(async () => {
		db = await fixtureDb({
			departments: depts(['T1', 'P'], ['T2', 'P']),
			items: [
				item('IT1', 20, 10), // limit 10 (promised)
				item('IT2', 5, null), // null promised → limit = statutory 5
				item('IT3', null, null), // no limit, no statutory: excluded from on-time and speed-up
				item('IT4', 10, 3), // limit 3
				item('IT5', 8, 8) // baseline only
			],
			cases: [
				// K1 spans Spring Festival: Thu 02-08 → Mon 02-19: 02-09, Sun 02-18 (调休), 02-19 = 3 ≤ 10
				done('K1', 'IT1', '2024-02-08 09:00', '2024-02-19 16:00'),
				// K1b no accepted_at → start = submitted Sat 02-03; completed Sun 02-04 (调休 workday) = 1 ≤ 3
				{ ...done('K1b', 'IT4', null, '2024-02-04 15:00'), submitted_at: '2024-02-03 10:00' },
				// K2 same day = 0
				done('K2', 'IT2', '2024-02-05 09:00', '2024-02-05 17:00'),
				// K3 completed before accepted: wd = −2 → floored to 0
				done('K3', 'IT2', '2024-02-22 10:00', '2024-02-20 10:00'),
				// K4 wd(02-19, 02-23) = 4, suspended 10 → 4 − 10 → 0
				done('K4', 'IT1', '2024-02-19 09:00', '2024-02-23 09:00', { suspended_days: 10 }),
				// K5 wd(02-19, 02-27) = 6 > limit 5 (statutory fallback) → late
				done('K5', 'IT2', '2024-02-19 09:00', '2024-02-27 09:00'),
				// K5b wd(02-19, 02-26) = 5 = limit → on time
				done('K5b', 'IT2', '2024-02-19 09:00', '2024-02-26 09:00'),
				// K6 no limit: wd(02-26, 02-28) = 2
				done('K6', 'IT3', '2024-02-26 09:00', '2024-02-28 09:00'),
				// K7 completed on `to` (02-29 23:59) counts: wd = 1
				done('K7', 'IT4', '2024-02-28 09:00', '2024-02-29 23:59'),
				// K8 completed on to + 1: not in February
				done('K8', 'IT4', '2024-02-29 09:00', '2024-03-01 00:00'),
				// K9 has completed_at but status rejected: not "completed"
				{ ...done('K9', 'IT4', '2024-02-05 09:00', '2024-02-06 09:00'), status: 'rejected' },
				// Baseline February 2023 (no holidays in February 2023)
				done('B1', 'IT1', '2023-02-06 09:00', '2023-02-10 09:00'), // 4
				done('B2', 'IT1', '2023-02-13 09:00', '2023-02-21 09:00'), // 6
				done('B3', 'IT2', '2023-02-13 09:00', '2023-02-14 09:00'), // 1
				done('B4', 'IT5', '2023-02-06 09:00', '2023-02-16 09:00') // 8, item not completed now: excluded
			],
			ratings: [
				// coverage matches by case_id, whenever the rating was made (March ratings don't touch February's satisfaction)
				{ rating_id: 'r1', case_id: 'K1', dept_code: 'T1', rated_at: '2024-03-02 10:00', score: 5 },
				{ rating_id: 'r2', case_id: 'K1', dept_code: 'T1', rated_at: '2024-03-03 10:00', score: 4 },
				{ rating_id: 'r3', case_id: 'K2', dept_code: 'T1', rated_at: '2024-03-04 10:00', score: 5 },
				{ rating_id: 'r4', case_id: 'K8', dept_code: 'T1', rated_at: '2024-03-04 10:00', score: 5 }
			]
		});
		r = await computeKpiReport(
			db,
			periodQuery('2024-02-01', '2024-02-29', { baseline_from: '2023-02-01', baseline_to: '2023-02-28' }),
			opts()
		);
	});
	afterAll(() => db.close());

	it('pins completed, on-time, mean, immediate, speed-up and coverage', () => {
		const k = r.total.kpis;
		// completed in February: K1 K1b K2 K3 K4 K5 K5b K6 K7 = 9 (K8 is March, K9 not status completed)
		expect(k.completed).toBe(9);
		// elapsed 3+1+0+0+0+6+5+2+1 = 18 → 18 / 9
		expect(k.mean_elapsed_workdays).toBe(2);
		// with a limit: 8 (not K6); on time: all but K5 → 7 / 8
		expect(k.on_time_rate).toBe(7 / 8);
		// elapsed = 0: K2, K3, K4 → 3 / 9
		expect(k.immediate_rate).toBe(3 / 9);
		// statutory > 0: K1 20, K1b 10, K2 5, K3 5, K4 20, K5 5, K5b 5, K7 10 = 80; their elapsed 3+1+0+0+0+6+5+1 = 16 → 1 − 16/80
		expect(k.speedup_vs_statutory).toBe(64 / 80);
		// rated: K1 (twice, counts once), K2 → 2 / 9
		expect(k.rating_coverage).toBe(2 / 9);
		expect(r.departments.find((d) => d.dept_code === 'T1')!.kpis.on_time_rate).toBe(7 / 8);
	});

	it('pins speed-up against the baseline over the items completed in both periods', () => {
		// IT1: now K1 3 + K4 0 (n 2), base B1 4 + B2 6 (n 2); IT2: now 0+0+6+5 (n 4), base B3 1 (n 1);
		// IT3, IT4 (now only) and IT5 (base only) are left out. now mean 14/6, base mean 11/3:
		// 1 − (14/6)/(11/3) = 1 − 42/66 = 4/11
		expect(r.total.kpis.speedup_vs_baseline).toBe(4 / 11);
		expect(r.baseline).toEqual({ from: '2023-02-01', to: '2023-02-28' });
	});

	it('leaves speedup_vs_baseline out without a baseline, and gives null (not 0) for empty denominators', async () => {
		const r2 = await computeKpiReport(db, periodQuery('2024-02-01', '2024-02-29'), opts());
		expect('speedup_vs_baseline' in r2.total.kpis).toBe(false);
		expect(r2.baseline).toBeNull();
		const g = r2.departments.find((d) => d.dept_code === 'T2')!;
		expect(g.kpis.completed).toBe(0);
		expect(g.kpis.on_time_rate).toBeNull();
		expect(g.kpis.mean_elapsed_workdays).toBeNull();
		expect(g.kpis.speedup_vs_statutory).toBeNull();
	});

	it('counts a completion on the period end and not the day after', async () => {
		const march1 = await computeKpiReport(db, periodQuery('2024-03-01', '2024-03-01'), opts());
		expect(march1.total.kpis.completed).toBe(1); // K8 only
		const feb29 = await computeKpiReport(db, periodQuery('2024-02-29', '2024-02-29'), opts());
		expect(feb29.total.kpis.completed).toBe(1); // K7 only
	});
});
