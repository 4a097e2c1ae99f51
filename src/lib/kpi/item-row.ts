/**
 * One row of the per-item table (a department's items, an item's page): the server builds it
 * (analytics/drilldown.ts `itemTable`), the browser renders it (components/ItemTable.svelte). Client-safe.
 *
 * cases, completed, on_time_rate and mean_elapsed_workdays are the KPI engine's for the item (its breakdown
 * per item); in_progress, overdue and last_case are the item's case status as of the period end.
 */
export interface ItemRow {
	item_code: string;
	name: string;
	power_type: string | null;
	delegation_mode: string | null;
	statutory_days: number | null;
	promised_days: number | null;
	/** Cases submitted in the period. */
	cases: number;
	/** Cases completed in the period. */
	completed: number;
	/** Cases in progress, submitted by the period end. */
	in_progress: number;
	on_time_rate: number | null;
	mean_elapsed_workdays: number | null;
	/** Red-flagged (overdue) cases live during the period. */
	overdue: number;
	/** Latest submission date by the period end. */
	last_case: string | null;
}
