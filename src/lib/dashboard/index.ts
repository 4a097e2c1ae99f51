/**
 * Dashboard-wide constants (client-safe): policy targets drawn on charts and where each KPI is
 * explained in detail. Targets are reference lines, not scores: the assessment scheme owns scoring.
 */
import type { KpiId } from '$lib/kpi/catalog';

/** The seeds' "整体提速30%": the speed-up target line on the overview. */
export const SPEEDUP_TARGET = 0.3;

/** The screen that details each KPI (KPI cards link there, keeping the filters). */
export const KPI_SCREEN: Partial<Record<KpiId, string>> = {
	delegated_items: '/delegation',
	acceptance_rate: '/delegation',
	handover_on_time_rate: '/delegation',
	activation_rate: '/delegation',
	idle_items: '/delegation',
	nominal_delegation_cases: '/delegation',
	cancelled_item_cases: '/delegation',
	promise_compression_rate: '/timeliness',
	cases: '/timeliness',
	completed: '/timeliness',
	on_time_rate: '/timeliness',
	mean_elapsed_workdays: '/timeliness',
	immediate_rate: '/timeliness',
	speedup_vs_statutory: '/timeliness',
	speedup_vs_baseline: '/timeliness',
	online_rate: '/timeliness',
	one_visit_rate: '/timeliness',
	zero_visit_rate: '/timeliness',
	rejection_rate: '/timeliness',
	return_rate: '/timeliness',
	ratings: '/satisfaction',
	satisfaction_rate: '/satisfaction',
	bad_reviews: '/satisfaction',
	rectification_rate: '/satisfaction',
	rating_coverage: '/satisfaction',
	mean_score: '/satisfaction',
	default_ratings: '/satisfaction'
};
