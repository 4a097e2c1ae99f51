/** Trends: buckets clipped to the range, 同比 / 环比 deltas, and equality with the report for the same bucket. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Analytics } from '../../../src/lib/server/analytics/db';
import { computeKpiReport } from '../../../src/lib/server/analytics/kpi/compute-report';
import { periodQuery } from '../../../src/lib/server/analytics/kpi/query';
import { buckets, computeTrend, shiftMonths } from '../../../src/lib/server/analytics/kpi/trend';
import { depts, fixtureDb, opts, type FixtureRow } from './fixture';

const c = (case_id: string, submitted_at: string, channel: string): FixtureRow => ({
	case_id,
	item_code: 'I',
	dept_code: 'D1',
	submitted_at,
	status: 'in_progress',
	channel
});

describe('trends', () => {
	let db: Analytics;
	beforeAll(async () => {
		db = await fixtureDb({
			departments: depts(['D1', 'P'], ['D2', 'P']),
			items: [{ item_code: 'I', name: 'I', dept_code: 'D1' }],
			cases: [
				c('a', '2023-03-10 09:00', 'online'),
				c('b', '2023-03-11 09:00', 'window'),
				c('d', '2024-02-29 09:00', 'online'),
				c('e', '2024-03-01 09:00', 'online'),
				c('f', '2024-03-02 09:00', 'window'),
				c('g', '2024-03-31 09:00', 'window'),
				c('h', '2024-03-31 23:00', 'online'),
				c('i', '2024-04-01 00:00', 'online')
			]
		});
	});
	afterAll(() => db.close());

	it('builds clipped buckets and comparison buckets', () => {
		expect(shiftMonths('2024-03-31', -1)).toBe('2024-02-29');
		expect(shiftMonths('2024-02-29', -12)).toBe('2023-02-28');
		const q = buckets('2024-02-15', '2024-04-10', 'quarter');
		expect(q.map((b) => [b.bucket, b.from, b.to])).toEqual([
			['2024-Q1', '2024-02-15', '2024-03-31'],
			['2024-Q2', '2024-04-01', '2024-04-10']
		]);
		// clipped buckets compare with the same dates shifted back
		expect(q[0].yoy).toEqual({ from: '2023-02-15', to: '2023-03-31' });
		expect(q[0].pop).toEqual({ from: '2023-11-15', to: '2023-12-31' });
		// whole buckets compare with whole buckets
		const m = buckets('2024-01-01', '2024-04-30', 'month');
		expect(m[1]).toMatchObject({
			bucket: '2024-02',
			from: '2024-02-01',
			to: '2024-02-29',
			pop: { from: '2024-01-01', to: '2024-01-31' }
		});
		expect(m[3].pop).toEqual({ from: '2024-03-01', to: '2024-03-31' });
		expect(buckets('2023-06-01', '2024-12-31', 'year').map((b) => b.bucket)).toEqual(['2023', '2024']);
	});

	it('gives values with 同比 and 环比', async () => {
		const t = await computeTrend(
			db,
			periodQuery('2024-02-01', '2024-04-30', { kpi: 'cases', grain: 'month' }),
			opts()
		);
		expect(t.points.map((p) => [p.bucket, p.value])).toEqual([
			['2024-02', 1],
			['2024-03', 4],
			['2024-04', 1]
		]);
		// March: 4 now, 2 in March 2023 → +2, +100 %; 1 in February → +3, +300 %
		expect(t.points[1].yoy).toEqual({ from: '2023-03-01', to: '2023-03-31', value: 2, delta: 2, rate: 1 });
		expect(t.points[1].pop).toEqual({ from: '2024-02-01', to: '2024-02-29', value: 1, delta: 3, rate: 3 });
		// February 2023: 0 → rate null (no base)
		expect(t.points[0].yoy).toMatchObject({ value: 0, delta: 1, rate: null });
	});

	it('equals the report for the same bucket, ratios included', async () => {
		const t = await computeTrend(
			db,
			periodQuery('2024-03-01', '2024-03-31', { kpi: 'online_rate', grain: 'month' }),
			opts()
		);
		const r = await computeKpiReport(db, periodQuery('2024-03-01', '2024-03-31'), opts());
		expect(t.points[0].value).toBe(r.total.kpis.online_rate);
		expect(t.points[0].value).toBe(2 / 4); // e, h online; f, g window
		// online_rate March 2023: 1/2 → delta 0
		expect(t.points[0].yoy).toMatchObject({ value: 0.5, delta: 0, rate: 0 });
	});

	it('follows the scope filter (a department with nothing: zero counts, null ratios)', async () => {
		const t = await computeTrend(
			db,
			periodQuery('2024-03-01', '2024-03-31', { kpi: 'online_rate', dept: 'D2' }),
			opts()
		);
		expect(t.points[0].value).toBeNull();
		expect(t.points[0].yoy).toMatchObject({ value: null, delta: null, rate: null });
	});
});
