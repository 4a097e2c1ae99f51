/**
 * The working-day calendar as the administration screen shows it: per year, the working days and the
 * exceptions to the Monday–Friday week (holidays on weekdays, make-up working days on weekends), and one
 * year's exception rows. Read-only; changes go through the import (table `calendar`), which recomputes every
 * derived working-day figure in the same transaction.
 */
import type { Analytics } from '../db';

export interface CalendarYear {
	year: number;
	workdays: number;
	holidays: number;
	makeups: number;
}

export async function calendarYears(db: Analytics, from: number, to: number): Promise<CalendarYear[]> {
	const rows = await db.query(
		`SELECT year(date) AS year,
		        count(*) FILTER (WHERE is_workday) AS workdays,
		        count(*) FILTER (WHERE NOT is_workday AND isodow(date) <= 5) AS holidays,
		        count(*) FILTER (WHERE is_workday AND isodow(date) >= 6) AS makeups
		 FROM calendar WHERE year(date) BETWEEN $1 AND $2 GROUP BY 1 ORDER BY 1`,
		[from, to]
	);
	return rows.map((r) => ({ year: Number(r.year), workdays: Number(r.workdays), holidays: Number(r.holidays), makeups: Number(r.makeups) }));
}

export interface CalendarException {
	date: string;
	isoDow: number;
	is_workday: boolean;
	name: string | null;
	source: string | null;
}

export async function calendarExceptions(db: Analytics, year: number): Promise<CalendarException[]> {
	const rows = await db.query(
		`SELECT strftime(date, '%Y-%m-%d') AS date, isodow(date) AS dow, is_workday, name, source
		 FROM calendar
		 WHERE year(date) = $1 AND ((NOT is_workday AND isodow(date) <= 5) OR (is_workday AND isodow(date) >= 6))
		 ORDER BY date`,
		[year]
	);
	return rows.map((r) => ({
		date: String(r.date),
		isoDow: Number(r.dow),
		is_workday: r.is_workday === true,
		name: (r.name as string | null) ?? null,
		source: (r.source as string | null) ?? null
	}));
}
