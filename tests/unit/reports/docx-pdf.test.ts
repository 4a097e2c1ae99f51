/**
 * DOCX and PDF read back: the Word file is unzipped (the ingest's own zip reader, no new dependency) and its
 * ranking tables found in word/document.xml; the PDF's text is extracted with poppler's pdftotext (Chinese
 * department names present, every page numbered "第 X 页 / 共 Y 页"), and its pages are rendered to PNG
 * (pdftoppm) into tests/screenshots/report/ for review. Needs Chromium (and poppler-utils for the PDF part).
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openAnalytics, type Analytics } from '../../../src/lib/server/analytics/db';
import { periodQuery } from '../../../src/lib/server/analytics/kpi/query';
import { entryText, readZipDirectory } from '../../../src/lib/server/ingest/zip';
import { closeBrowser, chromiumPath } from '../../../src/lib/server/reports/browser';
import { renderDocx } from '../../../src/lib/server/reports/docx';
import { buildReport } from '../../../src/lib/server/reports/model';
import { renderPdf } from '../../../src/lib/server/reports/pdf';
import type { AssessmentReport } from '../../../src/lib/reports/types';
import { seedReportsData } from '../../fixtures/reports-data';
import { opts } from '../kpi/fixture';

const hasChromium = fs.existsSync(chromiumPath());
const has = (cmd: string) => {
	try {
		execFileSync(cmd, ['-v'], { stdio: 'ignore' });
		return true;
	} catch {
		return false;
	}
};
const hasPoppler = has('pdftotext') && has('pdftoppm');
const SHOTS = path.resolve('tests/screenshots/report');

let db: Analytics;
let report: AssessmentReport;
let tmp: string;

beforeAll(async () => {
	tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'report-'));
	db = await openAnalytics(':memory:');
	await seedReportsData(db, { departments: 60, cases: 20_000, year: 2025 });
	report = await buildReport(db, periodQuery('2025-10-01', '2025-10-31'), {
		...opts(),
		scope: { kind: 'jurisdiction' },
		date: '2025-11-05',
		noticeCounts: async () => [{ dept_code: 'D05', name: '江源县自然资源局', raised: 2, open: 1, overdue: 1, closed: 1 }]
	});
}, 120_000);

afterAll(async () => {
	await closeBrowser();
	await db?.close();
	fs.rmSync(tmp, { recursive: true, force: true });
});

async function zipText(file: string, name: string): Promise<string> {
	const entries = (await readZipDirectory(file))!;
	const e = entries.find((x) => x.name === name);
	if (!e) throw new Error(`${name} not in ${file}`);
	let s = '';
	for await (const chunk of entryText(file, e, { remaining: 64 << 20 })) s += chunk;
	return s;
}

// Skip reason: the DOCX embeds its charts as PNG screenshots taken by Chromium (reports/png.ts); npm test installs
// Debian's chromium (as root), so it runs in CI.
describe.runIf(hasChromium)('DOCX', () => {
	let file: string;
	beforeAll(async () => {
		file = path.join(tmp, 'report.docx');
		fs.writeFileSync(file, await renderDocx(report));
	}, 60_000);

	it('holds the ranking tables with every department name, header rows repeated', async () => {
		const xml = await zipText(file, 'word/document.xml');
		const text = xml.replace(/<[^>]+>/g, '');
		for (const g of report.groups) {
			expect(text).toContain(`考核排名（${g.peer_group}）`);
			for (const r of g.rows) expect(text).toContain(r.name);
		}
		expect(xml.match(/<w:tblHeader\/>/g)?.length ?? 0).toBeGreaterThanOrEqual(report.groups.length + 2);
		expect(xml.includes('w:orient="landscape"')).toBe(true);
		expect(text).toContain(report.meta.title);
	});

	it('names the official fonts with the Windows faces as fallbacks, embeds every chart as PNG', async () => {
		const fonts = await zipText(file, 'word/fontTable.xml');
		expect(fonts).toContain('<w:font w:name="仿宋_GB2312"><w:altName w:val="仿宋"/>');
		expect(fonts).toContain('<w:font w:name="方正小标宋简体"><w:altName w:val="宋体"/>');
		const entries = (await readZipDirectory(file))!;
		expect(entries.filter((e) => /^word\/media\/.*\.png$/.test(e.name))).toHaveLength(report.charts.length);
		expect(report.charts.map((c) => c.id)).toEqual(['trend', 'ranking-1', 'ranking-2', 'ranking-3', 'ranking-4', 'distribution']);
		const footer = await zipText(file, 'word/footer1.xml');
		expect(footer.replace(/<[^>]+>/g, '')).toMatch(/第.*页 \/ 共.*页/);
		expect(/PAGE/.test(footer) && /NUMPAGES/.test(footer)).toBe(true);
	});
});

// Skip reason: the PDF is printed by Chromium and read back with pdftotext (poppler-utils); npm test installs
// both (as root), so it runs in CI.
describe.runIf(hasChromium && hasPoppler)('PDF', () => {
	let file: string;
	let pages: string[];
	beforeAll(async () => {
		file = path.join(tmp, 'report.pdf');
		fs.writeFileSync(file, await renderPdf(report));
		pages = execFileSync('pdftotext', ['-layout', '-enc', 'UTF-8', file, '-'], { encoding: 'utf8' }).split('\f').filter((p) => p.trim());
	}, 60_000);

	it('has the Chinese department names, the lagging units and the notices', () => {
		const all = pages.join('\n').replace(/[ \t]+/g, '');
		expect(all).toContain(report.meta.title);
		for (const g of report.groups) for (const r of g.rows) expect(all).toContain(r.name);
		for (const l of report.lagging) expect(all).toContain(l.reasons[0]);
		expect(all).toContain('督办情况');
	});

	it('numbers every page 第 X 页 / 共 Y 页', () => {
		expect(pages.length).toBeGreaterThan(5);
		pages.forEach((p, i) => expect(p).toContain(`第 ${i + 1} 页 / 共 ${pages.length} 页`));
	});

	it('renders the pages to PNG for review (tests/screenshots/report/)', () => {
		fs.mkdirSync(SHOTS, { recursive: true });
		for (const f of fs.readdirSync(SHOTS)) if (/^page-\d+\.png$/.test(f)) fs.rmSync(path.join(SHOTS, f));
		execFileSync('pdftoppm', ['-r', '80', '-png', file, path.join(SHOTS, 'page')]);
		const shots = fs.readdirSync(SHOTS).filter((f) => /^page-\d+\.png$/.test(f));
		expect(shots).toHaveLength(pages.length);
	});
});
