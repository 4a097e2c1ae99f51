/**
 * Working-day calendar: the `calendar` table holds every date of the supported range with
 * `is_workday` and `wd_index`, the cumulative count of working days up to and including the date.
 * wd(a, b) — DOMAIN.md's working days after date(a) up to and including date(b) — is then
 * `index(date(b)) − index(date(a))`: a join, never a loop.
 *
 * Invariants: the table is contiguous from CALENDAR_FROM to CALENDAR_TO; the shipped exceptions file
 * (data/calendar/cn-holidays.csv) seeds it; imported rows override; `rebuildCalendarIndex` runs after any
 * change, inside the caller's transaction.
 */
import fs from 'node:fs';
import type { DuckDBConnection } from '@duckdb/node-api';
import { getConfig } from '../../config';
import { shippedPaths } from '../../shipped';

export const CALENDAR_FROM = '2000-01-01';
export const CALENDAR_TO = '2035-12-31';

/** Locate the shipped holiday file both from source (tsx, vitest) and from the built server. */
export function holidayFile(): string {
	const candidates = shippedPaths('data/calendar/cn-holidays.csv', getConfig().calendarFile);
	const found = candidates.find((p) => fs.existsSync(p));
	if (!found) throw new Error(`calendar data file not found (looked in ${candidates.join(', ')})`);
	return found;
}

export interface CalendarException {
	date: string;
	is_workday: boolean;
	name: string | null;
}

export function readHolidayFile(file = holidayFile()): CalendarException[] {
	const lines = fs.readFileSync(file, 'utf8').split(/\r?\n/).filter(Boolean);
	const header = lines.shift()?.split(',') ?? [];
	const di = header.indexOf('date');
	const wi = header.indexOf('is_workday');
	const ni = header.indexOf('name');
	return lines.map((l) => {
		const f = l.split(',');
		return { date: f[di], is_workday: f[wi] === 'true', name: ni >= 0 ? f[ni] || null : null };
	});
}

/** Fill an empty calendar: the week rule over the whole range, then the shipped exceptions. */
export async function seedCalendar(conn: DuckDBConnection): Promise<void> {
	const r = await conn.runAndReadAll('SELECT count(*) AS n FROM calendar');
	if (Number(r.getRows()[0][0]) > 0) return;
	await conn.run(
		`INSERT INTO calendar (date, is_workday, name, source)
		 SELECT d::DATE, isodow(d) <= 5, NULL, 'weekday-rule'
		 FROM range(DATE '${CALENDAR_FROM}', DATE '${CALENDAR_TO}' + INTERVAL 1 DAY, INTERVAL 1 DAY) t(d)`
	);
	const rows = readHolidayFile();
	await conn.run('CREATE OR REPLACE TEMP TABLE _cal_exc (date DATE, is_workday BOOLEAN, name VARCHAR)');
	const app = await conn.createAppender('_cal_exc', 'main', 'temp');
	try {
		for (const row of rows) {
			app.appendVarchar(row.date);
			app.appendBoolean(row.is_workday);
			if (row.name) app.appendVarchar(row.name);
			else app.appendNull();
			app.endRow();
		}
		app.flushSync();
	} finally {
		app.closeSync();
	}
	await applyCalendarExceptions(conn, '_cal_exc', 'state-council-notice');
	await conn.run('DROP TABLE _cal_exc');
}

/** Apply rows (date, is_workday, name) from `source` over the calendar, then rebuild the index. */
export async function applyCalendarExceptions(
	conn: DuckDBConnection,
	sourceTable: string,
	source: string
): Promise<number> {
	const r = await conn.runAndReadAll(
		`UPDATE calendar SET is_workday = e.is_workday, name = coalesce(e.name, calendar.name), source = $1
		 FROM ${sourceTable} e WHERE calendar.date = e.date`,
		[source]
	);
	await rebuildCalendarIndex(conn);
	return r.rowsChanged;
}

export async function rebuildCalendarIndex(conn: DuckDBConnection): Promise<void> {
	await conn.run(
		`UPDATE calendar SET wd_index = x.idx
		 FROM (SELECT date, CAST(sum(CASE WHEN is_workday THEN 1 ELSE 0 END) OVER (ORDER BY date) AS INTEGER) AS idx FROM calendar) x
		 WHERE calendar.date = x.date`
	);
}

/** SQL expression: working days between two DATE expressions, given the joined calendar rows' wd_index. */
export function wdBetween(fromIndex: string, toIndex: string): string {
	return `(${toIndex} - ${fromIndex})`;
}
