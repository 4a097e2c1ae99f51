/** Notice deadlines count working days on the DuckDB calendar (holidays and 调休 make-up days included). */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openAnalytics, type Analytics } from '../../../src/lib/server/analytics/db';
import { addWorkdays, workdaysBetween, workdaysFrom, WorkdayError } from '../../../src/lib/server/analytics/calendar/workdays';

let db: Analytics;
beforeAll(async () => {
	db = await openAnalytics(':memory:');
});
afterAll(() => db.close());

describe('working-day deadlines', () => {
	it('counts only working days after the start date', async () => {
		// Mon 2024-03-04 + 5 working days = Mon 2024-03-11; from a Saturday, the 1st working day is Monday.
		expect(await addWorkdays(db, '2024-03-04', 5)).toBe('2024-03-11');
		expect(await addWorkdays(db, '2024-03-09', 1)).toBe('2024-03-11');
	});

	it('skips the National Day holiday and counts the 调休 make-up Saturday (2024)', async () => {
		// 2024-10-01…07 are holidays; Sat 2024-10-12 is a make-up working day.
		expect(await addWorkdays(db, '2024-09-30', 1)).toBe('2024-10-08');
		expect(await addWorkdays(db, '2024-10-11', 1)).toBe('2024-10-12');
	});

	it('measures wd(a, b), negative when b is earlier, for many dates at once', async () => {
		expect(await workdaysBetween(db, '2024-03-04', '2024-03-11')).toBe(5);
		expect(await workdaysBetween(db, '2024-03-11', '2024-03-04')).toBe(-5);
		const m = await workdaysFrom(db, '2024-03-04', ['2024-03-05', '2024-03-04', '2024-03-05']);
		expect([...m.entries()].sort()).toEqual([
			['2024-03-04', 0],
			['2024-03-05', 1]
		]);
	});

	it('rejects dates outside the calendar and silly spans', async () => {
		await expect(addWorkdays(db, '1999-12-31', 1)).rejects.toBeInstanceOf(WorkdayError);
		await expect(addWorkdays(db, '2024-03-04', 0)).rejects.toBeInstanceOf(WorkdayError);
		await expect(addWorkdays(db, '2035-12-30', 30)).rejects.toBeInstanceOf(WorkdayError);
	});
});
