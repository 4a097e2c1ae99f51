/**
 * The shared SQL frame every KPI family query runs in: bound parameters, the period list, the department
 * scope, the grouping map and the slice filters. A family writes its SQL once against these CTEs and thereby
 * serves totals, departments, regions and trend buckets alike:
 *
 * - `per(pk, p_from, p_to, p_to_wdi)`: the periods (one for a report, two with a baseline, N trend buckets);
 *   `pd(date, pk)`: every date of every period, so facts join periods by equality.
 * - `scope_d(dept_code)`: departments selected by the scope filters (dept, region incl. sub-regions, peer_group).
 * - `gm(dept_code, gk)`: grouping map; a fact of department D is counted once for every group key D maps to:
 *   `t` (jurisdiction total), `d:<dept_code>`, `r:<region_code>` (the region and every ancestor region).
 *
 * Shape of a family query: aggregate the facts once per (pk, dept_code) — one pass, additive integer
 * aggregates — then `regroup()` sums those small rows per group key through `gm`. So a fact is read once
 * whatever the number of groupings, and the (pk, dept_code) stage is where a pre-aggregated rollup can stand in.
 *
 * Breakdown tables (per item, batch, channel) need a key that is not a function of the department: with
 * `args.key` a family also groups its facts by the fact's own key value (`fk`, see `factKey`), and its results
 * are keyed by `keyedGroup(gk, fk)` — the same SQL, one more GROUP BY column, so a breakdown row is exactly the
 * KPI the report would give for that key alone. Without `args.key` the SQL is unchanged.
 *
 * Invariants: every value is a bound parameter (`Binder`); identifiers and SQL structure come from code only.
 * Each family returns integer aggregates per (pk, gk); ratios are formed later, exactly (compute.ts).
 */
import type { DuckDBValue } from '@duckdb/node-api';
import type { Analytics } from '../types';
import type { Thresholds } from './thresholds';

export class Binder {
	readonly params: Record<string, DuckDBValue> = {};
	private i = 0;
	/** Bind a value and return its placeholder. */
	bind(v: DuckDBValue): string {
		const k = `p${this.i++}`;
		this.params[k] = v;
		return `$${k}`;
	}
	/** `$x::DATE` for a YYYY-MM-DD string. */
	date(v: string): string {
		return `${this.bind(v)}::DATE`;
	}
	list(vs: readonly DuckDBValue[]): string {
		return vs.map((v) => this.bind(v)).join(', ');
	}
}

export interface PeriodSpec {
	key: string;
	from: string;
	to: string;
}

export interface Scope {
	dept: string[] | null;
	region: string | null;
	peer_group: string | null;
}

export interface Slice {
	power_type: string | null;
	channel: string | null;
	rating_channel: string | null;
}

export type GroupKind = 'total' | 'dept' | 'region';

/** A grouping; `scoped: false` groups every department regardless of the scope filters (ranks need the full peer group). */
export interface Grouping {
	kind: GroupKind;
	scoped: boolean;
}

/**
 * Keys a fact carries itself (not through its department): the item (a case's item, a rated case's item, a
 * delegated item), the item's batch, the case channel (a rating: its case's channel, as the `channel` slice).
 */
export const FACT_KEYS = ['item', 'batch', 'channel'] as const;
export type FactKey = (typeof FACT_KEYS)[number];

export interface FactKeySpec {
	by: FactKey;
	/** Only these key values (e.g. one item's page); absent = every value. */
	only?: readonly string[] | null;
}

export interface FamilyArgs {
	periods: PeriodSpec[];
	groups: Grouping[];
	scope: Scope;
	slice: Slice;
	thresholds: Thresholds;
	/** Read the fresh pre-aggregated rollups (rollup.ts) instead of the raw facts where the slice allows. */
	rollups?: boolean;
	/** Also group by a key of the facts (breakdown tables); absent = per group only. */
	key?: FactKeySpec | null;
}

export const TOTAL_KEY = 't';
export const deptKey = (code: string) => `d:${code}`;
export const regionKey = (code: string) => `r:${code}`;
export const aggKey = (pk: string, gk: string) => `${pk}\u0000${gk}`;

/** A group key narrowed to one fact-key value (null: facts without one, e.g. an item without a batch). */
export const keyedGroup = (gk: string, k: string | null) => `${gk}\u0001${k === null ? '\u0002' : `=${k}`}`;

/** The fact-key value of a keyedGroup() key, or undefined when `key` is not `gk` narrowed to a value. */
export function factKeyOf(key: string, gk: string): string | null | undefined {
	if (!key.startsWith(`${gk}\u0001`)) return undefined;
	const rest = key.slice(gk.length + 1);
	return rest === '\u0002' ? null : rest.slice(1);
}

export function hasScope(s: Scope): boolean {
	return !!(s.dept?.length || s.region || s.peer_group);
}

const DEPT_ANC = `dept_anc(dept_code, region_code) AS (
		SELECT dept_code, region_code FROM departments WHERE region_code IS NOT NULL
		UNION
		SELECT a.dept_code, r.parent_code FROM dept_anc a JOIN regions r ON r.region_code = a.region_code
		WHERE r.parent_code IS NOT NULL)`;

/** `WITH RECURSIVE …` header defining dept_anc (when needed), scope_d, gm and per. */
export function frame(b: Binder, args: Pick<FamilyArgs, 'periods' | 'groups' | 'scope'>): string {
	const { scope, groups, periods } = args;
	if (!periods.length) throw new Error('no periods');
	const needAnc = !!scope.region || groups.some((g) => g.kind === 'region');
	const conds: string[] = [];
	if (scope.dept?.length) conds.push(`d.dept_code IN (${b.list(scope.dept)})`);
	if (scope.peer_group) conds.push(`d.peer_group = ${b.bind(scope.peer_group)}`);
	if (scope.region)
		conds.push(`d.dept_code IN (SELECT dept_code FROM dept_anc WHERE region_code = ${b.bind(scope.region)})`);
	const scopeSql = `scope_d(dept_code) AS (SELECT d.dept_code FROM departments d${conds.length ? ' WHERE ' + conds.join(' AND ') : ''})`;
	const parts = groups.map((g) => {
		const src = g.scoped ? 'scope_d' : 'departments';
		if (g.kind === 'total') return `SELECT dept_code, '${TOTAL_KEY}' FROM ${src}`;
		if (g.kind === 'dept') return `SELECT dept_code, 'd:' || dept_code FROM ${src}`;
		if (!g.scoped) return `SELECT a.dept_code, 'r:' || a.region_code FROM dept_anc a`;
		// Scoped: the scope's departments, and under a region filter only that region's subtree.
		const within = scope.region ? ' AND a.region_code IN (SELECT region_code FROM reg_sub)' : '';
		return `SELECT a.dept_code, 'r:' || a.region_code FROM dept_anc a WHERE a.dept_code IN (SELECT dept_code FROM scope_d)${within}`;
	});
	const needSub = !!scope.region && groups.some((g) => g.kind === 'region' && g.scoped);
	const values = periods.map((p) => `(${b.bind(p.key)}, ${b.date(p.from)}, ${b.date(p.to)})`).join(', ');
	const ctes = [
		...(needAnc ? [DEPT_ANC] : []),
		...(needSub
			? [
					`reg_sub(region_code) AS (SELECT region_code FROM regions WHERE region_code = ${b.bind(scope.region)}
		UNION SELECT r.region_code FROM regions r JOIN reg_sub s ON r.parent_code = s.region_code)`
				]
			: []),
		scopeSql,
		`gm(dept_code, gk) AS (${parts.join(' UNION ALL ')})`,
		`per(pk, p_from, p_to, p_to_wdi) AS (SELECT v.pk, v.f, v.t, k.wd_index FROM (VALUES ${values}) v(pk, f, t) LEFT JOIN calendar k ON k.date = v.t)`,
		// date → period: facts join on equality (a hash join) instead of a range join over millions of rows
		`pd(date, pk) AS (SELECT k.date, per.pk FROM per JOIN calendar k ON k.date BETWEEN per.p_from AND per.p_to)`
	];
	return `WITH RECURSIVE ${ctes.join(',\n')}`;
}

/** How one family reads a fact key: the SQL expression of its value, and the join it needs (if any). */
export interface FactKeySql {
	expr: string;
	join?: string;
}

/**
 * The fact key of a family's fact stage: `col` (`, <expr> AS fk`) for its SELECT, `join` for its FROM, `where`
 * (the `only` restriction) for its WHERE — all '' when no key is asked. A key the family has no expression for
 * is a programming error (breakdown.ts runs only the families that support the key).
 */
export function factKey(
	b: Binder,
	args: Pick<FamilyArgs, 'key'>,
	family: string,
	exprs: Partial<Record<FactKey, FactKeySql>>
): { col: string; join: string; where: string } {
	if (!args.key) return { col: '', join: '', where: '' };
	const k = exprs[args.key.by];
	if (!k) throw new Error(`the ${family} family has no ${args.key.by} key`);
	const only = args.key.only;
	return {
		col: `, CAST(${k.expr} AS VARCHAR) AS fk`,
		join: k.join ? ` ${k.join}` : '',
		where: only ? ` AND CAST(${k.expr} AS VARCHAR) IN (${only.length ? b.list(only) : 'NULL'})` : ''
	};
}

/**
 * Sum the additive columns of CTE `base(pk, dept_code, [fk,] …cols)` per group key (and fact key, when `keyed`).
 */
export function regroup(cols: readonly string[], base = 'base', keyed = false): string {
	return `SELECT ${base}.pk, gm.gk, ${keyed ? `${base}.fk, ` : ''}${cols.map((c) => `sum(${base}.${c}) AS ${c}`).join(', ')}
	FROM ${base} JOIN gm ON gm.dept_code = ${base}.dept_code
	GROUP BY ALL`;
}

/** Earliest from / latest to over the periods, bound: a plain range predicate lets DuckDB skip row groups. */
export function bounds(b: Binder, periods: PeriodSpec[]): { lo: string; hi: string } {
	const lo = periods.reduce((m, p) => (p.from < m ? p.from : m), periods[0].from);
	const hi = periods.reduce((m, p) => (p.to > m ? p.to : m), periods[0].to);
	return { lo: b.date(lo), hi: b.date(hi) };
}

/** Item slice (`i` = items). */
export function itemSlice(b: Binder, s: Slice, i = 'i'): string {
	return s.power_type ? ` AND ${i}.power_type = ${b.bind(s.power_type)}` : '';
}

/** Case slice (`c` = cases, `i` = the case's item, joined by the caller). */
export function caseSlice(b: Binder, s: Slice, c = 'c', i = 'i'): string {
	let out = '';
	if (s.channel) out += ` AND ${c}.channel = ${b.bind(s.channel)}`;
	if (s.power_type) out += ` AND ${i}.power_type = ${b.bind(s.power_type)}`;
	return out;
}

/**
 * Rating slice (`r` = ratings). power_type and channel reach a rating through its case (ratings without a
 * case drop out when either is set); rating_channel filters the rating's own channel.
 */
export function ratingSlice(b: Binder, s: Slice, r = 'r'): { joins: string; where: string } {
	let joins = '';
	let where = '';
	if (s.rating_channel) where += ` AND ${r}.channel = ${b.bind(s.rating_channel)}`;
	if (s.channel || s.power_type) {
		joins += ` JOIN cases rc ON rc.case_id = ${r}.case_id`;
		if (s.channel) where += ` AND rc.channel = ${b.bind(s.channel)}`;
		if (s.power_type) {
			joins += ` JOIN items ri ON ri.item_code = rc.item_code`;
			where += ` AND ri.power_type = ${b.bind(s.power_type)}`;
		}
	}
	return { joins, where };
}

/** Integer aggregate from a converted row (number, or string beyond 2^53, or null = 0). */
export function big(v: unknown): bigint {
	if (v === null || v === undefined) return 0n;
	if (typeof v === 'bigint') return v;
	if (typeof v === 'number') return BigInt(Math.round(v));
	return BigInt(String(v));
}

/** Rows keyed by aggKey(pk, gk) — with a fact key column `fk`, by aggKey(pk, keyedGroup(gk, fk)) — integer columns as bigint. */
export function keyed<T extends string>(
	rows: Record<string, unknown>[],
	cols: readonly T[]
): Map<string, Record<T, bigint>> {
	const out = new Map<string, Record<T, bigint>>();
	for (const r of rows) {
		const rec = {} as Record<T, bigint>;
		for (const c of cols) rec[c] = big(r[c]);
		const gk = 'fk' in r ? keyedGroup(String(r.gk), r.fk === null ? null : String(r.fk)) : String(r.gk);
		out.set(aggKey(String(r.pk), gk), rec);
	}
	return out;
}

/** The bound date range of the periods (`bounds`): what a family's fact stage filters its date column by. */
export interface DateRange {
	lo: string;
	hi: string;
}

/**
 * Run one family query: the frame, the bound range of `args.periods`, then `body` — the family's own CTEs and
 * final SELECT of (pk, gk, [fk,] …cols) after the frame's — and the rows keyed as bigint aggregates.
 */
export async function familyQuery<T extends string>(
	db: Analytics,
	args: FamilyArgs,
	cols: readonly T[],
	body: (b: Binder, range: DateRange) => string
): Promise<Map<string, Record<T, bigint>>> {
	const b = new Binder();
	const head = frame(b, args);
	const range = bounds(b, args.periods);
	const sql = `${head},
	${body(b, range)}`;
	return keyed(await db.query(sql, b.params), cols);
}

/**
 * The common shape of a family (see the header): `base` is the SELECT of the fact stage per (pk, dept_code,
 * [fk,] …cols), preceded by `ctes` when it needs its own (`name AS (…),`); `regroup()` sums it per group key.
 */
export function regroupedQuery<T extends string>(
	db: Analytics,
	args: FamilyArgs,
	cols: readonly T[],
	stage: (b: Binder, range: DateRange) => { ctes?: string; base: string }
): Promise<Map<string, Record<T, bigint>>> {
	return familyQuery(db, args, cols, (b, range) => {
		const { ctes = '', base } = stage(b, range);
		return `${ctes}
	base AS (${base})
	${regroup(cols, 'base', !!args.key)}`;
	});
}

export function zeros<T extends string>(cols: readonly T[]): Record<T, bigint> {
	return Object.fromEntries(cols.map((c) => [c, 0n])) as Record<T, bigint>;
}
