/**
 * Comparisons (同比 / 环比): the one owner of which period a figure is compared with, and of the query for it.
 *
 * - A period's 同比 is the same range a year earlier, its 环比 the previous month / quarter / year, or for a
 *   custom range the equally long range just before (period.ts's calendar arithmetic): `comparisonRanges`.
 *   `comparisonReports` runs the KPI report for both — dashboards (dashboard/kpi-reports.ts), the assessment report
 *   model (reports/model.ts: GET /api/reports/assessment, `cli report`) and through it the wall (display/wall.ts).
 * - A trend bucket's 同比 is the same bucket a year earlier, its 环比 the previous bucket; a bucket clipped by
 *   the range compares the same dates shifted back one year / one grain: `buckets` (GET /api/trend, the
 *   dashboards' and reports' trend charts, through kpi/trend.ts).
 * - `queryFor`: the parsed query for another period, changed on the object itself — never re-serialised to a
 *   search string and parsed again — so every filter is exactly the original's.
 *
 * Invariants: a comparison query has no baseline unless asked (a baseline belongs to the period it was given
 * for); dates are YYYY-MM-DD calendar dates, month ends clamped (03-31 a month back is 02-29 / 02-28).
 */
import type { KpiQuery, KpiReport, Period, TrendGrain } from '../../../kpi/types';
import { previousRange, sameRangeLastYear } from '../../../period';
import { QueryError } from './query';

/** The same query over `range`: filters unchanged, no baseline unless `keepBaseline`, then the `set` fields. */
export function queryFor(
	q: KpiQuery,
	range: Period,
	opts: { keepBaseline?: boolean; set?: Partial<KpiQuery> } = {}
): KpiQuery {
	return {
		...q,
		from: range.from,
		to: range.to,
		baseline: opts.keepBaseline ? q.baseline : null,
		...opts.set
	};
}

/** 同比 (the same range a year earlier) and 环比 (the previous period of the same kind) of a period. */
export function comparisonRanges(p: Period): { yoy: Period; pop: Period } {
	return { yoy: sameRangeLastYear(p), pop: previousRange(p) };
}

export interface Comparisons {
	yoy: KpiReport;
	pop: KpiReport;
	yoyRange: Period;
	popRange: Period;
}

/**
 * The reports of the query's 同比 and 环比 periods (same filters, no baseline), computed by `report` (the
 * caller's engine options and cache), concurrently.
 */
export async function comparisonReports(
	q: KpiQuery,
	report: (q: KpiQuery) => Promise<KpiReport>
): Promise<Comparisons> {
	const { yoy: yoyRange, pop: popRange } = comparisonRanges(q);
	const [yoy, pop] = await Promise.all([report(queryFor(q, yoyRange)), report(queryFor(q, popRange))]);
	return { yoy, pop, yoyRange, popRange };
}

/** now − then, null when either is missing: the delta of every comparison shown. */
export function delta(now: number | null, then: number | null | undefined): number | null {
	return now === null || then === null || then === undefined ? null : now - then;
}

// ---------------------------------------------------------------------------------------- trend buckets

const pad2 = (n: number) => String(n).padStart(2, '0');
const ymd = (y: number, m: number, d: number) => `${y}-${pad2(m)}-${pad2(d)}`;
const daysIn = (y: number, m: number) => new Date(Date.UTC(y, m, 0)).getUTCDate();
const parts = (s: string) => s.split('-').map(Number) as [number, number, number];

/** Shift a date by whole months, clamping the day to the target month's length. */
export function shiftMonths(date: string, months: number): string {
	const [y, m, d] = parts(date);
	const idx = y * 12 + (m - 1) + months;
	const ny = Math.floor(idx / 12);
	const nm = (idx % 12) + 1;
	return ymd(ny, nm, Math.min(d, daysIn(ny, nm)));
}

const GRAIN_MONTHS: Record<TrendGrain, number> = { month: 1, quarter: 3, year: 12 };

function bucketStart(date: string, grain: TrendGrain): string {
	const [y, m] = parts(date);
	const span = GRAIN_MONTHS[grain];
	return ymd(y, Math.floor((m - 1) / span) * span + 1, 1);
}

function bucketEnd(start: string, grain: TrendGrain): string {
	const next = shiftMonths(start, GRAIN_MONTHS[grain]);
	const t = new Date(`${next}T00:00:00Z`).getTime() - 86_400_000;
	return new Date(t).toISOString().slice(0, 10);
}

function label(start: string, grain: TrendGrain): string {
	const [y, m] = parts(start);
	if (grain === 'year') return String(y);
	if (grain === 'quarter') return `${y}-Q${Math.floor((m - 1) / 3) + 1}`;
	return `${y}-${pad2(m)}`;
}

export interface Bucket {
	bucket: string;
	from: string;
	to: string;
	yoy: Period;
	pop: Period;
}

export const MAX_BUCKETS = 400;

/** The trend buckets of [from, to] (clipped to it) with their 同比 and 环比 periods. */
export function buckets(from: string, to: string, grain: TrendGrain): Bucket[] {
	const out: Bucket[] = [];
	const span = GRAIN_MONTHS[grain];
	for (let start = bucketStart(from, grain); start <= to; start = shiftMonths(start, span)) {
		if (out.length >= MAX_BUCKETS)
			throw new QueryError(
				'grain',
				`时间段过多（最多 ${MAX_BUCKETS} 个）`,
				`too many buckets (at most ${MAX_BUCKETS})`
			);
		const end = bucketEnd(start, grain);
		const f = start < from ? from : start;
		const t = end > to ? to : end;
		const whole = f === start && t === end;
		const prevStart = shiftMonths(start, -span);
		const yoyStart = shiftMonths(start, -12);
		out.push({
			bucket: label(start, grain),
			from: f,
			to: t,
			yoy: whole
				? { from: yoyStart, to: bucketEnd(yoyStart, grain) }
				: { from: shiftMonths(f, -12), to: shiftMonths(t, -12) },
			pop: whole
				? { from: prevStart, to: bucketEnd(prevStart, grain) }
				: { from: shiftMonths(f, -span), to: shiftMonths(t, -span) }
		});
	}
	return out;
}
