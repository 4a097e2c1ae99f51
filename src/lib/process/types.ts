/**
 * The process view's result (issue 17): what `computeProcess` returns, `cli process --json` prints and
 * GET /api/process answers. Client-safe (types only). Definitions: docs/process.md.
 *
 * The first five keys and the key order inside `activities`, `transitions` and `variants` are the CLI/API
 * contract; keys after them are additions.
 */

export interface ProcessActivity {
	activity: string;
	/** events with this activity */
	events: number;
	/** cases with at least one such event */
	cases: number;
}

/** A directly-follows pair a → b (b is the next event of the same case, ordered by ts then source order). */
export interface ProcessTransition {
	from: string;
	to: string;
	/** occurrences of the pair */
	pairs: number;
	/** cases with at least one occurrence */
	cases: number;
	/** median of wd(ts_a, ts_b) = wd_index(date b) − wd_index(date a); null when no pair has calendar dates */
	median_workdays: number | null;
	/** 90th percentile (linear interpolation, DuckDB quantile_cont) of the same working days */
	p90_workdays: number | null;
	/** median of (ts_b − ts_a) in hours */
	median_hours: number | null;
	/** mean working days (for weighting a path by total time: pairs × mean) */
	mean_workdays: number | null;
}

export interface ProcessVariant {
	/** the case's activities in order */
	path: string[];
	cases: number;
	/** median over the variant's cases of wd(first event, last event) */
	median_days: number | null;
}

/** An activity that occurs more than once in a case (loop back, repeated review). */
export interface ProcessRework {
	activity: string;
	/** cases where the activity occurs at least twice */
	cases: number;
	/** occurrences beyond the first, summed over those cases */
	extra: number;
}

/**
 * A hand-off: consecutive events (a → b) of a case whose department codes are both known and differ, or whose
 * actors are both known and differ. Reported per pair of departments (from_dept = to_dept: between staff of
 * one department; null: the department is not recorded). Actors are personal fields and are never named here.
 */
export interface ProcessHandoff {
	from_dept: string | null;
	to_dept: string | null;
	pairs: number;
	cases: number;
	median_workdays: number | null;
	p90_workdays: number | null;
}

export interface ProcessResult {
	/** in-scope cases with at least one event */
	cases: number;
	/** their events */
	events: number;
	/** by events desc, then activity */
	activities: ProcessActivity[];
	/** by pairs desc, then cases desc, then from, to */
	transitions: ProcessTransition[];
	variants: {
		/** distinct variants */
		count: number;
		/** the 20 most frequent: by cases desc, then median_days asc (nulls last), then path */
		top: ProcessVariant[];
	};
	/** by extra desc, then activity */
	rework: ProcessRework[];
	/** by pairs desc, then from_dept, to_dept */
	handoffs: ProcessHandoff[];
	/** in-scope cases (submitted in the period, matching the filters) with no event at all */
	cases_without_events: number;
	/** the filters as applied (null period = all cases) */
	filter: ProcessFilter;
}

export interface ProcessFilter {
	from: string | null;
	to: string | null;
	item: string | null;
	dept: string[] | null;
	region: string | null;
	peer_group: string | null;
	power_type: string | null;
	channel: string | null;
}

/** The process view of an item page or a department scorecard (server/dashboard/process-view.ts builds it). */
export interface ProcessView {
	result: ProcessResult;
	/** raw activity code → display name (activity mapping) */
	names: Record<string, string>;
	/** department code → name, for the hand-offs */
	deptNames: Record<string, string>;
	from: string;
	to: string;
	/** true: the 12 months ending with the default month (the URL named no period) */
	trailing: boolean;
}
