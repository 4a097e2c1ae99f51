/**
 * Satisfaction family (好差评): ratings with rated_at in the period, at `ratings.dept_code`:
 * ratings, satisfaction_rate, bad_reviews, rectification_rate, mean_score, and the count of unrectified
 * bad reviews the assessment deducts for — all over the ratings that are not default ratings (默认评价, DOMAIN.md);
 * default_ratings counts those.
 *
 * A bad review's deadline is the N-th working day after rated_at (N = rectificationDays); it is on or before
 * the period end exactly when wd_index(period end) − rated_wdi ≥ N. "Rectified in time" = rectified_at present
 * and rectified_wd (= wd(rated_at, rectified_at)) ≤ N.
 */
import type { Analytics } from '../db';
import { factKey, ratingSlice, regroupedQuery, type FamilyArgs } from './sql-frame';
import { count, ratio } from './exact';
import { defaultRating, notDefaultRating } from './predicates';

export const SATISFACTION_COLS = [
	'ratings',
	'satisfied',
	'score_sum',
	'bad',
	'rectified_on_time',
	'rect_due',
	'unrectified',
	'defaults'
] as const;
export type SatisfactionAgg = Record<(typeof SATISFACTION_COLS)[number], bigint>;

export function satisfactionAggregates(db: Analytics, args: FamilyArgs): Promise<Map<string, SatisfactionAgg>> {
	return regroupedQuery(db, args, SATISFACTION_COLS, (b, { lo, hi }) => {
		const t = args.thresholds;
		const n = b.bind(t.rectificationDays);
		const due = `coalesce(per.p_to_wdi - r.rated_wdi >= ${n}, false)`;
		// Breakdown keys reach a rating through its case (as the channel / power_type slices do); a rating without a
		// case has none (null key). The rollup carries the case's item and channel.
		const caseOf = 'LEFT JOIN cases kc ON kc.case_id = r.case_id';
		const k = args.rollups
			? factKey(b, args, 'satisfaction', {
					item: { expr: 'r.case_item_code' },
					batch: { expr: 'ki.batch', join: 'LEFT JOIN items ki ON ki.item_code = r.case_item_code' },
					channel: { expr: 'r.case_channel' }
				})
			: factKey(b, args, 'satisfaction', {
					item: { expr: 'kc.item_code', join: caseOf },
					batch: { expr: 'ki.batch', join: `${caseOf} LEFT JOIN items ki ON ki.item_code = kc.item_code` },
					channel: { expr: 'kc.channel', join: caseOf }
				});
		let counts: string;
		let slice: { joins: string; where: string };
		if (args.rollups) {
			// The rollup carries the rated case's channel and item, so every slice is answered from it.
			slice = { joins: '', where: '' };
			if (args.slice.rating_channel) slice.where += ` AND r.channel = ${b.bind(args.slice.rating_channel)}`;
			if (args.slice.channel) slice.where += ` AND r.case_channel = ${b.bind(args.slice.channel)}`;
			if (args.slice.power_type) {
				slice.joins = ' JOIN items ri ON ri.item_code = r.case_item_code';
				slice.where += ` AND ri.power_type = ${b.bind(args.slice.power_type)}`;
			}
			counts = `sum(r.ratings) AS ratings,
			sum(r.satisfied) AS satisfied,
			sum(r.score_sum) AS score_sum,
			sum(r.bad) AS bad,
			sum(r.bad_in_time) AS rectified_on_time,
			sum(CASE WHEN ${due} THEN r.bad ELSE r.bad_rectified END) AS rect_due,
			sum(CASE WHEN ${due} THEN r.bad - r.bad_in_time ELSE 0 END) AS unrectified,
			sum(r.defaults) AS defaults`;
		} else {
			slice = ratingSlice(b, args.slice);
			// Every count but `defaults` over the public's ratings only (the rollup's counts are built the same way).
			const pub = notDefaultRating();
			const bad = `${pub} AND r.score <= ${b.bind(t.badMaxScore)}`;
			const inTime = `coalesce(r.rectified_at IS NOT NULL AND r.rectified_wd <= ${n}, false)`;
			counts = `count(*) FILTER (WHERE ${pub}) AS ratings,
			count(*) FILTER (WHERE ${pub} AND r.score >= ${b.bind(t.satisfiedMinScore)}) AS satisfied,
			sum(r.score) FILTER (WHERE ${pub}) AS score_sum,
			count(*) FILTER (WHERE ${bad}) AS bad,
			count(*) FILTER (WHERE ${bad} AND ${inTime}) AS rectified_on_time,
			count(*) FILTER (WHERE ${bad} AND (r.rectified_at IS NOT NULL OR ${due})) AS rect_due,
			count(*) FILTER (WHERE ${bad} AND ${due} AND NOT ${inTime}) AS unrectified,
			count(*) FILTER (WHERE ${defaultRating()}) AS defaults`;
		}
		const base = `SELECT pd.pk, r.dept_code${k.col},
			${counts}
		FROM ${args.rollups ? 'kpi_rate_day' : 'ratings'} r
		JOIN pd ON pd.date = r.rated_date
		JOIN per ON per.pk = pd.pk${slice.joins}${k.join}
		WHERE r.rated_date BETWEEN ${lo} AND ${hi}${slice.where}${k.where}
		GROUP BY ALL`;
		return { base };
	});
}

export function satisfactionKpis(a: SatisfactionAgg) {
	return {
		ratings: count(a.ratings),
		satisfaction_rate: ratio(a.satisfied, a.ratings),
		bad_reviews: count(a.bad),
		rectification_rate: ratio(a.rectified_on_time, a.rect_due),
		mean_score: ratio(a.score_sum, a.ratings),
		default_ratings: count(a.defaults)
	};
}
