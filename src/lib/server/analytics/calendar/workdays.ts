/**
 * Working-day arithmetic on dates for the app's own deadlines (supervision notices), read from the DuckDB
 * calendar's cumulative `wd_index` — the same calendar and the same wd(a, b) as every KPI, never a second
 * holiday rule. Dates are 'YYYY-MM-DD' local dates; values are bound parameters.
 *
 * - addWorkdays(d, n): the n-th working day after d (n ≥ 1), i.e. the first date e with wd(d, e) = n — how
 *   DOMAIN.md counts deadlines ("the 15th working day after rated_at").
 * - workdaysBetween(a, b): wd(a, b) = wd_index(b) − wd_index(a) (negative when b < a).
 */
import { CALENDAR_FROM, CALENDAR_TO } from './working-days';
import { listValue } from '@duckdb/node-api';
import type { Analytics } from '../db';

const DATE_RE = /^\d{4}-\d{2}-\d{2}$/;

export class WorkdayError extends Error {}

function check(date: string): void {
	if (!DATE_RE.test(date) || date < CALENDAR_FROM || date > CALENDAR_TO)
		throw new WorkdayError(`日期不在日历范围内：${date} / date outside the calendar: ${date}`);
}

export async function addWorkdays(db: Analytics, date: string, n: number): Promise<string> {
	check(date);
	if (!Number.isInteger(n) || n < 1 || n > 2000) throw new WorkdayError(`工作日数无效：${n} / invalid number of working days: ${n}`);
	const [row] = await db.query(
		`SELECT CAST(min(c.date) AS VARCHAR) AS due
		 FROM calendar c, (SELECT wd_index FROM calendar WHERE date = CAST($1 AS DATE)) s
		 WHERE c.is_workday AND c.wd_index = s.wd_index + $2 AND c.date > CAST($1 AS DATE)`,
		[date, n]
	);
	const due = (row?.due as string | null) ?? null;
	if (!due) throw new WorkdayError(`期限超出日历范围：${date} + ${n} / deadline beyond the calendar: ${date} + ${n}`);
	return due;
}

export async function workdaysBetween(db: Analytics, a: string, b: string): Promise<number> {
	return (await workdaysFrom(db, a, [b])).get(b)!;
}

/** wd(from, d) for many dates d at once (e.g. working days left until each notice's due date). */
export async function workdaysFrom(db: Analytics, from: string, dates: readonly string[]): Promise<Map<string, number>> {
	check(from);
	const unique = [...new Set(dates)];
	unique.forEach(check);
	const out = new Map<string, number>();
	if (!unique.length) return out;
	const rows = await db.query(
		`SELECT CAST(c.date AS VARCHAR) AS d, c.wd_index - s.wd_index AS wd
		 FROM calendar c, (SELECT wd_index FROM calendar WHERE date = CAST($1 AS DATE)) s
		 WHERE c.date IN (SELECT CAST(unnest($2::VARCHAR[]) AS DATE))`,
		[from, listValue(unique)]
	);
	for (const r of rows) out.set(r.d as string, Number(r.wd));
	return out;
}
