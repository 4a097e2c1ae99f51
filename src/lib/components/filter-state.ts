/**
 * The dashboard filter state as it lives in the URL: the same parameter names the KPI API takes
 * (`from`, `to`, `baseline_from`, `baseline_to`, `dept`, `region`, `peer_group`, `power_type`,
 * `channel`), so a page's query string is also the /api/kpi query for the numbers it shows.
 * Pure helpers; the server validates with the engine's parseKpiQuery.
 */
import type { DateRange } from '$lib/period';

export interface Filters {
	from: string;
	to: string;
	baseline: DateRange | null;
	dept: string | null;
	region: string | null;
	peer_group: string | null;
	power_type: string | null;
	channel: string | null;
}

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

/** Choices the filter bar offers (from the loaded dimension tables). */
export interface FilterOptions {
	regions: { code: string; name: string; depth: number }[];
	departments: { code: string; name: string }[];
	peerGroups: string[];
	powerTypes: string[];
	channels: string[];
	/** Years with data, newest first. */
	years: number[];
}

/** Parameters that page within a result and must reset when the filters change. */
const PAGING_KEYS = ['offset', 'page', 'case'];

export function filtersToParams(f: Filters, base?: URLSearchParams): URLSearchParams {
	const p = new URLSearchParams(base);
	for (const k of [...FILTER_KEYS, ...PAGING_KEYS]) p.delete(k);
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

/** What the server sends every dashboard page for its frame (filter bar, states). */
export interface FrameContext {
	filters: Filters;
	options: FilterOptions;
	/** The engine parser's message for an invalid URL. */
	invalid: string | null;
	coverage: { cases: number; firstCase: string | null; lastCase: string | null };
	/** Effective query string: the /api/kpi query for the same numbers. */
	search: string;
	/** Department users: the department filter is fixed. */
	deptLocked?: boolean;
}
