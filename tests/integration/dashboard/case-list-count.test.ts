/**
 * The case list's total: counted without the flag columns (and the repeat-application self-join) when no flag
 * filter is set, with them when one is — either way it equals the number of rows the list itself yields.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Analytics } from '../../../src/lib/server/analytics/db';
import { caseListArrow, caseListRows, flagsOf } from '../../../src/lib/server/analytics/drilldown';
import { listFlags } from '../../../src/lib/server/analytics/kpi/flags';
import { periodQuery } from '../../../src/lib/server/analytics/kpi/query';
import { DEFAULT_THRESHOLDS } from '../../../src/lib/server/analytics/kpi/thresholds';
import { importFiles } from '../../../src/lib/server/ingest/index';
import { importedDemo, type DemoDb } from '../../fixtures/demo-db';

describe('case list total', () => {
	let demo: DemoDb;
	let db: Analytics;
	beforeAll(async () => {
		demo = await importedDemo({
			seed: 'case-list-count',
			cases: 4_000,
			from: '2024-01-01',
			to: '2024-06-30'
		});
		db = demo.db;
		// Two old cases live in February 2024: one still in progress since 2023, one submitted in 2023 and
		// completed in the period — the population's submission-date floor must reach back to them.
		const [d] = await db.query(`SELECT item_code, dept_code, region_code FROM cases LIMIT 1`);
		const old = path.join(demo.dir, 'old-cases.csv');
		fs.writeFileSync(
			old,
			'case_id,item_code,dept_code,region_code,channel,submitted_at,accepted_at,decided_at,completed_at,status\n' +
				`OLD-OPEN,${d.item_code},${d.dept_code},${d.region_code},online,2023-01-05 09:00,2023-01-05 10:00,,,in_progress\n` +
				`OLD-DONE,${d.item_code},${d.dept_code},${d.region_code},online,2023-03-01 09:00,2023-03-01 10:00,2024-02-09 10:00,2024-02-10 10:00,completed\n`
		);
		expect((await importFiles(db, [{ path: old }])).status).toBe('completed');
	}, 120_000);
	afterAll(async () => demo?.cleanup());

	it.each([
		['no filter', {}, null, null, 'submitted'],
		['channel', { channel: 'online' }, null, null, 'submitted'],
		['power type', { power_type: '行政许可' }, null, null, 'submitted'],
		['status', {}, null, 'completed', 'submitted'],
		['live basis', {}, null, null, 'live'],
		['a flag', { flag: 'fake_completion_suspect,red_overdue' }, null, null, 'submitted']
	] as const)('%s', async (_n, extra, item, status, basis) => {
		const q = { ...periodQuery('2024-02-01', '2024-04-30', extra as Record<string, string>), limit: 10 };
		const cq = { q, basis: basis as never, item, status: status as never };
		const page = await caseListArrow(db, cq, DEFAULT_THRESHOLDS);
		const { rows, truncated } = await caseListRows(db, cq, DEFAULT_THRESHOLDS, 1_000_000, false);
		expect(truncated).toBe(false);
		expect(page.total).toBe(rows.length);
		if (!extra || !('flag' in extra)) expect(page.total).toBeGreaterThan(0);
		if (basis === 'live') {
			const ids = new Set(rows.map((r) => r.case_id));
			expect(ids.has('OLD-OPEN') && ids.has('OLD-DONE')).toBe(true);
		}
	});

	it("pages (chosen before the flags are computed) are slices of the full list, with the flag engine's flags", async () => {
		const base = { ...periodQuery('2024-01-01', '2024-06-30'), as_of: '2024-06-30' };
		for (const [sort, order] of [
			['submitted_at', 'desc'],
			['days_left', 'asc'],
			['dept_code', 'asc'],
			['elapsed_wd', 'desc']
		] as const) {
			const q = { ...base, sort, order };
			const cq = { q, basis: 'live' as const, item: null, status: null };
			const { rows } = await caseListRows(db, cq, DEFAULT_THRESHOLDS, 1_000_000, false);
			for (const [offset, limit] of [
				[0, 7],
				[7, 7],
				[rows.length - 3, 10]
			]) {
				const page = await caseListArrow(db, { ...cq, q: { ...q, offset, limit } }, DEFAULT_THRESHOLDS);
				const got = page.table.toArray().map((r) => [r.case_id, r.flag_bits]);
				expect(got).toEqual(rows.slice(offset, offset + limit).map((r) => [r.case_id, r.flag_bits]));
			}
			// every flagged row carries exactly the flags the flag engine lists for it
			const engine = await listFlags(
				db,
				{ ...q, sort: 'case_id', order: 'asc' },
				{ thresholds: DEFAULT_THRESHOLDS, all: true }
			);
			const byId = new Map(engine.rows.map((r) => [r.case_id, [...r.flags].sort()]));
			const flagged = rows.filter((r) => Number(r.flag_bits) !== 0);
			expect(flagged.length).toBe(engine.rows.length);
			for (const r of flagged)
				expect(flagsOf(Number(r.flag_bits)).sort()).toEqual(byId.get(r.case_id as string));
			expect(flagged.some((r) => flagsOf(Number(r.flag_bits)).includes('fake_completion_suspect'))).toBe(
				true
			);
		}
	});
});
