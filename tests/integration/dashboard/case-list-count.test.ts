/**
 * The case list's total: counted without the flag columns (and the repeat-application self-join) when no flag
 * filter is set, with them when one is — either way it equals the number of rows the list itself yields.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openAnalytics, type Analytics } from '../../../src/lib/server/analytics/db';
import { caseListArrow, caseListRows } from '../../../src/lib/server/analytics/drilldown';
import { periodQuery } from '../../../src/lib/server/analytics/kpi/query';
import { DEFAULT_THRESHOLDS } from '../../../src/lib/server/analytics/kpi/thresholds';
import { importFiles } from '../../../src/lib/server/ingest/index';
import { generateDemo } from '../../../scripts/demo/generate';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'case-list-count-'));

describe('case list total', () => {
	let db: Analytics;
	beforeAll(async () => {
		await generateDemo({
			out: dir,
			cases: 4_000,
			from: '2024-01-01',
			to: '2024-06-30',
			format: 'csv',
			chinese: false,
			seed: 'case-list-count',
			events: false,
			progress: false
		});
		db = await openAnalytics(':memory:');
		const files = ['regions', 'departments', 'items', 'cases'].map((n) => ({ path: path.join(dir, `${n}.csv`) }));
		expect((await importFiles(db, files)).status).toBe('completed');
	}, 120_000);
	afterAll(async () => {
		await db?.close();
		fs.rmSync(dir, { recursive: true, force: true });
	});

	it.each([
		['no filter', {}, null, null, 'submitted'],
		['channel', { channel: 'online' }, null, null, 'submitted'],
		['power type', { power_type: '行政许可' }, null, null, 'submitted'],
		['status', {}, null, 'completed', 'submitted'],
		['open basis', {}, null, null, 'open'],
		['a flag', { flag: 'fake_completion_suspect,red_overdue' }, null, null, 'submitted']
	] as const)('%s', async (_n, extra, item, status, basis) => {
		const q = { ...periodQuery('2024-02-01', '2024-04-30', extra as Record<string, string>), limit: 10 };
		const cq = { q, basis: basis as never, item, status: status as never };
		const page = await caseListArrow(db, cq, DEFAULT_THRESHOLDS);
		const { rows, truncated } = await caseListRows(db, cq, DEFAULT_THRESHOLDS, 1_000_000, false);
		expect(truncated).toBe(false);
		expect(page.total).toBe(rows.length);
		if (!extra || !('flag' in extra)) expect(page.total).toBeGreaterThan(0);
	});
});
