/**
 * What the project screens (/projects, /projects/[code], the overview's panel) receive from the server
 * (src/lib/server/dashboard/projects.ts). Client-safe: types and the overview panel's figure list. Figures are the engine's (types.ts); these
 * add what a screen shows beside them — the case ids a user may see, the target date, the current holder.
 */
import type { ProjectCase, ProjectDetail, ProjectHolder, ProjectRow, ProjectsSummary, Stage } from './types';

/** A case as a user sees it: the id only where the user may see that case, a link only where it may open it. */
export interface CaseView extends Omit<ProjectCase, 'case_id'> {
	case_id: string | null;
	link: boolean;
}

/** Who holds a project now: an open case's department, or the applicant (dept_name null) since the last end. */
export interface HolderView extends Omit<ProjectHolder, 'case_id'> {
	case_id: string | null;
	link: boolean;
}

export interface TimelineFields {
	/** the latest case end (an open case ends at the as-of date); null when no case has dates */
	end: string | null;
	/** the calendar date on which started_on + target working days is reached (null: unknown) */
	target_date: string | null;
}

export interface BoardProject extends ProjectRow, TimelineFields {
	/** its cases at the as-of date (`cases` is their count) */
	case_rows: CaseView[];
	/** the longest-held open case, or the applicant; null when complete */
	holder: HolderView | null;
}

export interface StageNow {
	stage: Stage;
	/** projects not complete whose latest stage this is */
	now: number;
	/** projects with a case of this stage open at the as-of date */
	open: number;
	/** projects with a case of this stage */
	projects: number;
	mean_workdays: number | null;
	median_workdays: number | null;
	target_workdays: number | null;
}

/** A row of "where projects wait longest"; other departments appear to a department user only by rank. */
export interface DeptWaitView {
	rank: number;
	anonymous: boolean;
	dept_code: string | null;
	name: string | null;
	projects: number;
	mean_workdays: number;
	open_cases: number;
}

export interface BoardQuery {
	as_of: string;
	region: string | null;
	park: string | null;
	stage: Stage | null;
	state: string | null;
	q: string | null;
	sort: string;
	dir: 'asc' | 'desc';
}

export interface ProjectsBoardData {
	/** false: no case carries a project code (the empty state says what to import) */
	hasData: boolean;
	/** the parser's message for an invalid URL (then nothing else is computed) */
	invalid: string | null;
	query: BoardQuery | null;
	/** the board's state as a query string without the page ('' or '?…'), for links that keep it */
	search: string;
	/** figures over the projects of the scope, as-of date, region and park (not narrowed by stage / state / text) */
	summary: Omit<ProjectsSummary, 'departments'> | null;
	stages: StageNow[];
	departments: DeptWaitView[];
	/** the page's projects (sorted, filtered) */
	rows: BoardProject[];
	total: number;
	page: number;
	pages: number;
	pageSize: number;
	options: { regions: { code: string; name: string; depth: number }[]; parks: string[] };
	today: string;
}

export interface ProjectPageData extends TimelineFields {
	invalid: string | null;
	as_of: string;
	target_workdays: number;
	project: ProjectRow;
	stages: ProjectDetail['stages'];
	cases: CaseView[];
	holders: HolderView[];
	/** the board's query string for the back link (keeps the as-of date) */
	search: string;
}

/** The overview panel's figures of the project engine's summary. */
export const OVERVIEW_PROJECT_FIGURES = [
	'as_of',
	'target_workdays',
	'started',
	'complete',
	'in_progress',
	'waiting',
	'on_target_rate',
	'mean_workdays',
	'slowest_stage'
] as const satisfies readonly (keyof ProjectsSummary)[];

/** The overview's panel (null when no case carries a project code). */
export type OverviewProjects = Pick<ProjectsSummary, (typeof OVERVIEW_PROJECT_FIGURES)[number]>;
