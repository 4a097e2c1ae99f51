/** End-to-end report: scores, ranks, lagging, regions and scope filters on REPORT_FIXTURE (March 2024). */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KPI_IDS } from '../../../src/lib/kpi/catalog';
import type { Analytics } from '../../../src/lib/server/analytics/db';
import { computeKpiReport, computeKpiTable } from '../../../src/lib/server/analytics/kpi/compute-report';
import { periodQuery, QueryError } from '../../../src/lib/server/analytics/kpi/query';
import type { KpiReport } from '../../../src/lib/kpi/types';
import { fixtureDb, opts } from './fixture';
import { REPORT_FIXTURE } from './report-fixture';

describe('KPI report', () => {
	let db: Analytics;
	let r: KpiReport;
	const dep = (code: string) => r.departments.find((d) => d.dept_code === code)!;
	beforeAll(async () => {
		db = await fixtureDb(REPORT_FIXTURE);
		r = await computeKpiReport(db, periodQuery('2024-03-01', '2024-03-31'), opts());
	});
	afterAll(() => db.close());

	it('has the contract shape: every department by dept_code, every KPI id in order', () => {
		expect(Object.keys(r)).toEqual(['period', 'baseline', 'scheme', 'total', 'departments']);
		expect(r.scheme).toBe('default');
		expect(r.departments.map((d) => d.dept_code)).toEqual(['E1', 'E2', 'E3', 'E4']);
		expect(Object.keys(r.total.kpis)).toEqual(KPI_IDS.filter((k) => k !== 'speedup_vs_baseline'));
		expect(Object.keys(dep('E1'))).toEqual([
			'dept_code',
			'name',
			'peer_group',
			'kpis',
			'indicator_scores',
			'deductions',
			'score',
			'grade',
			'rank',
			'lagging',
			'lagging_reasons'
		]);
	});

	it('scores departments without delegated items over the remaining weights', () => {
		// E1: on_time 1 → 100, speedup 1 − 2/20 = 0.9 → 100 (clamped), online 1/2 → 0, one_visit 2/2 → 100,
		// satisfaction 1/1 → 100; weights 20+20+10+5+20 = 75 → 6500/75 = 86.666… → 86.67
		expect(dep('E1')).toMatchObject({
			score: 86.67,
			grade: 'good',
			rank: 1,
			deductions: 0,
			lagging: true,
			lagging_reasons: ['online_rate'],
			indicator_scores: {
				on_time_rate: 100,
				speedup_vs_statutory: 100,
				online_rate: 0,
				one_visit_rate: 100,
				satisfaction_rate: 100
			}
		});
		// E2: on_time 100, speedup 1 − 10/10 = 0 → 0, online 100, one_visit 0, satisfaction 0 → 3000/75 = 40 − 0.5 = 39.5
		expect(dep('E2')).toMatchObject({
			score: 39.5,
			grade: 'fail',
			rank: 2,
			deductions: 0.5,
			lagging_reasons: ['fail', 'bottom', 'speedup_vs_statutory', 'one_visit_rate', 'satisfaction_rate']
		});
		// E3: nothing → no score
		expect(dep('E3')).toMatchObject({
			score: null,
			grade: null,
			rank: null,
			lagging: false,
			lagging_reasons: [],
			indicator_scores: {}
		});
		// E4: on_time 100, speedup 0.9 → 100, online 0 (visits null → one_visit null; no ratings) → 4000/50 = 80: good
		expect(dep('E4')).toMatchObject({
			score: 80,
			grade: 'good',
			rank: 1,
			lagging_reasons: ['bottom', 'online_rate']
		});
	});

	it('aggregates a region over its departments, sub-regions included, without changing ranks', async () => {
		const c1 = await computeKpiReport(db, periodQuery('2024-03-01', '2024-03-31', { region: 'C1' }), opts());
		expect(c1.departments.map((d) => d.dept_code)).toEqual(['E1', 'E2']);
		expect(c1.total.kpis.cases).toBe(3);
		expect(c1.total.kpis.ratings).toBe(2);
		expect(c1.departments.map((d) => d.rank)).toEqual([1, 2]);
		const c11 = await computeKpiReport(
			db,
			periodQuery('2024-03-01', '2024-03-31', { region: 'C11' }),
			opts()
		);
		expect(c11.total.kpis.cases).toBe(2);
		const c0 = await computeKpiReport(db, periodQuery('2024-03-01', '2024-03-31', { region: 'C0' }), opts());
		expect(c0.total.kpis).toEqual(r.total.kpis);
	});

	it('tabulates KPIs per region (subtrees) and per department', async () => {
		const q = periodQuery('2024-03-01', '2024-03-31');
		const regions = await computeKpiTable(db, q, { ...opts(), groupBy: 'region' });
		// C0 ⊃ C1 ⊃ C11: E1 (C11) 2 cases, E2 (C1) 1, E4 (C0) 1
		expect(regions.map((r) => [r.code, r.kpis.cases])).toEqual([
			['C0', 4],
			['C1', 3],
			['C11', 2]
		]);
		expect(regions[0].kpis).toEqual(r.total.kpis);
		const underC1 = await computeKpiTable(db, periodQuery('2024-03-01', '2024-03-31', { region: 'C1' }), {
			...opts(),
			groupBy: 'region'
		});
		expect(underC1.map((x) => [x.code, x.kpis.cases])).toEqual([
			['C1', 3],
			['C11', 2]
		]);
		const inC1 = await computeKpiTable(db, periodQuery('2024-03-01', '2024-03-31', { region: 'C1' }), {
			...opts(),
			groupBy: 'dept'
		});
		expect(inC1.map((x) => x.code)).toEqual(['E1', 'E2']);
		expect(inC1[1].kpis).toEqual(dep('E2').kpis);
	});

	it('filters by department and peer group', async () => {
		const e2 = await computeKpiReport(db, periodQuery('2024-03-01', '2024-03-31', { dept: 'E2' }), opts());
		expect(e2.departments).toEqual([dep('E2')]);
		expect(e2.total.kpis).toEqual(dep('E2').kpis);
		const y = await computeKpiReport(
			db,
			periodQuery('2024-03-01', '2024-03-31', { peer_group: 'Y' }),
			opts()
		);
		expect(y.departments.map((d) => d.dept_code)).toEqual(['E3', 'E4']);
	});

	it('rejects unknown departments and regions', async () => {
		await expect(
			computeKpiReport(db, periodQuery('2024-03-01', '2024-03-31', { dept: 'NOPE' }), opts())
		).rejects.toBeInstanceOf(QueryError);
		await expect(
			computeKpiReport(db, periodQuery('2024-03-01', '2024-03-31', { region: 'NOPE' }), opts())
		).rejects.toBeInstanceOf(QueryError);
	});

	it('/api/kpi: an unknown dept asked for is 400; a department user whose department has no rows yet is 404', async () => {
		const { kpiResponse } = await import('../../../src/lib/server/analytics/kpi/api');
		const asked = await kpiResponse(db, new URLSearchParams('from=2024-03-01&to=2024-03-31&dept=NOPE'));
		expect(asked.status).toBe(400);
		const scoped = await kpiResponse(db, new URLSearchParams('from=2024-03-01&to=2024-03-31'), { scope: ['NOPE'] });
		expect(scoped.status).toBe(404);
		expect(((await scoped.json()) as { error: string }).error).toContain('no analytics data for your department yet: NOPE');
		// and a scoped user asking for a department outside the scope stays a plain 404 (nothing disclosed)
		const other = await kpiResponse(db, new URLSearchParams('from=2024-03-01&to=2024-03-31&dept=E3'), { scope: ['NOPE'] });
		expect(other.status).toBe(404);
		expect(JSON.stringify(await other.json())).not.toContain('E3');
	});
});
