/**
 * The URL form of the KPI query, client-safe: the parameter names, the filter state a dashboard's URL carries,
 * and the one serialiser (filter state or a whole KpiQuery → URLSearchParams). The parser is the server's
 * (analytics/kpi/query.ts parseKpiQuery); everything here writes what it reads, so
 * `parseKpiQuery(queryToParams(q))` is `q` and a dashboard's query string is the /api/kpi query for its numbers.
 */
import type { KpiQuery } from './types';

/** Rows a flag list or export returns when the URL names no `limit` (the parser's default). */
export const DEFAULT_LIMIT = 100;

/** The filter parameters, in the order they are written. */
export const FILTER_KEYS = [
	'from',
	'to',
	'baseline_from',
	'baseline_to',
	'dept',
	'region',
	'peer_group',
	'power_type',
	'channel'
] as const;

/**
 * The filter part of a KpiQuery as a dashboard keeps it (filter bar, links): `dept` is the URL's
 * comma-separated list (one select value), not the parsed array.
 */
export interface DashboardFilters extends Pick<
	KpiQuery,
	'from' | 'to' | 'baseline' | 'region' | 'peer_group' | 'power_type' | 'channel'
> {
	dept: string | null;
}

/** The filter state of a parsed query. */
export function filtersOf(q: KpiQuery): DashboardFilters {
	return {
		from: q.from,
		to: q.to,
		baseline: q.baseline,
		dept: q.dept?.join(',') ?? null,
		region: q.region,
		peer_group: q.peer_group,
		power_type: q.power_type,
		channel: q.channel
	};
}

/** Writes the filters into `p` (only the ones set); the one place that names each filter parameter. */
function writeFilters(p: URLSearchParams, f: DashboardFilters): URLSearchParams {
	p.set('from', f.from);
	p.set('to', f.to);
	if (f.baseline) {
		p.set('baseline_from', f.baseline.from);
		p.set('baseline_to', f.baseline.to);
	}
	for (const k of ['dept', 'region', 'peer_group', 'power_type', 'channel'] as const) {
		const v = f[k];
		if (v) p.set(k, v);
	}
	return p;
}

/** Parameters that page within a result and must reset when the filters change. */
const PAGING_KEYS = ['offset', 'page', 'case'];

/**
 * New filters on top of the current URL's parameters: the filter and paging parameters of `base` are replaced,
 * anything else (`lang`, a page's own parameters) is kept.
 */
export function filtersToParams(f: DashboardFilters, base?: URLSearchParams): URLSearchParams {
	const p = new URLSearchParams(base);
	for (const k of [...FILTER_KEYS, ...PAGING_KEYS]) p.delete(k);
	return writeFilters(p, f);
}

/** Inverse of parseKpiQuery: only non-default values, in a stable order (shareable URLs, round-trip tests). */
export function queryToParams(q: KpiQuery): URLSearchParams {
	const p = writeFilters(new URLSearchParams(), filtersOf(q));
	for (const k of ['rating_channel', 'kpi', 'as_of', 'scheme'] as const) {
		const v = q[k];
		if (v) p.set(k, v);
	}
	if (q.flag) p.set('flag', q.flag.join(','));
	if (q.grain !== 'month') p.set('grain', q.grain);
	if (q.limit !== DEFAULT_LIMIT) p.set('limit', String(q.limit));
	if (q.offset) p.set('offset', String(q.offset));
	if (q.sort !== 'submitted_at') p.set('sort', q.sort);
	if (q.order !== 'desc') p.set('order', q.order);
	return p;
}

/** The filter part of a query string, for links that keep the current filters (nav, drill-down). */
export function filterQuery(params: URLSearchParams, overrides: Record<string, string | null> = {}): string {
	const p = new URLSearchParams();
	for (const k of FILTER_KEYS) {
		const v = params.get(k);
		if (v) p.set(k, v);
	}
	for (const [k, v] of Object.entries(overrides)) {
		if (v === null) p.delete(k);
		else p.set(k, v);
	}
	const s = p.toString();
	return s ? `?${s}` : '';
}
