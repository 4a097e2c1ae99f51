/**
 * The report as PDF: Chromium prints the HTML print view (html.ts) with the Noto CJK fonts installed on the
 * server, A4 with official-document margins (ranking tables on landscape pages), and a footer on every page
 * "第 X 页 / 共 Y 页" (Chromium fills pageNumber / totalPages). One shared browser (browser.ts); each call
 * uses its own page, closed afterwards.
 */
import type { Lang } from '../../i18n';
import { label } from '../../reports/labels';
import type { AssessmentReport } from '../../reports/types';
import { withPage } from './browser';
import { esc, renderHtml } from './html';

export function footerTemplate(lang: Lang): string {
	const text = esc(label(lang, 'page', { p: '\u0000P', n: '\u0000N' }))
		.replace('\u0000P', '<span class="pageNumber"></span>')
		.replace('\u0000N', '<span class="totalPages"></span>');
	return `<div style="width:100%;font-size:9pt;text-align:center;color:#000;font-family:'Noto Sans CJK SC','Source Han Sans SC',sans-serif;">${text}</div>`;
}

export async function renderPdf(report: AssessmentReport, lang: Lang = 'zh'): Promise<Buffer> {
	const html = renderHtml(report, { lang, print: true });
	return withPage(async (page) => {
		await page.setContent(html, { waitUntil: 'load' });
		await page.evaluate(() => document.fonts.ready).catch(() => {});
		const pdf = await page.pdf({
			format: 'A4',
			preferCSSPageSize: true,
			printBackground: true,
			displayHeaderFooter: true,
			headerTemplate: '<div></div>',
			footerTemplate: footerTemplate(lang),
			tagged: true,
			outline: true
		});
		return Buffer.from(pdf);
	});
}
