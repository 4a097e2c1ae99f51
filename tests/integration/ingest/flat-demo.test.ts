/**
 * The "done when", on the demo generator's own data: an empty database + the flat 办件 XLSX (title rows,
 * one sheet per year, totals rows, a notes sheet, Excel date cells beside text dates, 不予许可) + the flat 好差评
 * GBK CSV (units by name, 默认评价) give every case- and rating-based KPI of the canonical tables, total and per
 * department; the canonical catalogue imported afterwards completes the delegation KPIs (folding the items the
 * export knew only by name) and the whole report then equals the canonical one.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openAnalytics, type Analytics } from '../../../src/lib/server/analytics/db';
import { computeKpiReport } from '../../../src/lib/server/analytics/kpi/compute-report';
import { periodQuery } from '../../../src/lib/server/analytics/kpi/query';
import { importFiles } from '../../../src/lib/server/ingest/index';
import { writeFlatExports, FLAT_FILES } from '../../../scripts/demo/flat';
import { opts } from '../../unit/kpi/fixture';
import { tempDir } from '../helpers/ingest';

const dir = tempDir('flat-demo');
const flatDir = path.join(dir, 'flat');
const CASE_AND_RATING_KPIS = [
	'cases', 'completed', 'on_time_rate', 'mean_elapsed_workdays', 'immediate_rate', 'speedup_vs_statutory',
	'online_rate', 'one_visit_rate', 'zero_visit_rate', 'rejection_rate', 'return_rate', 'ratings',
	'satisfaction_rate', 'bad_reviews', 'rectification_rate', 'rating_coverage', 'mean_score', 'default_ratings'
] as const;
const pick = (k: Record<string, unknown>) => Object.fromEntries(CASE_AND_RATING_KPIS.map((id) => [id, k[id]]));
const q = periodQuery('2025-01-01', '2026-10-31', { baseline_from: '2025-01-01', baseline_to: '2025-06-30' });

let canonical: Analytics;
let flat: Analytics;

beforeAll(async () => {
	await writeFlatExports(
		{ out: dir, cases: 3000, from: '2025-01-01', to: '2026-10-31', format: 'csv', chinese: false, seed: 'flat-demo', events: false, progress: false },
		'both'
	);
	[canonical, flat] = await Promise.all([openAnalytics(':memory:'), openAnalytics(':memory:')]);
	const csv = (n: string) => ({ path: path.join(dir, `${n}.csv`) });
	const c = await importFiles(canonical, ['regions', 'departments', 'items', 'cases', 'ratings'].map(csv));
	expect(c.rejectsTotal).toBe(0);
}, 300_000);

afterAll(async () => {
	await canonical?.close();
	await flat?.close();
	fs.rmSync(dir, { recursive: true, force: true });
});

describe('flat demo exports into an empty database', () => {
	it('imports the 办件 workbook and the 好差评 GBK CSV as they are', async () => {
		const s = await importFiles(flat, [
			{ path: path.join(flatDir, FLAT_FILES.casesXlsx) },
			{ path: path.join(flatDir, FLAT_FILES.ratingsCsv) }
		]);
		expect(s.status).toBe('completed');
		expect(s.rejectsTotal).toBe(0);
		const sheets = s.files.filter((f) => f.table === 'cases');
		expect(sheets.length).toBeGreaterThanOrEqual(2); // one sheet per year
		expect(sheets.every((f) => f.headerRow === 4)).toBe(true); // title, export line, blank line above
		expect(sheets.reduce((a, f) => a + f.rowsStored, 0)).toBe(3000); // totals rows are not data
		expect(s.files.find((f) => f.file.endsWith('#说明'))).toMatchObject({ skipped: true });
		expect(s.files.find((f) => f.table === 'ratings')).toMatchObject({ encoding: 'gbk', rowsRejected: 0 });
		const [{ n }] = await flat.query(`SELECT count(*) AS n FROM ratings WHERE is_default`);
		expect(Number(n)).toBeGreaterThan(0);
	});

	it('gives the canonical case- and rating-based KPIs, total and per department', async () => {
		const [a, b] = await Promise.all([computeKpiReport(canonical, q, opts()), computeKpiReport(flat, q, opts())]);
		expect(a.total.kpis.cases).toBe(3000);
		expect(pick(b.total.kpis)).toEqual(pick(a.total.kpis));
		expect(b.departments.length).toBe(a.departments.filter((d) => d.kpis.cases || d.kpis.ratings || d.kpis.default_ratings).length);
		for (const d of b.departments) expect(pick(d.kpis)).toEqual(pick(a.departments.find((x) => x.dept_code === d.dept_code)!.kpis));
		expect(b.total.kpis.acceptance_rate).toBeNull();
	});

	it('a later catalogue completes the delegation KPIs and the whole report equals the canonical one', async () => {
		const before = await computeKpiReport(flat, q, opts());
		const csv = (n: string) => ({ path: path.join(dir, `${n}.csv`) });
		const s = await importFiles(flat, ['regions', 'departments', 'items'].map(csv));
		expect(s.warnings.join('\n')).toMatch(/items known only by name were folded/);
		const [a, b] = await Promise.all([computeKpiReport(canonical, q, opts()), computeKpiReport(flat, q, opts())]);
		expect(pick(b.total.kpis)).toEqual(pick(before.total.kpis));
		expect(JSON.stringify(b)).toBe(JSON.stringify(a));
	});
});
