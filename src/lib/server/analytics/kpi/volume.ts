/**
 * Volume family: cases submitted in the period at the handling department (`cases.dept_code`):
 * cases, online_rate, one_visit_rate, zero_visit_rate, rejection_rate, return_rate,
 * nominal_delegation_cases, cancelled_item_cases. Visits ratios leave out cases with null visits.
 * Also counts the cases flagged no_one_time_notice, so that the assessment's default deductions
 * (nominal_delegation, cancelled_item, no_one_time_notice on cases submitted in the period) come from this
 * same pass; the predicates are the flag engine's (predicates.ts).
 */
import type { Analytics } from '../db';
import { caseSlice, factKey, regroupedQuery, type FamilyArgs } from './sql-frame';
import { count, ratio } from './exact';
import { cancelledItem, itemsWithTransition, noOneTimeNotice, nominalDelegation } from './predicates';

export const VOLUME_COLS = [
	'cases',
	'online',
	'with_visits',
	'visits_le1',
	'visits_0',
	'rejected',
	'returned',
	'nominal',
	'cancelled_item',
	'no_notice'
] as const;
export type VolumeAgg = Record<(typeof VOLUME_COLS)[number], bigint>;

export function volumeAggregates(db: Analytics, args: FamilyArgs): Promise<Map<string, VolumeAgg>> {
	return regroupedQuery(db, args, VOLUME_COLS, (b, { lo, hi }) => {
		const t = args.thresholds;
		// Breakdown key: the case's item (the rollup keeps item_code and channel), its item's batch, its channel.
		const k = factKey(b, args, 'volume', {
			item: { expr: 'c.item_code' },
			batch: { expr: 'i.batch' },
			channel: { expr: 'c.channel' }
		});
		// The rollup (kpi_sub_day) holds these counts per day; the raw cases are counted here.
		const counts = args.rollups
			? `sum(c.cases) AS cases,
			sum(c.cases) FILTER (WHERE c.channel = 'online') AS online,
			sum(c.with_visits) AS with_visits,
			sum(c.visits_le1) AS visits_le1,
			sum(c.visits_0) AS visits_0,
			sum(c.rejected) AS rejected,
			sum(c.returned) AS returned,
			sum(c.cases) FILTER (WHERE ${nominalDelegation()}) AS nominal,
			sum(c.cases) FILTER (WHERE ${cancelledItem()}) AS cancelled_item,
			sum(c.no_notice) AS no_notice`
			: `count(*) AS cases,
			count(*) FILTER (WHERE c.channel = 'online') AS online,
			count(c.visits) AS with_visits,
			count(*) FILTER (WHERE c.visits <= 1) AS visits_le1,
			count(*) FILTER (WHERE c.visits = 0) AS visits_0,
			count(*) FILTER (WHERE c.status = 'rejected') AS rejected,
			count(*) FILTER (WHERE c.status = 'returned') AS returned,
			count(*) FILTER (WHERE ${nominalDelegation()}) AS nominal,
			count(*) FILTER (WHERE ${cancelledItem()}) AS cancelled_item,
			count(*) FILTER (WHERE ${noOneTimeNotice(b, t)}) AS no_notice`;
		const base = `SELECT pd.pk, c.dept_code${k.col},
			${counts}
		FROM ${args.rollups ? 'kpi_sub_day' : 'cases'} c
		JOIN pd ON pd.date = c.submitted_date
		LEFT JOIN ${itemsWithTransition(b, t)} i ON i.item_code = c.item_code
		WHERE c.submitted_date BETWEEN ${lo} AND ${hi}${caseSlice(b, args.slice)}${k.where}
		GROUP BY ALL`;
		return { base };
	});
}

export function volumeKpis(a: VolumeAgg) {
	return {
		nominal_delegation_cases: count(a.nominal),
		cancelled_item_cases: count(a.cancelled_item),
		cases: count(a.cases),
		online_rate: ratio(a.online, a.cases),
		one_visit_rate: ratio(a.visits_le1, a.with_visits),
		zero_visit_rate: ratio(a.visits_0, a.with_visits),
		rejection_rate: ratio(a.rejected, a.cases),
		return_rate: ratio(a.returned, a.cases)
	};
}

/** Flags whose per-department count (cases submitted in the period) this family already computes. */
export const VOLUME_FLAG_COUNTS = {
	nominal_delegation: 'nominal',
	cancelled_item: 'cancelled_item',
	no_one_time_notice: 'no_notice'
} as const;
