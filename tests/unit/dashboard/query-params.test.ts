/**
 * The one URL serialiser (lib/kpi/query-params.ts): what the filter bar writes and what queryToParams writes is
 * what the server's parser reads back — a round trip for the filter state and for whole queries.
 */
import { describe, expect, it } from 'vitest';
import {
	filterQuery,
	filtersOf,
	filtersToParams,
	queryToParams,
	type DashboardFilters
} from '../../../src/lib/kpi/query-params';
import { parseKpiQuery, periodQuery, QueryError } from '../../../src/lib/server/analytics/kpi/query';

const parse = (p: URLSearchParams) => {
	const q = parseKpiQuery(p);
	if (q instanceof QueryError) throw q;
	return q;
};

const FULL: DashboardFilters = {
	from: '2024-03-01',
	to: '2024-03-31',
	baseline: { from: '2023-03-01', to: '2023-03-31' },
	dept: 'D01,D02',
	region: '430100',
	peer_group: '县直部门',
	power_type: '行政许可',
	channel: 'online'
};

const BARE: DashboardFilters = {
	from: '2024-01-01',
	to: '2024-12-31',
	baseline: null,
	dept: null,
	region: null,
	peer_group: null,
	power_type: null,
	channel: null
};

describe('filter state ⇄ URL', () => {
	it.each([
		['every filter', FULL],
		['only the period', BARE]
	])('round-trips %s through the server parser', (_, f) => {
		expect(filtersOf(parse(filtersToParams(f)))).toEqual(f);
	});

	it('keeps foreign parameters and drops paging when the filters change', () => {
		const base = new URLSearchParams(
			'lang=en&from=2020-01-01&to=2020-01-31&dept=X&offset=200&page=3&case=C1&flag=red_overdue'
		);
		const p = filtersToParams(BARE, base);
		expect(p.get('lang')).toBe('en');
		expect(p.get('flag')).toBe('red_overdue');
		expect(p.get('from')).toBe('2024-01-01');
		for (const k of ['dept', 'offset', 'page', 'case', 'baseline_from']) expect(p.has(k)).toBe(false);
	});

	it('writes the filters in one order', () => {
		expect(filtersToParams(FULL).toString()).toBe(
			'from=2024-03-01&to=2024-03-31&baseline_from=2023-03-01&baseline_to=2023-03-31&dept=D01%2CD02' +
				'&region=430100&peer_group=%E5%8E%BF%E7%9B%B4%E9%83%A8%E9%97%A8' +
				'&power_type=%E8%A1%8C%E6%94%BF%E8%AE%B8%E5%8F%AF&channel=online'
		);
	});
});

describe('queryToParams', () => {
	it.each([
		['defaults only', periodQuery('2024-01-01', '2024-01-31')],
		[
			'every parameter',
			periodQuery('2024-01-01', '2024-06-30', {
				baseline_from: '2023-01-01',
				baseline_to: '2023-06-30',
				dept: 'D2,D1',
				region: 'R1',
				peer_group: 'G',
				power_type: 'P',
				channel: 'window',
				rating_channel: 'sms',
				grain: 'year',
				kpi: 'mean_score',
				flag: 'red_overdue,midway_return',
				as_of: '2024-05-31',
				limit: '20',
				offset: '40',
				sort: 'days_left',
				order: 'asc',
				scheme: 'default'
			})
		]
	])('round-trips %s', (_, q) => {
		expect(parse(queryToParams(q))).toEqual(q);
	});

	it('writes the filter part exactly as the filter bar does', () => {
		const q = parse(filtersToParams(FULL));
		expect(queryToParams(q).toString()).toBe(filtersToParams(FULL).toString());
	});

	it('leaves defaults out', () => {
		expect(queryToParams(periodQuery('2024-01-01', '2024-01-31')).toString()).toBe(
			'from=2024-01-01&to=2024-01-31'
		);
	});
});

describe('filterQuery', () => {
	it('keeps only the filters, with overrides', () => {
		const p = new URLSearchParams('from=2024-01-01&to=2024-01-31&lang=en&offset=100&dept=D1');
		expect(filterQuery(p)).toBe('?from=2024-01-01&to=2024-01-31&dept=D1');
		expect(filterQuery(p, { dept: null, flag: 'red_overdue' })).toBe(
			'?from=2024-01-01&to=2024-01-31&flag=red_overdue'
		);
		expect(filterQuery(new URLSearchParams('lang=en'))).toBe('');
	});
});
