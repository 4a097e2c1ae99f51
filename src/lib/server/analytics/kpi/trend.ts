/**
 * Trends: one KPI per month / quarter / year over [from, to] (buckets clipped to the range), for the
 * jurisdiction or the scope (dept / region / peer_group) and slice filters, with 同比 (the same bucket one
 * year earlier) and 环比 (the previous bucket) deltas.
 *
 * Every bucket and comparison bucket is a period of the same family SQL as the report (one query, N periods),
 * so a trend point equals the report's value for that bucket. Comparison buckets: a whole calendar bucket is
 * compared with the whole previous bucket and the whole bucket a year earlier; a bucket clipped by the range
 * is compared with the same dates shifted back one grain / one year (month ends clamped: 03-31 → 02-29).
 * speedup_vs_baseline per bucket uses the query's baseline when given, else the same dates one year earlier.
 */
import type { KpiId } from '../../../kpi/catalog';
import type { KpiQuery, Trend, TrendDelta, TrendGrain, TrendPoint } from '../../../kpi/types';
import type { Analytics } from '../db';
import { argsOf, exactKpis, familiesOf, runFamilies, useRollups } from './compute';
import { TOTAL_KEY, type PeriodSpec } from './context';
import { departmentsInScope } from './engine';
import { cmp, div, sub, toNumber, ZERO, type Rational } from './exact';
import { QueryError } from './query';
import type { Thresholds } from './thresholds';
import type { BaselinePair } from './timeliness';

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
	yoy: { from: string; to: string };
	pop: { from: string; to: string };
}

export const MAX_BUCKETS = 400;

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

const keyOf = (p: { from: string; to: string }) => `${p.from}|${p.to}`;

function delta(now: Rational | null, then: Rational | null, at: { from: string; to: string }): TrendDelta {
	const d = now && then ? sub(now, then) : null;
	const abs = then && cmp(then, ZERO) < 0 ? sub(ZERO, then) : then;
	return {
		from: at.from,
		to: at.to,
		value: then ? toNumber(then) : null,
		delta: d ? toNumber(d) : null,
		rate: d && abs && cmp(abs, ZERO) !== 0 ? toNumber(div(d, abs)) : null
	};
}

export async function computeTrend(
	db: Analytics,
	q: KpiQuery,
	opts: { thresholds: Thresholds; kpi?: KpiId; rollups?: boolean }
): Promise<Trend> {
	const kpi = opts.kpi ?? q.kpi;
	if (!kpi) throw new QueryError('kpi', '缺少参数 kpi', 'missing parameter kpi');
	const bs = buckets(q.from, q.to, q.grain);
	const unique = new Map<string, PeriodSpec>();
	for (const b of bs)
		for (const p of [b, b.yoy, b.pop]) unique.set(keyOf(p), { key: keyOf(p), from: p.from, to: p.to });
	const periods = [...unique.values()];
	const pairs: BaselinePair[] =
		kpi === 'speedup_vs_baseline'
			? periods.map((p) => ({
					key: p.key,
					now: p,
					base: q.baseline
						? { key: 'b', ...q.baseline }
						: { key: 'b', from: shiftMonths(p.from, -12), to: shiftMonths(p.to, -12) }
				}))
			: [];
	const rollups = await useRollups(db, opts.thresholds, opts.rollups);
	const [, results] = await Promise.all([
		departmentsInScope(db, q), // rejects unknown dept / region codes
		runFamilies(
			db,
			argsOf(q, periods, [{ kind: 'total', scoped: true }], opts.thresholds, rollups),
			familiesOf([kpi]),
			pairs
		)
	]);
	const value = (p: { from: string; to: string }) => exactKpis(results, keyOf(p), TOTAL_KEY, keyOf(p))[kpi];
	const points: TrendPoint[] = bs.map((b) => {
		const now = value(b);
		return {
			bucket: b.bucket,
			from: b.from,
			to: b.to,
			value: now === null ? null : toNumber(now),
			yoy: delta(now, value(b.yoy), b.yoy),
			pop: delta(now, value(b.pop), b.pop)
		};
	});
	return { kpi, grain: q.grain, period: { from: q.from, to: q.to }, dept: q.dept, region: q.region, points };
}
