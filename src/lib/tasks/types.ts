/**
 * The reform task ledger (改革任务台账) as pages, exports and the report see it, and its status rules. Client-safe.
 *
 * Status of a task on a given day (DOMAIN.md "Reform task ledger"), first rule that holds:
 * 1. done     — an ACCEPTED report of a lead unit says `done`;
 * 2. overdue  — one of its dated milestones is due BEFORE today (the due day itself still counts as in time)
 *               and no accepted `milestone_met` report names that milestone; a task whose schedule is only
 *               ongoing (长期推进 …) has no dated milestone and is therefore never overdue;
 * 3. at_risk  — its latest report that was not returned says `at_risk`;
 * 4. on_track — everything else (including a task nobody has reported on yet).
 * Pending and returned reports never change rules 1 and 2: only the office's acceptance counts.
 */
export const TASK_STATES = ['overdue', 'at_risk', 'on_track', 'done'] as const;
export type TaskState = (typeof TASK_STATES)[number];

export const REPORT_STATUSES = ['on_track', 'at_risk', 'milestone_met', 'done'] as const;
export type ReportStatus = (typeof REPORT_STATUSES)[number];
export type ReviewState = 'pending' | 'accepted' | 'returned';

export interface StatusMilestone {
	id: number;
	due: string;
}

export interface StatusReport {
	status: ReportStatus;
	milestoneId: number | null;
	review: ReviewState;
	/** Whether the reporting unit is a lead unit of the task. */
	lead: boolean;
	/** ISO time; reports are compared by it (then by id). */
	at: string;
	id: number;
}

export interface StatusResult {
	state: TaskState;
	/** Milestones met by an accepted report (all of them once the task is done). */
	met: number[];
	/** Dated milestones passed and not met (empty when done). */
	late: number[];
	/** The earliest milestone not met yet (passed or not); null when none is left. */
	next: number | null;
}

export function taskStatus(milestones: readonly StatusMilestone[], reports: readonly StatusReport[], today: string): StatusResult {
	const accepted = reports.filter((r) => r.review === 'accepted');
	const done = accepted.some((r) => r.status === 'done' && r.lead);
	const metSet = new Set(accepted.filter((r) => r.status === 'milestone_met' && r.milestoneId !== null).map((r) => r.milestoneId!));
	const sorted = [...milestones].sort((a, b) => (a.due < b.due ? -1 : a.due > b.due ? 1 : a.id - b.id));
	const met = done ? sorted.map((m) => m.id) : sorted.filter((m) => metSet.has(m.id)).map((m) => m.id);
	const open = done ? [] : sorted.filter((m) => !metSet.has(m.id));
	const late = open.filter((m) => m.due < today).map((m) => m.id);
	const next = open[0]?.id ?? null;
	if (done) return { state: 'done', met, late: [], next: null };
	if (late.length) return { state: 'overdue', met, late, next };
	const latest = [...reports]
		.filter((r) => r.review !== 'returned')
		.sort((a, b) => (a.at < b.at ? 1 : a.at > b.at ? -1 : b.id - a.id))[0];
	return { state: latest?.status === 'at_risk' ? 'at_risk' : 'on_track', met, late, next };
}

export interface UnitView {
	name: string;
	deptCode: string | null;
	/** The department's name in the analytics database when matched (may differ from the plan's wording). */
	deptName: string | null;
}

export interface MilestoneView {
	id: number;
	due: string;
	text: string;
	met: boolean;
	late: boolean;
}

export interface TaskRow {
	id: number;
	planId: number;
	planTitle: string;
	number: number;
	group: string | null;
	groupTitle: string | null;
	title: string;
	lead: UnitView[];
	support: UnitView[];
	schedule: string | null;
	ongoing: boolean;
	state: TaskState;
	milestones: MilestoneView[];
	/** Due date of the earliest milestone not met yet. */
	nextDue: string | null;
	/** Due date of the earliest passed milestone not met (overdue since). */
	lateSince: string | null;
	lastReport: { status: ReportStatus; at: string; review: ReviewState; deptCode: string } | null;
	pendingReviews: number;
}

export interface TaskCounts {
	total: number;
	done: number;
	on_track: number;
	at_risk: number;
	overdue: number;
}

export function countStates(rows: readonly Pick<TaskRow, 'state'>[]): TaskCounts {
	const c: TaskCounts = { total: rows.length, done: 0, on_track: 0, at_risk: 0, overdue: 0 };
	for (const r of rows) c[r.state]++;
	return c;
}

/** Ledger order: overdue first (longest overdue first), then at risk, on track, done; then plan and number. */
export function ledgerOrder(a: TaskRow, b: TaskRow): number {
	const s = TASK_STATES.indexOf(a.state) - TASK_STATES.indexOf(b.state);
	if (s) return s;
	if (a.state === 'overdue' && a.lateSince !== b.lateSince) return (a.lateSince ?? '') < (b.lateSince ?? '') ? -1 : 1;
	return a.planId - b.planId || a.number - b.number;
}

export interface TimelineEntry {
	kind: 'event';
	id: number;
	at: string;
	username: string | null;
	action: string;
	comment: string;
	details: Record<string, unknown>;
}

export interface ReportView {
	id: number;
	at: string;
	author: string | null;
	deptCode: string;
	deptName: string;
	status: ReportStatus;
	milestone: { id: number; due: string; text: string } | null;
	text: string;
	review: ReviewState;
	reviewedBy: string | null;
	reviewedAt: string | null;
	reviewComment: string;
	attachments: { id: number; fileName: string; size: number }[];
}

export interface TaskDetail extends TaskRow {
	text: string;
	reports: ReportView[];
	events: TimelineEntry[];
	notices: { id: number; title: string; status: string; deptCode: string }[];
}
