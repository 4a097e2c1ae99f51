/**
 * Breakdowns the dashboards show beside the engine's KPIs — distributions and lists the engine does not
 * produce: delegation counts per batch, handover-lag and elapsed-time histograms, idle / upstream /
 * cancelled-item lists, statutory vs promised vs actual days per department and item, five-level rating
 * counts, bad reviews with their deadlines.
 *
 * Invariants: every KPI figure of a group (delegated / accepted / active items per department or batch, idle
 * items, completions and mean elapsed days per department or item) comes from the engine's breakdown
 * (kpi/breakdown.ts) — no second implementation of a family here. What this module still queries itself are
 * the distributions, lists and item attributes the engine has no KPI for, over the same populations (flag
 * predicates from predicates.ts), the same scope frame and slice filters, bound parameters only.
 * tests/integration/dashboard/breakdowns.test.ts checks the totals against the engine.
 */
import { listValue } from '@duckdb/node-api';
import type { KpiQuery } from '../../kpi/types';
import type { Analytics } from './db';
import { computeKpiBreakdown } from './kpi/breakdown';
import { Binder, caseSlice, frame, itemSlice, ratingSlice } from './kpi/sql-frame';
import {
	cancelledItem,
	DELEGATED_SQL,
	itemsWithTransition,
	nominalDelegation,
	notDefaultRating
} from './kpi/predicates';
import { DEFAULT_THRESHOLDS, type Thresholds } from './kpi/thresholds';

function head(b: Binder, q: KpiQuery): string {
	return frame(b, {
		periods: [{ key: 'p', from: q.from, to: q.to }],
		groups: [{ kind: 'total', scoped: true }],
		scope: { dept: q.dept, region: q.region, peer_group: q.peer_group }
	});
}

const slice = (q: KpiQuery) => ({
	power_type: q.power_type,
	channel: q.channel,
	rating_channel: q.rating_channel
});
const n = (v: unknown) => Number(v ?? 0);
const s = (v: unknown) => (v === null || v === undefined ? null : String(v));
const x = (v: unknown) => (v === null || v === undefined ? null : Number(v));

export interface DelegationGroupRow {
	key: string | null;
	name: string | null;
	delegated: number;
	accepted: number;
	handover_on_time: number;
	active: number;
	idle: number;
}

/** Groups with delegated items first, then by key (a null key — items without a batch — last). */
function byDelegated(a: DelegationGroupRow, z: DelegationGroupRow): number {
	if (a.delegated !== z.delegated) return z.delegated - a.delegated;
	if (a.key === z.key) return 0;
	return a.key === null ? 1 : z.key === null ? -1 : a.key < z.key ? -1 : 1;
}

/**
 * Delegated items (delegated_on ≤ period end) per receiving department or per batch: accepted by the period
 * end, handed over within the threshold, active (≥ 1 case submitted in the period at the receiving department)
 * and idle (accepted, no such case) — the delegation family's aggregates per group (engine breakdown), groups
 * with at least one delegated item.
 */
export async function delegationBreakdown(
	db: Analytics,
	q: KpiQuery,
	t: Thresholds,
	by: 'dept' | 'batch'
): Promise<DelegationGroupRow[]> {
	const [rows, names] = await Promise.all([
		computeKpiBreakdown(db, q, { thresholds: t, by, kpis: ['delegated_items'] }),
		by === 'dept' ? db.query(`SELECT dept_code, name FROM departments`) : Promise.resolve([])
	]);
	const name = new Map(names.map((r) => [String(r.dept_code), s(r.name)]));
	return rows
		.filter((r) => r.counts.delegation!.delegated > 0)
		.map((r) => {
			const c = r.counts.delegation!;
			return {
				key: r.key,
				name: r.key === null ? null : (name.get(r.key) ?? null),
				delegated: c.delegated,
				accepted: c.accepted,
				handover_on_time: c.handover_on_time,
				active: c.active,
				idle: c.accepted - c.active
			};
		})
		.sort(byDelegated);
}

/** Handover lag wd(delegated_on, accepted_on) of the delegated items accepted by the period end → count. */
export async function handoverLags(db: Analytics, q: KpiQuery): Promise<{ value: number; count: number }[]> {
	const b = new Binder();
	const to = b.date(q.to);
	const sql = `${head(b, q)}
	SELECT ka.wd_index - kd.wd_index AS value, count(*) AS count
	FROM items i JOIN gm ON gm.dept_code = i.dept_code
	JOIN calendar kd ON kd.date = i.delegated_on
	JOIN calendar ka ON ka.date = i.accepted_on
	WHERE i.delegation_mode IN ${DELEGATED_SQL} AND i.delegated_on <= ${to} AND i.accepted_on <= ${to}${itemSlice(b, slice(q))}
	GROUP BY 1 ORDER BY 1`;
	return (await db.query(sql, b.params)).map((r) => ({ value: n(r.value), count: n(r.count) }));
}

export interface IdleItemRow {
	item_code: string;
	name: string;
	dept_code: string;
	dept_name: string | null;
	accepted_on: string | null;
	last_case: string | null;
	/** Whole calendar months from the last case (or the acceptance) to the period end. */
	months_idle: number | null;
}

/**
 * Accepted delegated items without a case submitted in the period at their receiving department (权力悬空): which
 * items, from the engine's delegation breakdown per item (idle = accepted − active); their names, last case
 * (at the receiving department, by the period end) and months idle from here.
 */
export async function idleItems(
	db: Analytics,
	q: KpiQuery,
	limit = 200,
	/** No threshold changes which items are idle; passed so the engine reads the rollups built for them. */
	t: Thresholds = DEFAULT_THRESHOLDS
): Promise<IdleItemRow[]> {
	const perItem = await computeKpiBreakdown(db, q, { thresholds: t, by: 'item', kpis: ['idle_items'] });
	const idle = perItem.filter((r) => r.key !== null && r.kpis.idle_items! > 0).map((r) => r.key!);
	if (!idle.length) return [];
	const b = new Binder();
	const to = b.date(q.to);
	const sql = `WITH idle(item_code) AS (SELECT unnest(${b.bind(listValue(idle))}::VARCHAR[])),
	last AS (
		SELECT c.item_code, c.dept_code, max(c.submitted_date) AS last_case
		FROM cases c LEFT JOIN items i ON i.item_code = c.item_code
		WHERE c.submitted_date <= ${to} AND c.item_code IN (SELECT item_code FROM idle)${caseSlice(b, slice(q))}
		GROUP BY ALL
	)
	SELECT i.item_code, i.name, i.dept_code, d.name AS dept_name, i.accepted_on, l.last_case,
		date_diff('month', coalesce(l.last_case, i.accepted_on), ${to}) AS months_idle
	FROM items i JOIN idle USING (item_code)
	LEFT JOIN departments d ON d.dept_code = i.dept_code
	LEFT JOIN last l ON l.item_code = i.item_code AND l.dept_code = i.dept_code
	ORDER BY months_idle DESC NULLS FIRST, i.item_code LIMIT ${b.bind(limit)}`;
	return (await db.query(sql, b.params)).map((r) => ({
		item_code: String(r.item_code),
		name: String(r.name),
		dept_code: String(r.dept_code),
		dept_name: s(r.dept_name),
		accepted_on: s(r.accepted_on),
		last_case: s(r.last_case),
		months_idle: x(r.months_idle)
	}));
}

export interface FlaggedItemRow {
	item_code: string;
	name: string;
	dept_code: string;
	dept_name: string | null;
	/** For nominal delegation: the source department still handling; for cancelled items: the handler. */
	handler_code: string;
	handler_name: string | null;
	date: string | null;
	cases: number;
}

/**
 * Items with cases submitted in the period that are still handled upstream after the transition (明放暗不放:
 * the `nominal_delegation` predicate) or that were cancelled (取消事项仍在办: `cancelled_item`).
 */
export async function flaggedItems(
	db: Analytics,
	q: KpiQuery,
	t: Thresholds,
	kind: 'nominal' | 'cancelled'
): Promise<FlaggedItemRow[]> {
	const b = new Binder();
	const pred = kind === 'nominal' ? nominalDelegation() : cancelledItem();
	const sql = `${head(b, q)}
	SELECT i.item_code, any_value(i.name) AS name, any_value(i.dept_code) AS dept_code, any_value(d.name) AS dept_name,
		c.dept_code AS handler_code, any_value(h.name) AS handler_name,
		any_value(${kind === 'nominal' ? 'i.delegated_on' : 'i.cancelled_on'}) AS date, count(*) AS cases
	FROM cases c JOIN gm ON gm.dept_code = c.dept_code
	JOIN ${itemsWithTransition(b, t)} i ON i.item_code = c.item_code
	LEFT JOIN departments d ON d.dept_code = i.dept_code
	LEFT JOIN departments h ON h.dept_code = c.dept_code
	WHERE c.submitted_date BETWEEN ${b.date(q.from)} AND ${b.date(q.to)} AND ${pred}${caseSlice(b, slice(q))}
	GROUP BY i.item_code, c.dept_code ORDER BY cases DESC, i.item_code`;
	return (await db.query(sql, b.params)).map((r) => ({
		item_code: String(r.item_code),
		name: String(r.name),
		dept_code: String(r.dept_code),
		dept_name: s(r.dept_name),
		handler_code: String(r.handler_code),
		handler_name: s(r.handler_name),
		date: s(r.date),
		cases: n(r.cases)
	}));
}

/** Elapsed working days of the cases completed in the period → count (the timeliness family's population). */
export async function elapsedHistogram(
	db: Analytics,
	q: KpiQuery
): Promise<{ value: number; count: number }[]> {
	const b = new Binder();
	const sql = `${head(b, q)}
	SELECT c.elapsed_wd AS value, count(*) AS count
	FROM cases c JOIN gm ON gm.dept_code = c.dept_code LEFT JOIN items i ON i.item_code = c.item_code
	WHERE c.status = 'completed' AND c.completed_date BETWEEN ${b.date(q.from)} AND ${b.date(q.to)}
		AND c.elapsed_wd IS NOT NULL${caseSlice(b, slice(q))}
	GROUP BY 1 ORDER BY 1`;
	return (await db.query(sql, b.params)).map((r) => ({ value: n(r.value), count: n(r.count) }));
}

export interface DaysRow {
	key: string;
	name: string | null;
	completed: number;
	statutory: number | null;
	promised: number | null;
	actual: number | null;
}

/**
 * Mean statutory, promised and actual (elapsed) working days over the cases completed in the period, per
 * handling department or per item (top `limit` by completions): the three bars of "审批提速". Completions and
 * the actual mean are the engine's `completed` and `mean_elapsed_workdays` per group; the statutory and
 * promised means (item attributes, no KPI) are averaged here over the same completed cases.
 */
export async function daysCompared(
	db: Analytics,
	q: KpiQuery,
	by: 'dept' | 'item',
	limit = 25,
	/** No threshold changes these figures; passed so the engine reads the rollups built for them. */
	t: Thresholds = DEFAULT_THRESHOLDS
): Promise<DaysRow[]> {
	const b = new Binder();
	const key = by === 'dept' ? 'c.dept_code' : 'c.item_code';
	const nameSql = by === 'dept' ? 'any_value(d.name)' : 'any_value(i.name)';
	const sql = `${head(b, q)}
	SELECT ${key} AS key, ${nameSql} AS name, avg(i.statutory_days) AS statutory, avg(i.promised_days) AS promised
	FROM cases c JOIN gm ON gm.dept_code = c.dept_code
	LEFT JOIN items i ON i.item_code = c.item_code
	LEFT JOIN departments d ON d.dept_code = c.dept_code
	WHERE c.status = 'completed' AND c.completed_date BETWEEN ${b.date(q.from)} AND ${b.date(q.to)}${caseSlice(b, slice(q))}
	GROUP BY 1`;
	const [rows, attrs] = await Promise.all([
		computeKpiBreakdown(db, q, { thresholds: t, by, kpis: ['completed', 'mean_elapsed_workdays'] }),
		db.query(sql, b.params)
	]);
	const attr = new Map(attrs.map((r) => [String(r.key), r]));
	return rows
		.filter((r) => r.key !== null && r.counts.timeliness!.completed > 0)
		.map((r) => {
			const a = attr.get(r.key!);
			return {
				key: r.key!,
				name: s(a?.name),
				completed: r.counts.timeliness!.completed,
				statutory: x(a?.statutory),
				promised: x(a?.promised),
				actual: r.kpis.mean_elapsed_workdays
			};
		})
		.sort((a, z) => z.completed - a.completed || (a.key < z.key ? -1 : a.key > z.key ? 1 : 0))
		.slice(0, limit);
}

/** Ratings of the period (default ratings excluded, as satisfaction.ts) per department or rating channel: counts of scores 1…5. */
export async function ratingDistribution(
	db: Analytics,
	q: KpiQuery,
	by: 'dept' | 'channel'
): Promise<{ key: string | null; name: string | null; counts: [number, number, number, number, number] }[]> {
	const b = new Binder();
	const rs = ratingSlice(b, slice(q));
	const key = by === 'dept' ? 'r.dept_code' : 'r.channel';
	const sql = `${head(b, q)}
	SELECT ${key} AS key, ${by === 'dept' ? 'any_value(d.name)' : 'NULL'} AS name,
		${[1, 2, 3, 4, 5].map((v) => `count(*) FILTER (WHERE r.score = ${v}) AS s${v}`).join(', ')}
	FROM ratings r JOIN gm ON gm.dept_code = r.dept_code${rs.joins}
	LEFT JOIN departments d ON d.dept_code = r.dept_code
	WHERE r.rated_date BETWEEN ${b.date(q.from)} AND ${b.date(q.to)} AND ${notDefaultRating()}${rs.where}
	GROUP BY 1 ORDER BY count(*) DESC, key`;
	return (await db.query(sql, b.params)).map((r) => ({
		key: s(r.key),
		name: s(r.name),
		counts: [n(r.s1), n(r.s2), n(r.s3), n(r.s4), n(r.s5)]
	}));
}

export interface BadReviewRow {
	rating_id: string;
	case_id: string | null;
	dept_code: string;
	dept_name: string | null;
	channel: string | null;
	rated_at: string;
	score: number;
	reason: string | null;
	/** The N-th working day after rated_at. */
	deadline: string | null;
	rectified_at: string | null;
	/** rectified_in_time | rectified_late | overdue (deadline passed by the period end) | open */
	state: 'rectified_in_time' | 'rectified_late' | 'overdue' | 'open';
}

/**
 * Bad reviews of the period (score ≤ threshold, default ratings excluded) with deadline and rectification state,
 * overdue first.
 */
export async function badReviews(
	db: Analytics,
	q: KpiQuery,
	t: Thresholds,
	limit = 300
): Promise<{ rows: BadReviewRow[]; total: number }> {
	const b = new Binder();
	const rs = ratingSlice(b, slice(q));
	const nd = b.bind(t.rectificationDays);
	const to = b.date(q.to);
	const sql = `${head(b, q)},
	pe AS (SELECT wd_index AS w FROM calendar WHERE date = ${to}),
	l AS (
		SELECT r.rating_id, r.case_id, r.dept_code, d.name AS dept_name, r.channel, r.rated_at, r.score, r.reason,
			r.rectified_at,
			(SELECT min(k.date) FROM calendar k WHERE k.wd_index = r.rated_wdi + ${nd} AND k.is_workday) AS deadline,
			CASE
				WHEN r.rectified_at IS NOT NULL AND r.rectified_wd <= ${nd} THEN 'rectified_in_time'
				WHEN r.rectified_at IS NOT NULL THEN 'rectified_late'
				WHEN pe.w - r.rated_wdi >= ${nd} THEN 'overdue'
				ELSE 'open' END AS state
		FROM ratings r JOIN gm ON gm.dept_code = r.dept_code${rs.joins}
		CROSS JOIN pe
		LEFT JOIN departments d ON d.dept_code = r.dept_code
		WHERE r.rated_date BETWEEN ${b.date(q.from)} AND ${to} AND r.score <= ${b.bind(t.badMaxScore)}
			AND ${notDefaultRating()}${rs.where}
	)
	SELECT *, count(*) OVER () AS total FROM l
	ORDER BY CASE state WHEN 'overdue' THEN 0 WHEN 'open' THEN 1 WHEN 'rectified_late' THEN 2 ELSE 3 END, rated_at DESC
	LIMIT ${b.bind(limit)}`;
	const rows = await db.query(sql, b.params);
	return {
		total: rows.length ? n(rows[0].total) : 0,
		rows: rows.map((r) => ({
			rating_id: String(r.rating_id),
			case_id: s(r.case_id),
			dept_code: String(r.dept_code),
			dept_name: s(r.dept_name),
			channel: s(r.channel),
			rated_at: String(r.rated_at),
			score: n(r.score),
			reason: s(r.reason),
			deadline: s(r.deadline),
			rectified_at: s(r.rectified_at),
			state: r.state as BadReviewRow['state']
		}))
	};
}
