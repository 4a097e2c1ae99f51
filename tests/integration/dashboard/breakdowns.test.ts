/**
 * The dashboards' own queries (analytics/breakdowns.ts, analytics/drilldown.ts) must agree with the KPI
 * engine: the totals of every breakdown and list equal the engine's KPI or flag count for the same filters.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tableFromIPC } from 'apache-arrow';
import type { Analytics } from '../../../src/lib/server/analytics/db';
import { openAnalytics } from '../../../src/lib/server/analytics/db';
import { refreshCases } from '../../../src/lib/server/analytics/derive';
import { toIpc } from '../../../src/lib/server/analytics/arrow';
import {
	badReviews,
	daysCompared,
	delegationBreakdown,
	elapsedHistogram,
	handoverLags,
	idleItems,
	ratingDistribution
} from '../../../src/lib/server/analytics/breakdowns';
import {
	caseDetail,
	caseListArrow,
	caseListRows,
	itemTable,
	parseCaseList
} from '../../../src/lib/server/analytics/drilldown';
import { computeKpiReport } from '../../../src/lib/server/analytics/kpi/compute-report';
import { countFlags } from '../../../src/lib/server/analytics/kpi/flags';
import { parseKpiQuery, QueryError } from '../../../src/lib/server/analytics/kpi/query';
import { loadScheme } from '../../../src/lib/server/analytics/kpi/scheme';
import { DEFAULT_THRESHOLDS } from '../../../src/lib/server/analytics/kpi/thresholds';
import type { KpiQuery, KpiReport } from '../../../src/lib/kpi/types';
import { seedReportsData } from '../../fixtures/reports-data';

const t = { ...DEFAULT_THRESHOLDS };
let db: Analytics;

function query(s: string): KpiQuery {
	const q = parseKpiQuery(new URLSearchParams(s));
	if (q instanceof QueryError) throw q;
	return q;
}

async function engine(q: KpiQuery): Promise<KpiReport> {
	return computeKpiReport(db, q, { scheme: loadScheme(), thresholds: t });
}

beforeAll(async () => {
	db = await openAnalytics(':memory:');
	await seedReportsData(db, { departments: 12, cases: 6000, year: 2025 });
	// A few cases still running at the end of the year (flags: overdue, due soon), and item batches.
	await db.write(async (c) => {
		await c.run(
			`UPDATE items SET batch = CASE WHEN hash(item_code) % 2 = 0 THEN '临政发〔2024〕1号' ELSE '临政发〔2024〕7号' END`
		);
		await c.run(
			`INSERT INTO cases (case_id, item_code, dept_code, channel, submitted_at, accepted_at, status, visits, supplement_requests)
			 SELECT 'P' || k, (SELECT min(item_code) FROM items), (SELECT min(dept_code) FROM departments), 'window',
			        TIMESTAMP '2025-12-01 09:00' + to_days(k), TIMESTAMP '2025-12-01 10:00' + to_days(k), 'in_progress', 1, 3
			 FROM range(0, 25) t(k)`
		);
		await refreshCases(c, `case_id LIKE 'P%'`);
	});
}, 120_000);

afterAll(async () => {
	await db?.close();
});

const PERIODS = [
	'from=2025-01-01&to=2025-12-31',
	'from=2025-06-01&to=2025-06-30',
	'from=2025-12-01&to=2025-12-31&channel=online'
];

describe.each(PERIODS)('breakdowns agree with the engine (%s)', (s) => {
	it('delegation per department and per batch', async () => {
		const q = query(s);
		const [rep, byDept, byBatch] = await Promise.all([
			engine(q),
			delegationBreakdown(db, q, t, 'dept'),
			delegationBreakdown(db, q, t, 'batch')
		]);
		const k = rep.total.kpis;
		for (const rows of [byDept, byBatch]) {
			const sum = (f: 'delegated' | 'accepted' | 'idle' | 'active' | 'handover_on_time') =>
				rows.reduce((a, r) => a + r[f], 0);
			expect(sum('delegated')).toBe(k.delegated_items);
			expect(sum('idle')).toBe(k.idle_items);
			expect(sum('accepted') / sum('delegated')).toBeCloseTo(k.acceptance_rate!, 12);
			expect(sum('handover_on_time') / sum('accepted')).toBeCloseTo(k.handover_on_time_rate!, 12);
		}
		for (const r of byDept) {
			const d = rep.departments.find((x) => x.dept_code === r.key)!;
			expect(r.delegated).toBe(d.kpis.delegated_items);
			expect(r.idle).toBe(d.kpis.idle_items);
		}
		const lags = await handoverLags(db, q);
		expect(lags.reduce((a, l) => a + l.count, 0)).toBe(byDept.reduce((a, r) => a + r.accepted, 0));
		const idle = await idleItems(db, q, 10_000);
		expect(idle.length).toBe(k.idle_items);
	});

	it('elapsed histogram, days compared and the per-item table', async () => {
		const q = query(s);
		const [rep, hist, days, items] = await Promise.all([
			engine(q),
			elapsedHistogram(db, q),
			daysCompared(db, q, 'dept', 1000),
			itemTable(db, q, t)
		]);
		const k = rep.total.kpis;
		const n = hist.reduce((a, h) => a + h.count, 0);
		expect(n).toBe(k.completed);
		if (n)
			expect(hist.reduce((a, h) => a + h.value * h.count, 0) / n).toBeCloseTo(k.mean_elapsed_workdays!, 9);
		expect(days.reduce((a, d) => a + d.completed, 0)).toBe(k.completed);
		expect(items.reduce((a, r) => a + r.cases, 0)).toBe(k.cases);
		expect(items.reduce((a, r) => a + r.completed, 0)).toBe(k.completed);
	});

	it('ratings distribution and bad reviews', async () => {
		const q = query(s);
		const [rep, byDept, byChannel, bad] = await Promise.all([
			engine(q),
			ratingDistribution(db, q, 'dept'),
			ratingDistribution(db, q, 'channel'),
			badReviews(db, q, t, 100_000)
		]);
		const k = rep.total.kpis;
		for (const rows of [byDept, byChannel]) {
			const all = rows.reduce((a, r) => a + r.counts.reduce((x, y) => x + y, 0), 0);
			const ok = rows.reduce((a, r) => a + r.counts[2] + r.counts[3] + r.counts[4], 0);
			expect(all).toBe(k.ratings);
			if (all) expect(ok / all).toBeCloseTo(k.satisfaction_rate!, 12);
		}
		expect(bad.total).toBe(k.bad_reviews);
	});

	it('case lists: submitted = cases, completed = completed, a flag list = the flag count', async () => {
		const q = query(s);
		const [rep, counts] = await Promise.all([engine(q), countFlags(db, q, { thresholds: t })]);
		const list = async (extra: string) => {
			const p = new URLSearchParams(`${s}&limit=10000${extra}`);
			const cq = parseCaseList(query(p.toString()), p);
			if (cq instanceof QueryError) throw cq;
			return caseListArrow(db, cq, t);
		};
		expect((await list('')).total).toBe(rep.total.kpis.cases);
		expect((await list('&basis=completed')).total).toBe(rep.total.kpis.completed);
		for (const flag of [
			'red_overdue',
			'yellow_due_soon',
			'no_one_time_notice',
			'fake_completion_suspect'
		] as const) {
			const page = await list(`&flag=${flag}`);
			expect(page.total).toBe(counts.total.counts[flag]);
			expect(page.table.numRows).toBe(Math.min(page.total, 10_000));
		}
	});
});

describe('case list transport and detail', () => {
	it('round-trips through Arrow IPC with typed columns', async () => {
		const p = new URLSearchParams(
			'from=2025-12-01&to=2025-12-31&flag=red_overdue&limit=50&sort=days_left&order=asc'
		);
		const cq = parseCaseList(query(p.toString()), p) as Exclude<ReturnType<typeof parseCaseList>, QueryError>;
		const page = await caseListArrow(db, cq, t);
		const back = tableFromIPC(toIpc(page.table));
		expect(back.numRows).toBe(page.table.numRows);
		expect(String(back.schema.fields.find((f) => f.name === 'status')?.type)).toContain('Dictionary');
		const left = back.getChild('days_left')!.toArray() as Int32Array;
		for (let i = 1; i < left.length; i++) expect(left[i]).toBeGreaterThanOrEqual(left[i - 1]);
		const ms = back.getChild('submitted_ms')!.get(0) as number;
		expect(new Date(ms).toISOString().slice(0, 4)).toBe('2025');
	});

	it('rejects bad list parameters with a message', () => {
		const p = new URLSearchParams('from=2025-01-01&to=2025-01-31&status=done');
		const r = parseCaseList(query(p.toString()), p);
		expect(r).toBeInstanceOf(QueryError);
		expect((r as QueryError).message).toContain('status');
	});

	it('drops personal fields from export rows unless asked', async () => {
		const p = new URLSearchParams('from=2025-01-01&to=2025-12-31');
		const cq = parseCaseList(query(p.toString()), p) as Exclude<ReturnType<typeof parseCaseList>, QueryError>;
		const { rows } = await caseListRows(db, cq, t, 5, false);
		expect(rows.every((r) => r.reject_reason === null)).toBe(true);
	});

	it('shows one case with flags and its working-day clock', async () => {
		const d = await caseDetail(db, 'P0', '2025-12-31', t);
		expect(d).not.toBeNull();
		expect(d!.flags).toContain('no_one_time_notice');
		expect(d!.used).toBeGreaterThan(0);
		expect(await caseDetail(db, 'nope', '2025-12-31', t)).toBeNull();
	});
});
