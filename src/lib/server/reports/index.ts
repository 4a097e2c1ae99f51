/**
 * Rendering a report model into a file: the format switch shared by the API, the CLI, the /reports page and
 * the bench. Each format lives in its own module; Chromium-backed formats (PDF, DOCX chart images) share the
 * process's one browser (browser.ts).
 */
import type { Lang } from '../../i18n';
import type { AssessmentReport, ReportFormat } from '../../reports/types';
import { renderCsv } from './csv';
import { renderXlsx } from './xlsx';

export interface RenderedReport {
	body: Buffer;
	contentType: string;
	extension: string;
}

export const CONTENT_TYPES: Record<ReportFormat, string> = {
	xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
	docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
	pdf: 'application/pdf',
	csv: 'text/csv; charset=utf-8'
};

/** Does the format show charts (so the model should render them)? */
export const WANTS_CHARTS: Record<ReportFormat, boolean> = { xlsx: false, csv: false, docx: true, pdf: true };

export async function renderReport(
	report: AssessmentReport,
	format: ReportFormat,
	opts: { lang?: Lang; table?: string | null } = {}
): Promise<RenderedReport> {
	const lang = opts.lang ?? 'zh';
	let body: Buffer;
	switch (format) {
		case 'xlsx':
			body = await renderXlsx(report, lang);
			break;
		case 'csv':
			body = Buffer.from(renderCsv(report, lang, opts.table ?? 'ranking'), 'utf8');
			break;
		case 'docx':
			body = await (await import('./docx')).renderDocx(report, lang);
			break;
		case 'pdf':
			body = await (await import('./pdf')).renderPdf(report, lang);
			break;
	}
	return { body, contentType: CONTENT_TYPES[format], extension: format };
}

/** File name: 考核通报_2026-10-01_2026-10-31[_scope].xlsx — safe characters only. */
export function reportFileName(report: AssessmentReport, format: ReportFormat, table?: string | null): string {
	const s = report.meta.scope;
	const scope = s.kind === 'jurisdiction' ? '' : `_${s.kind === 'peer_group' ? s.group : s.code}`;
	const base = `考核通报_${report.meta.period.from}_${report.meta.period.to}${scope}${format === 'csv' && table ? `_${table}` : ''}`;
	return `${base.replace(/[\\/:*?"<>|\s]+/g, '_')}.${format}`;
}

/** Content-Disposition with an ASCII fallback and the UTF-8 name (RFC 6266 / 5987). */
export function contentDisposition(fileName: string): string {
	const ascii = fileName.replace(/[^\x20-\x7e]/g, '_').replace(/"/g, '_');
	return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(fileName)}`;
}
