/**
 * A threshold change on a running server: the KPI rollups for the new thresholds are rebuilt in the background in
 * one transaction; until it commits the screens keep the previous consistent state (old thresholds, rollups that
 * match them — no fall-back to raw scans); after it, the next cold computation reads the rebuilt rollups and gives
 * the raw engine's answer for the new thresholds.
 */
import { afterAll, expect, it } from 'vitest';
import { openAnalytics } from '../../../src/lib/server/analytics/db';
import { computeKpiReport } from '../../../src/lib/server/analytics/kpi/compute-report';
import { periodQuery } from '../../../src/lib/server/analytics/kpi/query';
import { ensureKpiRollups, rollupsUsable } from '../../../src/lib/server/analytics/kpi/rollup';
import { loadScheme } from '../../../src/lib/server/analytics/kpi/scheme';
import { DEFAULT_THRESHOLDS } from '../../../src/lib/server/analytics/kpi/thresholds';
import {
	activeThresholds,
	pendingThresholds,
	resetThresholds,
	saveThresholds,
	setRollupRebuilder,
	thresholdsSettled
} from '../../../src/lib/server/settings/active-thresholds';
import { seedReportsData } from '../../fixtures/reports-data';
import { describeEachDriver } from '../helpers/appdb-drivers';

const analytics = await openAnalytics(':memory:');
await seedReportsData(analytics, { departments: 6, cases: 3000 });
afterAll(async () => {
	setRollupRebuilder(null);
	await analytics.close();
});

describeEachDriver('thresholds and rollups', (ctx) => {
	it('switch after the rebuild commits; meanwhile the previous thresholds and their rollups serve', async () => {
		await resetThresholds(ctx.db);
		await ensureKpiRollups(analytics, DEFAULT_THRESHOLDS);
		let release!: () => void;
		const gate = new Promise<void>((r) => (release = r));
		setRollupRebuilder(async (t) => {
			await gate;
			await ensureKpiRollups(analytics, t);
		});
		try {
			await saveThresholds(ctx.db, { rectificationDays: 5, satisfiedMinScore: 5 }, null);
			// Rebuilding: still the previous thresholds, and their rollups are still the ones read.
			expect(pendingThresholds()?.rectificationDays).toBe(5);
			expect(activeThresholds()).toEqual(DEFAULT_THRESHOLDS);
			expect(await rollupsUsable(analytics, activeThresholds())).toBe(true);
			release();
			await thresholdsSettled();
			expect(pendingThresholds()).toBeNull();
			const t = activeThresholds();
			expect(t).toMatchObject({ rectificationDays: 5, satisfiedMinScore: 5 });
			expect(await rollupsUsable(analytics, t)).toBe(true);
			// The next cold computation reads the rebuilt rollups and equals the raw engine under the new thresholds.
			const q = periodQuery('2025-01-01', '2025-12-31');
			const scheme = loadScheme();
			const fromRollups = await computeKpiReport(analytics, q, { scheme, thresholds: t, rollups: true });
			const raw = await computeKpiReport(analytics, q, { scheme, thresholds: t, rollups: false });
			expect(JSON.stringify(fromRollups)).toBe(JSON.stringify(raw));
			const before = await computeKpiReport(analytics, q, { scheme, thresholds: DEFAULT_THRESHOLDS, rollups: false });
			expect(JSON.stringify(fromRollups)).not.toBe(JSON.stringify(before)); // the thresholds did change the figures
		} finally {
			release();
			setRollupRebuilder(null);
			await resetThresholds(ctx.db);
		}
	});
});
