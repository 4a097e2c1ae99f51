/**
 * Delegated-powers family (DOMAIN.md, first KPI rows): delegated_items, acceptance_rate,
 * handover_on_time_rate, activation_rate, idle_items, promise_compression_rate.
 *
 * Item metrics are stock figures at each period's end (`per.p_to`), attributed to the item's receiving
 * department (`items.dept_code`). Activity is a case of the item submitted in the period *at the receiving
 * department* (a case handled upstream does not make the power "taken up"). See docs/kpi.md.
 */
import type { Analytics } from '../db';
import { caseSlice, factKey, familyQuery, itemSlice, type FamilyArgs } from './sql-frame';
import { count, ratio } from './exact';
import { DELEGATED_SQL } from './predicates';

export const DELEGATION_COLS = [
	'delegated',
	'accepted',
	'handover_on_time',
	'active',
	'promised_sum',
	'statutory_sum'
] as const;
export type DelegationAgg = Record<(typeof DELEGATION_COLS)[number], bigint>;

export function delegationAggregates(db: Analytics, args: FamilyArgs): Promise<Map<string, DelegationAgg>> {
	return familyQuery(db, args, DELEGATION_COLS, (b, { lo, hi }) => {
		const t = args.thresholds;
		// Breakdown key of an item: itself or its batch (an item has no channel: a stock, not a flow of cases).
		const key = (): { col: string; where: string } =>
			factKey(b, args, 'delegation', { item: { expr: 'i.item_code' }, batch: { expr: 'i.batch' } });
		const kDi = key();
		const kPc = key();
		const fk = args.key ? ', di.fk' : '';
		return `di AS (
			SELECT per.pk, i.item_code, i.dept_code${kDi.col},
				coalesce(i.accepted_on <= per.p_to, false) AS accepted,
				ka.wd_index - kd.wd_index AS handover_wd
			FROM items i CROSS JOIN per
			LEFT JOIN calendar kd ON kd.date = i.delegated_on
			LEFT JOIN calendar ka ON ka.date = i.accepted_on
			WHERE i.delegation_mode IN ${DELEGATED_SQL} AND i.delegated_on <= per.p_to${itemSlice(b, args.slice)}${kDi.where}
		),
		active AS (
			SELECT DISTINCT pd.pk, c.item_code, c.dept_code
			FROM ${args.rollups ? 'kpi_sub_day' : 'cases'} c
			JOIN items i ON i.item_code = c.item_code AND i.dept_code = c.dept_code
			JOIN pd ON pd.date = c.submitted_date
			WHERE c.submitted_date BETWEEN ${lo} AND ${hi} AND i.delegation_mode IN ${DELEGATED_SQL}${caseSlice(b, args.slice)}
		),
		d AS (
			SELECT di.pk, gm.gk${fk},
				count(*) AS delegated,
				count(*) FILTER (WHERE di.accepted) AS accepted,
				count(*) FILTER (WHERE di.accepted AND di.handover_wd <= ${b.bind(t.handoverDays)}) AS handover_on_time,
				count(*) FILTER (WHERE di.accepted AND a.item_code IS NOT NULL) AS active
			FROM di
			JOIN gm ON gm.dept_code = di.dept_code
			LEFT JOIN active a ON a.pk = di.pk AND a.item_code = di.item_code AND a.dept_code = di.dept_code
			GROUP BY ALL
		),
		pc AS (
			SELECT per.pk, gm.gk${kPc.col}, sum(i.promised_days) AS promised_sum, sum(i.statutory_days) AS statutory_sum
			FROM items i CROSS JOIN per
			JOIN gm ON gm.dept_code = i.dept_code
			WHERE i.promised_days IS NOT NULL AND i.statutory_days > 0
			  AND coalesce(i.delegation_mode, '') <> 'cancelled' AND NOT coalesce(i.cancelled_on <= per.p_to, false)
			  ${itemSlice(b, args.slice)}${kPc.where}
			GROUP BY ALL
		)
		${
			args.key
				? // a null key (an item without a batch) must meet its other half: IS NOT DISTINCT FROM, not USING
					`SELECT coalesce(d.pk, pc.pk) AS pk, coalesce(d.gk, pc.gk) AS gk, coalesce(d.fk, pc.fk) AS fk,
			d.delegated, d.accepted, d.handover_on_time, d.active, pc.promised_sum, pc.statutory_sum
		FROM d FULL JOIN pc ON pc.pk = d.pk AND pc.gk = d.gk AND pc.fk IS NOT DISTINCT FROM d.fk`
				: `SELECT pk, gk, d.delegated, d.accepted, d.handover_on_time, d.active, pc.promised_sum, pc.statutory_sum
		FROM d FULL JOIN pc USING (pk, gk)`
		}`;
	});
}

export function delegationKpis(a: DelegationAgg) {
	return {
		delegated_items: count(a.delegated),
		acceptance_rate: ratio(a.accepted, a.delegated),
		handover_on_time_rate: ratio(a.handover_on_time, a.accepted),
		activation_rate: ratio(a.active, a.accepted),
		idle_items: count(a.accepted - a.active),
		promise_compression_rate: ratio(a.statutory_sum - a.promised_sum, a.statutory_sum)
	};
}
