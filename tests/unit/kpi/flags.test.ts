/**
 * Electronic-supervision flags for March 2024 (as-of default: the period end, Sun 03-31, whose working-day
 * index equals Fri 03-29's). Item FI1: statutory 10, promised 5 → limit 5.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Analytics } from '../../../src/lib/server/analytics/db';
import { countFlags, listFlags, resolveAsOf } from '../../../src/lib/server/analytics/kpi/flags';
import { computeKpiReport } from '../../../src/lib/server/analytics/kpi/compute-report';
import { validateScheme } from '../../../src/lib/server/analytics/kpi/scheme';
import { periodQuery } from '../../../src/lib/server/analytics/kpi/query';
import { DEFAULT_THRESHOLDS } from '../../../src/lib/server/analytics/kpi/thresholds';
import { depts, fixtureDb, opts, type FixtureRow } from './fixture';

const k = (case_id: string, status: string, fields: FixtureRow): FixtureRow => ({
	case_id,
	item_code: 'FI1',
	dept_code: 'F1',
	status,
	submitted_at: (fields.accepted_at as string) ?? '2024-03-05 09:00',
	...(status === 'completed' ? { decided_at: fields.completed_at } : {}),
	...fields
});

const EXPECTED: Record<string, string[]> = {
	F_red_c: ['red_overdue'],
	F_red_p: ['red_overdue'],
	F_feb_live: ['red_overdue'],
	F_yel: ['yellow_due_soon'],
	F_yel0: ['yellow_due_soon'],
	F_rej: ['no_reason_rejection'],
	F_rej2: ['no_reason_rejection'],
	F_ret1: ['midway_return'],
	F_sup: ['no_one_time_notice'],
	F_fake1: ['fake_completion_suspect'],
	F_fake2: ['fake_completion_suspect'],
	F_rep1: ['fake_completion_suspect'],
	F_rep7: ['fake_completion_suspect'],
	F_nom: ['nominal_delegation'],
	F_can: ['cancelled_item']
};

describe('supervision flags', () => {
	let db: Analytics;
	const t = DEFAULT_THRESHOLDS;
	beforeAll(async () => {
		db = await fixtureDb({
			departments: depts(['F0', 'P'], ['F1', 'P']),
			items: [
				{ item_code: 'FI1', name: 'FI1', dept_code: 'F1', statutory_days: 10, promised_days: 5 },
				{ item_code: 'FI2', name: 'FI2', dept_code: 'F1' },
				{
					item_code: 'FI3',
					name: 'FI3',
					dept_code: 'F1',
					source_dept_code: 'F0',
					delegation_mode: 'devolved',
					delegated_on: '2023-10-01',
					accepted_on: '2023-10-02'
				},
				{
					item_code: 'FI4',
					name: 'FI4',
					dept_code: 'F1',
					delegation_mode: 'cancelled',
					cancelled_on: '2024-03-01'
				}
			],
			cases: [
				// wd(Fri 03-01, Mon 03-11) = 6 > 5
				k('F_red_c', 'completed', { accepted_at: '2024-03-01 09:00', completed_at: '2024-03-11 09:00' }),
				// in progress from Wed 03-20: used at 03-31 = 7 − 1 suspended = 6 > 5 (days_left −1)
				k('F_red_p', 'in_progress', { accepted_at: '2024-03-20 09:00', suspended_days: 1 }),
				// submitted in February, still open: live in March; used 24 > 5
				k('F_feb_live', 'in_progress', { accepted_at: '2024-02-26 09:00' }),
				// from Mon 03-25: used 4, 1 day left
				k('F_yel', 'in_progress', { accepted_at: '2024-03-25 09:00' }),
				// never accepted: clock from submission Fri 03-22, used 5, 0 days left (not yet overdue)
				k('F_yel0', 'in_progress', { submitted_at: '2024-03-22 09:00' }),
				// from Wed 03-27: used 2, 3 left: nothing
				k('F_ok', 'in_progress', { accepted_at: '2024-03-27 09:00' }),
				// no limit: no clock flag
				k('F_nolimit', 'in_progress', { item_code: 'FI2', accepted_at: '2024-01-02 09:00' }),
				k('F_rej', 'rejected', { reject_reason: null }),
				k('F_rej2', 'rejected', { reject_reason: '  ' }),
				k('F_rej3', 'rejected', { reject_reason: '材料不全' }),
				k('F_ret1', 'returned', { accepted_at: '2024-03-06 09:00' }),
				k('F_ret2', 'returned', {}),
				k('F_sup', 'completed', {
					accepted_at: '2024-03-04 09:00',
					completed_at: '2024-03-05 09:00',
					supplement_requests: 2
				}),
				k('F_sup1', 'completed', {
					accepted_at: '2024-03-04 09:00',
					completed_at: '2024-03-05 09:00',
					supplement_requests: 1
				}),
				k('F_fake1', 'completed', {
					submitted_at: '2024-03-11 09:00',
					accepted_at: '2024-03-12 10:00',
					completed_at: '2024-03-11 10:00'
				}),
				{
					...k('F_fake2', 'completed', { accepted_at: '2024-03-04 09:00', completed_at: '2024-03-04 10:00' }),
					decided_at: null
				},
				// applicant A re-applies for FI1 on Mon 03-11, wd(03-04, 03-11) = 5 ≤ 5 → the completed F_rep1 is suspect
				k('F_rep1', 'completed', {
					accepted_at: '2024-03-04 09:00',
					completed_at: '2024-03-04 16:00',
					applicant_hash: 'A'
				}),
				k('F_rep2', 'withdrawn', { submitted_at: '2024-03-11 09:00', applicant_hash: 'A' }),
				// applicant B re-applies after 6 working days: not suspect
				k('F_rep4', 'completed', {
					accepted_at: '2024-03-04 09:00',
					completed_at: '2024-03-04 16:00',
					applicant_hash: 'B'
				}),
				k('F_rep5', 'withdrawn', { submitted_at: '2024-03-12 09:00', applicant_hash: 'B' }),
				// C re-applies on Tue 04-02, after the period end: wd(Fri 03-29, 04-02) = 2 → F_rep7 is suspect
				k('F_rep7', 'completed', {
					accepted_at: '2024-03-29 09:00',
					completed_at: '2024-03-29 16:00',
					applicant_hash: 'C'
				}),
				k('F_rep8', 'withdrawn', { submitted_at: '2024-04-02 09:00', applicant_hash: 'C' }),
				// A applies for another item within the window: not the same item
				k('F_rep6', 'withdrawn', { item_code: 'FI2', submitted_at: '2024-03-05 09:00', applicant_hash: 'A' }),
				// still handled by the source department after the transition (2023-10-01 + 3 months = 2024-01-01)
				k('F_nom', 'withdrawn', { item_code: 'FI3', dept_code: 'F0', submitted_at: '2024-03-05 09:00' }),
				k('F_can', 'withdrawn', { item_code: 'FI4', submitted_at: '2024-03-02 09:00' }),
				// overdue but completed in February: not live in March
				k('F_feb_done', 'completed', { accepted_at: '2024-02-01 09:00', completed_at: '2024-02-29 09:00' })
			]
		});
	});
	afterAll(() => db.close());

	it('flags every case as hand-computed (as of the period end)', async () => {
		const q = periodQuery('2024-03-01', '2024-03-31');
		const page = await listFlags(db, q, { thresholds: t, all: true });
		expect(page.as_of).toBe('2024-03-31');
		const got = Object.fromEntries(page.rows.map((r) => [r.case_id, r.flags]));
		expect(got).toEqual(EXPECTED);
		expect(page.total).toBe(Object.keys(EXPECTED).length);
		expect(page.rows.find((r) => r.case_id === 'F_red_p')!.days_left).toBe(-1);
		expect(page.rows.find((r) => r.case_id === 'F_yel0')!.days_left).toBe(0);
	});

	it('moves the clock with as_of', async () => {
		// as of Tue 03-26: F_red_p used 4 − 1 = 3 (2 left); F_yel used 1; F_yel0 used 2; F_feb_live used 21
		const q = periodQuery('2024-03-01', '2024-03-31', {
			as_of: '2024-03-26',
			flag: 'red_overdue,yellow_due_soon'
		});
		const page = await listFlags(db, q, { thresholds: t, all: true });
		expect(page.rows.map((r) => r.case_id).sort()).toEqual(['F_feb_live', 'F_red_c']);
	});

	it('pages and sorts by an allow-listed column', async () => {
		const q = periodQuery('2024-03-01', '2024-03-31', {
			sort: 'case_id',
			order: 'asc',
			limit: '3',
			offset: '3'
		});
		const page = await listFlags(db, q, { thresholds: t });
		const all = Object.keys(EXPECTED).sort();
		expect(page.rows.map((r) => r.case_id)).toEqual(all.slice(3, 6));
		expect(page.total).toBe(all.length);
		const past = await listFlags(db, { ...q, offset: 100 }, { thresholds: t });
		expect(past.rows).toEqual([]);
		expect(past.total).toBe(all.length);
	});

	it('filters by department and flag', async () => {
		const q = periodQuery('2024-03-01', '2024-03-31', { dept: 'F0' });
		expect((await listFlags(db, q, { thresholds: t, all: true })).rows.map((r) => r.case_id)).toEqual([
			'F_nom'
		]);
		const fake = await listFlags(
			db,
			periodQuery('2024-03-01', '2024-03-31', { flag: 'fake_completion_suspect' }),
			{ thresholds: t, all: true }
		);
		expect(fake.rows.map((r) => r.case_id).sort()).toEqual(['F_fake1', 'F_fake2', 'F_rep1', 'F_rep7']);
	});

	it('counts per department', async () => {
		const c = await countFlags(db, periodQuery('2024-03-01', '2024-03-31'), { thresholds: t });
		expect(c.departments.map((d) => d.dept_code)).toEqual(['F0', 'F1']);
		expect(c.departments[0]).toMatchObject({ cases: 1, counts: { nominal_delegation: 1, red_overdue: 0 } });
		expect(c.departments[1].counts).toEqual({
			red_overdue: 3,
			yellow_due_soon: 2,
			no_reason_rejection: 2,
			midway_return: 1,
			no_one_time_notice: 1,
			fake_completion_suspect: 4,
			nominal_delegation: 0,
			cancelled_item: 1
		});
		expect(c.total.cases).toBe(Object.keys(EXPECTED).length);
	});

	it('charges deductions for flagged cases submitted in the period', async () => {
		const q = periodQuery('2024-03-01', '2024-03-31');
		const r = await computeKpiReport(db, q, opts());
		// F0: F_nom → 0.5; F1: F_sup (no one-time notice) + F_can (cancelled item) → 1 (F_feb_live is February's)
		expect(r.departments.map((d) => [d.dept_code, d.deductions])).toEqual([
			['F0', 0.5],
			['F1', 1]
		]);
		// a scheme charging another flag goes through the flag engine: F1's red cases submitted in March are
		// F_red_c and F_red_p (2 × 1.5 = 3); F_feb_live was submitted in February
		const o = opts();
		const s = validateScheme({
			...o.scheme,
			name: 'red',
			deductions: { flags: { red_overdue: 1.5 }, unrectified_bad_review: 0, cap: 10 }
		});
		const r2 = await computeKpiReport(db, q, { ...o, scheme: s });
		expect(r2.scheme).toBe('red');
		expect(r2.departments.map((d) => [d.dept_code, d.deductions])).toEqual([
			['F0', 0],
			['F1', 3]
		]);
	});

	it('defaults as-of to the period end, or today when earlier', () => {
		expect(resolveAsOf({ to: '2024-03-31', as_of: null }, '2030-01-01')).toBe('2024-03-31');
		expect(resolveAsOf({ to: '2030-03-31', as_of: null }, '2026-01-05')).toBe('2026-01-05');
		expect(resolveAsOf({ to: '2024-03-31', as_of: '2024-03-10' }, '2030-01-01')).toBe('2024-03-10');
	});
});
