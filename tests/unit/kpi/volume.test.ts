/**
 * Volume family (cases submitted in March 2024) incl. nominal delegation (3-month transition boundary)
 * and cases of cancelled items. V2 delegated VI1 and VI4 to V1.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Analytics } from '../../../src/lib/server/analytics/db';
import { computeKpiReport } from '../../../src/lib/server/analytics/kpi/compute-report';
import { periodQuery } from '../../../src/lib/server/analytics/kpi/query';
import type { KpiReport } from '../../../src/lib/kpi/types';
import { depts, fixtureDb, opts, type FixtureRow } from './fixture';

const c = (
	case_id: string,
	item_code: string,
	dept_code: string,
	submitted_at: string,
	status: string,
	channel: string,
	visits: number | null
): FixtureRow => ({
	case_id,
	item_code,
	dept_code,
	submitted_at,
	status,
	channel,
	visits,
	...(status === 'rejected' ? { reject_reason: '材料不齐' } : {})
});

describe('volume KPIs', () => {
	let db: Analytics;
	let r: KpiReport;
	const dept = (code: string) => r.departments.find((d) => d.dept_code === code)!.kpis;
	beforeAll(async () => {
		db = await fixtureDb({
			departments: depts(['V1', 'P'], ['V2', 'P']),
			items: [
				{
					item_code: 'VI1',
					name: 'a',
					dept_code: 'V1',
					source_dept_code: 'V2',
					delegation_mode: 'devolved',
					delegated_on: '2023-12-01',
					accepted_on: '2023-12-05'
				},
				{
					item_code: 'VI2',
					name: 'b',
					dept_code: 'V1',
					delegation_mode: 'cancelled',
					cancelled_on: '2024-03-10'
				},
				{ item_code: 'VI3', name: 'c', dept_code: 'V2' },
				// 2023-11-30 + 3 months = 2024-02-29 (month end clamped)
				{
					item_code: 'VI4',
					name: 'd',
					dept_code: 'V1',
					source_dept_code: 'V2',
					delegation_mode: 'entrusted',
					delegated_on: '2023-11-30',
					accepted_on: '2023-12-01'
				}
			],
			cases: [
				c('S1', 'VI1', 'V2', '2024-03-01 09:00', 'completed', 'window', 2), // exactly 3 months after 12-01: not nominal
				c('S2', 'VI1', 'V2', '2024-03-02 09:00', 'in_progress', 'online', 0), // one day more: nominal
				c('S3', 'VI1', 'V1', '2024-03-05 09:00', 'rejected', 'online', 1), // at the receiving dept: not nominal
				c('S4', 'VI2', 'V1', '2024-03-10 09:00', 'returned', 'window', null), // on cancelled_on: not after it
				c('S5', 'VI2', 'V1', '2024-03-11 09:00', 'completed', 'self_service', 0), // after cancelled_on
				c('S6', 'VI3', 'V2', '2024-03-31 23:00', 'rejected', 'online', 3), // submitted on `to`: counts
				c('S7', 'VI3', 'V2', '2024-04-01 00:00', 'completed', 'online', 0), // to + 1: not
				c('S8', 'VI3', 'V2', '2024-02-29 23:59', 'completed', 'online', 0), // from − 1: not
				c('S9', 'VI4', 'V2', '2024-03-01 09:00', 'completed', 'window', 1) // > 2024-02-29: nominal
			]
		});
		r = await computeKpiReport(db, periodQuery('2024-03-01', '2024-03-31'), opts());
	});
	afterAll(() => db.close());

	it('pins the jurisdiction total', () => {
		const k = r.total.kpis;
		expect(k.cases).toBe(7); // S1 S2 S3 S4 S5 S6 S9
		expect(k.online_rate).toBe(3 / 7); // S2 S3 S6
		// visits known for 6 (S4 null): ≤ 1: S2 S3 S5 S9; = 0: S2 S5
		expect(k.one_visit_rate).toBe(4 / 6);
		expect(k.zero_visit_rate).toBe(2 / 6);
		expect(k.rejection_rate).toBe(2 / 7); // S3 S6
		expect(k.return_rate).toBe(1 / 7); // S4
		expect(k.nominal_delegation_cases).toBe(2); // S2 S9
		expect(k.cancelled_item_cases).toBe(1); // S5
	});

	it('pins per department (cases.dept_code)', () => {
		// V1: S3 S4 S5
		expect(dept('V1')).toMatchObject({
			cases: 3,
			online_rate: 1 / 3,
			one_visit_rate: 1, // S3 1, S5 0 (S4 null left out)
			zero_visit_rate: 1 / 2,
			rejection_rate: 1 / 3,
			return_rate: 1 / 3,
			nominal_delegation_cases: 0,
			cancelled_item_cases: 1
		});
		// V2: S1 S2 S6 S9
		expect(dept('V2')).toMatchObject({
			cases: 4,
			online_rate: 2 / 4,
			one_visit_rate: 2 / 4, // visits 2, 0, 3, 1
			zero_visit_rate: 1 / 4,
			rejection_rate: 1 / 4,
			return_rate: 0,
			nominal_delegation_cases: 2,
			cancelled_item_cases: 0
		});
	});

	it('applies the channel slice to case metrics', async () => {
		const online = await computeKpiReport(
			db,
			periodQuery('2024-03-01', '2024-03-31', { channel: 'online' }),
			opts()
		);
		expect(online.total.kpis.cases).toBe(3);
		expect(online.total.kpis.online_rate).toBe(1);
		expect(online.total.kpis.nominal_delegation_cases).toBe(1); // S2
	});

	it('honours a configured transition (thresholds are configuration)', async () => {
		const o = opts();
		o.thresholds.transitionMonths = 2; // 12-01 + 2 months = 02-01: S1 is nominal too; 11-30 + 2 = 01-30: S9
		const r2 = await computeKpiReport(db, periodQuery('2024-03-01', '2024-03-31'), o);
		expect(r2.total.kpis.nominal_delegation_cases).toBe(3);
	});
});
