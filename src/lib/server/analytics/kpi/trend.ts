/**
 * Trends: one KPI per month / quarter / year over [from, to] (buckets clipped to the range), for the
 * jurisdiction or the scope (dept / region / peer_group) and slice filters, with 同比 (the same bucket one
 * year earlier) and 环比 (the previous bucket) deltas.
 *
 * Every bucket and comparison bucket is a period of the same family SQL as the report (one query, N periods),
 * so a trend point equals the report's value for that bucket. The buckets and their comparison periods are
 * comparison.ts's (`buckets`: whole buckets against whole buckets, clipped ones against the same dates shifted).
 * speedup_vs_baseline per bucket uses the query's baseline when given, else the same dates one year earlier.
 */
import type { KpiId } from '../../../kpi/catalog';
import type { KpiQuery, Trend, TrendDelta, TrendPoint } from '../../../kpi/types';
import type { Analytics } from '../db';
import { buckets, shiftMonths } from './comparison';
import { argsOf, exactKpis, familiesOf, runFamilies, useRollups } from './compute';
import { TOTAL_KEY, type PeriodSpec } from './sql-frame';
import { departmentsInScope } from './compute-report';
import { cmp, div, sub, toNumber, ZERO, type Rational } from './exact';
import { QueryError } from './query';
import type { Thresholds } from './thresholds';
import type { BaselinePair } from './timeliness';

// The trend's buckets are comparison.ts's; re-exported for the callers and specs that know them from here.
export { buckets, MAX_BUCKETS, shiftMonths, type Bucket } from './comparison';

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
