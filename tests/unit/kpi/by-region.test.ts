/** KPI per region for the map = the engine's report scoped to that region, for every KPI (REPORT_FIXTURE, March 2024). */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KPI_IDS } from '../../../src/lib/kpi/catalog';
import type { Analytics } from '../../../src/lib/server/analytics/db';
import { kpiByRegion } from '../../../src/lib/server/analytics/kpi/by-region';
import { computeKpiReport } from '../../../src/lib/server/analytics/kpi/compute-report';
import { periodQuery } from '../../../src/lib/server/analytics/kpi/query';
import { fixtureDb, opts } from './fixture';
import { REPORT_FIXTURE } from './report-fixture';

describe('kpiByRegion', () => {
	let db: Analytics;
	beforeAll(async () => {
		// C2: a region without any department (a park not yet staffed)
		db = await fixtureDb({
			...REPORT_FIXTURE,
			regions: [
				...REPORT_FIXTURE.regions!,
				{ region_code: 'C2', name: '园区', level: 'park', parent_code: 'C0' }
			]
		});
	});
	afterAll(() => db.close());

	const codes = ['C11', 'C1', 'C0', 'C2', 'NOPE'];

	it('equals computeKpiReport scoped to each region, for every KPI', async () => {
		const base = { from: '2024-03-01', to: '2024-03-31', baseline: { from: '2023-03-01', to: '2023-03-31' } };
		const scoped = new Map<string, Record<string, number | null | undefined>>();
		for (const code of ['C11', 'C1', 'C0']) {
			const q = periodQuery(base.from, base.to, {
				region: code,
				baseline_from: base.baseline.from,
				baseline_to: base.baseline.to
			});
			scoped.set(code, (await computeKpiReport(db, q, opts())).total.kpis);
		}
		const all = await Promise.all(
			KPI_IDS.map((kpi) => kpiByRegion(db, { ...base, kpi, codes, thresholds: opts().thresholds }))
		);
		KPI_IDS.forEach((kpi, i) => {
			expect(all[i].map((g) => g.region_code)).toEqual(codes);
			for (const code of ['C11', 'C1', 'C0'])
				expect(all[i].find((g) => g.region_code === code)?.value, `${kpi} in ${code}`).toBe(
					scoped.get(code)![kpi] ?? null
				);
		});
	});

	it('names the regions; no department → null (not 0); an unknown code → null under its code', async () => {
		const got = await kpiByRegion(db, {
			from: '2024-03-01',
			to: '2024-03-31',
			kpi: 'cases',
			codes,
			thresholds: opts().thresholds
		});
		expect(got).toEqual([
			{ region_code: 'C11', name: '镇', value: 2 },
			{ region_code: 'C1', name: '县', value: 3 },
			{ region_code: 'C0', name: '市', value: 4 },
			{ region_code: 'C2', name: '园区', value: null },
			{ region_code: 'NOPE', name: 'NOPE', value: null }
		]);
		expect(
			await kpiByRegion(db, {
				from: '2024-03-01',
				to: '2024-03-31',
				kpi: 'cases',
				codes: [],
				thresholds: opts().thresholds
			})
		).toEqual([]);
	});

	it('has no speed-up against a baseline without one', async () => {
		const got = await kpiByRegion(db, {
			from: '2024-03-01',
			to: '2024-03-31',
			kpi: 'speedup_vs_baseline',
			codes: ['C0'],
			thresholds: opts().thresholds
		});
		expect(got[0].value).toBeNull();
	});
});
