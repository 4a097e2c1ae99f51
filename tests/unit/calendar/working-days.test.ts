import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openAnalytics, type Analytics } from '../../../src/lib/server/analytics/db';

const REF = path.resolve('../shared/data/holidays-cn');

describe('working-day calendar', () => {
	let db: Analytics;
	beforeAll(async () => {
		db = await openAnalytics(':memory:');
	});
	afterAll(() => db.close());

	async function wd(a: string, b: string): Promise<number> {
		const [r] = await db.query(
			`SELECT cb.wd_index - ca.wd_index AS wd FROM calendar ca, calendar cb WHERE ca.date = $1::DATE AND cb.date = $2::DATE`,
			[a, b]
		);
		return r.wd as number;
	}

	it('covers the whole supported range contiguously', async () => {
		const [r] = await db.query(
			`SELECT count(*) AS n, min(date) AS lo, max(date) AS hi, count(DISTINCT date) AS d FROM calendar`
		);
		expect(r).toEqual({ n: 13149, lo: '2000-01-01', hi: '2035-12-31', d: 13149 });
	});

	it('counts working days after the start day (same day = 0)', async () => {
		expect(await wd('2024-03-04', '2024-03-04')).toBe(0);
		// Mon 2024-03-04 → Fri 03-08: Tue..Fri = 4
		expect(await wd('2024-03-04', '2024-03-08')).toBe(4);
		// Fri → next Mon: Sat, Sun off, Mon on = 1
		expect(await wd('2024-03-08', '2024-03-11')).toBe(1);
	});

	it('follows Spring Festival 2024 and its 调休 Sundays', async () => {
		// 2024 春节: off 02-10..02-17, make-up workdays Sun 02-04 and Sun 02-18.
		expect(await wd('2024-02-03', '2024-02-04')).toBe(1);
		// Fri 02-09 → Sun 02-18: only 02-18 (调休) counts
		expect(await wd('2024-02-09', '2024-02-18')).toBe(1);
		expect(await wd('2024-02-09', '2024-02-19')).toBe(2);
	});

	it.runIf(fs.existsSync(REF))('matches the State Council notices 2007–2026 (../shared reference)', async () => {
		const mismatches: string[] = [];
		// A notice may list days of the neighbouring year (e.g. 2019's New Year make-up day 2018-12-29).
		const listed = new Map<string, boolean>();
		for (let y = 2007; y <= 2026; y++) {
			const ref = JSON.parse(fs.readFileSync(path.join(REF, `${y}.json`), 'utf8')) as {
				days: { date: string; isOffDay: boolean }[];
			};
			for (const d of ref.days) listed.set(d.date, !d.isOffDay);
		}
		for (let y = 2007; y <= 2026; y++) {
			const rows = await db.query(
				`SELECT strftime(date, '%Y-%m-%d') AS d, is_workday FROM calendar WHERE year(date) = $1 ORDER BY date`,
				[y]
			);
			for (const r of rows) {
				const day = new Date(r.d + 'T00:00:00Z').getUTCDay();
				const expected = listed.has(r.d as string) ? listed.get(r.d as string) : day >= 1 && day <= 5;
				if (expected !== r.is_workday) mismatches.push(`${r.d}: ${r.is_workday}`);
			}
		}
		expect(mismatches).toEqual([]);
	});
});
