/**
 * SQL predicates shared by the KPI families and the flag engine, so a definition such as "nominal
 * delegation" exists exactly once (volume.ts counts it as a KPI, flags.ts lists and counts it per case).
 *
 * Aliases: `c` = cases (with derived columns), `i` = the case's item (LEFT JOINed: null-safe; from
 * itemsWithTransition() where nominalDelegation is used),
 * `w` = a scalar working-day index of the as-of date. Every predicate is wrapped in coalesce(…, false).
 */
import { DELEGATED_MODES } from '../schema';
import type { Binder } from './sql-frame';
import type { Thresholds } from './thresholds';

export const DELEGATED_SQL = `(${DELEGATED_MODES.map((m) => `'${m}'`).join(', ')})`;

const safe = (sql: string) => `coalesce(${sql}, false)`;

/**
 * Items with the end of their transition precomputed once per item (`transition_end` = delegated_on + N
 * calendar months, month ends clamped) — join it as `i` wherever nominalDelegation() is used; computing the
 * date per fact row instead cost more than the rest of the volume query.
 */
export function itemsWithTransition(b: Binder, t: Thresholds): string {
	return `(SELECT i0.*, CAST(i0.delegated_on + to_months(${b.bind(t.transitionMonths)}) AS DATE) AS transition_end FROM items i0)`;
}

/** Delegated item, handled by its source department after the transition (date(submitted) > transition_end). */
export function nominalDelegation(c = 'c', i = 'i'): string {
	return safe(
		`${i}.delegation_mode IN ${DELEGATED_SQL} AND ${c}.dept_code = ${i}.source_dept_code AND ${c}.submitted_date > ${i}.transition_end`
	);
}

/** Submitted after the item's cancellation date. */
export function cancelledItem(c = 'c', i = 'i'): string {
	return safe(`${c}.submitted_date > ${i}.cancelled_on`);
}

/**
 * A default rating (默认评价): the system rated because the applicant did not; `is_default` null = not default.
 * Not the public's voice, so every rating KPI, flag and deduction counts only ratings where this is false
 * (`notDefaultRating`); `default_ratings` counts the others. Alias `r` = ratings.
 */
export function defaultRating(r = 'r'): string {
	return safe(`${r}.is_default`);
}

export function notDefaultRating(r = 'r'): string {
	return `NOT ${defaultRating(r)}`;
}

export function noOneTimeNotice(b: Binder, t: Thresholds, c = 'c'): string {
	return safe(`${c}.supplement_requests >= ${b.bind(t.supplementRequestsMin)}`);
}

export function noReasonRejection(c = 'c'): string {
	return safe(`${c}.status = 'rejected' AND (${c}.reject_reason IS NULL OR trim(${c}.reject_reason) = '')`);
}

export function midwayReturn(c = 'c'): string {
	return safe(`${c}.status = 'returned' AND ${c}.accepted_at IS NOT NULL`);
}

/** Working days used by an in-progress case at as-of index `w`: wd(start, as-of) − suspended, floored at 0. */
export function usedDays(w: string, c = 'c'): string {
	return `greatest(${w} - ${c}.start_wdi - coalesce(${c}.suspended_days, 0), 0)`;
}

/** Limit minus used working days, for in-progress cases with a limit (else null). */
export function daysLeft(w: string, c = 'c'): string {
	return `CASE WHEN ${c}.status = 'in_progress' AND ${c}.limit_days IS NOT NULL THEN ${c}.limit_days - ${usedDays(w, c)} END`;
}

export function redOverdue(w: string, c = 'c'): string {
	return safe(
		`(${c}.status = 'completed' AND ${c}.elapsed_wd > ${c}.limit_days)
		 OR (${c}.status = 'in_progress' AND ${usedDays(w, c)} > ${c}.limit_days)`
	);
}

export function yellowDueSoon(b: Binder, t: Thresholds, w: string, c = 'c'): string {
	return safe(`${daysLeft(w, c)} BETWEEN 0 AND ${b.bind(t.dueSoonDays)}`);
}

/**
 * Completed before accepted, completed without a decision, or (with `repeat` = a column/expression that is
 * true when the same applicant re-submitted the same item within the window after this completion).
 */
export function fakeCompletion(c = 'c', repeat = 'false'): string {
	return safe(
		`${c}.completed_at < ${c}.accepted_at OR (${c}.status = 'completed' AND ${c}.decided_at IS NULL) OR ${repeat}`
	);
}

/** SQL for the completed cases the repeat-application rule examines (alias c1, restricted by `where`). */
const repeatCandidates = (where: string) =>
	`FROM cases c1 JOIN calendar k1 ON k1.date = c1.completed_date
		WHERE c1.status = 'completed' AND c1.applicant_hash IS NOT NULL AND (${where})`;

/**
 * Query: the submission dates a re-application can have to count against the candidates — from the earliest
 * candidate completion to the last date within N working days of the latest (null when no candidate).
 * Bound as constants into repeatSuspects(), they let DuckDB read only that window of cases.
 */
export function repeatWindowSql(b: Binder, t: Thresholds, where: string): string {
	return `WITH x AS (SELECT min(k1.wd_index) AS lo, max(k1.wd_index) AS hi ${repeatCandidates(where)})
	SELECT (SELECT min(date) FROM calendar WHERE wd_index >= x.lo) AS d_lo,
		(SELECT max(date) FROM calendar WHERE wd_index <= x.hi + ${b.bind(t.repeatWindowDays)}) AS d_hi
	FROM x`;
}

/**
 * CTEs ending in `rep(case_id)`: completed cases (restricted by `where` on alias c1) after whose completion the
 * same applicant_hash submitted the same item again within `repeatWindowDays` working days
 * (wd(completed_at, the other case's submitted_at) ≤ N, the other case submitted at or after the completion).
 * `window` (from repeatWindowSql) bounds the other cases' submission dates; null = no candidate at all.
 */
export function repeatSuspects(
	b: Binder,
	t: Thresholds,
	where: string,
	window: { lo: string; hi: string } | null,
	/** optional further restriction of the other cases (alias c2), e.g. to the applicants of a page */
	c2Filter = 'TRUE'
): string {
	const n = b.bind(t.repeatWindowDays);
	const range = window
		? `c2.submitted_date BETWEEN ${b.date(window.lo)} AND ${b.date(window.hi)} AND ${c2Filter}`
		: 'false';
	return `rep_c1 AS (
		SELECT c1.case_id, c1.applicant_hash, c1.item_code, c1.completed_at, k1.wd_index AS wdi
		${repeatCandidates(where)}
	),
	rep_c2 AS (
		SELECT c2.case_id, c2.applicant_hash, c2.item_code, c2.submitted_at, k2.wd_index AS wdi
		FROM cases c2 JOIN calendar k2 ON k2.date = c2.submitted_date
		WHERE c2.applicant_hash IS NOT NULL AND ${range}
	),
	rep AS (
		SELECT DISTINCT rep_c1.case_id
		FROM rep_c1 JOIN rep_c2 ON rep_c2.applicant_hash = rep_c1.applicant_hash AND rep_c2.item_code = rep_c1.item_code
		WHERE rep_c2.case_id <> rep_c1.case_id AND rep_c2.submitted_at >= rep_c1.completed_at
		  AND rep_c2.wdi - rep_c1.wdi <= ${n}
	)`;
}

/**
 * Query: the earliest submission date a case "live during [from, to]" can have — a case submitted in the
 * period, completed on or after its start, or still in progress (submitted by its end). Bound as a constant into
 * `livePopulation`, it turns the population into a submission-date range DuckDB prunes row groups by, instead of
 * a scan of the whole history. Exact: it is the minimum over the very cases the population admits. Answered from
 * the result cache per data version (the in-progress part scans the status column once).
 */
export function liveFloorSql(b: Binder, from: string, to: string): string {
	const f = b.date(from);
	const t = b.date(to);
	return `SELECT CAST(least(${f},
		coalesce((SELECT min(submitted_date) FROM cases WHERE status = 'in_progress' AND submitted_date <= ${t}), ${f}),
		coalesce((SELECT min(submitted_date) FROM cases WHERE completed_date >= ${f} AND submitted_date <= ${t}), ${f})) AS VARCHAR) AS lo`;
}

/** The flag engine's "live during the period" population over alias `c`, with the floor from liveFloorSql (null: none). */
export function livePopulation(b: Binder, from: string, to: string, c: string, floor: string | null): string {
	const f = b.date(from);
	const t = b.date(to);
	const lo = floor !== null && floor < from ? `${c}.submitted_date >= ${b.date(floor)} AND ` : '';
	return `${lo}${c}.submitted_date <= ${t} AND (${c}.submitted_date >= ${f} OR ${c}.completed_date >= ${f} OR ${c}.status = 'in_progress')`;
}
