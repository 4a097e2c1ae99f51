/**
 * What every dashboard load starts from: the data's coverage (empty-state decisions), the filter bar's
 * choices, the effective filters (URL, or defaults when the URL names no period) and the engine's parsed
 * query — or the engine parser's message when the URL is invalid. The URL keeps the API's parameter
 * names, so a page's query string is also the /api/kpi query for its numbers.
 *
 * Default period: the latest month with submitted cases (the monthly 通报), with the same month a year
 * earlier as baseline; with no data at all, the current month. Invariant: the KpiQuery returned here is
 * always parseKpiQuery's output — filters are never parsed a second way.
 */
import type { FilterOptions, FrameContext } from '../../dashboard/frame';
import { filtersOf, type DashboardFilters } from '../../kpi/query-params';
import type { KpiQuery } from '../../kpi/types';
import { coverage, dimensionOptions, type Coverage, type DimensionOptions } from '../analytics/dimensions';
import type { Analytics } from '../analytics/db';
import { parseKpiQuery, QueryError } from '../analytics/kpi/query';
import { presetRange, sameRangeLastYear, type DateRange } from '../../period';
import { CASE_CHANNELS } from '../analytics/schema';
import { localToday } from '../clock';
import { narrowParams, refused } from '../auth/dept-scope';

export interface DashboardContext {
	coverage: Coverage;
	dims: DimensionOptions;
	/** For the filter bar. */
	options: FilterOptions;
	filters: DashboardFilters;
	/** Null when the URL is invalid (see `invalid`). */
	query: KpiQuery | null;
	/** The engine parser's message for an invalid URL. */
	invalid: string | null;
	/** The URL named no period; defaults were applied. */
	defaulted: boolean;
	/** The effective query string (URL parameters or defaults) — what /api/kpi takes for the same numbers. */
	search: string;
	/**
	 * The URL names a department outside the user's scope (or the user has none): refused by the
	 * department-scope rule (auth/dept-scope.ts) — `query` is null, and pages answer 404 (dashboard/load.ts).
	 */
	outOfScope: boolean;
}

export interface ContextOptions {
	/**
	 * Department codes the user may see (department users); null = all. Narrows the options, and the `dept`
	 * filter by the department-scope rule (auth/dept-scope.ts).
	 */
	deptScope?: string[] | null;
}

export function defaultRange(cov: Coverage, today = localToday()): DateRange {
	return presetRange('month', cov.lastCase ?? cov.lastRating ?? today);
}

export async function dashboardContext(
	db: Analytics,
	url: URL,
	opts: ContextOptions = {}
): Promise<DashboardContext> {
	const [cov, dims] = await Promise.all([coverage(db), dimensionOptions(db)]);
	const params = new URLSearchParams(url.searchParams);
	const defaulted = !params.get('from') && !params.get('to');
	if (defaulted) {
		const r = defaultRange(cov);
		params.set('from', r.from);
		params.set('to', r.to);
		if (!params.get('baseline_from') && !params.get('baseline_to')) {
			const b = sameRangeLastYear(r);
			params.set('baseline_from', b.from);
			params.set('baseline_to', b.to);
		}
	}
	// Department users: their own department(s) only — no dept filter means all of theirs; another department's
	// code is refused (never silently replaced by theirs, never "all"), the same answer as the API's.
	const scope = opts.deptScope ?? null;
	const scoped = narrowParams(params, scope);
	// Refused: nothing of the other department's code is echoed back either.
	const eff = scoped ?? new URLSearchParams([...params].filter(([k]) => k !== 'dept'));
	const parsed = scoped ? parseKpiQuery(eff) : refused();
	const invalid = parsed instanceof QueryError ? parsed.message : null;
	const query = parsed instanceof QueryError ? null : parsed;

	const g = (k: string) => eff.get(k)?.trim() || null;
	const bf = g('baseline_from');
	const bt = g('baseline_to');
	// An invalid URL keeps what it said (the filter bar shows it beside the message).
	const filters: DashboardFilters = query
		? filtersOf(query)
		: {
				from: g('from') ?? defaultRange(cov).from,
				to: g('to') ?? defaultRange(cov).to,
				baseline: bf && bt ? { from: bf, to: bt } : null,
				dept: g('dept'),
				region: g('region'),
				peer_group: g('peer_group'),
				power_type: g('power_type'),
				channel: g('channel')
			};
	const depts = scope ? dims.departments.filter((d) => scope.includes(d.code)) : dims.departments;
	return {
		coverage: cov,
		dims,
		options: {
			regions: dims.regions.map((r) => ({ code: r.code, name: r.name, depth: r.depth })),
			departments: depts.map((d) => ({ code: d.code, name: d.name })),
			peerGroups: dims.peerGroups,
			powerTypes: dims.powerTypes,
			channels: [...CASE_CHANNELS],
			years: dims.years
		},
		filters,
		query,
		invalid,
		defaulted,
		search: eff.toString(),
		outOfScope: scoped === null
	};
}

/** The part of the context the browser needs (filter bar and page states). */
export function frameOf(
	ctx: DashboardContext,
	invalid: string | null = ctx.invalid,
	deptLocked = false
): FrameContext {
	return {
		filters: ctx.filters,
		options: ctx.options,
		invalid,
		coverage: {
			cases: ctx.coverage.cases,
			firstCase: ctx.coverage.firstCase,
			lastCase: ctx.coverage.lastCase
		},
		search: ctx.search,
		deptLocked
	};
}
