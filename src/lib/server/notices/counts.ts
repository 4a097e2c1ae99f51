/**
 * Notice counts per department — THE function the dashboards, the cockpit and the report use:
 * open (not closed), overdue (not closed and past the due date), closed, and raised (issued in the period).
 *
 * With a period, a notice counts when it belongs to that period: it was raised for an assessment period that
 * overlaps it, or (raised without one) issued within it. Its state is the current one, as of `today`.
 * Without a period, every notice counts (the live picture the cockpit shows).
 */
import { and, inArray, or, sql, type SQL } from 'drizzle-orm';
import type { Period } from '../../kpi/types';
import type { NoticeCounts } from '../../notices/types';
import type { NoticeCountRow } from '../../reports/types';
import { getAppDb, type AppDb } from '../appdb/index';
import { notice } from '../appdb/schema';
import { localToday } from '../clock';

export interface CountOptions {
	/** null = every department. */
	deptCodes?: readonly string[] | null;
	period?: Period | null;
	today?: string;
}

export async function noticeCounts(db: AppDb, opts: CountOptions = {}): Promise<NoticeCounts[]> {
	const today = opts.today ?? localToday();
	const where: SQL[] = [];
	if (opts.deptCodes)
		where.push(opts.deptCodes.length ? inArray(notice.deptCode, [...opts.deptCodes]) : sql`false`);
	const p = opts.period;
	if (p)
		where.push(
			or(
				and(
					sql`${notice.periodFrom} is not null`,
					sql`${notice.periodFrom} <= ${p.to}`,
					sql`${notice.periodTo} >= ${p.from}`
				),
				and(sql`${notice.periodFrom} is null`, sql`${notice.issuedOn} between ${p.from} and ${p.to}`)
			)!
		);
	const rows = await db
		.select({
			dept_code: notice.deptCode,
			open: sql<number>`count(*) filter (where ${notice.status} <> 'closed')::int`,
			overdue: sql<number>`count(*) filter (where ${notice.status} <> 'closed' and ${notice.dueOn} < ${today})::int`,
			closed: sql<number>`count(*) filter (where ${notice.status} = 'closed')::int`,
			raised: p
				? sql<number>`count(*) filter (where ${notice.issuedOn} between ${p.from} and ${p.to})::int`
				: sql<number>`count(*)::int`
		})
		.from(notice)
		.where(where.length ? and(...where) : undefined)
		.groupBy(notice.deptCode)
		.orderBy(notice.deptCode);
	return rows.map((r) => ({
		dept_code: r.dept_code,
		open: Number(r.open),
		overdue: Number(r.overdue),
		closed: Number(r.closed),
		raised: Number(r.raised)
	}));
}

/** The report's notice counts (names are filled in by the report model from the analytics database). */
export function noticeCountsFn(db?: AppDb) {
	return async (deptCodes: string[] | null, period: Period): Promise<NoticeCountRow[]> => {
		const rows = await noticeCounts(db ?? (await getAppDb()), { deptCodes, period });
		return rows.map((r) => ({ ...r, name: '' }));
	};
}
