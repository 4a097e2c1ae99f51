/**
 * The process engine on the hand-computed log of fixture.ts: every expected figure below is worked out by
 * hand from the fixture's timestamps and the 2024 calendar (see the comments).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Analytics } from '../../../src/lib/server/analytics/db';
import { computeProcess, narrowProcessToScope, processQuery } from '../../../src/lib/server/analytics/process/index';
import { parseProcessQuery } from '../../../src/lib/server/analytics/process/query';
import { processResponse } from '../../../src/lib/server/analytics/process/api';
import { QueryError } from '../../../src/lib/server/analytics/kpi/query';
import { processDb } from './fixture';

let db: Analytics;
beforeAll(async () => {
	db = await processDb();
});
afterAll(async () => {
	await db.close();
});

const run = (p: Record<string, string> = {}) => computeProcess(db, processQuery(p));
const tr = (r: Awaited<ReturnType<typeof run>>, from: string, to: string) =>
	r.transitions.find((t) => t.from === from && t.to === to);

describe('process engine: all cases', () => {
	it('counts cases with events, events, and cases without events', async () => {
		const r = await run();
		expect(r.cases).toBe(4); // A B C D (E has no events)
		expect(r.events).toBe(13);
		expect(r.cases_without_events).toBe(1);
		expect(r.filter.from).toBeNull();
	});

	it('activities: events and cases, ordered by events desc then name (code points)', async () => {
		const r = await run();
		expect(r.activities).toEqual([
			{ activity: '审查', events: 4, cases: 3 },
			{ activity: '收件', events: 3, cases: 3 },
			{ activity: '决定', events: 2, cases: 2 }, // 决 U+51B3 < 受 U+53D7 < 补 U+8865
			{ activity: '受理', events: 2, cases: 2 },
			{ activity: '补正', events: 2, cases: 1 }
		]);
	});

	it('ties in timestamps keep the source order (seq): 收件 → 受理, never 受理 → 收件', async () => {
		const r = await run();
		expect(tr(r, '收件', '受理')).toMatchObject({ pairs: 2, cases: 2, median_workdays: 0, median_hours: 0 });
		expect(tr(r, '受理', '收件')).toBeUndefined();
	});

	it('working days across the Spring Festival (make-up Sundays count, holidays do not)', async () => {
		const r = await run();
		// A: Thu 8 Feb → Mon 19 Feb = Fri 9, Sun 18 (make-up), Mon 19 → 3 wd, 11 d + 1 h = 265 h
		// D: Fri 1 Mar → Tue 5 Mar = Mon 4, Tue 5 → 2 wd, 96 h
		const t = tr(r, '受理', '审查')!;
		expect(t).toMatchObject({ pairs: 2, cases: 2, median_workdays: 2.5, median_hours: 180.5 });
		expect(t.p90_workdays).toBeCloseTo(2.9, 10); // 2 + 0.9 × (3 − 2)
		expect(t.mean_workdays).toBe(2.5);
		// A: same day 10:00 → 15:00 = 0 wd, 5 h; D: Tue 5 → Wed 6 Mar = 1 wd, 24 h
		expect(tr(r, '审查', '决定')).toMatchObject({ pairs: 2, cases: 2, median_workdays: 0.5, median_hours: 14.5 });
	});

	it('a loop a → b → a → b, across a 调休 Saturday: pairs and cases differ', async () => {
		const r = await run();
		// B: Fri 10 May → Sat 11 May (make-up working day) = 1 wd, 24 h; Mon 13 09:00 → 17:00 = 0 wd, 8 h
		const ab = tr(r, '审查', '补正')!;
		expect(ab).toMatchObject({ pairs: 2, cases: 1, median_workdays: 0.5, median_hours: 16 });
		expect(ab.p90_workdays).toBeCloseTo(0.9, 10);
		// Sat 11 May → Mon 13 May: Sun 12 is not a working day → 1 wd, 48 h
		expect(tr(r, '补正', '审查')).toMatchObject({ pairs: 1, cases: 1, median_workdays: 1, p90_workdays: 1, median_hours: 48 });
	});

	it('transitions ordered by pairs desc, cases desc, from, to; a one-event case adds none', async () => {
		const r = await run();
		expect(r.transitions.map((t) => `${t.from}→${t.to}`)).toEqual([
			'受理→审查',
			'审查→决定',
			'收件→受理',
			'审查→补正',
			'补正→审查'
		]);
		expect(r.transitions.reduce((s, t) => s + t.pairs, 0)).toBe(13 - 4); // events − cases
	});

	it('variants with cases and median duration (wd first → last event); a one-event variant', async () => {
		const r = await run();
		expect(r.variants).toEqual({
			count: 3,
			top: [
				// A: 8 Feb → 19 Feb = 3 wd; D: Fri 1 Mar → Wed 6 Mar = 3 wd
				{ path: ['收件', '受理', '审查', '决定'], cases: 2, median_days: 3 },
				{ path: ['收件'], cases: 1, median_days: 0 },
				// B: Fri 10 May → Mon 13 May = Sat 11 (make-up), Mon 13 → 2 wd
				{ path: ['审查', '补正', '审查', '补正'], cases: 1, median_days: 2 }
			]
		});
	});

	it('rework: activities occurring more than once in a case', async () => {
		const r = await run();
		expect(r.rework).toEqual([
			{ activity: '审查', cases: 1, extra: 1 },
			{ activity: '补正', cases: 1, extra: 1 }
		]);
	});

	it('hand-offs: department or actor changes, per pair of departments, actors never named', async () => {
		const r = await run();
		// A 受理→审查 u1→u2 (3 wd), D 受理→审查 u1→u4 (2 wd); A 审查→决定 D01→D02 (0 wd), D (1 wd)
		expect(r.handoffs).toEqual([
			{ from_dept: 'D01', to_dept: 'D01', pairs: 2, cases: 2, median_workdays: 2.5, p90_workdays: expect.closeTo(2.9, 10) },
			{ from_dept: 'D01', to_dept: 'D02', pairs: 2, cases: 2, median_workdays: 0.5, p90_workdays: expect.closeTo(0.9, 10) }
		]);
		expect(JSON.stringify(r)).not.toMatch(/u[1-4]/);
	});
});

describe('process engine: filters and scope', () => {
	it('period: a case is in scope when submitted_at is in the period', async () => {
		const r = await run({ from: '2024-02-01', to: '2024-03-31' });
		expect([r.cases, r.events, r.variants.count, r.cases_without_events]).toEqual([2, 8, 1, 0]);
		expect(r.filter).toMatchObject({ from: '2024-02-01', to: '2024-03-31' });
		const june = await run({ from: '2024-06-01', to: '2024-06-30' });
		expect(june).toMatchObject({ cases: 0, events: 0, activities: [], transitions: [], variants: { count: 0, top: [] }, cases_without_events: 1 });
	});

	it('item, dept (the case’s department), power_type and channel filters', async () => {
		const c = { cases: 1, events: 1, variants: { count: 1, top: [{ path: ['收件'], cases: 1, median_days: 0 }] } };
		expect(await run({ item: 'I2' })).toMatchObject(c);
		expect(await run({ dept: 'D02' })).toMatchObject(c); // A's 决定 event in D02 does not bring A in
		expect(await run({ power_type: '行政确认' })).toMatchObject(c);
		expect(await run({ channel: 'online' })).toMatchObject(c);
		expect(await run({ item: 'I1', from: '2024-05-01', to: '2024-05-31' })).toMatchObject({ cases: 1, events: 4 });
		expect((await run({ peer_group: 'A' })).cases).toBe(4);
		expect((await run({ item: 'NOPE' })).cases).toBe(0);
	});

	it('parser: period optional but both ends together; item checked; the dashboards’ parameters', () => {
		expect(parseProcessQuery(new URLSearchParams({ from: '2024-01-01' }))).toBeInstanceOf(QueryError);
		expect(parseProcessQuery(new URLSearchParams({ item: "x';--" }))).toBeInstanceOf(QueryError);
		expect(parseProcessQuery(new URLSearchParams({ channel: 'fax' }))).toBeInstanceOf(QueryError);
		expect(processQuery({ from: '2024-01-01', to: '2024-01-31', dept: 'D01,D02' }).query.dept).toEqual(['D01', 'D02']);
	});

	it('department scope: own departments only; another department → null (404)', () => {
		const q = processQuery();
		expect(narrowProcessToScope(q, ['D02'])?.query.dept).toEqual(['D02']);
		expect(narrowProcessToScope(processQuery({ dept: 'D01' }), ['D02'])).toBeNull();
		expect(narrowProcessToScope(q, [])).toBeNull();
		expect(narrowProcessToScope(q, null)).toEqual(q);
	});

	it('GET /api/process handler: scope, 404, 400', async () => {
		const own = await processResponse(db, new URLSearchParams(), { scope: ['D02'] });
		expect(own.status).toBe(200);
		expect(await own.json()).toMatchObject({ cases: 1, events: 1 });
		expect((await processResponse(db, new URLSearchParams({ dept: 'D01' }), { scope: ['D02'] })).status).toBe(404);
		expect((await processResponse(db, new URLSearchParams({ to: '2024-01-01' }))).status).toBe(400);
		const all = await (await processResponse(db, new URLSearchParams())).json();
		expect(Object.keys(all).slice(0, 5)).toEqual(['cases', 'events', 'activities', 'transitions', 'variants']);
		expect(Object.keys(all.transitions[0]).slice(0, 7)).toEqual(['from', 'to', 'pairs', 'cases', 'median_workdays', 'p90_workdays', 'median_hours']);
	});
});

describe('derived process tables (steps.ts) give the same results as the events path', () => {
	const filters: Record<string, string>[] = [
		{},
		{ from: '2024-02-01', to: '2024-03-31' },
		{ from: '2024-06-01', to: '2024-06-30' },
		{ item: 'I1' },
		{ dept: 'D02' },
		{ peer_group: 'A', channel: 'window' },
		{ power_type: '行政许可' }
	];

	it('fresh after a rebuild: identical for every filter; stale after the next write (falls back)', async () => {
		const d = await processDb();
		try {
			const { rebuildProcessStepsNow } = await import('../../../src/lib/server/analytics/process/index');
			const { stepsFresh } = await import('../../../src/lib/server/analytics/process/steps');
			expect(await stepsFresh(d)).toBe(false);
			await rebuildProcessStepsNow(d);
			expect(await stepsFresh(d)).toBe(true);
			for (const f of filters) {
				const q = processQuery(f);
				expect(await computeProcess(d, q), JSON.stringify(f)).toEqual(await computeProcess(d, q, { source: 'events' }));
			}
			expect(await computeProcess(d, processQuery())).toEqual(await run());
			await d.write((c) => c.run(`UPDATE meta SET value = CAST(CAST(value AS BIGINT) + 1 AS VARCHAR) WHERE key = 'data_version'`));
			expect(await stepsFresh(d)).toBe(false);
			expect(await computeProcess(d, processQuery())).toEqual(await run());
		} finally {
			await d.close();
		}
	});
});
