/**
 * Delegated-powers family at the end of Q1 2024 (2024-03-31). G0 delegated items to G1; G2 has only native
 * items; G3 has nothing. wd facts: 2024-01-01 is a holiday (元旦).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Analytics } from '../../../src/lib/server/analytics/db';
import { computeKpiReport } from '../../../src/lib/server/analytics/kpi/compute-report';
import { periodQuery } from '../../../src/lib/server/analytics/kpi/query';
import type { KpiReport } from '../../../src/lib/kpi/types';
import { depts, fixtureDb, opts, type FixtureRow } from './fixture';

const d = (
	item_code: string,
	delegation_mode: string | null,
	delegated_on: string | null,
	accepted_on: string | null,
	statutory_days: number | null,
	promised_days: number | null,
	extra: FixtureRow = {}
): FixtureRow => ({
	item_code,
	name: item_code,
	dept_code: 'G1',
	source_dept_code: delegation_mode && delegation_mode !== 'retained' ? 'G0' : null,
	delegation_mode,
	delegated_on,
	accepted_on,
	statutory_days,
	promised_days,
	power_type: '行政许可',
	...extra
});

const kase = (case_id: string, item_code: string, dept_code: string, submitted_at: string): FixtureRow => ({
	case_id,
	item_code,
	dept_code,
	submitted_at,
	status: 'in_progress'
});

describe('delegation KPIs', () => {
	let db: Analytics;
	let r: KpiReport;
	const dept = (code: string) => r.departments.find((x) => x.dept_code === code)!.kpis;
	beforeAll(async () => {
		db = await fixtureDb({
			departments: depts(['G0', 'P'], ['G1', 'P'], ['G2', 'P'], ['G3', 'P']),
			items: [
				// wd(Tue 01-02, Tue 01-23) = 15 → on time
				d('DI1', 'devolved', '2024-01-02', '2024-01-23', 20, 10),
				// wd(01-02, 01-24) = 16 → late
				d('DI2', 'entrusted', '2024-01-02', '2024-01-24', 10, null),
				// accepted after the period end → not accepted at 03-31
				d('DI3', 'empowered', '2024-02-01', '2024-04-01', 30, 15),
				// delegated after the period end → not counted
				d('DI4', 'devolved', '2024-04-02', null, null, null),
				d('DI5', 'devolved', '2024-01-05', null, null, null),
				d('DI6', 'retained', null, null, 10, 5),
				d('DI7', 'cancelled', null, null, 10, 2, { cancelled_on: '2023-01-01' }),
				// delegated, later cancelled: still a delegated item; out of the compression
				d('DI8', 'devolved', '2023-06-01', '2023-06-02', 10, 1, { cancelled_on: '2024-03-15' }),
				// wd(Fri 2023-12-29, Tue 2024-01-02) = 1 (weekend, 元旦)
				d('DI9', 'devolved', '2023-12-29', '2024-01-02', null, null, { power_type: '行政确认' }),
				{ item_code: 'GI1', name: 'GI1', dept_code: 'G2', statutory_days: 20, promised_days: 15 },
				{ item_code: 'GI2', name: 'GI2', dept_code: 'G2', statutory_days: 0, promised_days: 0 },
				{ item_code: 'GI3', name: 'GI3', dept_code: 'G2', statutory_days: 10, promised_days: null }
			],
			cases: [
				kase('Ca', 'DI1', 'G1', '2024-02-20 10:00'), // DI1 active
				kase('Cb', 'DI2', 'G0', '2024-02-21 10:00'), // handled upstream: DI2 not active
				kase('Cc', 'DI8', 'G1', '2023-07-01 10:00'), // before the period: DI8 not active
				kase('Cd', 'DI9', 'G1', '2024-03-31 10:00'), // on the period end: DI9 active
				kase('Ce', 'DI3', 'G1', '2024-02-22 10:00') // DI3 not accepted: irrelevant
			]
		});
		r = await computeKpiReport(db, periodQuery('2024-01-01', '2024-03-31'), opts());
	});
	afterAll(() => db.close());

	it('pins the receiving department', () => {
		// delegated by 03-31: DI1 DI2 DI3 DI5 DI8 DI9 = 6; accepted by 03-31: DI1 DI2 DI8 DI9 = 4
		// handover ≤ 15 wd: DI1 (15), DI8 (1), DI9 (1) = 3; active: DI1, DI9 = 2; idle: DI2, DI8
		// compression over DI1 (20/10), DI3 (30/15), DI6 (10/5): 1 − 30/60
		expect(dept('G1')).toMatchObject({
			delegated_items: 6,
			acceptance_rate: 4 / 6,
			handover_on_time_rate: 3 / 4,
			activation_rate: 2 / 4,
			idle_items: 2,
			promise_compression_rate: 0.5
		});
	});

	it('gives null ratios to a department without delegated items, and compression over native items', () => {
		expect(dept('G2')).toMatchObject({
			delegated_items: 0,
			acceptance_rate: null,
			handover_on_time_rate: null,
			activation_rate: null,
			idle_items: 0,
			promise_compression_rate: 1 - 15 / 20 // GI2 statutory 0 and GI3 (no promise) left out
		});
		expect(dept('G3')).toMatchObject({
			delegated_items: 0,
			acceptance_rate: null,
			promise_compression_rate: null
		});
		// items belong to the receiving department, not the source
		expect(dept('G0').delegated_items).toBe(0);
	});

	it('pins the total', () => {
		expect(r.total.kpis).toMatchObject({
			delegated_items: 6,
			acceptance_rate: 4 / 6,
			handover_on_time_rate: 3 / 4,
			activation_rate: 2 / 4,
			idle_items: 2,
			promise_compression_rate: 1 - 45 / 80 // Σ promised 10+15+5+15, Σ statutory 20+30+10+20
		});
	});

	it('is a stock at the period end', async () => {
		// At 2024-01-31: delegated DI1 DI2 DI5 DI8 DI9 = 5, accepted DI1 DI2 DI8 DI9 = 4, no case in January
		const jan = await computeKpiReport(db, periodQuery('2024-01-01', '2024-01-31'), opts());
		expect(jan.total.kpis).toMatchObject({
			delegated_items: 5,
			acceptance_rate: 4 / 5,
			activation_rate: 0,
			idle_items: 4
		});
	});

	it('applies the power_type slice to items', async () => {
		const p = await computeKpiReport(
			db,
			periodQuery('2024-01-01', '2024-03-31', { power_type: '行政确认' }),
			opts()
		);
		expect(p.total.kpis).toMatchObject({
			delegated_items: 1,
			acceptance_rate: 1,
			activation_rate: 1,
			idle_items: 0
		});
	});
});
