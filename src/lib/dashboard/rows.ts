/**
 * Rows of the ranking and assessment tables and the headline KPI cards as the server sends them
 * (dashboard/ranking.ts, assessment.ts, kpi-reports.ts) and the components show them (LaggingTable,
 * AssessmentTable, KpiCards), client-safe. Department users see other departments as anonymous rank positions:
 * those rows carry no code, name or reasons.
 */
import type { CompletenessNote } from '../completeness';
import type { GradeId, KpiId } from '../kpi/catalog';
import type { Change } from '../kpi/types';

/** One headline KPI card: the value with 同比 / 环比. */
export interface KpiCardData {
	id: KpiId;
	value: number | null;
	yoy: Change | null;
	pop: Change | null;
	/** Set when the loaded data cannot compute this KPI at all (dashboard/availability.ts). */
	unavailable?: CompletenessNote | null;
}

/** One department in a ranking (overview ranking, lagging units). */
export interface RankRow {
	dept_code: string | null;
	name: string | null;
	peer_group: string | null;
	score: number | null;
	grade: GradeId | null;
	rank: number | null;
	lagging: boolean;
	lagging_reasons: string[];
	/** Another department shown only as a rank position. */
	anonymous: boolean;
	/** One of the user's own departments (department users). */
	own: boolean;
}

/** One department on the assessment screen: its ranking row with every indicator and the previous period. */
export interface AssessmentRow extends RankRow {
	indicator_scores: Record<string, number>;
	/** The KPI value behind each indicator (same engine report). */
	indicator_values: Record<string, number | null>;
	deductions: number | null;
	prev: { score: number | null; rank: number | null } | null;
}

/** An indicator of the scheme, as an assessment column header. */
export interface SchemeColumn {
	id: string;
	kpi: KpiId;
	weight: number;
	lo: number;
	hi: number;
}
