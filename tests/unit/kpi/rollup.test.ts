/**
 * The rollups are an exact stand-in: on generated demo data, every report, slice and trend read from the
 * rollups equals the one read from the raw tables; stale or differently-thresholded rollups are not used.
 * A share of the ratings is marked default (默认评价) — bad reviews among them, and some is_default left null —
 * so both paths must leave out the same ratings.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KPI_IDS } from '../../../src/lib/kpi/catalog';
import type { Analytics } from '../../../src/lib/server/analytics/db';
import { bumpDataVersion } from '../../../src/lib/server/analytics/schema';
import { computeKpiReport } from '../../../src/lib/server/analytics/kpi/compute-report';
import { periodQuery } from '../../../src/lib/server/analytics/kpi/query';
import {
	dropKpiRollups,
	rebuildKpiRollups,
	rollupsUsable
} from '../../../src/lib/server/analytics/kpi/rollup';
import { computeTrend } from '../../../src/lib/server/analytics/kpi/trend';
import { importedDemo, type DemoDb } from '../../fixtures/demo-db';
import { opts } from './fixture';

describe('KPI rollups', () => {
	let demo: DemoDb;
	let db: Analytics;
	beforeAll(async () => {
		demo = await importedDemo({
			seed: 'kpi-rollup',
			cases: 10_000,
			from: '2023-07-01',
			to: '2024-12-31',
			tables: ['regions', 'departments', 'items', 'cases', 'ratings']
		});
		db = demo.db;
		await db.write(async (c) => {
			// Whatever the generator produced: about a quarter default (any score), a quarter null (= not default).
			await c.run(`UPDATE ratings SET is_default = CASE hash(rating_id) % 4
				WHEN 0 THEN true WHEN 1 THEN NULL WHEN 2 THEN false ELSE is_default END`);
			await rebuildKpiRollups(c);
		});
	}, 300_000);
	afterAll(async () => demo?.cleanup());

	it('have default bad reviews to leave out', async () => {
		const [r] = await db.query(
			`SELECT count(*) FILTER (WHERE is_default AND score <= 2) AS bad_default, count(*) FILTER (WHERE is_default IS NULL) AS unknown FROM ratings`
		);
		expect(Number(r.bad_default)).toBeGreaterThan(0);
		expect(Number(r.unknown)).toBeGreaterThan(0);
	});

	it('are fresh after a rebuild and only for the thresholds they were built with', async () => {
		expect(await rollupsUsable(db, opts().thresholds)).toBe(true);
		expect(await rollupsUsable(db, { ...opts().thresholds, badMaxScore: 1 })).toBe(false);
	});

	it.each([
		['whole year with baseline', { baseline_from: '2023-07-01', baseline_to: '2023-12-31' }],
		['online channel', { channel: 'online' }],
		[
			'window channel, baseline',
			{ channel: 'window', baseline_from: '2023-07-01', baseline_to: '2023-12-31' }
		],
		['rating channel', { rating_channel: 'window_device' }],
		['power type', { power_type: '行政许可' }],
		['every slice at once', { channel: 'online', power_type: '行政许可', rating_channel: 'online' }]
	])('report: %s', async (_name, extra) => {
		const q = periodQuery('2024-01-01', '2024-12-31', extra as Record<string, string>);
		const raw = await computeKpiReport(db, q, { ...opts(), rollups: false });
		const rolled = await computeKpiReport(db, q, { ...opts(), rollups: true });
		expect(raw.total.kpis.cases).toBeGreaterThan(0);
		expect(raw.total.kpis.default_ratings).toBeGreaterThan(0);
		expect(rolled).toEqual(raw);
	});

	it('report: odd period boundaries and a region', async () => {
		const [region] = await db.query(
			`SELECT region_code FROM regions WHERE parent_code IS NOT NULL ORDER BY region_code LIMIT 1`
		);
		for (const extra of [{}, { region: region.region_code as string }] as Record<string, string>[]) {
			const q = periodQuery('2024-02-07', '2024-05-19', extra);
			expect(await computeKpiReport(db, q, { ...opts(), rollups: true })).toEqual(
				await computeKpiReport(db, q, { ...opts(), rollups: false })
			);
		}
	});

	it('trends of every KPI', async () => {
		for (const kpi of KPI_IDS) {
			const q = periodQuery('2024-01-01', '2024-12-31', { kpi, grain: 'quarter' });
			expect(await computeTrend(db, q, { ...opts(), rollups: true })).toEqual(
				await computeTrend(db, q, { ...opts(), rollups: false })
			);
		}
	});

	it('are ignored once the data changed, and can be dropped', async () => {
		await db.write((c) => bumpDataVersion(c));
		expect(await rollupsUsable(db, opts().thresholds)).toBe(false);
		await expect(
			computeKpiReport(db, periodQuery('2024-01-01', '2024-01-31'), { ...opts(), rollups: true })
		).rejects.toThrow(/stale/);
		await db.write((c) => dropKpiRollups(c));
		expect(await rollupsUsable(db, opts().thresholds)).toBe(false);
		expect(
			(await computeKpiReport(db, periodQuery('2024-01-01', '2024-01-31'), opts())).total.kpis.cases
		).toBeGreaterThan(0);
	});
});
