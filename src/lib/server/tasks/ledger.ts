/**
 * The reform task ledger as read: tasks with their units, milestones and status on a given day, filtered and
 * ordered (overdue first), one task with its reports and history, and the counts the overview, a
 * department's scorecard and the monthly report show.
 *
 * Invariants:
 * - Scope: a department user sees exactly the tasks one of whose lead or supporting units is matched to one of
 *   its department codes (a free-text unit gives nobody access); everyone else with access sees all tasks.
 *   Anything outside the scope is TaskError 404 (existence private), as for notices.
 * - Status follows lib/tasks/types.ts `taskStatus` on `today` — injectable (tests, the report's issue date),
 *   by default today in TZ_LOCAL (the same clock as notices' deadlines).
 * - Withdrawn tasks (dropped by a re-import) are not listed.
 */
import { and, asc, desc, eq, inArray, isNull, sql, type SQL } from 'drizzle-orm';
import {
	countStates,
	ledgerOrder,
	taskStatus,
	type ReportView,
	type TaskCounts,
	type TaskDetail,
	type TaskRow,
	type TaskState,
	type UnitView
} from '../../tasks/types';
import type { AppDb } from '../appdb/index';
import {
	notice,
	task,
	taskAttachment,
	taskEvent,
	taskMilestone,
	taskPlan,
	taskReport,
	taskUnit,
	type Task
} from '../appdb/schema';
import { localToday } from '../clock';
import { deptScope } from '../auth/policy';
import { TaskError, type Actor } from './plan';

export interface ReadOptions {
	today?: string;
	/** dept_code → name from the analytics database (for matched units and reports). */
	names?: ReadonlyMap<string, string>;
}

export interface TaskFilter {
	plan?: number | null;
	group?: string | null;
	/** A lead unit: a dept_code, or a free-text unit name. */
	lead?: string | null;
	state?: TaskState | null;
	q?: string | null;
	/** Only tasks one of whose units (lead or support) is one of these departments (the scorecard). */
	depts?: string[] | null;
}

/** The WHERE of the tasks the actor may see (plus `depts` narrowing). */
function visible(actor: Actor, depts?: string[] | null): SQL | undefined {
	const scope = deptScope(actor);
	const narrow = (codes: string[]) =>
		codes.length
			? inArray(
					task.id,
					sql`(select ${taskUnit.taskId} from ${taskUnit} where ${inArray(taskUnit.deptCode, codes)})`
				)
			: sql`false`;
	const parts: SQL[] = [];
	if (scope !== null) parts.push(narrow(scope));
	if (depts) parts.push(narrow(depts));
	return parts.length ? and(...parts) : undefined;
}

type Loaded = { rows: (Task & { planTitle: string; groups: { number: string; title: string }[] })[] };

async function assemble(db: AppDb, loaded: Loaded, opts: ReadOptions): Promise<TaskRow[]> {
	const today = opts.today ?? localToday();
	const ids = loaded.rows.map((r) => r.id);
	if (!ids.length) return [];
	const [us, ms, rs] = await Promise.all([
		db.select().from(taskUnit).where(inArray(taskUnit.taskId, ids)).orderBy(asc(taskUnit.position)),
		db
			.select()
			.from(taskMilestone)
			.where(inArray(taskMilestone.taskId, ids))
			.orderBy(asc(taskMilestone.position)),
		db
			.select()
			.from(taskReport)
			.where(inArray(taskReport.taskId, ids))
			.orderBy(asc(taskReport.createdAt), asc(taskReport.id))
	]);
	const unit = (u: (typeof us)[number]): UnitView => ({
		name: u.name,
		deptCode: u.deptCode,
		deptName: u.deptCode ? (opts.names?.get(u.deptCode) ?? null) : null
	});
	return loaded.rows.map((t) => {
		const units = us.filter((u) => u.taskId === t.id);
		const leadCodes = new Set(units.filter((u) => u.role === 'lead' && u.deptCode).map((u) => u.deptCode!));
		const mine = ms.filter((m) => m.taskId === t.id);
		const reports = rs.filter((r) => r.taskId === t.id);
		const st = taskStatus(
			mine.map((m) => ({ id: m.id, due: m.due })),
			reports.map((r) => ({
				id: r.id,
				at: r.createdAt.toISOString(),
				status: r.status,
				milestoneId: r.milestoneId,
				review: r.review,
				lead: leadCodes.has(r.deptCode)
			})),
			today
		);
		const last = reports.at(-1);
		const byId = new Map(mine.map((m) => [m.id, m]));
		return {
			id: t.id,
			planId: t.planId,
			planTitle: t.planTitle,
			number: t.number,
			group: t.groupNumber,
			groupTitle: t.groups.find((g) => g.number === t.groupNumber)?.title ?? null,
			title: t.title,
			lead: units.filter((u) => u.role === 'lead').map(unit),
			support: units.filter((u) => u.role === 'support').map(unit),
			schedule: t.schedule,
			ongoing: t.ongoing,
			state: st.state,
			milestones: mine.map((m) => ({
				id: m.id,
				due: m.due,
				text: m.text,
				met: st.met.includes(m.id),
				late: st.late.includes(m.id)
			})),
			nextDue: st.next !== null ? (byId.get(st.next)?.due ?? null) : null,
			lateSince: st.late.length ? [...st.late.map((id) => byId.get(id)!.due)].sort()[0] : null,
			lastReport: last
				? {
						status: last.status,
						at: last.createdAt.toISOString(),
						review: last.review,
						deptCode: last.deptCode
					}
				: null,
			pendingReviews: reports.filter((r) => r.review === 'pending').length
		};
	});
}

async function selectTasks(db: AppDb, where: (SQL | undefined)[]): Promise<Loaded> {
	const rows = await db
		.select({ t: task, planTitle: taskPlan.title, groups: taskPlan.groups })
		.from(task)
		.innerJoin(taskPlan, eq(taskPlan.id, task.planId))
		.where(and(isNull(task.withdrawnAt), ...where))
		.orderBy(asc(task.planId), asc(task.number));
	return { rows: rows.map((r) => ({ ...r.t, planTitle: r.planTitle, groups: r.groups })) };
}

/** The ledger: visible tasks matching the filter, overdue first (ledgerOrder). */
export async function listTasks(
	db: AppDb,
	actor: Actor,
	f: TaskFilter = {},
	opts: ReadOptions = {}
): Promise<TaskRow[]> {
	const where: (SQL | undefined)[] = [visible(actor, f.depts)];
	if (f.plan) where.push(eq(task.planId, f.plan));
	if (f.group) where.push(eq(task.groupNumber, f.group));
	if (f.lead)
		where.push(
			inArray(
				task.id,
				sql`(select ${taskUnit.taskId} from ${taskUnit} where ${taskUnit.role} = 'lead' and (${taskUnit.deptCode} = ${f.lead} or (${taskUnit.deptCode} is null and ${taskUnit.name} = ${f.lead})))`
			)
		);
	if (f.q?.trim()) {
		const like = `%${f.q.trim().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
		where.push(sql`(${task.title} ilike ${like} or ${task.text} ilike ${like})`);
	}
	let rows = await assemble(db, await selectTasks(db, where), opts);
	if (f.state) rows = rows.filter((r) => r.state === f.state);
	return rows.sort(ledgerOrder);
}

/** Counts by status and the overdue tasks (with lead units) — overview, scorecard, monthly report. */
/** Whether any reform plan has been saved (the ledger's widgets stay away until one has). */
export async function plansExist(db: AppDb): Promise<boolean> {
	const [any] = await db.select({ n: sql<number>`count(*)::int` }).from(taskPlan);
	return !!any && Number(any.n) > 0;
}

export async function taskSummary(
	db: AppDb,
	actor: Actor,
	opts: ReadOptions & { depts?: string[] | null } = {}
): Promise<{ counts: TaskCounts; overdue: TaskRow[] } | null> {
	if (!(await plansExist(db))) return null;
	const rows = await listTasks(db, actor, { depts: opts.depts ?? null }, opts);
	return { counts: countStates(rows), overdue: rows.filter((r) => r.state === 'overdue') };
}

/** A visible task's row, else TaskError 404. */
export async function taskRow(db: AppDb, actor: Actor, id: number, opts: ReadOptions = {}): Promise<TaskRow> {
	if (!Number.isInteger(id) || id < 1 || id > 2_147_483_647)
		throw new TaskError(404, '任务不存在 / task not found');
	const [row] = await assemble(db, await selectTasks(db, [eq(task.id, id), visible(actor)]), opts);
	if (!row) throw new TaskError(404, '任务不存在 / task not found');
	return row;
}

/** Notices a department user may see: its own departments' (as on /notices). */
function noticeScope(actor: Actor): SQL | undefined {
	const scope = deptScope(actor);
	if (scope === null) return undefined;
	return scope.length ? inArray(notice.deptCode, scope) : sql`false`;
}

export async function getTask(
	db: AppDb,
	actor: Actor,
	id: number,
	opts: ReadOptions = {}
): Promise<TaskDetail> {
	const row = await taskRow(db, actor, id, opts);
	const [[t], reports, events, files, notices] = await Promise.all([
		db.select({ text: task.text }).from(task).where(eq(task.id, id)),
		db
			.select()
			.from(taskReport)
			.where(eq(taskReport.taskId, id))
			.orderBy(desc(taskReport.createdAt), desc(taskReport.id)),
		db.select().from(taskEvent).where(eq(taskEvent.taskId, id)).orderBy(asc(taskEvent.at), asc(taskEvent.id)),
		db.select().from(taskAttachment).where(eq(taskAttachment.taskId, id)).orderBy(asc(taskAttachment.id)),
		db
			.select({ id: notice.id, title: notice.title, status: notice.status, deptCode: notice.deptCode })
			.from(notice)
			.where(and(eq(notice.taskId, id), noticeScope(actor)))
			.orderBy(asc(notice.id))
	]);
	const ms = new Map(row.milestones.map((m) => [m.id, m]));
	const views: ReportView[] = reports.map((r) => ({
		id: r.id,
		at: r.createdAt.toISOString(),
		author: r.author,
		deptCode: r.deptCode,
		deptName:
			opts.names?.get(r.deptCode) ??
			[...row.lead, ...row.support].find((u) => u.deptCode === r.deptCode)?.name ??
			r.deptCode,
		status: r.status,
		milestone:
			r.milestoneId !== null && ms.has(r.milestoneId)
				? { id: r.milestoneId, due: ms.get(r.milestoneId)!.due, text: ms.get(r.milestoneId)!.text }
				: null,
		text: r.text,
		review: r.review,
		reviewedBy: r.reviewedBy,
		reviewedAt: r.reviewedAt?.toISOString() ?? null,
		reviewComment: r.reviewComment,
		attachments: files
			.filter((a) => a.reportId === r.id)
			.map((a) => ({ id: a.id, fileName: a.fileName, size: a.size }))
	}));
	return {
		...row,
		text: t?.text ?? '',
		reports: views,
		events: events.map((e) => ({
			kind: 'event' as const,
			id: e.id,
			at: e.at.toISOString(),
			username: e.username,
			action: e.action,
			comment: e.comment,
			details: (e.details ?? {}) as Record<string, unknown>
		})),
		notices
	};
}

/** Lead units present in the visible tasks (for the ledger's filter): dept_code or free-text name. */
export function leadOptions(rows: readonly TaskRow[]): { key: string; label: string }[] {
	const m = new Map<string, string>();
	for (const r of rows) for (const u of r.lead) m.set(u.deptCode ?? u.name, u.deptName ?? u.name);
	return [...m].map(([key, label]) => ({ key, label })).sort((a, b) => a.label.localeCompare(b.label, 'zh'));
}
