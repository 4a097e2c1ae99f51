/**
 * What the server sends every dashboard page for its frame (filter bar, empty and invalid states), client-safe:
 * server/dashboard/page-filters.ts builds it, DashboardPage / FilterBar show it.
 */
import type { DashboardFilters } from '../kpi/query-params';

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

export interface FrameContext {
	filters: DashboardFilters;
	options: FilterOptions;
	/** The engine parser's message for an invalid URL. */
	invalid: string | null;
	coverage: { cases: number; firstCase: string | null; lastCase: string | null };
	/** Effective query string: the /api/kpi query for the same numbers. */
	search: string;
	/** Department users: the department filter is fixed. */
	deptLocked?: boolean;
}
