/** The one filter parser: validation with bilingual messages, defaults and URL round trip. */
import { describe, expect, it } from 'vitest';
import { parseKpiQuery, QueryError } from '../../../src/lib/server/analytics/kpi/query';
import { queryToParams } from '../../../src/lib/kpi/query-params';

const p = (qs: string) => parseKpiQuery(new URLSearchParams(qs));

describe('parseKpiQuery', () => {
	it('parses a full query', () => {
		const q = p(
			'from=2024-01-01&to=2024-12-31&baseline_from=2023-01-01&baseline_to=2023-12-31&dept=D1,D2&dept=D3&region=430100&peer_group=县直部门&power_type=行政许可&channel=online&grain=quarter&kpi=on_time_rate&flag=red_overdue,midway_return&as_of=2024-06-30&limit=50&offset=100&sort=days_left&order=asc&lang=en'
		);
		expect(q).toEqual({
			from: '2024-01-01',
			to: '2024-12-31',
			baseline: { from: '2023-01-01', to: '2023-12-31' },
			dept: ['D1', 'D2', 'D3'],
			region: '430100',
			peer_group: '县直部门',
			power_type: '行政许可',
			channel: 'online',
			rating_channel: null,
			grain: 'quarter',
			kpi: 'on_time_rate',
			flag: ['red_overdue', 'midway_return'],
			as_of: '2024-06-30',
			limit: 50,
			offset: 100,
			sort: 'days_left',
			order: 'asc',
			scheme: null
		});
		// round trip
		expect(parseKpiQuery(queryToParams(q as never))).toEqual(q);
	});

	it.each([
		['to=2024-01-01', 'from'],
		['from=2024-01-01', 'to'],
		['from=2024-1-1&to=2024-01-31', 'from'],
		['from=2023-02-29&to=2024-01-31', 'from'],
		['from=1999-12-31&to=2024-01-31', 'from'],
		['from=2024-02-01&to=2024-01-31', 'from'],
		['from=2024-01-01&to=2024-01-31&baseline_to=2023-01-31', 'baseline_from'],
		['from=2024-01-01&to=2024-01-31&baseline_from=2023-02-01&baseline_to=2023-01-31', 'baseline_from'],
		['from=2024-01-01&to=2024-01-31&channel=fax', 'channel'],
		['from=2024-01-01&to=2024-01-31&grain=week', 'grain'],
		['from=2024-01-01&to=2024-01-31&kpi=profit', 'kpi'],
		['from=2024-01-01&to=2024-01-31&flag=red', 'flag'],
		['from=2024-01-01&to=2024-01-31&limit=0', 'limit'],
		['from=2024-01-01&to=2024-01-31&limit=10001', 'limit'],
		['from=2024-01-01&to=2024-01-31&offset=-1', 'offset'],
		['from=2024-01-01&to=2024-01-31&sort=name', 'sort'],
		["from=2024-01-01&to=2024-01-31&dept=a'b", 'dept'],
		['from=2024-01-01&to=2024-01-31&region=' + 'x'.repeat(65), 'region']
	])('rejects %s', (qs, param) => {
		const e = p(qs);
		expect(e).toBeInstanceOf(QueryError);
		expect((e as QueryError).param).toBe(param);
		expect((e as QueryError).message).toMatch(/.+ \/ .+/); // 中文 / English
	});

	it('applies defaults and requirements', () => {
		expect(p('from=2024-01-01&to=2024-01-01')).toMatchObject({
			baseline: null,
			dept: null,
			grain: 'month',
			limit: 100,
			offset: 0,
			sort: 'submitted_at',
			order: 'desc'
		});
		expect(
			parseKpiQuery(new URLSearchParams('from=2024-01-01&to=2024-01-31'), { require: ['kpi'] })
		).toBeInstanceOf(QueryError);
	});
});
