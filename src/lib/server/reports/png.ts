/**
 * Chart SVG → PNG for the Word document (Word cannot be relied on to show SVG): all of a report's charts are
 * laid out on ONE offline page of the shared Chromium and each is screenshot at 2× for print sharpness.
 */
import type { ReportChart } from '../../reports/types';
import { withPage } from './browser';

export const PNG_SCALE = 2;

export async function chartsToPng(charts: readonly ReportChart[]): Promise<Buffer[]> {
	if (!charts.length) return [];
	const width = Math.max(...charts.map((c) => c.width));
	const html = `<!doctype html><html><head><meta charset="utf-8"><style>
		html, body { margin: 0; background: #fff; }
		.c { display: block; overflow: hidden; }
	</style></head><body>${charts
		.map((c, i) => `<div class="c" id="c${i}" style="width:${c.width}px;height:${c.height}px">${c.svg}</div>`)
		.join('')}</body></html>`;
	return withPage(
		async (page) => {
			await page.setContent(html, { waitUntil: 'load' });
			const out: Buffer[] = [];
			for (let i = 0; i < charts.length; i++) out.push(Buffer.from(await page.locator(`#c${i}`).screenshot({ type: 'png', animations: 'disabled' })));
			return out;
		},
		{ width, height: 800, scale: PNG_SCALE }
	);
}
