/**
 * Construction and investment project approval (issue 14, DOMAIN.md "Construction and investment project
 * approval"): what the project engine returns. Client-safe (types and constants only). Definitions:
 * docs/projects.md.
 *
 * `ProjectsContract` is the CLI / API contract (`cli projects --json`, GET /api/projects): its keys and their
 * order are fixed; the screens use the richer `ProjectRow`, `ProjectsSummary` and `ProjectDetail`.
 */

export const STAGES = ['planning', 'engineering', 'construction', 'acceptance'] as const;
export type Stage = (typeof STAGES)[number];

export interface StageFigures {
	/** working days covered by at least one case of the stage's items (parallel cases once) */
	approval_workdays: number;
	/** wd(earliest start, latest end) over the stage's cases */
	span_workdays: number;
}

export interface ProjectContractRow {
	project_code: string;
	complete: boolean;
	approval_workdays: number;
	span_workdays: number;
	/** approval_workdays ≤ target; null until complete */
	on_target: boolean | null;
	/** a key only where the project has a case of that stage */
	stages: Partial<Record<Stage, StageFigures>>;
}

export interface ProjectsContract {
	as_of: string;
	target_workdays: number;
	projects: ProjectContractRow[];
}

/** Where a project is at the as-of date (derived from its cases). */
export type ProjectState = 'complete' | 'in_progress' | 'waiting';

export interface ProjectRow extends ProjectContractRow {
	name: string | null;
	owner_name: string | null;
	region_code: string | null;
	region_name: string | null;
	park: string | null;
	industry: string | null;
	/** 万元 */
	investment: number | null;
	planned_start: string | null;
	/** the earliest start of its cases (YYYY-MM-DD) */
	started_on: string | null;
	/** complete: the latest end of its cases; else null */
	completed_on: string | null;
	/** the latest stage (process order) that has a case */
	current_stage: Stage | null;
	/** in_progress: a case is open; waiting: none open and not complete (the applicant's turn, or only refusals) */
	state: ProjectState;
	cases: number;
	departments: number;
	/** stage → on target against the stage's target (null: no stage target set, or the stage not finished) */
	stage_on_target: Partial<Record<Stage, boolean | null>>;
}

export interface StageSummary {
	stage: Stage;
	/** projects with a case of this stage */
	projects: number;
	/** of which the stage is still running (a case of it open at the as-of date) */
	open: number;
	/** mean / median approval working days of the stage over complete projects (null: none) */
	mean_workdays: number | null;
	median_workdays: number | null;
	target_workdays: number | null;
}

export interface DepartmentWait {
	dept_code: string;
	name: string;
	/** projects with a case of this department */
	projects: number;
	/** working days its cases covered, summed over its projects (each case: its own interval) */
	workdays: number;
	/** workdays / projects */
	mean_workdays: number;
	/** its cases open at the as-of date */
	open_cases: number;
}

export interface ProjectsSummary {
	as_of: string;
	target_workdays: number;
	/** projects with at least one case started by the as-of date */
	started: number;
	complete: number;
	in_progress: number;
	waiting: number;
	/** complete projects: mean and median approval working days (null: none complete) */
	mean_workdays: number | null;
	median_workdays: number | null;
	/** complete projects within target / complete projects (null: none complete) */
	on_target_rate: number | null;
	on_target: number;
	over_target: number;
	stages: StageSummary[];
	/** the stage with the highest mean over complete projects (null: none) */
	slowest_stage: Stage | null;
	/** departments by mean working days per project, longest first (top 10) */
	departments: DepartmentWait[];
	/** whether the `projects` table (names, owners, investment) was imported */
	has_register: boolean;
}

export interface ProjectCase {
	case_id: string;
	item_code: string;
	item_name: string | null;
	dept_code: string;
	dept_name: string | null;
	stage: Stage | null;
	status: string;
	/** the case's state at the as-of date (a case decided after it was still open then) */
	state: 'open' | 'completed' | 'refused' | 'none';
	/** start / end dates of its interval (end: as-of for an open case); null when it covers no date */
	start: string | null;
	end: string | null;
	/** working days it covers */
	workdays: number;
}

export interface ProjectHolder {
	/** null: no case open — the project waits for the applicant (next stage not applied for yet) */
	dept_code: string | null;
	dept_name: string | null;
	case_id: string | null;
	item_name: string | null;
	since: string;
	/** working days from `since` to the as-of date */
	workdays: number;
}

export interface ProjectStageRow extends StageFigures {
	stage: Stage;
	state: 'done' | 'running' | 'waiting';
	start: string | null;
	end: string | null;
	target_workdays: number | null;
	on_target: boolean | null;
	cases: number;
}

export interface ProjectDetail {
	as_of: string;
	target_workdays: number;
	project: ProjectRow;
	stages: ProjectStageRow[];
	cases: ProjectCase[];
	/** who holds the project now (not complete), longest-held first */
	holders: ProjectHolder[];
}

/** A stage as the public lookup shows it: done 已完成, running 办理中, waiting 待申报 (its cases ended without a
 * completion — refused or withdrawn — and none is open: the owner's turn), not_started 未开始 (no case of it yet). */
export type PublicStageState = 'done' | 'running' | 'waiting' | 'not_started';

/**
 * The public lookup (项目业主查询, docs/project-lookup.md): stage-level progress only — no case, unit, staff or
 * personal data (no case ids, no department or item names, no owner name, no counts of cases). The project name
 * is shown: it is the owner's own project, and it confirms they found the right one.
 */
export interface PublicProjectProgress {
	project_code: string;
	name: string | null;
	as_of: string;
	/**
	 * in_progress: a case is open; complete: no case open and 竣工验收 done; idle: no case open, earlier stages
	 * done, 竣工验收 not (the owner's next application); waiting: no case open and none completed (refusals only);
	 * not_started: registered, no case yet. (The engine calls idle projects complete: their figures are final.)
	 */
	state: 'complete' | 'in_progress' | 'waiting' | 'idle' | 'not_started';
	/** the engine's complete: no case open and one completed — the figures are final */
	complete: boolean;
	approval_workdays: number;
	target_workdays: number;
	/** complete: approval_workdays ≤ target; else null */
	on_target: boolean | null;
	/** always the four stages, in process order */
	stages: { stage: Stage; state: PublicStageState; start: string | null; end: string | null; workdays: number }[];
}
