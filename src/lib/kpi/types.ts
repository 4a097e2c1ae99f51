/**
 * Result and query types of the KPI engine, shared by the server (engine, API, CLI) and the browser
 * (dashboards). Client-safe: no server imports. The JSON shapes here are the API/CLI contract.
 */
import type { FlagId, GradeId, KpiId } from './catalog';

export type { FlagId, GradeId, KpiId } from './catalog';

/** Every KPI id → value: ratios as fractions 0–1, counts as integers, mean days as numbers; null = undefined (zero denominator). */
export type KpiValues = Record<KpiId, number | null>;

/** KPI values as reported: `speedup_vs_baseline` is present only when a baseline period was given. */
export type ReportedKpis = Omit<KpiValues, 'speedup_vs_baseline'> & { speedup_vs_baseline?: number | null };

export interface Period {
	from: string;
	to: string;
}

export type LaggingReason = 'fail' | 'bottom' | string;

/** A department's KPI values: a row of the per-department KPI tables (DeptKpiTable) and of the report. */
export interface DeptKpis {
	dept_code: string;
	name: string;
	peer_group: string | null;
	kpis: ReportedKpis;
}

/** A department's assessment by the scheme (analytics/kpi/assessment.ts computes it). */
export interface Assessment {
	/** Indicator id → score 0–100 (rounded to 2 decimals); indicators whose KPI is null are absent. */
	indicator_scores: Record<string, number>;
	/** Points deducted (after the cap), rounded to 2 decimals. */
	deductions: number;
	score: number | null;
	grade: GradeId | null;
	rank: number | null;
	lagging: boolean;
	/** In this order: 'fail', 'bottom', then indicator ids (scheme order) scoring below the bar. */
	lagging_reasons: LaggingReason[];
}

export interface DepartmentResult extends DeptKpis, Assessment {}

/** A KPI now against a comparison period (同比 / 环比), as the KPI cards show it. */
export interface Change {
	/** Value in the comparison period. */
	value: number | null;
	/** Now − then (null when either is null). */
	delta: number | null;
}

export interface KpiReport {
	period: Period;
	baseline: Period | null;
	scheme: string;
	total: { kpis: ReportedKpis };
	departments: DepartmentResult[];
}

export const TREND_GRAINS = ['month', 'quarter', 'year'] as const;
export type TrendGrain = (typeof TREND_GRAINS)[number];

export const FLAG_SORTS = [
	'submitted_at',
	'completed_at',
	'case_id',
	'dept_code',
	'item_code',
	'elapsed_wd',
	'days_left'
] as const;
export type FlagSort = (typeof FLAG_SORTS)[number];

/** The typed filter set every KPI request is parsed into (src/lib/server/analytics/kpi/query.ts). */
export interface KpiQuery {
	from: string;
	to: string;
	baseline: Period | null;
	/** Scope filters: which departments the total and the listing cover (ranks stay within the full peer group). */
	dept: string[] | null;
	region: string | null;
	peer_group: string | null;
	/** Slice filters: which items / cases / ratings the KPIs count. */
	power_type: string | null;
	channel: string | null;
	rating_channel: string | null;
	grain: TrendGrain;
	kpi: KpiId | null;
	flag: FlagId[] | null;
	/** Clock date for in-progress flags; null = the period end, or today if earlier. */
	as_of: string | null;
	limit: number;
	offset: number;
	sort: FlagSort;
	order: 'asc' | 'desc';
	/** Stored assessment scheme name (data/schemes/<name>.json); null = the default scheme. */
	scheme: string | null;
}

/** A flagged case (electronic supervision list). */
export interface FlagRow {
	case_id: string;
	dept_code: string;
	item_code: string;
	item_name: string | null;
	status: string;
	channel: string | null;
	submitted_at: string;
	accepted_at: string | null;
	completed_at: string | null;
	elapsed_wd: number | null;
	limit_days: number | null;
	/** In-progress cases: limit − working days used at the as-of date (negative = overdue). */
	days_left: number | null;
	flags: FlagId[];
}

export interface FlagPage {
	period: Period;
	as_of: string;
	total: number;
	limit: number;
	offset: number;
	rows: FlagRow[];
}

export interface FlagCountRow {
	dept_code: string;
	name: string;
	/** Flagged cases (a case with several flags counts once). */
	cases: number;
	counts: Record<FlagId, number>;
}

export interface FlagCounts {
	period: Period;
	as_of: string;
	total: { cases: number; counts: Record<FlagId, number> };
	departments: FlagCountRow[];
}

export interface TrendDelta {
	/** The comparison bucket. */
	from: string;
	to: string;
	value: number | null;
	/** value now − value then (null when either is null). */
	delta: number | null;
	/** delta ÷ |value then| (null when either is null or value then is 0). */
	rate: number | null;
}

export interface TrendPoint {
	/** '2024-03', '2024-Q1' or '2024'. */
	bucket: string;
	from: string;
	to: string;
	value: number | null;
	/** 同比: the same bucket one year earlier. */
	yoy: TrendDelta;
	/** 环比: the previous bucket. */
	pop: TrendDelta;
}

export interface Trend {
	kpi: KpiId;
	grain: TrendGrain;
	period: Period;
	dept: string[] | null;
	region: string | null;
	points: TrendPoint[];
}
