/**
 * A year's holiday notice entered on the calendar screen: lines `date, 休|班 (or true/false, 0/1), name`
 * become a calendar CSV imported through the ingest pipeline as table `calendar` (the one path that updates
 * the calendar and recomputes derived working days). Parsing here only gives early, line-numbered messages.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Analytics } from '../analytics/db';
import { getConfig } from '../config';
import { ImportFailedError, importFiles, type ImportSummary } from '../ingest/index';

export interface NoticeLine {
	date: string;
	is_workday: boolean;
	name: string;
}

const WORK = new Set(['班', '上班', '工作日', 'true', '1', 'workday', 'work', 'y', 'yes', '是']);
const OFF = new Set(['休', '放假', '休息', '节假日', 'false', '0', 'holiday', 'off', 'n', 'no', '否']);

/** Parse the text; returns the rows or the problems (1-based line numbers). Header lines are skipped. */
export function parseNotice(text: string): { rows: NoticeLine[]; problems: string[] } {
	const rows: NoticeLine[] = [];
	const problems: string[] = [];
	const seen = new Set<string>();
	text.split(/\r?\n/).forEach((raw, i) => {
		const line = raw.trim();
		if (!line || line.startsWith('#')) return;
		const [date = '', flag = '', ...rest] = line.split(/\s*[,，\t]\s*/);
		if (/^(date|日期)$/i.test(date)) return;
		const n = i + 1;
		const d = new Date(`${date}T00:00:00Z`);
		if (!/^\d{4}-\d{2}-\d{2}$/.test(date) || Number.isNaN(d.getTime()) || d.toISOString().slice(0, 10) !== date) {
			problems.push(`第 ${n} 行：日期应为 YYYY-MM-DD / line ${n}: date must be YYYY-MM-DD (${date || '—'})`);
			return;
		}
		const f = flag.toLowerCase();
		if (!WORK.has(f) && !OFF.has(f)) {
			problems.push(`第 ${n} 行：第二列应为 休 或 班 / line ${n}: second column must be 休 (holiday) or 班 (working day)`);
			return;
		}
		if (seen.has(date)) {
			problems.push(`第 ${n} 行：日期重复 ${date} / line ${n}: duplicate date ${date}`);
			return;
		}
		seen.add(date);
		rows.push({ date, is_workday: WORK.has(f), name: rest.join(' ').trim().slice(0, 50) });
	});
	if (!rows.length && !problems.length) problems.push('没有日期 / no dates');
	return { rows, problems };
}

const cell = (s: string) => (/[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s);

/** Import the rows as table `calendar`; the summary says how many days changed. */
export async function importNotice(db: Analytics, rows: NoticeLine[], username: string): Promise<ImportSummary> {
	const dir = path.join(getConfig().dataDir, 'uploads');
	await fs.promises.mkdir(dir, { recursive: true });
	const years = [...new Set(rows.map((r) => r.date.slice(0, 4)))].join('-');
	const file = path.join(dir, `calendar-${years}-${Date.now()}.csv`);
	const csv = ['date,is_workday,name', ...rows.map((r) => `${r.date},${r.is_workday},${cell(r.name)}`)].join('\n') + '\n';
	await fs.promises.writeFile(file, csv);
	try {
		return await importFiles(db, [{ path: file, displayName: `calendar-${years}.csv` }], { table: 'calendar', username });
	} catch (e) {
		if (e instanceof ImportFailedError) return e.summary;
		throw e;
	} finally {
		await fs.promises.rm(file, { force: true });
	}
}
