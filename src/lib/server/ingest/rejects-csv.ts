/**
 * The rejects of one import batch as CSV for download: one row per rejected (row, column), the reason in
 * Chinese and English — written by the one CSV writer (`export/csv.ts`: BOM, quoting, formula neutralising).
 */
import type { Analytics } from '../analytics/db';
import { batchRejects } from '../analytics/import-rejects';
import { toCsv } from '../export/csv';
import { reasonText } from './index';

export async function rejectsCsv(db: Analytics, batchId: number): Promise<string> {
	const rows = await batchRejects(db, batchId);
	const head = ['文件 file', '表 table', '行号 row', '列 column', '值 value', '原因 reason', '说明 message'];
	const str = (v: unknown) => (v === null || v === undefined ? null : String(v));
	return toCsv(
		head,
		rows.map((r) => [
			str(r.file_name),
			str(r.table_name),
			Number(r.row_number),
			str(r.column_name),
			str(r.value),
			str(r.reason),
			reasonText(String(r.reason), (r.detail as string | null) ?? null)
		])
	);
}
