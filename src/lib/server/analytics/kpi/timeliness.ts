/**
 * Timeliness family: cases with status completed and completed_at in the period, at the handling department:
 * completed, on_time_rate, mean_elapsed_workdays, immediate_rate, speedup_vs_statutory, rating_coverage (a case
 * is rated when it has a rating that is not a default rating);
 * and speedup_vs_baseline (a second query over pairs of periods).
 *
 * Reads the derived columns elapsed_wd (wd(start, completed) − suspended, floored at 0), limit_days
 * (promised, else statutory) and item_statutory_days; never recomputes working days.
 */
import type { Analytics } from '../db';
import {
	Binder,
	bounds,
	caseSlice,
	factKey,
	frame,
	keyed,
	regroupedQuery,
	type FactKeySql,
	type FactKey,
	type FamilyArgs,
	type PeriodSpec
} from './sql-frame';
import { count, ratio } from './exact';
import { RATING_CHANNELS } from '../schema';
import { notDefaultRating } from './predicates';
import { ratedColumn } from './rollup';

export const TIMELINESS_COLS = [
	'completed',
	'with_limit',
	'on_time',
	'with_elapsed',
	'elapsed_sum',
	'immediate',
	'stat_elapsed_sum',
	'stat_sum',
	'rated'
] as const;
export type TimelinessAgg = Record<(typeof TIMELINESS_COLS)[number], bigint>;

/** Breakdown keys of a completed case (`c`: cases or kpi_done_day, `i`: its item): item, batch, channel. */
const CASE_KEYS: Record<FactKey, FactKeySql> = {
	item: { expr: 'c.item_code' },
	batch: { expr: 'i.batch' },
	channel: { expr: 'c.channel' }
};

export function timelinessAggregates(db: Analytics, args: FamilyArgs): Promise<Map<string, TimelinessAgg>> {
	return regroupedQuery(db, args, TIMELINESS_COLS, (b, { lo, hi }) => {
		const ch = args.slice.rating_channel;
		// Rating coverage under a rating_channel slice: the rollup's per-channel rated count (an allow-listed name).
		const rolled = args.rollups && (!ch || (RATING_CHANNELS as readonly string[]).includes(ch));
		const rollupCol = (col: string) =>
			col === 'rated' && ch ? ratedColumn(ch as (typeof RATING_CHANNELS)[number]) : col;
		const k = factKey(b, args, 'timeliness', CASE_KEYS);
		// The rollup (kpi_done_day) holds completed cases only, with these counts per day.
		const counts = rolled
			? TIMELINESS_COLS.map((col) => `sum(c.${rollupCol(col)}) AS ${col}`).join(',\n\t\t\t')
			: `count(*) AS completed,
			count(*) FILTER (WHERE c.limit_days IS NOT NULL AND c.elapsed_wd IS NOT NULL) AS with_limit,
			count(*) FILTER (WHERE c.elapsed_wd <= c.limit_days) AS on_time,
			count(c.elapsed_wd) AS with_elapsed,
			sum(c.elapsed_wd) AS elapsed_sum,
			count(*) FILTER (WHERE c.elapsed_wd = 0) AS immediate,
			sum(c.elapsed_wd) FILTER (WHERE c.item_statutory_days > 0) AS stat_elapsed_sum,
			sum(c.item_statutory_days) FILTER (WHERE c.item_statutory_days > 0 AND c.elapsed_wd IS NOT NULL) AS stat_sum,
			count(rt.case_id) AS rated`;
		const base = `SELECT pd.pk, c.dept_code${k.col},
			${counts}
		FROM ${rolled ? 'kpi_done_day' : 'cases'} c
		JOIN pd ON pd.date = c.completed_date
		LEFT JOIN items i ON i.item_code = c.item_code${rolled ? '' : '\n\t\tLEFT JOIN rated_cases rt ON rt.case_id = c.case_id'}
		WHERE ${rolled ? '' : "c.status = 'completed' AND "}c.completed_date BETWEEN ${lo} AND ${hi}${caseSlice(b, args.slice)}${k.where}
		GROUP BY ALL`;
		if (rolled) return { base };
		const ratedCases = `rated_cases AS (SELECT DISTINCT r.case_id FROM ratings r WHERE r.case_id IS NOT NULL AND ${notDefaultRating()}${ch ? ` AND r.channel = ${b.bind(ch)}` : ''}),`;
		return { ctes: ratedCases, base };
	});
}

export function timelinessKpis(a: TimelinessAgg) {
	return {
		completed: count(a.completed),
		on_time_rate: ratio(a.on_time, a.with_limit),
		mean_elapsed_workdays: ratio(a.elapsed_sum, a.with_elapsed),
		immediate_rate: ratio(a.immediate, a.completed),
		speedup_vs_statutory: ratio(a.stat_sum - a.stat_elapsed_sum, a.stat_sum),
		rating_coverage: ratio(a.rated, a.completed)
	};
}

/** A period and the baseline it is compared with; `key` names the pair. */
export interface BaselinePair {
	key: string;
	now: PeriodSpec;
	base: PeriodSpec;
}

export const BASELINE_COLS = ['n_now', 's_now', 'n_base', 's_base'] as const;
export type BaselineAgg = Record<(typeof BASELINE_COLS)[number], bigint>;

/**
 * Per pair and group: elapsed sums and counts of completed cases now and in the baseline, over the items that
 * have completed cases in both periods within that group (DOMAIN.md: "整体提速").
 */
export async function baselineAggregates(
	db: Analytics,
	args: Omit<FamilyArgs, 'periods'> & { pairs: BaselinePair[] }
): Promise<Map<string, BaselineAgg>> {
	const b = new Binder();
	// The frame's period list is the pairs' "now" periods; the pair table carries both ranges.
	const head = frame(b, { ...args, periods: args.pairs.map((p) => ({ ...p.now, key: p.key })) });
	const all = args.pairs.flatMap((p) => [p.now, p.base]);
	const { lo, hi } = bounds(b, all);
	const pairValues = args.pairs
		.map(
			(p) =>
				`(${b.bind(p.key)}, ${b.date(p.now.from)}, ${b.date(p.now.to)}, ${b.date(p.base.from)}, ${b.date(p.base.to)})`
		)
		.join(', ');
	const k = factKey(b, args, 'baseline', CASE_KEYS);
	const fk = args.key ? ', fk' : '';
	const sql = `${head},
	pair(pk, nf, nt, bf, bt) AS (VALUES ${pairValues}),
	pdays(date, pk, is_now, is_base) AS (
		SELECT k.date, pair.pk, k.date BETWEEN pair.nf AND pair.nt, k.date BETWEEN pair.bf AND pair.bt
		FROM pair JOIN calendar k ON k.date BETWEEN pair.nf AND pair.nt OR k.date BETWEEN pair.bf AND pair.bt
	),
	base AS (
		SELECT pdays.pk, c.dept_code, c.item_code${k.col},
			${
				args.rollups
					? `sum(c.with_elapsed) FILTER (WHERE pdays.is_now) AS n_now,
			sum(c.elapsed_sum) FILTER (WHERE pdays.is_now) AS s_now,
			sum(c.with_elapsed) FILTER (WHERE pdays.is_base) AS n_base,
			sum(c.elapsed_sum) FILTER (WHERE pdays.is_base) AS s_base
		FROM kpi_done_day c`
					: `count(c.elapsed_wd) FILTER (WHERE pdays.is_now) AS n_now,
			sum(c.elapsed_wd) FILTER (WHERE pdays.is_now) AS s_now,
			count(c.elapsed_wd) FILTER (WHERE pdays.is_base) AS n_base,
			sum(c.elapsed_wd) FILTER (WHERE pdays.is_base) AS s_base
		FROM cases c`
			}
		JOIN pdays ON pdays.date = c.completed_date
		LEFT JOIN items i ON i.item_code = c.item_code
		WHERE ${args.rollups ? 'TRUE' : "c.status = 'completed'"} AND c.completed_date BETWEEN ${lo} AND ${hi}${caseSlice(b, args.slice)}${k.where}
		GROUP BY ALL
	),
	per_item AS (
		SELECT base.pk, gm.gk, base.item_code${args.key ? ', base.fk' : ''},
			sum(n_now) AS n_now, sum(s_now) AS s_now, sum(n_base) AS n_base, sum(s_base) AS s_base
		FROM base JOIN gm ON gm.dept_code = base.dept_code
		GROUP BY ALL
	)
	SELECT pk, gk${fk}, sum(n_now) AS n_now, sum(s_now) AS s_now, sum(n_base) AS n_base, sum(s_base) AS s_base
	FROM per_item WHERE n_now > 0 AND n_base > 0
	GROUP BY ALL`;
	return keyed(await db.query(sql, b.params), BASELINE_COLS);
}

/** 1 − (s_now / n_now) ÷ (s_base / n_base) = (n_now·s_base − s_now·n_base) ÷ (n_now·s_base); null without data or a zero baseline mean. */
export function baselineKpis(a: BaselineAgg | undefined) {
	if (!a || a.n_now === 0n || a.n_base === 0n) return { speedup_vs_baseline: null };
	const den = a.n_now * a.s_base;
	return { speedup_vs_baseline: ratio(den - a.s_now * a.n_base, den) };
}
