/**
 * kpi/comparison.ts — the one owner of 同比 / 环比: the comparison periods are period.ts's presets, and the
 * query for another period changes only the dates (and drops the baseline) on the parsed object: exactly what
 * parsing the same URL with other dates gives, without a second trip through a search string.
 */
import { describe, expect, it } from 'vitest';
import {
	comparisonRanges,
	comparisonReports,
	delta,
	queryFor
} from '../../../src/lib/server/analytics/kpi/comparison';
import { parseKpiQuery, periodQuery, QueryError } from '../../../src/lib/server/analytics/kpi/query';
import { queryToParams } from '../../../src/lib/kpi/query-params';
import type { KpiQuery, KpiReport } from '../../../src/lib/kpi/types';

const FULL =
	'from=2024-03-01&to=2024-03-31&baseline_from=2023-03-01&baseline_to=2023-03-31&dept=D01,D02&region=R1' +
	'&peer_group=县区&power_type=行政许可&channel=online&rating_channel=app&grain=quarter&kpi=cases' +
	'&flag=red_overdue&as_of=2024-03-15&limit=20&offset=40&sort=days_left&order=asc&scheme=default';

function reparsed(q: KpiQuery, r: { from: string; to: string }, keepBaseline: boolean): KpiQuery {
	const p = queryToParams(q);
	p.set('from', r.from);
	p.set('to', r.to);
	if (!keepBaseline) {
		p.delete('baseline_from');
		p.delete('baseline_to');
	}
	const out = parseKpiQuery(p);
	if (out instanceof QueryError) throw out;
	return out;
}

describe('comparison periods and queries', () => {
	const q = parseKpiQuery(new URLSearchParams(FULL)) as KpiQuery;

	it('a whole month compares with the same month a year earlier and the month before', () => {
		expect(comparisonRanges(q)).toEqual({
			yoy: { from: '2023-03-01', to: '2023-03-31' },
			pop: { from: '2024-02-01', to: '2024-02-29' }
		});
		expect(comparisonRanges({ from: '2024-03-05', to: '2024-03-14' })).toEqual({
			yoy: { from: '2023-03-05', to: '2023-03-14' },
			pop: { from: '2024-02-24', to: '2024-03-04' }
		});
	});

	it('queryFor keeps every filter, as parsing the same URL with other dates does', () => {
		const r = { from: '2023-03-01', to: '2023-03-31' };
		expect(queryFor(q, r)).toEqual(reparsed(q, r, false));
		expect(queryFor(q, r, { keepBaseline: true })).toEqual(reparsed(q, r, true));
		expect(queryFor(q, q, { keepBaseline: true, set: { dept: null } })).toEqual({ ...q, dept: null });
		expect(queryFor(q, r).baseline).toBeNull();
	});

	it('comparisonReports asks for the 同比 and 环比 queries', async () => {
		const asked: KpiQuery[] = [];
		const fake = async (x: KpiQuery) => (asked.push(x), { period: { from: x.from, to: x.to } } as KpiReport);
		const c = await comparisonReports(periodQuery('2024-01-01', '2024-03-31', { dept: 'D01' }), fake);
		expect(c.yoyRange).toEqual({ from: '2023-01-01', to: '2023-03-31' });
		expect(c.popRange).toEqual({ from: '2023-10-01', to: '2023-12-31' });
		expect(c.yoy.period).toEqual(c.yoyRange);
		expect(asked.map((x) => [x.dept, x.baseline])).toEqual([
			[['D01'], null],
			[['D01'], null]
		]);
	});

	it('delta is null-safe', () => {
		expect(delta(0.5, 0.25)).toBe(0.25);
		expect(delta(null, 1)).toBeNull();
		expect(delta(1, undefined)).toBeNull();
	});
});
