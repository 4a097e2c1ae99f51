/**
 * The process view's loader (dashboard/process-view.ts) on the engine's hand-computed log (tests/unit/process/
 * fixture.ts): which period it uses, the item / department target, and the department scope.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Analytics } from '../../../src/lib/server/analytics/db';
import { parseKpiQuery } from '../../../src/lib/server/analytics/kpi/query';
import type { KpiQuery } from '../../../src/lib/kpi/types';
import type { DashboardContext } from '../../../src/lib/server/dashboard/page-filters';
import { processView } from '../../../src/lib/server/dashboard/process-view';
import { processDb } from '../process/fixture';

vi.mock('../../../src/lib/server/settings/activities', () => ({
	activityNames: async () => ({ 审查: '审查（内审）' })
}));

let db: Analytics;
beforeAll(async () => {
	db = await processDb();
});
afterAll(async () => {
	await db.close();
});

/** The parts of a dashboard context the loader reads. */
function ctx(search: string, defaulted: boolean): DashboardContext {
	const query = parseKpiQuery(new URLSearchParams(search)) as KpiQuery;
	return { query, search, defaulted } as unknown as DashboardContext;
}

describe('processView', () => {
	it('uses the URL period as given, with display names and the hand-offs’ department names', async () => {
		const v = (await processView(db, ctx('from=2024-05-01&to=2024-05-31', false), null, { item: 'I1' }))!;
		expect([v.from, v.to, v.trailing]).toEqual(['2024-05-01', '2024-05-31', false]);
		expect(v.result.cases).toBe(1); // B (C is I2, E has no events)
		expect(v.names['审查']).toBe('审查（内审）');
		expect(v.deptNames).toEqual({}); // B has no hand-off: one department, one actor (u3) throughout
	});
	it('without a period in the URL: the 12 months ending with the default month', async () => {
		const v = (await processView(db, ctx('from=2024-06-01&to=2024-06-30', true), null, { dept: 'D01' }))!;
		expect([v.from, v.to, v.trailing]).toEqual(['2023-07-01', '2024-06-30', true]);
		expect(v.result.cases).toBe(3); // A B D of D01 (E has no events)
		expect(v.deptNames).toEqual({ D01: '一局', D02: '二局' });
	});
	it('a department user sees only its own cases; another department is null', async () => {
		const all = (await processView(db, ctx('from=2024-01-01&to=2024-12-31', false), ['D02'], {}))!;
		expect(all.result.cases).toBe(1); // C
		expect(await processView(db, ctx('from=2024-01-01&to=2024-12-31', false), ['D02'], { dept: 'D01' })).toBeNull();
	});
});
