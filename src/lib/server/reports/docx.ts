/**
 * The report as a Word document (docx) in the look of a Chinese official document (GB/T 9704):
 * A4 with 37/35/28/26 mm margins; title in 方正小标宋简体 二号; level-1 headings 黑体 三号; level-2 楷体 三号;
 * body 仿宋_GB2312 三号; tables 宋体 五号 with the header row repeated on every page and rows never split;
 * ranking tables on landscape pages; charts as PNG images (png.ts); footer "第 X 页 / 共 Y 页".
 *
 * Fonts: the official faces are named first; the document's font table gives each the Windows face Word on a
 * Chinese Windows machine has as `w:altName` (方正小标宋简体 → 宋体, 仿宋_GB2312 → 仿宋, 楷体_GB2312 → 楷体), so a
 * machine without the official fonts shows 宋体 / 仿宋 / 楷体 / 黑体 rather than a random substitute.
 */
import {
	AlignmentType,
	BorderStyle,
	Document,
	Footer,
	HeadingLevel,
	ImageRun,
	Packer,
	PageNumber,
	PageOrientation,
	Paragraph,
	ShadingType,
	Table,
	TableCell,
	TableLayoutType,
	TableRow,
	TextRun,
	VerticalAlign,
	WidthType,
	convertMillimetersToTwip,
	type ISectionOptions
} from 'docx';
import type { Lang } from '../../i18n';
import { dateLabel, label } from '../../reports/labels';
import { cellKind, projectsLead, reportTables, type ReportTableDef } from '../../reports/tables';
import type { AssessmentReport } from '../../reports/types';
import { cellText, printColumns } from './html';
import { gradeCounts } from './model';
import { chartsToPng } from './png';

/** Official faces and the Windows faces Word falls back to (font table altName). */
export const DOCX_FONTS = {
	title: { name: '方正小标宋简体', alt: '宋体' },
	heading: { name: '黑体', alt: 'SimHei' },
	subheading: { name: '楷体_GB2312', alt: '楷体' },
	body: { name: '仿宋_GB2312', alt: '仿宋' },
	table: { name: '宋体', alt: 'SimSun' }
} as const;
const LATIN = 'Times New Roman';

/** Sizes in half-points: 二号 22pt, 三号 16pt, 四号 14pt, 五号 10.5pt, 小五 9pt. */
const SIZE = { title: 44, h1: 32, h2: 32, body: 32, table: 21, tableSmall: 18, footer: 28 };

const font = (f: { name: string }) => ({ ascii: LATIN, hAnsi: LATIN, eastAsia: f.name, cs: LATIN });

function fontTableXml(): string {
	const entry = (name: string, alt: string | null, family: 'roman' | 'modern' | 'swiss' | 'script') =>
		`<w:font w:name="${name}">${alt ? `<w:altName w:val="${alt}"/>` : ''}<w:charset w:val="86"/><w:family w:val="${family}"/><w:pitch w:val="variable"/></w:font>`;
	const fonts = [
		entry(DOCX_FONTS.title.name, DOCX_FONTS.title.alt, 'script'),
		entry(DOCX_FONTS.heading.name, DOCX_FONTS.heading.alt, 'modern'),
		entry(DOCX_FONTS.subheading.name, DOCX_FONTS.subheading.alt, 'script'),
		entry(DOCX_FONTS.body.name, DOCX_FONTS.body.alt, 'modern'),
		entry(DOCX_FONTS.table.name, DOCX_FONTS.table.alt, 'roman'),
		entry('仿宋', 'FangSong', 'modern'),
		entry('楷体', 'KaiTi', 'script'),
		`<w:font w:name="${LATIN}"><w:charset w:val="00"/><w:family w:val="roman"/><w:pitch w:val="variable"/></w:font>`
	];
	return `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:fonts xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">${fonts.join('')}</w:fonts>`;
}

function run(text: string, f: { name: string }, size: number, extra: { bold?: boolean; color?: string } = {}): TextRun {
	return new TextRun({ text, font: font(f), size, ...extra });
}

function heading1(text: string): Paragraph {
	return new Paragraph({ heading: HeadingLevel.HEADING_1, spacing: { before: 240, after: 120 }, keepNext: true, children: [run(text, DOCX_FONTS.heading, SIZE.h1)] });
}

function heading2(text: string): Paragraph {
	return new Paragraph({ heading: HeadingLevel.HEADING_2, spacing: { before: 160, after: 80 }, keepNext: true, children: [run(text, DOCX_FONTS.subheading, SIZE.h2)] });
}

function body(text: string): Paragraph {
	return new Paragraph({ indent: { firstLine: 640 }, spacing: { line: 560, lineRule: 'exact' }, alignment: AlignmentType.JUSTIFIED, children: [run(text, DOCX_FONTS.body, SIZE.body)] });
}

const BORDER = { style: BorderStyle.SINGLE, size: 4, color: '000000' };
const BORDERS = { top: BORDER, bottom: BORDER, left: BORDER, right: BORDER };

function table(t: ReportTableDef, lang: Lang, small = false): (Paragraph | Table)[] {
	const cols = printColumns(t);
	const size = small ? SIZE.tableSmall : SIZE.table;
	const weights = cols.map((i) => t.columns[i].width ?? 10);
	const total = weights.reduce((a, b) => a + b, 0);
	const cell = (text: string, opts: { header?: boolean; align?: (typeof AlignmentType)[keyof typeof AlignmentType]; fill?: string; w: number }) =>
		new TableCell({
			borders: BORDERS,
			verticalAlign: VerticalAlign.CENTER,
			width: { size: opts.w, type: WidthType.PERCENTAGE },
			margins: { top: 30, bottom: 30, left: 60, right: 60 },
			...(opts.fill ? { shading: { type: ShadingType.CLEAR, color: 'auto', fill: opts.fill } } : {}),
			children: [new Paragraph({ alignment: opts.align ?? AlignmentType.LEFT, children: [run(text, DOCX_FONTS.table, size, { bold: opts.header })] })]
		});
	const pct = (k: number) => Math.round((weights[k] / total) * 100);
	const header = new TableRow({
		tableHeader: true,
		cantSplit: true,
		children: cols.map((i, k) => cell(t.columns[i].label, { header: true, align: AlignmentType.CENTER, fill: 'EEF0F3', w: pct(k) }))
	});
	const rows = t.rows.map(
		(row, r) =>
			new TableRow({
				cantSplit: true,
				children: cols.map((i, k) =>
					cell(cellText(row[i], cellKind(t, i, r), lang), {
						align: t.columns[i].kind === 'text' ? AlignmentType.LEFT : AlignmentType.RIGHT,
						fill: t.highlight?.[r] ? 'FDE2E2' : undefined,
						w: pct(k)
					})
				)
			})
	);
	return [
		new Paragraph({ alignment: AlignmentType.CENTER, keepNext: true, spacing: { before: 120, after: 60 }, children: [run(t.title, DOCX_FONTS.heading, SIZE.table + 2)] }),
		new Table({ rows: [header, ...rows], width: { size: 100, type: WidthType.PERCENTAGE }, layout: TableLayoutType.AUTOFIT }),
		new Paragraph({ children: [] })
	];
}

function footer(lang: Lang): Footer {
	const [before, middle, after] = label(lang, 'page', { p: '\u0000', n: '\u0000' }).split('\u0000');
	const f = (children: (string | (typeof PageNumber)[keyof typeof PageNumber])[]) =>
		new TextRun({ children, font: font(DOCX_FONTS.body), size: SIZE.footer });
	return new Footer({
		children: [new Paragraph({ alignment: AlignmentType.CENTER, children: [f([before, PageNumber.CURRENT, middle, PageNumber.TOTAL_PAGES, after])] })]
	});
}

const PORTRAIT = { top: 37, bottom: 35, left: 28, right: 26 };
const LANDSCAPE = { top: 26, bottom: 28, left: 24, right: 24 };

function page(orientation: 'portrait' | 'landscape') {
	const m = orientation === 'portrait' ? PORTRAIT : LANDSCAPE;
	return {
		size: { orientation: orientation === 'portrait' ? PageOrientation.PORTRAIT : PageOrientation.LANDSCAPE, width: convertMillimetersToTwip(210), height: convertMillimetersToTwip(297) },
		margin: { top: convertMillimetersToTwip(m.top), bottom: convertMillimetersToTwip(m.bottom), left: convertMillimetersToTwip(m.left), right: convertMillimetersToTwip(m.right) }
	};
}

export async function renderDocx(r: AssessmentReport, lang: Lang = 'zh'): Promise<Buffer> {
	const tables = reportTables(r, lang);
	const byId = (id: string) => tables.find((t) => t.id === id);
	const m = r.meta;
	const images = await chartsToPng(r.charts);
	const foot = { default: footer(lang) };

	const cover: (Paragraph | Table)[] = [
		new Paragraph({ alignment: AlignmentType.CENTER, spacing: { before: 600, after: 200 }, children: [run(m.issuer, DOCX_FONTS.title, 52, { color: 'CC0000', bold: true })] }),
		new Paragraph({ border: { bottom: { style: BorderStyle.SINGLE, size: 18, color: 'CC0000', space: 1 } }, spacing: { after: 600 }, children: [] }),
		new Paragraph({ heading: HeadingLevel.TITLE, alignment: AlignmentType.CENTER, spacing: { after: 400 }, children: [run(m.title, DOCX_FONTS.title, SIZE.title)] }),
		...[
			`${label(lang, 'period')}：${m.period.from} – ${m.period.to}`,
			...(m.baseline ? [`${label(lang, 'baseline')}：${m.baseline.from} – ${m.baseline.to}`] : []),
			`${label(lang, 'scope')}：${m.scopeLabel}`,
			`${label(lang, 'scheme')}：${m.schemeName ?? m.scheme}`
		].map((t) => new Paragraph({ alignment: AlignmentType.CENTER, spacing: { after: 120 }, children: [run(t, DOCX_FONTS.body, SIZE.body)] })),
		new Paragraph({ alignment: AlignmentType.RIGHT, spacing: { before: 1600 }, children: [run(m.issuer, DOCX_FONTS.body, SIZE.body)] }),
		new Paragraph({ alignment: AlignmentType.RIGHT, children: [run(m.dateLabel, DOCX_FONTS.body, SIZE.body)] })
	];

	const g = gradeCounts(r.groups);
	const scored = r.groups.reduce((s, x) => s + x.rows.filter((y) => y.score !== null).length, 0);
	const lead =
		label(lang, 'lead', { period: m.periodLabel, scope: m.scope.kind === 'jurisdiction' ? '' : m.scopeLabel }) +
		(scored ? label(lang, 'leadCounts', { n: scored, e: g.excellent, g: g.good, p: g.pass, f: g.fail, l: r.lagging.length }) : label(lang, 'noneScored'));

	const summary: (Paragraph | Table)[] = [body(lead), heading1(label(lang, 'summary')), ...table(byId('summary')!, lang)];

	const rankings = tables.filter((t) => t.id.startsWith('ranking-'));
	const ranking: (Paragraph | Table)[] = [
		heading1(label(lang, 'ranking')),
		...(rankings.length ? rankings.flatMap((t) => table(t, lang, true)) : [body(label(lang, 'noneScored'))])
	];

	const nt = byId('notices');
	const rest: (Paragraph | Table)[] = [
		heading1(label(lang, 'lagging')),
		...(r.lagging.length ? table(byId('lagging')!, lang) : [body(label(lang, 'noLagging'))]),
		heading1(label(lang, 'notices')),
		...(nt && nt.rows.length ? table(nt, lang) : [body(label(lang, 'noNotices'))]),
		...(r.tasks
			? [
					heading1(label(lang, 'tasks')),
					body(label(lang, 'tasksLead', { date: dateLabel(r.tasks.asOf, lang), ...r.tasks.counts })),
					...table(byId('tasks')!, lang),
					...(r.tasks.overdue.length ? table(byId('tasks-overdue')!, lang) : [body(label(lang, 'noOverdueTasks'))])
				]
			: []),
		...(r.projects
			? [
					heading1(label(lang, 'projects')),
					body(projectsLead(r, lang, dateLabel(r.projects.asOf, lang))),
					...table(byId('projects-slowest')!, lang),
					...table(byId('projects-stages')!, lang)
				]
			: []),
		...(r.charts.length ? [heading1(label(lang, 'charts'))] : []),
		...r.charts.flatMap((c, i) => [
			new Paragraph({
				alignment: AlignmentType.CENTER,
				keepNext: true,
				children: [
					new ImageRun({
						type: 'png',
						data: images[i],
						transformation: { width: c.width, height: c.height },
						altText: { name: c.title, title: c.title, description: c.caption }
					})
				]
			}),
			new Paragraph({ alignment: AlignmentType.CENTER, spacing: { after: 200 }, children: [run(c.title, DOCX_FONTS.heading, SIZE.table + 2)] })
		]),
		new Paragraph({ pageBreakBefore: true, children: [run(label(lang, 'appendix'), DOCX_FONTS.heading, SIZE.h1)], heading: HeadingLevel.HEADING_1 }),
		...table(byId('appendix')!, lang, true),
		heading2(label(lang, 'rulesTable')),
		...r.appendix.rules.map((x, i) => body(`${i + 1}. ${x}`))
	];

	const sections: ISectionOptions[] = [
		{ properties: { page: page('portrait') }, footers: foot, children: [...cover] },
		{ properties: { page: page('portrait') }, footers: foot, children: summary },
		{ properties: { page: page('landscape') }, footers: foot, children: ranking },
		{ properties: { page: page('portrait') }, footers: foot, children: rest }
	];

	const doc = new Document({
		title: m.title,
		creator: m.issuer,
		description: `${m.period.from} – ${m.period.to}`,
		styles: {
			default: {
				document: { run: { font: font(DOCX_FONTS.body), size: SIZE.body } },
				title: { run: { font: font(DOCX_FONTS.title), size: SIZE.title } },
				heading1: { run: { font: font(DOCX_FONTS.heading), size: SIZE.h1, bold: false, color: '000000' } },
				heading2: { run: { font: font(DOCX_FONTS.subheading), size: SIZE.h2, bold: false, color: '000000' } }
			}
		},
		sections
	});
	return Packer.toBuffer(doc, false, [{ path: 'word/fontTable.xml', data: fontTableXml() }]);
}

