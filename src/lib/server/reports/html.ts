/**
 * The report as one self-contained HTML document: the print view Chromium turns into the PDF (pdf.ts) and
 * the /reports preview. Official-document look (GB/T 9704 margins, 小标宋-style title, 黑体 headings, 仿宋 body,
 * with the Noto CJK fonts as the installed fallback), tables whose header rows repeat on every page
 * (thead = table-header-group), rows and figures never split across pages (break-inside: avoid).
 *
 * Invariants: every piece of text is HTML-escaped here; the only raw markup is the charts' SVG, which
 * ECharts' SSR renderer produced from escaped labels; nothing is loaded from the network.
 */
import type { Lang } from '../../i18n';
import { formatValue, type ValueKind } from '../../format';
import { dateLabel, label } from '../../reports/labels';
import { cellKind, projectsLead, reportTables, type ReportTableDef } from '../../reports/tables';
import type { AssessmentReport, CellKind, TableCell } from '../../reports/types';
import { gradeCounts } from './model';

export function esc(s: string): string {
	return s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

/** Font stacks: the official faces first (as installed on Chinese Windows), then the Noto CJK faces. */
export const FONT_STACKS = {
	title: "'方正小标宋简体', 'FZXiaoBiaoSong-B05S', 'Noto Serif CJK SC', 'Source Han Serif SC', 'SimSun', serif",
	heading: "'黑体', 'SimHei', 'Noto Sans CJK SC', 'Source Han Sans SC', sans-serif",
	subheading: "'楷体_GB2312', 'KaiTi', 'Noto Serif CJK SC', serif",
	body: "'仿宋_GB2312', 'FangSong', 'Noto Serif CJK SC', 'Source Han Serif SC', serif",
	table: "'宋体', 'SimSun', 'Noto Serif CJK SC', serif"
} as const;

/** Columns the printed ranking leaves out for width (they stay in XLSX / CSV). */
const PRINT_OMIT = new Set(['dept_code', 'prev_rank', 'id']);

/** A cell as print text: numbers by kind (scores 2 decimals, ratios 0.0 %, signed changes). */
export function cellText(v: TableCell, kind: CellKind, lang: Lang): string {
	if (v === null || v === undefined || v === '') return '—';
	if (typeof v === 'string') return v;
	if (kind === 'signed') {
		const a = Number(Math.abs(v).toFixed(2)).toLocaleString(lang === 'zh' ? 'zh-CN' : 'en-US');
		return v > 0 ? `+${a}` : v < 0 ? `−${a}` : '0';
	}
	if (kind === 'signedRatio') {
		const pp = (Math.abs(v) * 100).toFixed(1);
		const sign = v > 0 ? '+' : v < 0 ? '−' : '±';
		return lang === 'zh' ? `${sign}${pp}个百分点` : `${sign}${pp} pp`;
	}
	if (kind === 'number') return String(v);
	if (kind === 'count') return lang === 'zh' ? v.toLocaleString('zh-CN') : v.toLocaleString('en-US');
	return formatValue(v, kind as ValueKind, lang);
}

export function printColumns(t: ReportTableDef): number[] {
	return t.columns.map((c, i) => (PRINT_OMIT.has(c.key) && t.id !== 'appendix' ? -1 : i)).filter((i) => i >= 0);
}

function tableHtml(t: ReportTableDef, lang: Lang, cls = ''): string {
	const cols = printColumns(t);
	const numeric = (i: number) => t.columns[i].kind !== 'text';
	const weights = cols.map((i) => t.columns[i].width ?? 10);
	const total = weights.reduce((a, b) => a + b, 0);
	const colgroup = `<colgroup>${weights.map((w) => `<col style="width:${((w / total) * 100).toFixed(1)}%">`).join('')}</colgroup>`;
	const head = cols.map((i) => `<th scope="col">${esc(t.columns[i].label)}</th>`).join('');
	const body = t.rows
		.map((row, r) => {
			const tds = cols
				.map((i) => `<td${numeric(i) ? ' class="num"' : ''}>${esc(cellText(row[i], cellKind(t, i, r), lang))}</td>`)
				.join('');
			return `<tr${t.highlight?.[r] ? ' class="lag"' : ''}>${tds}</tr>`;
		})
		.join('\n');
	return `<table class="${cls}" data-table="${esc(t.id)}"><caption>${esc(t.title)}</caption>${colgroup}<thead><tr>${head}</tr></thead><tbody>${body}</tbody></table>`;
}

function leadText(r: AssessmentReport, lang: Lang): string {
	const g = gradeCounts(r.groups);
	const n = r.groups.reduce((s, x) => s + x.rows.filter((y) => y.score !== null).length, 0);
	const lead = label(lang, 'lead', { period: r.meta.periodLabel, scope: r.meta.scope.kind === 'jurisdiction' ? '' : `${r.meta.scopeLabel}` });
	if (!n) return `${lead}${label(lang, 'noneScored')}`;
	return `${lead}${label(lang, 'leadCounts', { n, e: g.excellent, g: g.good, p: g.pass, f: g.fail, l: r.lagging.length })}`;
}

const CSS = `
@page { size: A4; margin: 37mm 26mm 35mm 28mm; }
@page wide { size: A4 landscape; margin: 26mm 24mm 28mm 24mm; }
* { box-sizing: border-box; }
html { font-family: ${FONT_STACKS.body}; font-size: 12pt; color: #000; -webkit-print-color-adjust: exact; print-color-adjust: exact; }
body { margin: 0; }
.cover { break-after: page; text-align: center; padding-top: 18mm; }
.cover .red { color: #c00; font-family: ${FONT_STACKS.title}; font-size: 26pt; letter-spacing: 0.1em; font-weight: 700; }
.cover hr { border: 0; border-top: 2px solid #c00; margin: 6mm 0 14mm; }
h1 { font-family: ${FONT_STACKS.title}; font-size: 22pt; font-weight: 700; line-height: 1.5; text-align: center; margin: 0 0 10mm; }
.cover .meta { font-size: 14pt; line-height: 2; }
.cover .issuer { margin-top: 40mm; font-size: 15pt; }
h2 { font-family: ${FONT_STACKS.heading}; font-size: 15pt; font-weight: 400; margin: 8mm 0 3mm; break-after: avoid; }
h3 { font-family: ${FONT_STACKS.subheading}; font-size: 13pt; font-weight: 400; margin: 5mm 0 2mm; break-after: avoid; }
p { text-indent: 2em; line-height: 1.8; margin: 0 0 3mm; text-align: justify; }
table { border-collapse: collapse; width: 100%; table-layout: fixed; margin: 2mm 0 6mm; font-family: ${FONT_STACKS.table}; font-size: 9pt; }
caption { font-family: ${FONT_STACKS.heading}; font-size: 11pt; padding: 1mm 0 2mm; text-align: center; caption-side: top; }
thead { display: table-header-group; }
tr { break-inside: avoid; page-break-inside: avoid; }
th, td { border: 0.6pt solid #000; padding: 1.2mm 1.4mm; vertical-align: middle; }
th { background: #eef0f3; font-weight: 700; text-align: center; }
td.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
tr.lag td { background: #fde2e2; }
.ranking { font-size: 8pt; }
table.ranking + table.ranking { break-before: page; }
.ranking th { font-size: 7.5pt; }
section.wide { page: wide; }
figure { break-inside: avoid; page-break-inside: avoid; margin: 4mm 0 6mm; text-align: center; }
figure svg { max-width: 100%; height: auto; }
figcaption { font-family: ${FONT_STACKS.heading}; font-size: 10.5pt; margin-top: 2mm; }
.rules li { line-height: 1.7; margin-bottom: 1mm; }
.empty { text-indent: 2em; color: #333; }
@media screen {
	body { background: #e5e7eb; padding: 16px 0; }
	.sheet { background: #fff; width: 210mm; margin: 0 auto; padding: 20mm 26mm 20mm 28mm; box-shadow: 0 1px 4px rgb(0 0 0 / 0.2); }
	.cover { padding-top: 8mm; border-bottom: 1px dashed #9ca3af; margin-bottom: 10mm; padding-bottom: 10mm; }
	.cover .issuer { margin-top: 14mm; }
}
`;

export interface HtmlOptions {
	lang?: Lang;
	/** false: no landscape pages (the screen preview). */
	print?: boolean;
}

export function renderHtml(r: AssessmentReport, opts: HtmlOptions = {}): string {
	const lang = opts.lang ?? 'zh';
	const tables = reportTables(r, lang);
	const byId = (id: string) => tables.find((t) => t.id === id);
	const rankings = tables.filter((t) => t.id.startsWith('ranking-'));
	const m = r.meta;
	const out: string[] = [];
	out.push(`<!doctype html><html lang="${lang === 'zh' ? 'zh-CN' : 'en'}"><head><meta charset="utf-8"><title>${esc(m.title)}</title><style>${CSS}</style></head><body><div class="sheet">`);
	out.push(`<header class="cover">
<div class="red">${esc(m.issuer)}</div><hr>
<h1>${esc(m.title)}</h1>
<div class="meta">${esc(label(lang, 'period'))}：${esc(m.period.from)} – ${esc(m.period.to)}${m.baseline ? `<br>${esc(label(lang, 'baseline'))}：${esc(m.baseline.from)} – ${esc(m.baseline.to)}` : ''}<br>${esc(label(lang, 'scope'))}：${esc(m.scopeLabel)}<br>${esc(label(lang, 'scheme'))}：${esc(m.schemeName ?? m.scheme)}</div>
<div class="issuer">${esc(m.issuer)}<br>${esc(m.dateLabel)}</div>
</header>`);
	out.push(`<p>${esc(leadText(r, lang))}</p>`);

	out.push(`<h2>${esc(label(lang, 'summary'))}</h2>`);
	out.push(tableHtml(byId('summary')!, lang));

	out.push(`<section class="${opts.print === false ? '' : 'wide'}"><h2>${esc(label(lang, 'ranking'))}</h2>`);
	if (rankings.length) for (const t of rankings) out.push(tableHtml(t, lang, 'ranking'));
	else out.push(`<p class="empty">${esc(label(lang, 'noneScored'))}</p>`);
	out.push(`</section>`);

	out.push(`<h2>${esc(label(lang, 'lagging'))}</h2>`);
	if (r.lagging.length) out.push(tableHtml(byId('lagging')!, lang));
	else out.push(`<p class="empty">${esc(label(lang, 'noLagging'))}</p>`);

	out.push(`<h2>${esc(label(lang, 'notices'))}</h2>`);
	const nt = byId('notices');
	if (nt && nt.rows.length) out.push(tableHtml(nt, lang));
	else out.push(`<p class="empty">${esc(label(lang, 'noNotices'))}</p>`);

	if (r.tasks) {
		out.push(`<h2>${esc(label(lang, 'tasks'))}</h2>`);
		out.push(`<p>${esc(label(lang, 'tasksLead', { date: dateLabel(r.tasks.asOf, lang), ...r.tasks.counts }))}</p>`);
		out.push(tableHtml(byId('tasks')!, lang));
		if (r.tasks.overdue.length) out.push(tableHtml(byId('tasks-overdue')!, lang));
		else out.push(`<p class="empty">${esc(label(lang, 'noOverdueTasks'))}</p>`);
	}

	if (r.projects) {
		out.push(`<h2>${esc(label(lang, 'projects'))}</h2>`);
		out.push(`<p>${esc(projectsLead(r, lang, dateLabel(r.projects.asOf, lang)))}</p>`);
		out.push(tableHtml(byId('projects-slowest')!, lang));
		out.push(tableHtml(byId('projects-stages')!, lang));
	}

	if (r.charts.length) {
		out.push(`<h2>${esc(label(lang, 'charts'))}</h2>`);
		for (const c of r.charts)
			out.push(`<figure data-chart="${esc(c.id)}" role="img" aria-label="${esc(c.caption)}">${c.svg}<figcaption>${esc(c.title)}</figcaption></figure>`);
	}

	out.push(`<h2 style="break-before: page">${esc(label(lang, 'appendix'))}</h2>`);
	out.push(tableHtml(byId('appendix')!, lang));
	out.push(`<h3>${esc(label(lang, 'rulesTable'))}</h3><ol class="rules">${r.appendix.rules.map((x) => `<li>${esc(x)}</li>`).join('')}</ol>`);
	out.push(`</div></body></html>`);
	return out.join('\n');
}

