import { describe, expect, it } from 'vitest';
import { openAnalytics } from '../../../src/lib/server/analytics/db';
import { DEFAULT_THRESHOLDS } from '../../../src/lib/server/analytics/kpi/thresholds';
import { loadScheme } from '../../../src/lib/server/analytics/kpi/scheme';
import { previewRanking } from '../../../src/lib/server/settings/preview';
import {
	activateSchemeVersion,
	activeScheme,
	listSchemeVersions,
	parseDraft,
	saveSchemeVersion,
	storedActiveScheme,
	SchemeError
} from '../../../src/lib/server/settings/schemes';
import { activeThresholds, effectiveThresholds, resetThresholds, saveThresholds, storedThresholds } from '../../../src/lib/server/settings/active-thresholds';
import { seedReportsData } from '../../fixtures/reports-data';
import { describeEachDriver } from '../helpers/appdb-drivers';

const shipped = loadScheme();

describeEachDriver('admin settings', (ctx) => {
	it('thresholds: stored only when they differ, validated by the engine rules, reset to defaults', async () => {
		expect(await effectiveThresholds(ctx.db)).toEqual(DEFAULT_THRESHOLDS);
		const next = await saveThresholds(ctx.db, { handoverDays: 10, rectificationDays: 15 }, null);
		expect(next.handoverDays).toBe(10);
		expect(await storedThresholds(ctx.db)).toEqual({ handoverDays: 10 });
		expect(activeThresholds().handoverDays).toBe(10);
		await expect(saveThresholds(ctx.db, { handoverDays: -1 }, null)).rejects.toThrow(/非负整数/);
		await expect(saveThresholds(ctx.db, { handoverDays: 2.5 }, null)).rejects.toThrow();
		await expect(saveThresholds(ctx.db, { nope: 1 }, null)).rejects.toThrow(/unknown threshold/);
		expect((await effectiveThresholds(ctx.db)).handoverDays).toBe(10);
		await resetThresholds(ctx.db);
		expect(await effectiveThresholds(ctx.db)).toEqual(DEFAULT_THRESHOLDS);
		expect(activeThresholds()).toEqual(DEFAULT_THRESHOLDS);
	});

	it('schemes: versions per name, one active, the shipped default otherwise', async () => {
		expect((await storedActiveScheme(ctx.db)).id).toBeNull();
		expect(activeScheme().name).toBe(shipped.name);
		const draft = parseDraft(JSON.stringify({ ...shipped, name: 'county' }));
		const v1 = await saveSchemeVersion(ctx.db, draft, { comment: 'first', userId: null, activate: true });
		const v2 = await saveSchemeVersion(ctx.db, draft, { comment: 'second', userId: null });
		expect([v1.version, v2.version]).toEqual([1, 2]);
		expect((await storedActiveScheme(ctx.db)).id).toBe(v1.id);
		expect(activeScheme()).toMatchObject({ name: 'county', version: 1 });
		await activateSchemeVersion(ctx.db, v2.id);
		expect(activeScheme()).toMatchObject({ name: 'county', version: 2 });
		const list = await listSchemeVersions(ctx.db);
		expect(list.filter((v) => v.active).map((v) => v.id)).toEqual([v2.id]);
		await activateSchemeVersion(ctx.db, null);
		expect(activeScheme().name).toBe(shipped.name);
		expect(await activateSchemeVersion(ctx.db, 999_999)).toBe(false);
	});
});

describe('scheme drafts', () => {
	it('weights must sum to 100; every engine problem is listed', () => {
		const bad = { ...shipped, indicators: shipped.indicators.map((i, n) => (n === 0 ? { ...i, weight: 16 } : i)) };
		expect(() => parseDraft(JSON.stringify(bad))).toThrow(/权重合计为 101，应为 100/);
		const worse = { ...shipped, indicators: [{ kpi: 'no_such_kpi', weight: -1, rule: { type: 'linear', lo: 1, hi: 1 } }] };
		try {
			parseDraft(JSON.stringify(worse));
			throw new Error('accepted');
		} catch (e) {
			expect(e).toBeInstanceOf(SchemeError);
			expect((e as SchemeError).problems.length).toBeGreaterThanOrEqual(3);
		}
		expect(() => parseDraft('{ not json')).toThrow(/not valid JSON/);
	});

	it('the preview ranks with the KPI engine under the draft and under the scheme in force', async () => {
		const db = await openAnalytics(':memory:');
		try {
			await seedReportsData(db, { departments: 8, cases: 4000, year: 2025 });
			// a draft that only counts satisfaction changes the ranking
			const draft = parseDraft(
				JSON.stringify({ ...shipped, name: 'sat', indicators: [{ kpi: 'satisfaction_rate', weight: 100, rule: { type: 'linear', lo: 0.5, hi: 1 } }] })
			);
			const rows = await previewRanking(db, { from: '2025-01-01', to: '2025-12-31' }, draft, shipped, DEFAULT_THRESHOLDS);
			if (!Array.isArray(rows)) throw rows;
			expect(rows).toHaveLength(8);
			expect(rows.every((r) => r.score !== null && r.current_score !== null)).toBe(true);
			expect(rows.some((r) => r.score !== r.current_score)).toBe(true);
			const bad = await previewRanking(db, { from: '2025-13-01', to: '2025-12-31' }, draft, shipped, DEFAULT_THRESHOLDS);
			expect(Array.isArray(bad)).toBe(false);
		} finally {
			await db.close();
		}
	});
});
