/**
 * The report as an Excel workbook (exceljs): one sheet per table (cover, summary, one ranking per peer group,
 * lagging units, notices, definitions, rules). Row 1 is the table's title, row 2 its header (frozen, with an
 * auto-filter), data from row 3.
 *
 * Invariants: numbers are written as numbers with a number format by kind (ratios 0.0%, scores 0.00 …), never
 * as text; no cell is ever a formula — every string goes through the shared neutraliser (export/neutralise.ts),
 * so data that begins with = + - @ stays text. Lagging rows are tinted (colour is not the only carrier: the
 * table also has a 后进单位 column).
 */
import ExcelJS from 'exceljs';
import type { Lang } from '../../i18n';
import { cellKind, reportTables, type ReportTableDef } from '../../reports/tables';
import type { AssessmentReport, CellKind } from '../../reports/types';
import { neutralise } from '../export/neutralise';

export const NUMBER_FORMATS: Record<CellKind, string | null> = {
	text: null,
	ratio: '0.0%',
	count: '#,##0',
	days: '0.0',
	score: '0.00',
	number: '0',
	signed: '+0.##;-0.##;0',
	signedRatio: '+0.0%;-0.0%;0.0%'
};

const HEADER_FILL: ExcelJS.Fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFE5E7EB' } };
const LAGGING_FILL: ExcelJS.Fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFFDE2E2' } };
const FONT = 'SimSun';

/** Excel sheet names: ≤ 31 characters, none of : \ / ? * [ ], unique in the workbook. */
export function sheetName(title: string, used: Set<string>): string {
	const base = title.replace(/[:\\/?*[\]]/g, ' ').replace(/^'+|'+$/g, '').trim().slice(0, 31) || 'Sheet';
	let name = base;
	for (let n = 2; used.has(name.toLowerCase()); n++) name = `${base.slice(0, 31 - String(n).length - 1)}-${n}`;
	used.add(name.toLowerCase());
	return name;
}

/** One table as a sheet (title row, frozen header with filter, typed numbers, neutralised text); also the task ledger's. */
export function addTable(wb: ExcelJS.Workbook, t: ReportTableDef, used: Set<string>): void {
	const ws = wb.addWorksheet(sheetName(t.title, used), {
		views: [{ state: 'frozen', ySplit: 2, xSplit: 0 }],
		properties: { defaultRowHeight: 18 }
	});
	const n = t.columns.length;
	ws.columns = t.columns.map((c) => ({ key: c.key, width: Math.max(6, (c.width ?? 10) + 2) }));

	const titleRow = ws.getRow(1);
	titleRow.getCell(1).value = neutralise(t.title);
	titleRow.getCell(1).font = { name: FONT, bold: true, size: 14 };
	titleRow.height = 24;
	if (n > 1) ws.mergeCells(1, 1, 1, n);

	const header = ws.getRow(2);
	t.columns.forEach((c, i) => {
		const cell = header.getCell(i + 1);
		cell.value = neutralise(c.label);
		cell.font = { name: FONT, bold: true };
		cell.fill = HEADER_FILL;
		cell.alignment = { vertical: 'middle', horizontal: 'center', wrapText: true };
		cell.border = { bottom: { style: 'thin' } };
	});
	header.height = 30;

	t.rows.forEach((row, r) => {
		const xr = ws.getRow(r + 3);
		row.forEach((v, c) => {
			const cell = xr.getCell(c + 1);
			if (v === null || v === undefined) return;
			if (typeof v === 'number') {
				cell.value = v;
				const fmt = NUMBER_FORMATS[cellKind(t, c, r)];
				if (fmt) cell.numFmt = fmt;
			} else {
				cell.value = neutralise(String(v));
				if ((t.columns[c].width ?? 10) > 30) cell.alignment = { wrapText: true, vertical: 'top' };
			}
			cell.font = { name: FONT };
		});
		if (t.highlight?.[r]) for (let c = 1; c <= n; c++) xr.getCell(c).fill = LAGGING_FILL;
	});

	ws.autoFilter = { from: { row: 2, column: 1 }, to: { row: Math.max(2, t.rows.length + 2), column: n } };
}

export async function renderXlsx(report: AssessmentReport, lang: Lang = 'zh'): Promise<Buffer> {
	const wb = new ExcelJS.Workbook();
	wb.creator = neutralise(report.meta.issuer);
	wb.title = neutralise(report.meta.title);
	wb.created = new Date(report.meta.generatedAt);
	const used = new Set<string>();
	for (const t of reportTables(report, lang)) addTable(wb, t, used);
	return Buffer.from(await wb.xlsx.writeBuffer());
}
