/**
 * Table exports for case lists: CSV (UTF-8 with BOM so Excel opens Chinese text correctly) and XLSX
 * (exceljs: frozen header, auto-filter, real numbers). Text cells are neutralised by the app's one formula
 * guard (export/neutralise.ts: = + - @ tab CR get a leading apostrophe); numbers stay numbers.
 */
import ExcelJS from 'exceljs';
import { toCsv as csvDocument } from '../export/csv';
import { neutralise } from '../export/neutralise';

export { neutralise };

export type ExportKind = 'text' | 'number' | 'datetime';

export interface ExportColumn {
	key: string;
	header: string;
	kind: ExportKind;
	width?: number;
}

export type ExportValue = string | number | boolean | null | undefined;

function textOf(v: ExportValue, kind: ExportKind): string {
	if (v === null || v === undefined) return '';
	if (kind === 'number')
		return typeof v === 'number' && Number.isFinite(v) ? String(v) : neutralise(String(v));
	if (kind === 'datetime') return neutralise(String(v).replace('T', ' '));
	return neutralise(String(v));
}

export function toCsv(columns: ExportColumn[], rows: Record<string, ExportValue>[]): string {
	return csvDocument(
		columns.map((c) => c.header),
		rows.map((r) =>
			columns.map((c) => {
				const v = r[c.key];
				if (v === null || v === undefined) return null;
				if (c.kind === 'number' && typeof v === 'number') return v;
				return c.kind === 'datetime' ? String(v).replace('T', ' ') : String(v);
			})
		)
	);
}

export async function toXlsx(
	sheetName: string,
	columns: ExportColumn[],
	rows: Record<string, ExportValue>[]
): Promise<Uint8Array> {
	const wb = new ExcelJS.Workbook();
	wb.created = new Date();
	const ws = wb.addWorksheet(sheetName.slice(0, 31).replace(/[\\/?*[\]:]/g, ' '), {
		views: [{ state: 'frozen', ySplit: 1 }]
	});
	ws.columns = columns.map((c) => ({
		header: neutralise(c.header),
		key: c.key,
		width: c.width ?? (c.kind === 'datetime' ? 18 : 14)
	}));
	ws.getRow(1).font = { bold: true };
	for (const r of rows) {
		const out: Record<string, string | number | null> = {};
		for (const c of columns) {
			const v = r[c.key];
			if (v === null || v === undefined) out[c.key] = null;
			else if (c.kind === 'number' && typeof v === 'number') out[c.key] = v;
			else out[c.key] = textOf(v, c.kind);
		}
		ws.addRow(out);
	}
	ws.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1, column: columns.length } };
	const buf = await wb.xlsx.writeBuffer();
	return new Uint8Array(buf as ArrayBuffer);
}
