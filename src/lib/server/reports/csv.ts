/**
 * One report table as CSV (UTF-8 with BOM, neutralised text; export/csv.ts). `table` picks it by id
 * (tables.ts): 'ranking' — every peer group in one table — by default.
 */
import type { Lang } from '../../i18n';
import { tableById } from '../../reports/tables';
import type { AssessmentReport } from '../../reports/types';
import { toCsv } from '../export/csv';

export class UnknownTableError extends Error {}

export function renderCsv(report: AssessmentReport, lang: Lang = 'zh', table = 'ranking'): string {
	const t = tableById(report, lang, table);
	if (!t) throw new UnknownTableError(`未知表格：${table} / unknown table: ${table}`);
	return toCsv(
		t.columns.map((c) => c.label),
		t.rows
	);
}
