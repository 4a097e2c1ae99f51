/**
 * The process view's filters: the dashboards' query parameters through THE KPI parser (parseKpiQuery), plus
 * `item`, with the period optional (no from/to = every case). Then the SQL of the cases in scope, `sc(case_id)`,
 * over the KPI engine's frame (scope_d: dept, region incl. sub-regions, peer_group) so a department, region or
 * peer-group filter means here exactly what it means on the dashboards.
 *
 * A case is in scope when its submitted_date is in [from, to] (all cases without a period), its department is
 * in the scope, and it matches item / power_type / channel. Every value is bound (Binder); no identifier is built
 * from input.
 */
import type { KpiQuery } from '../../../kpi/types';
import type { ProcessFilter } from '../../../process/types';
import { CALENDAR_FROM, CALENDAR_TO } from '../calendar/working-days';
import { Binder, frame, hasScope } from '../kpi/sql-frame';
import { narrowToScope } from '../../auth/dept-scope';
import { parseKpiQuery, QueryError } from '../kpi/query';

export interface ProcessQuery {
	/** The parsed dashboard query; from/to are the calendar's whole range when no period was given. */
	query: KpiQuery;
	/** false: no period given, every case counts */
	period: boolean;
	item: string | null;
}

/** Same rule as the KPI parser's free codes (letters incl. CJK, digits, space, _ . - ( ) （ ）·, 1–64). */
const CODE_RE = /^[\p{L}\p{N}_.\-() （）·]{1,64}$/u;

const blank = (v: string | null) => v === null || v.trim() === '';

export function parseProcessQuery(params: URLSearchParams): ProcessQuery | QueryError {
	const p = new URLSearchParams(params);
	const noFrom = blank(p.get('from'));
	const noTo = blank(p.get('to'));
	if (noFrom !== noTo)
		return new QueryError(
			noFrom ? 'from' : 'to',
			'from 与 to 必须同时给出（或都不给出：全部办件）',
			'from and to must be given together (or neither: every case)'
		);
	if (noFrom) {
		p.set('from', CALENDAR_FROM);
		p.set('to', CALENDAR_TO);
	}
	const query = parseKpiQuery(p);
	if (query instanceof QueryError) return query;
	const raw = p.get('item');
	const item = blank(raw) ? null : raw!.trim();
	if (item !== null && !CODE_RE.test(item))
		return new QueryError(
			'item',
			`参数 item 含非法字符或过长：${item}`,
			`item has invalid characters or is too long: ${item}`
		);
	return { query, period: !noFrom, item };
}

/** A query for tests and callers: `{ from, to, item, dept, … }` as URL parameters. */
export function processQuery(params: Record<string, string> = {}): ProcessQuery {
	const q = parseProcessQuery(new URLSearchParams(params));
	if (q instanceof QueryError) throw q;
	return q;
}

/** The query within the caller's departments (auth/dept-scope.ts, the one rule), or null = refused → 404. */
export function narrowProcessToScope(q: ProcessQuery, scope: string[] | null): ProcessQuery | null {
	const k = narrowToScope(q.query, scope);
	return k ? { ...q, query: k } : null;
}

export function filterOf(q: ProcessQuery): ProcessFilter {
	const k = q.query;
	return {
		from: q.period ? k.from : null,
		to: q.period ? k.to : null,
		item: q.item,
		dept: k.dept,
		region: k.region,
		peer_group: k.peer_group,
		power_type: k.power_type,
		channel: k.channel
	};
}

/**
 * The scope as SQL over alias `c` — any relation with the case columns dept_code, submitted_date, item_code and
 * channel (cases, or the derived process_steps / process_cases): `head` opens the WITH clause (the KPI frame's
 * scope_d when a scope filter is set; callers append CTEs), `where` is the conjunction ('TRUE' when none).
 */
export function caseScope(b: Binder, q: ProcessQuery): { head: string; where: string } {
	const k = q.query;
	const scope = { dept: k.dept, region: k.region, peer_group: k.peer_group };
	const where: string[] = [];
	let head = 'WITH ';
	if (k.dept?.length && !k.region && !k.peer_group) {
		// Departments only: a constant list (cases reference departments, so this is scope_d's set), which lets
		// DuckDB skip row groups of the derived tables sorted by dept_code instead of a semi-join over all rows.
		where.push(`c.dept_code IN (${b.list(k.dept)})`);
	} else if (hasScope(scope)) {
		head =
			frame(b, { periods: [{ key: 'p', from: k.from, to: k.to }], groups: [{ kind: 'total', scoped: true }], scope }) +
			',\n';
		where.push('c.dept_code IN (SELECT dept_code FROM scope_d)');
	}
	if (q.period) where.push(`c.submitted_date BETWEEN ${b.date(k.from)} AND ${b.date(k.to)}`);
	if (q.item !== null) where.push(`c.item_code = ${b.bind(q.item)}`);
	if (k.channel) where.push(`c.channel = ${b.bind(k.channel)}`);
	if (k.power_type)
		where.push(`c.item_code IN (SELECT item_code FROM items WHERE power_type = ${b.bind(k.power_type)})`);
	return { head, where: where.length ? where.join(' AND ') : 'TRUE' };
}

/**
 * `WITH RECURSIVE …, sc(case_id) AS (…), ev AS (…)` — the in-scope cases and their events with the working-day
 * index of the event's date (`wdi`, null outside the calendar's range). Callers append further CTEs / a SELECT.
 */
export function scopedEventsSql(b: Binder, q: ProcessQuery): string {
	const { head, where } = caseScope(b, q);
	return `${head}sc AS (SELECT c.case_id FROM cases c WHERE ${where}),
	ev AS (
		SELECT e.case_id, e.seq, e.activity, e.ts, e.actor, e.dept_code, k.wd_index AS wdi
		FROM events e JOIN sc ON sc.case_id = e.case_id LEFT JOIN calendar k ON k.date = CAST(e.ts AS DATE))`;
}
