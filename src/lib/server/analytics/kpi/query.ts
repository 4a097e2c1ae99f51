/**
 * THE filter parser: URL search parameters → a typed KpiQuery, or a QueryError whose bilingual message the
 * API returns with status 400 and the CLI prints (the CLI builds URLSearchParams from its flags).
 *
 * Invariants: dates are real calendar dates inside the supported calendar range; from ≤ to; a baseline has
 * both ends; enumerations (channel, grain, kpi, flag, sort) are checked against allow-lists; free codes
 * (dept, region, peer_group, power_type) are length- and character-checked and only ever bound as parameters.
 * Unknown parameters are ignored (e.g. `lang`). Its inverse, `queryToParams`, is client-safe: lib/kpi/query-params.ts.
 */
import { FLAG_IDS, KPI_IDS, isFlagId, type FlagId, type KpiId } from '../../../kpi/catalog';
import {
	FLAG_SORTS,
	TREND_GRAINS,
	type FlagSort,
	type KpiQuery,
	type Period,
	type TrendGrain
} from '../../../kpi/types';
import { DEFAULT_LIMIT } from '../../../kpi/query-params';
import { CALENDAR_FROM, CALENDAR_TO } from '../calendar/working-days';
import { CASE_CHANNELS, RATING_CHANNELS } from '../schema';

export class QueryError extends Error {
	constructor(
		readonly param: string,
		zh: string,
		en: string
	) {
		super(`${zh} / ${en}`);
	}
}

const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/;
/** Codes and group names: letters (incl. CJK), digits, space, _ . - ( ) （ ）, 1–64 characters. */
const TEXT_RE = /^[\p{L}\p{N}_.\-() （）·]{1,64}$/u;
export const MAX_LIMIT = 10_000;
const MAX_DEPTS = 500;

function isRealDate(s: string): boolean {
	const m = DATE_RE.exec(s);
	if (!m) return false;
	const d = new Date(Date.UTC(+m[1], +m[2] - 1, +m[3]));
	return d.getUTCFullYear() === +m[1] && d.getUTCMonth() === +m[2] - 1 && d.getUTCDate() === +m[3];
}

function get(params: URLSearchParams, name: string): string | null {
	const v = params.get(name);
	return v === null || v.trim() === '' ? null : v.trim();
}

/** A YYYY-MM-DD parameter inside the calendar's range (QueryError otherwise); null when absent and optional. */
export function dateParam(params: URLSearchParams, name: string, required: boolean): string | null {
	const v = get(params, name);
	if (v === null) {
		if (required)
			throw new QueryError(
				name,
				`缺少参数 ${name}（日期，YYYY-MM-DD）`,
				`missing parameter ${name} (a date, YYYY-MM-DD)`
			);
		return null;
	}
	if (!isRealDate(v))
		throw new QueryError(
			name,
			`参数 ${name} 不是有效日期（YYYY-MM-DD）：${v}`,
			`${name} is not a valid date (YYYY-MM-DD): ${v}`
		);
	if (v < CALENDAR_FROM || v > CALENDAR_TO)
		throw new QueryError(
			name,
			`参数 ${name} 超出日历范围 ${CALENDAR_FROM}…${CALENDAR_TO}`,
			`${name} is outside the calendar range ${CALENDAR_FROM}…${CALENDAR_TO}`
		);
	return v;
}

/** A code or name parameter (TEXT_RE), null when absent. */
export function textParam(params: URLSearchParams, name: string): string | null {
	const v = get(params, name);
	if (v === null) return null;
	if (!TEXT_RE.test(v))
		throw new QueryError(
			name,
			`参数 ${name} 含非法字符或过长：${v}`,
			`${name} has invalid characters or is too long: ${v}`
		);
	return v;
}

export function oneOf<T extends string>(
	params: URLSearchParams,
	name: string,
	allowed: readonly T[]
): T | null {
	const v = get(params, name);
	if (v === null) return null;
	if (!(allowed as readonly string[]).includes(v))
		throw new QueryError(
			name,
			`参数 ${name} 取值无效：${v}（可选：${allowed.join(', ')}）`,
			`invalid ${name}: ${v} (allowed: ${allowed.join(', ')})`
		);
	return v as T;
}

/** Repeated and/or comma-separated values (also how the department-scope rule reads `dept`: auth/dept-scope.ts). */
export function listParam(params: URLSearchParams, name: string): string[] {
	return params
		.getAll(name)
		.flatMap((v) => v.split(','))
		.map((v) => v.trim())
		.filter(Boolean);
}

function int(params: URLSearchParams, name: string, lo: number, hi: number, dflt: number): number {
	const v = get(params, name);
	if (v === null) return dflt;
	if (!/^\d+$/.test(v) || Number(v) < lo || Number(v) > hi)
		throw new QueryError(
			name,
			`参数 ${name} 必须是 ${lo}–${hi} 的整数：${v}`,
			`${name} must be an integer ${lo}–${hi}: ${v}`
		);
	return Number(v);
}

export interface ParseOptions {
	/** Parameters this endpoint requires beyond from/to (e.g. the trend's kpi). */
	require?: ('kpi' | 'baseline')[];
}

export function parseKpiQuery(params: URLSearchParams, opts: ParseOptions = {}): KpiQuery | QueryError {
	try {
		return parse(params, opts);
	} catch (e) {
		if (e instanceof QueryError) return e;
		throw e;
	}
}

function parse(params: URLSearchParams, opts: ParseOptions): KpiQuery {
	const from = dateParam(params, 'from', true)!;
	const to = dateParam(params, 'to', true)!;
	if (from > to)
		throw new QueryError('from', `from（${from}）晚于 to（${to}）`, `from (${from}) is after to (${to})`);
	const bf = dateParam(params, 'baseline_from', false);
	const bt = dateParam(params, 'baseline_to', false);
	if ((bf === null) !== (bt === null))
		throw new QueryError(
			bf === null ? 'baseline_from' : 'baseline_to',
			'baseline_from 与 baseline_to 必须同时给出',
			'baseline_from and baseline_to must be given together'
		);
	if (bf && bt && bf > bt)
		throw new QueryError(
			'baseline_from',
			`baseline_from（${bf}）晚于 baseline_to（${bt}）`,
			`baseline_from (${bf}) is after baseline_to (${bt})`
		);
	if (opts.require?.includes('baseline') && !bf)
		throw new QueryError(
			'baseline_from',
			'缺少基期 baseline_from / baseline_to',
			'missing baseline_from / baseline_to'
		);
	const baseline: Period | null = bf && bt ? { from: bf, to: bt } : null;

	const depts = listParam(params, 'dept');
	if (depts.length > MAX_DEPTS)
		throw new QueryError('dept', `dept 最多 ${MAX_DEPTS} 个`, `at most ${MAX_DEPTS} dept values`);
	for (const d of depts)
		if (!TEXT_RE.test(d))
			throw new QueryError(
				'dept',
				`部门编码含非法字符或过长：${d}`,
				`dept has invalid characters or is too long: ${d}`
			);

	const kpi = oneOf<KpiId>(params, 'kpi', KPI_IDS);
	if (opts.require?.includes('kpi') && !kpi)
		throw new QueryError(
			'kpi',
			`缺少参数 kpi（可选：${KPI_IDS.join(', ')}）`,
			`missing parameter kpi (one of ${KPI_IDS.join(', ')})`
		);

	const flags = listParam(params, 'flag');
	for (const f of flags)
		if (!isFlagId(f))
			throw new QueryError(
				'flag',
				`未知标记：${f}（可选：${FLAG_IDS.join(', ')}）`,
				`unknown flag: ${f} (allowed: ${FLAG_IDS.join(', ')})`
			);
	const scheme = get(params, 'scheme');
	if (scheme !== null && !/^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/.test(scheme))
		throw new QueryError('scheme', `方案名称无效：${scheme}`, `invalid scheme name: ${scheme}`);

	return {
		from,
		to,
		baseline,
		dept: depts.length ? [...new Set(depts)] : null,
		region: textParam(params, 'region'),
		peer_group: textParam(params, 'peer_group'),
		power_type: textParam(params, 'power_type'),
		channel: oneOf(params, 'channel', CASE_CHANNELS),
		rating_channel: oneOf(params, 'rating_channel', RATING_CHANNELS),
		grain: oneOf<TrendGrain>(params, 'grain', TREND_GRAINS) ?? 'month',
		kpi,
		flag: flags.length ? ([...new Set(flags)] as FlagId[]) : null,
		as_of: dateParam(params, 'as_of', false),
		limit: int(params, 'limit', 1, MAX_LIMIT, DEFAULT_LIMIT),
		offset: int(params, 'offset', 0, 1_000_000_000, 0),
		sort: oneOf<FlagSort>(params, 'sort', FLAG_SORTS) ?? 'submitted_at',
		order: oneOf(params, 'order', ['asc', 'desc'] as const) ?? 'desc',
		scheme
	};
}

/** A query for a period with every other filter at its default (engine callers, tests). */
export function periodQuery(from: string, to: string, extra: Record<string, string> = {}): KpiQuery {
	const q = parseKpiQuery(new URLSearchParams({ from, to, ...extra }));
	if (q instanceof QueryError) throw q;
	return q;
}
