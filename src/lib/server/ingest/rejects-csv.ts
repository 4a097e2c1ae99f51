/**
 * The rejects of one import batch as CSV for download: UTF-8 with BOM (Excel opens Chinese correctly), one row
 * per rejected (row, column), the reason in Chinese and English, and every text cell that could start a formula
 * (=, +, -, @, tab, CR) prefixed with an apostrophe so a spreadsheet never evaluates data.
 */
import type { Analytics } from '../analytics/db';
import { batchRejects } from '../analytics/import-rejects';
import { reasonText } from './index';

export function csvCell(v: unknown): string {
	let s = v === null || v === undefined ? '' : String(v);
	if (/^[=+\-@\t\r]/.test(s)) s = `'${s}`;
	return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export async function rejectsCsv(db: Analytics, batchId: number): Promise<string> {
	const rows = await batchRejects(db, batchId);
	const head = ['文件 file', '表 table', '行号 row', '列 column', '值 value', '原因 reason', '说明 message'];
	const lines = [head.map(csvCell).join(',')];
	for (const r of rows) {
		const message = reasonText(String(r.reason), (r.detail as string | null) ?? null);
		lines.push([r.file_name, r.table_name, r.row_number, r.column_name, r.value, r.reason, message].map(csvCell).join(','));
	}
	return '\uFEFF' + lines.join('\r\n') + '\r\n';
}
