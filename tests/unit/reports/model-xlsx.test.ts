/**
 * The report model and its XLSX / CSV renderings against the KPI engine: every number in the workbook equals
 * computeKpiReport's for the same query (the API's object), text cells that look like formulas stay text.
 */
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Analytics } from '../../../src/lib/server/analytics/db';
import { computeKpiReport } from '../../../src/lib/server/analytics/kpi/compute-report';
import { renderCsv } from '../../../src/lib/server/reports/csv';
import { renderXlsx } from '../../../src/lib/server/reports/xlsx';
import type { AssessmentReport } from '../../../src/lib/reports/types';
import { opts } from '../kpi/fixture';
import { build, FORMULA_NAME, reportsDb } from './report-fixture';

let db: Analytics;
let report: AssessmentReport;
let engine: Awaited<ReturnType<typeof computeKpiReport>>;

beforeAll(async () => {
	db = await reportsDb();
	const b = build(db);
	report = await b.report;
	engine = await computeKpiReport(db, b.q, opts());
});
afterAll(() => db.close());

function sheetRows(ws: ExcelJS.Worksheet): { header: string[]; rows: Record<string, ExcelJS.CellValue>[] } {
	const header = (ws.getRow(2).values as ExcelJS.CellValue[]).slice(1).map(String);
	const rows: Record<string, ExcelJS.CellValue>[] = [];
	for (let r = 3; r <= ws.rowCount; r++) {
		const vals = ws.getRow(r).values as ExcelJS.CellValue[];
		rows.push(Object.fromEntries(header.map((h, i) => [h, vals[i + 1] ?? null])));
	}
	return { header, rows };
}

describe('report model', () => {
	it('has a cover in official wording, the engine’s ranks and the comparison periods', () => {
		expect(report.meta.title).toBe('市简政放权绩效考核通报（2024年3月）');
		expect(report.meta.issuer).toBe('市简政放权改革工作领导小组办公室');
		expect(report.meta.dateLabel).toBe('2024年4月8日');
		// The cover names the scheme as people know it, not by its id (`default`).
		expect(report.meta.schemeName).toBe('放管服改革默认考核方案');
		expect(report.meta.popPeriod).toEqual({ from: '2024-02-01', to: '2024-02-29' });
		expect(report.meta.yoyPeriod).toEqual({ from: '2023-03-01', to: '2023-03-31' });
		const rows = report.groups.flatMap((g) => g.rows);
		expect(rows.map((r) => r.dept_code).sort()).toEqual(engine.departments.map((d) => d.dept_code).sort());
		for (const d of engine.departments) {
			const r = rows.find((x) => x.dept_code === d.dept_code)!;
			expect([r.score, r.rank, r.grade, r.deductions, r.lagging]).toEqual([d.score, d.rank, d.grade, d.deductions, d.lagging]);
		}
		expect(report.groups.map((g) => g.peer_group)).toEqual(['X', 'Y']);
	});

	it('computes 环比 rank and score changes from the previous period’s report', async () => {
		const prev = await computeKpiReport(db, { ...build(db).q, from: '2024-02-01', to: '2024-02-29' }, opts());
		for (const r of report.groups.flatMap((g) => g.rows)) {
			const p = prev.departments.find((d) => d.dept_code === r.dept_code)!;
			expect(r.prev_rank).toBe(p.rank);
			expect(r.rank_change).toBe(r.rank !== null && p.rank !== null ? p.rank - r.rank : null);
		}
	});

	it('lists lagging units with readable reasons and an appendix from the catalogue', () => {
		const lag = engine.departments.filter((d) => d.lagging).map((d) => d.dept_code).sort();
		expect(report.lagging.map((l) => l.dept_code).sort()).toEqual(lag);
		for (const l of report.lagging) expect(l.reasons.length).toBe(l.reason_ids.length);
		expect(report.appendix.kpis.length).toBe(27); // default_ratings included
		expect(report.appendix.kpis.find((k) => k.id === 'on_time_rate')?.name).toBe('按时办结率');
	});

	it('headline KPIs equal the engine’s total, with 同比 / 环比 deltas', () => {
		for (const h of report.headline) expect(h.value).toBe((engine.total.kpis as Record<string, number | null>)[h.id]);
		const cases = report.headline.find((h) => h.id === 'cases')!;
		expect(cases.pop).toEqual({ value: cases.value, then: 2, delta: (cases.value ?? 0) - 2 });
	});

	it('narrows to one department’s scorecard, ranks out of its whole peer group', async () => {
		const r = await build(db, { kind: 'dept', code: 'E2' }).report;
		expect(r.meta.title).toBe('部门E2简政放权绩效考核记分卡（2024年3月）');
		expect(r.groups).toHaveLength(1);
		expect(r.groups[0].rows.map((x) => x.dept_code)).toEqual(['E2']);
		expect(r.groups[0].scored).toBe(engine.departments.filter((d) => d.peer_group === 'X' && d.score !== null).length);
	});
});

describe('XLSX', () => {
	let wb: ExcelJS.Workbook;
	beforeAll(async () => {
		wb = new ExcelJS.Workbook();
		await wb.xlsx.load((await renderXlsx(report)) as unknown as ArrayBuffer);
	});

	it('has one sheet per table with frozen headers and filters', () => {
		expect(wb.worksheets.map((w) => w.name)).toEqual(['封面', '主要指标', '考核排名（X）', '考核排名（Y）', '后进单位', '指标定义', '考核规则']);
		for (const ws of wb.worksheets) {
			expect(ws.views[0]).toMatchObject({ state: 'frozen', ySplit: 2 });
			expect(ws.autoFilter).toBeTruthy();
		}
	});

	it('ranking sheets hold the engine’s numbers as numbers, with number formats', () => {
		const rows = ['考核排名（X）', '考核排名（Y）'].flatMap((n) => sheetRows(wb.getWorksheet(n)!).rows);
		expect(rows).toHaveLength(engine.departments.length);
		for (const d of engine.departments) {
			const r = rows.find((x) => x['部门编码'] === d.dept_code || x['部门编码'] === `'${d.dept_code}`)!;
			expect(r['得分'] ?? null).toBe(d.score);
			expect(r['排名'] ?? null).toBe(d.rank);
			expect(r['扣分']).toBe(d.deductions);
			for (const [id, v] of Object.entries(d.indicator_scores)) {
				const name = report.indicators.find((i) => i.id === id)!.name;
				expect(r[name]).toBe(v);
			}
		}
		const ws = wb.getWorksheet('考核排名（X）')!;
		const scoreCol = sheetRows(ws).header.indexOf('得分') + 1;
		expect(ws.getRow(3).getCell(scoreCol).numFmt).toBe('0.00');
	});

	it('summary values equal the engine’s totals; ratios formatted 0.0%', () => {
		const ws = wb.getWorksheet('主要指标')!;
		const { rows } = sheetRows(ws);
		for (const r of rows) expect(r['本期'] ?? null).toBe((engine.total.kpis as Record<string, number | null>)[String(r['编号'])]);
		const i = rows.findIndex((r) => r['编号'] === 'on_time_rate');
		expect(ws.getRow(i + 3).getCell(3).numFmt).toBe('0.0%');
	});

	it('neutralises formula-like text and writes no formulas', () => {
		const ws = wb.getWorksheet('考核排名（Y）')!;
		const cells: ExcelJS.Cell[] = [];
		for (const w of wb.worksheets) w.eachRow((row) => row.eachCell((c) => cells.push(c)));
		expect(cells.some((c) => c.type === ExcelJS.ValueType.Formula)).toBe(false);
		const names = sheetRows(ws).rows.map((r) => r['单位']);
		expect(names).toContain(`'${FORMULA_NAME}`);
	});
});

describe('CSV', () => {
	it('is UTF-8 with BOM, one table, neutralised', () => {
		const csv = renderCsv(report, 'zh', 'ranking');
		expect(csv.charCodeAt(0)).toBe(0xfeff);
		const lines = csv.slice(1).trimEnd().split('\r\n');
		expect(lines[0].split(',').slice(0, 4)).toEqual(['排名', '部门编码', '单位', '考核分组']);
		expect(lines).toHaveLength(1 + engine.departments.length);
		expect(csv).toContain(`"'=HYPERLINK(""http://x"",""点我"")"`);
		expect(() => renderCsv(report, 'zh', 'nope')).toThrow(/unknown table/);
	});
});
