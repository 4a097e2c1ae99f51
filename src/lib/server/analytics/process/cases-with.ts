/**
 * "The cases behind" a process-map figure, as a case-list filter (issue 17): cases with a directly-follows pair
 * a → b (`step_from`, `step_to`), or with a hand-off from department x to department y (`handoff_from`,
 * `handoff_to`). The pairs are formed exactly as the engine forms them (transitions.ts): each case's events
 * ordered by (ts, seq), every event with the next one; a hand-off is a pair whose department codes are both
 * known and differ, or whose actors are both known and differ. So the list opened from a transition's row has
 * as many cases as that row's `cases`, given the same period and filters.
 *
 * The predicate is a `case_id IN (…)` over `events` only, appended to the case list's WHERE (drilldown.ts);
 * values are bound.
 */
import type { Binder } from '../kpi/sql-frame';
import { QueryError } from '../kpi/query';

export type CasesWith =
	| { kind: 'transition'; from: string; to: string }
	| { kind: 'handoff'; from: string; to: string };

/** Activity names are free text from the event logs: any printable text up to 200 characters. */
const TEXT_RE = /^[^\p{Cc}]{1,200}$/u;

function pair(params: URLSearchParams, a: string, b: string): [string, string] | null | QueryError {
	const x = params.get(a)?.trim() || null;
	const y = params.get(b)?.trim() || null;
	if (x === null && y === null) return null;
	if (x === null || y === null)
		return new QueryError(x === null ? a : b, `${a} 与 ${b} 必须同时给出`, `${a} and ${b} must be given together`);
	for (const [k, v] of [
		[a, x],
		[b, y]
	])
		if (!TEXT_RE.test(v))
			return new QueryError(k, `参数 ${k} 含控制字符或过长`, `${k} has control characters or is too long`);
	return [x, y];
}

/** The list parameters; null when none is given. A transition and a hand-off together: the transition wins. */
export function parseCasesWith(params: URLSearchParams): CasesWith | null | QueryError {
	const t = pair(params, 'step_from', 'step_to');
	if (t instanceof QueryError) return t;
	if (t) return { kind: 'transition', from: t[0], to: t[1] };
	const h = pair(params, 'handoff_from', 'handoff_to');
	if (h instanceof QueryError) return h;
	return h ? { kind: 'handoff', from: h[0], to: h[1] } : null;
}

/** SQL predicate over the case alias `c`: the case has such a pair. */
export function casesWithSql(b: Binder, w: CasesWith, c = 'c'): string {
	const x = b.bind(w.from);
	const y = b.bind(w.to);
	if (w.kind === 'transition')
		return `${c}.case_id IN (SELECT case_id FROM (
			SELECT case_id, activity AS a, lead(activity) OVER (PARTITION BY case_id ORDER BY ts, seq) AS b
			FROM events WHERE case_id IN (SELECT case_id FROM events WHERE activity = ${x})
		) WHERE a = ${x} AND b = ${y})`;
	return `${c}.case_id IN (SELECT case_id FROM (
			SELECT case_id, dept_code AS da, lead(dept_code) OVER w AS db, actor AS xa, lead(actor) OVER w AS xb
			FROM events WHERE case_id IN (SELECT case_id FROM events WHERE dept_code = ${x})
			WINDOW w AS (PARTITION BY case_id ORDER BY ts, seq)
		) WHERE da = ${x} AND db = ${y} AND (da <> db OR (xa IS NOT NULL AND xb IS NOT NULL AND xa <> xb)))`;
}
