/**
 * The KPI endpoints narrow every query to the caller's department scope before the engine runs.
 */
import { describe, expect, it } from 'vitest';
import { narrowToScope } from '../../../src/lib/server/analytics/kpi/api';
import { parseKpiQuery, QueryError } from '../../../src/lib/server/analytics/kpi/query';
import type { KpiQuery } from '../../../src/lib/kpi/types';

function q(qs: string): KpiQuery {
	const r = parseKpiQuery(new URLSearchParams(qs));
	if (r instanceof QueryError) throw r;
	return r;
}

describe('narrowToScope', () => {
	it('leaves queries of unscoped users (leader, supervisor, admin) unchanged', () => {
		const query = q('from=2024-01-01&to=2024-12-31&dept=D02');
		expect(narrowToScope(query, null)).toBe(query);
	});
	it('gives a department user exactly their own departments when no dept is asked for', () => {
		expect(narrowToScope(q('from=2024-01-01&to=2024-12-31'), ['D01', 'D03'])?.dept).toEqual(['D01', 'D03']);
	});
	it('keeps a dept filter inside the scope', () => {
		expect(narrowToScope(q('from=2024-01-01&to=2024-12-31&dept=D03'), ['D01', 'D03'])?.dept).toEqual(['D03']);
	});
	it('refuses (null → 404) a dept outside the scope, also when mixed with an own one', () => {
		expect(narrowToScope(q('from=2024-01-01&to=2024-12-31&dept=D02'), ['D01'])).toBeNull();
		expect(narrowToScope(q('from=2024-01-01&to=2024-12-31&dept=D01,D02'), ['D01'])).toBeNull();
	});
	it('an empty scope sees nothing (never "no filter")', () => {
		expect(narrowToScope(q('from=2024-01-01&to=2024-12-31'), [])).toBeNull();
	});
});
