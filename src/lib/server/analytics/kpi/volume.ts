/**
 * Volume family: cases submitted in the period at the handling department (`cases.dept_code`):
 * cases, online_rate, one_visit_rate, zero_visit_rate, rejection_rate, return_rate,
 * nominal_delegation_cases, cancelled_item_cases. Visits ratios leave out cases with null visits.
 * Also counts the cases flagged no_one_time_notice, so that the assessment's default deductions
 * (nominal_delegation, cancelled_item, no_one_time_notice on cases submitted in the period) come from this
 * same pass; the predicates are the flag engine's (predicates.ts).
 */
import type { Analytics } from '../db';
import { Binder, bounds, caseSlice, factKey, frame, keyed, regroup, type FamilyArgs } from './sql-frame';
import { ratio, rat, type Rational } from './exact';
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

export async function volumeAggregates(db: Analytics, args: FamilyArgs): Promise<Map<string, VolumeAgg>> {
	const b = new Binder();
	const head = frame(b, args);
	const { lo, hi } = bounds(b, args.periods);
	const t = args.thresholds;
	// Breakdown key: the case's item (the rollup keeps item_code and channel), its item's batch, its channel.
	const k = factKey(b, args, 'volume', {
		item: { expr: 'c.item_code' },
		batch: { expr: 'i.batch' },
		channel: { expr: 'c.channel' }
	});
	const sql = args.rollups
		? `${head},
	base AS (
		SELECT pd.pk, c.dept_code${k.col},
			sum(c.cases) AS cases,
			sum(c.cases) FILTER (WHERE c.channel = 'online') AS online,
			sum(c.with_visits) AS with_visits,
			sum(c.visits_le1) AS visits_le1,
			sum(c.visits_0) AS visits_0,
			sum(c.rejected) AS rejected,
			sum(c.returned) AS returned,
			sum(c.cases) FILTER (WHERE ${nominalDelegation()}) AS nominal,
			sum(c.cases) FILTER (WHERE ${cancelledItem()}) AS cancelled_item,
			sum(c.no_notice) AS no_notice
		FROM kpi_sub_day c
		JOIN pd ON pd.date = c.submitted_date
		LEFT JOIN ${itemsWithTransition(b, t)} i ON i.item_code = c.item_code
		WHERE c.submitted_date BETWEEN ${lo} AND ${hi}${caseSlice(b, args.slice)}${k.where}
		GROUP BY ALL
	)
	${regroup(VOLUME_COLS, 'base', !!args.key)}`
		: `${head},
	base AS (
		SELECT pd.pk, c.dept_code${k.col},
			count(*) AS cases,
			count(*) FILTER (WHERE c.channel = 'online') AS online,
			count(c.visits) AS with_visits,
			count(*) FILTER (WHERE c.visits <= 1) AS visits_le1,
			count(*) FILTER (WHERE c.visits = 0) AS visits_0,
			count(*) FILTER (WHERE c.status = 'rejected') AS rejected,
			count(*) FILTER (WHERE c.status = 'returned') AS returned,
			count(*) FILTER (WHERE ${nominalDelegation()}) AS nominal,
			count(*) FILTER (WHERE ${cancelledItem()}) AS cancelled_item,
			count(*) FILTER (WHERE ${noOneTimeNotice(b, t)}) AS no_notice
		FROM cases c
		JOIN pd ON pd.date = c.submitted_date
		LEFT JOIN ${itemsWithTransition(b, t)} i ON i.item_code = c.item_code
		WHERE c.submitted_date BETWEEN ${lo} AND ${hi}${caseSlice(b, args.slice)}${k.where}
		GROUP BY ALL
	)
	${regroup(VOLUME_COLS, 'base', !!args.key)}`;
	return keyed(await db.query(sql, b.params), VOLUME_COLS);
}

export function volumeKpis(a: VolumeAgg) {
	return {
		nominal_delegation_cases: rat(a.nominal) as Rational | null,
		cancelled_item_cases: rat(a.cancelled_item) as Rational | null,
		cases: rat(a.cases) as Rational | null,
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
