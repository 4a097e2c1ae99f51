/**
 * The same demo data imported in its canonical CSV form and in its Chinese form (GBK, Chinese file names,
 * headers and values) gives identical KPI JSON — the engine sees only canonical tables.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openAnalytics, type Analytics } from '../../../src/lib/server/analytics/db';
import { computeKpiReport } from '../../../src/lib/server/analytics/kpi/compute-report';
import { listFlags } from '../../../src/lib/server/analytics/kpi/flags';
import { periodQuery } from '../../../src/lib/server/analytics/kpi/query';
import { importFiles } from '../../../src/lib/server/ingest/index';
import { generateDemo } from '../../../scripts/demo/generate';
import { opts } from './fixture';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kpi-forms-'));

async function importDir(folder: string): Promise<Analytics> {
	const db = await openAnalytics(':memory:');
	const files = fs
		.readdirSync(folder)
		.filter((f) => f.endsWith('.csv'))
		.map((f) => ({ path: path.join(folder, f) }));
	const s = await importFiles(db, files);
	expect(s.status).toBe('completed');
	return db;
}

describe('canonical and Chinese GBK imports', () => {
	let canonical: Analytics;
	let chinese: Analytics;
	beforeAll(async () => {
		await generateDemo({
			out: dir,
			cases: 10_000,
			from: '2024-01-01',
			to: '2024-12-31',
			format: 'csv',
			chinese: true,
			seed: 'kpi-forms',
			events: false,
			progress: false
		});
		[canonical, chinese] = await Promise.all([importDir(dir), importDir(path.join(dir, 'zh'))]);
	}, 300_000);
	afterAll(async () => {
		await canonical?.close();
		await chinese?.close();
		fs.rmSync(dir, { recursive: true, force: true });
	});

	it('give identical KPI reports, flags and row counts', async () => {
		const q = periodQuery('2024-01-01', '2024-12-31', {
			baseline_from: '2024-01-01',
			baseline_to: '2024-06-30'
		});
		const [a, b] = await Promise.all([
			computeKpiReport(canonical, q, opts()),
			computeKpiReport(chinese, q, opts())
		]);
		expect(a.total.kpis.cases).toBeGreaterThan(9000);
		expect(JSON.stringify(b)).toBe(JSON.stringify(a));
		const f = periodQuery('2024-06-01', '2024-06-30', { sort: 'case_id', order: 'asc', limit: '10000' });
		const [fa, fb] = await Promise.all([listFlags(canonical, f, opts()), listFlags(chinese, f, opts())]);
		expect(fa.total).toBeGreaterThan(0);
		expect(fb).toEqual(fa);
	});
});
