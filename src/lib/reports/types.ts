/**
 * The assessment report (考核通报) as one object: what the model builds (src/lib/server/reports/model.ts)
 * and every renderer (XLSX, DOCX, PDF, CSV, the /reports preview) reads. Client-safe: types and small pure
 * helpers only. Numbers are the KPI engine's, unrounded (ratios as fractions, scores to 2 decimals).
 */
import type { GradeId, KpiId, KpiUnit } from '../kpi/catalog';
import type { Period } from '../kpi/types';

export const REPORT_FORMATS = ['xlsx', 'docx', 'pdf', 'csv'] as const;
export type ReportFormat = (typeof REPORT_FORMATS)[number];

/** What the report covers: the whole jurisdiction, a region (with its sub-regions), a peer group, or one department. */
export type ReportScope =
	| { kind: 'jurisdiction' }
	| { kind: 'region'; code: string }
	| { kind: 'peer_group'; group: string }
	| { kind: 'dept'; code: string };

/** A value now, and its comparison (同比 = same period a year earlier, 环比 = previous period). */
export interface Compared {
	value: number | null;
	/** The comparison period's value. */
	then: number | null;
	/** value − then (null when either is null). */
	delta: number | null;
}

export interface HeadlineKpi {
	id: KpiId;
	name: string;
	unit: KpiUnit;
	better: 'higher' | 'lower' | 'neutral';
	value: number | null;
	yoy: Compared | null;
	pop: Compared | null;
}

export interface ReportIndicator {
	id: string;
	kpi: KpiId;
	name: string;
	weight: number;
	lo: number;
	hi: number;
}

export interface RankingRow {
	dept_code: string;
	name: string;
	peer_group: string | null;
	/** Indicator id → score 0–100; null = the KPI was null (indicator left out, weights re-normalised). */
	indicator_scores: Record<string, number | null>;
	deductions: number;
	score: number | null;
	grade: GradeId | null;
	rank: number | null;
	/** The previous period (环比) rank and score; null when unranked then. */
	prev_rank: number | null;
	prev_score: number | null;
	/** prev_rank − rank: positive = moved up; null when either is unranked. */
	rank_change: number | null;
	score_change: number | null;
	lagging: boolean;
}

export interface RankingGroup {
	/** Peer group name; null = departments without a group. */
	peer_group: string | null;
	/** Scored departments in the whole peer group (ranks are out of this). */
	scored: number;
	rows: RankingRow[];
}

export interface LaggingUnit {
	dept_code: string;
	name: string;
	peer_group: string | null;
	score: number | null;
	grade: GradeId | null;
	rank: number | null;
	/** Engine reason ids: 'fail', 'bottom', indicator ids. */
	reason_ids: string[];
	/** The same, readable (考核不合格；同组排名末位；按时办结率得分低于60). */
	reasons: string[];
}

/** The reform task ledger in the report: counts by status and the overdue tasks, as of `asOf`. */
export interface ReportTaskSection {
	asOf: string;
	counts: { total: number; done: number; on_track: number; at_risk: number; overdue: number };
	overdue: { number: number; plan: string; title: string; lead: string; lateSince: string }[];
}

/** 工程建设项目审批情况 (issue 14): projects at the period end, those completed in the period, the slowest. */
export interface ReportProjectSection {
	/** the period end: every figure is as of it */
	asOf: string;
	target: number;
	counts: { started: number; complete: number; in_progress: number; waiting: number };
	/** projects completed in the period, of them within target, their mean approval working days */
	completedInPeriod: number;
	onTargetInPeriod: number;
	onTargetRate: number | null;
	meanWorkdays: number | null;
	/** the slowest projects completed in the period or still open at its end (approval working days, top 5) */
	slowest: { code: string; name: string; state: 'complete' | 'in_progress' | 'waiting'; stage: string; approval: number; span: number; overTarget: boolean }[];
	/** per stage over projects complete at the period end: projects, mean and median working days, target */
	stages: { stage: string; projects: number; mean: number | null; median: number | null; target: number | null }[];
	slowestStage: string | null;
}

export interface NoticeCountRow {
	dept_code: string;
	name: string;
	open: number;
	overdue: number;
	closed: number;
	/** Notices raised in the report period. */
	raised: number;
}

export interface ReportChart {
	id: 'trend' | 'ranking' | 'distribution' | string;
	title: string;
	/** Accessible description / caption. */
	caption: string;
	svg: string;
	width: number;
	height: number;
}

export interface AppendixEntry {
	id: string;
	name: string;
	unit: string;
	definition: string;
}

export interface ReportMeta {
	title: string;
	/** e.g. 2026年10月 */
	periodLabel: string;
	period: Period;
	baseline: Period | null;
	/** 同比 and 环比 comparison periods. */
	yoyPeriod: Period;
	popPeriod: Period;
	scope: ReportScope;
	scopeLabel: string;
	issuer: string;
	/** Issue date, YYYY-MM-DD, and its Chinese form (2026年11月5日). */
	date: string;
	dateLabel: string;
	/** The assessment scheme's id (data/schemes/<id>.json), for machines. */
	scheme: string;
	/**
	 * The scheme's name for people (its title in the report's language, e.g. 放管服改革默认考核方案): what the cover
	 * prints. Renderers fall back to the id while a model leaves it out.
	 */
	schemeName?: string;
	generatedAt: string;
}

export interface AssessmentReport {
	meta: ReportMeta;
	headline: HeadlineKpi[];
	indicators: ReportIndicator[];
	groups: RankingGroup[];
	lagging: LaggingUnit[];
	/** null: the notices module is not available (or the scope has none to show). */
	notices: NoticeCountRow[] | null;
	/** 改革任务推进情况 (issue 13); null / absent when no reform plan was imported. */
	tasks?: ReportTaskSection | null;
	/** 工程建设项目审批情况 (issue 14); null / absent when no case carries a project code. */
	projects?: ReportProjectSection | null;
	charts: ReportChart[];
	/** The trend chart's data (months up to the period end); null when charts were not asked for. */
	trend: { periods: string[]; series: { kpi: KpiId; name: string; values: (number | null)[] }[] } | null;
	appendix: { kpis: AppendixEntry[]; rules: string[] };
}

/** A plain table (one per XLSX sheet / CSV file / DOCX and PDF table), derived from the report by tables.ts. */
export type CellKind = 'text' | 'ratio' | 'count' | 'days' | 'score' | 'number' | 'signed' | 'signedRatio';

export interface TableColumn {
	key: string;
	label: string;
	kind: CellKind;
	/** Relative width hint (characters). */
	width?: number;
}

export type TableCell = string | number | null;

export interface ReportTable {
	/** Stable id: 'summary', 'ranking-<n>', 'lagging', 'notices', 'appendix' … (CSV `table=` parameter). */
	id: string;
	title: string;
	columns: TableColumn[];
	rows: TableCell[][];
}

export function scopeToParam(s: ReportScope): string {
	switch (s.kind) {
		case 'jurisdiction':
			return 'jurisdiction';
		case 'region':
			return `region:${s.code}`;
		case 'peer_group':
			return `peer_group:${s.group}`;
		case 'dept':
			return `dept:${s.code}`;
	}
}
