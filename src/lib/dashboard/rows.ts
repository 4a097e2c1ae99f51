/**
 * Rows of the ranking and assessment tables as the server sends them (dashboard/ranking.ts, assessment.ts) and
 * the tables show them (LaggingTable, AssessmentTable), client-safe. Department users see other departments as
 * anonymous rank positions: those rows carry no code, name or reasons.
 */
import type { GradeId } from '../kpi/catalog';

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
	kpi: string;
	weight: number;
	lo: number;
	hi: number;
}
