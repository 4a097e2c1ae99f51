/**
 * Supervision notices (督办): raise, list, read, respond (with attachments), submit, accept, return.
 *
 * Invariants:
 * - Scope: department users only ever read or touch notices of their own departments — anything else is
 *   NoticeError 404 (existence is private); supervisors see all. Roles per action come from TRANSITIONS.
 * - Every change is one transaction: a conditional UPDATE on the expected status (a concurrent change makes it
 *   a 409, never a lost update) plus its notice_event row (the history is append-only), plus attachment rows.
 * - Deadlines are working days on the DuckDB calendar (analytics/calendar/workdays.ts); the department and case ids a
 *   notice names must exist in the analytics database (cases must belong to that department; analytics/lookup.ts).
 */
import { and, asc, desc, eq, inArray, ne, sql, type SQL } from 'drizzle-orm';
import { isFlagId, isKpiId } from '../../kpi/catalog';
import {
	canDo,
	isOverdue,
	TRANSITIONS,
	type NoticeAction,
	type NoticeDetail,
	type NoticeStatus,
	type NoticeSummary
} from '../../notices/types';
import type { AppDb } from '../appdb/index';
import { notice, noticeAttachment, noticeEvent, task, type Notice } from '../appdb/schema';
import type { Analytics } from '../analytics/db';
import { casesHandledBy, departmentNames } from '../analytics/lookup';
import { localToday } from '../clock';
import { addWorkdays, workdaysFrom } from '../analytics/calendar/workdays';
import type { AuthUser } from '../auth/session';
import { deptScope } from '../auth/policy';
import { checkFiles, removeFiles, storeFiles, type IncomingFile } from './attachments';

export class NoticeError extends Error {
	constructor(
		readonly status: 400 | 403 | 404 | 409,
		message: string
	) {
		super(message);
	}
}

const CODE_RE = /^[\p{L}\p{N}_.\-() （）·]{1,64}$/u;
const DATE_RE = /^\d{4}-\d{2}-\d{2}$/;
export const MAX_DEADLINE = 60;
export const MAX_CASES = 50;

type Actor = Pick<AuthUser, 'id' | 'username' | 'role' | 'depts'>;

export interface NewNotice {
	deptCode: string;
	title: string;
	problem: string;
	requiredAction: string;
	deadlineWorkdays: number;
	indicator?: string | null;
	flag?: string | null;
	caseIds?: string[];
	periodFrom?: string | null;
	periodTo?: string | null;
	/** The reform task the notice is raised from (issue 13). */
	taskId?: number | null;
}

function text(v: string | null | undefined, field: string, max: number): string {
	const s = (v ?? '').trim();
	if (!s) throw new NoticeError(400, `请填写${field} / ${field} is required`);
	if (s.length > max)
		throw new NoticeError(400, `${field}过长（最多 ${max} 字） / ${field} is too long (max ${max})`);
	return s;
}

export async function createNotice(
	db: AppDb,
	analytics: Analytics,
	actor: Actor,
	input: NewNotice,
	opts: { today?: string } = {}
): Promise<number> {
	if (actor.role !== 'supervisor')
		throw new NoticeError(403, '只有督查室可以下发督办 / only supervisors raise notices');
	const deptCode = (input.deptCode ?? '').trim();
	if (!CODE_RE.test(deptCode)) throw new NoticeError(400, '请选择被督办单位 / choose a department');
	const title = text(input.title, '标题', 100);
	const problem = text(input.problem, '问题描述', 4000);
	const requiredAction = text(input.requiredAction, '整改要求', 4000);
	const n = Number(input.deadlineWorkdays);
	if (!Number.isInteger(n) || n < 1 || n > MAX_DEADLINE)
		throw new NoticeError(
			400,
			`办理期限须为 1–${MAX_DEADLINE} 个工作日 / the deadline must be 1–${MAX_DEADLINE} working days`
		);
	const indicator = input.indicator?.trim() || null;
	if (indicator && !isKpiId(indicator))
		throw new NoticeError(400, `未知指标：${indicator} / unknown indicator: ${indicator}`);
	const flag = input.flag?.trim() || null;
	if (flag && !isFlagId(flag)) throw new NoticeError(400, `未知预警类型：${flag} / unknown flag: ${flag}`);
	const caseIds = [...new Set((input.caseIds ?? []).map((c) => c.trim()).filter(Boolean))];
	if (caseIds.length > MAX_CASES)
		throw new NoticeError(400, `最多关联 ${MAX_CASES} 件办件 / at most ${MAX_CASES} cases`);
	for (const c of caseIds)
		if (!CODE_RE.test(c)) throw new NoticeError(400, `办件编号无效：${c} / invalid case id: ${c}`);
	const periodFrom = input.periodFrom?.trim() || null;
	const periodTo = input.periodTo?.trim() || null;
	if (
		(periodFrom === null) !== (periodTo === null) ||
		(periodFrom && (!DATE_RE.test(periodFrom) || !DATE_RE.test(periodTo!) || periodFrom > periodTo!))
	)
		throw new NoticeError(400, '考核期间无效 / invalid assessment period');

	const names = await departmentNames(analytics, [deptCode]);
	if (!names.has(deptCode))
		throw new NoticeError(400, `未知部门：${deptCode} / unknown department: ${deptCode}`);
	if (caseIds.length) {
		const found = await casesHandledBy(analytics, deptCode, caseIds);
		const missing = caseIds.filter((c) => !found.has(c));
		if (missing.length)
			throw new NoticeError(
				400,
				`办件不属于该单位或不存在：${missing.join('、')} / cases not found for this department: ${missing.join(', ')}`
			);
	}
	const taskId = input.taskId ?? null;
	if (taskId !== null) {
		const found =
			Number.isInteger(taskId) && taskId > 0 && taskId < 2_147_483_647
				? await db.select({ id: task.id }).from(task).where(eq(task.id, taskId))
				: [];
		if (!found.length)
			throw new NoticeError(400, `改革任务不存在：${taskId} / no such reform task: ${taskId}`);
	}
	const issuedOn = opts.today ?? localToday();
	const dueOn = await addWorkdays(analytics, issuedOn, n);

	return db.transaction(async (tx) => {
		const [row] = await tx
			.insert(notice)
			.values({
				deptCode,
				title,
				problem,
				requiredAction,
				deadlineWorkdays: n,
				indicator,
				flag,
				caseIds,
				periodFrom,
				periodTo,
				taskId,
				issuedOn,
				dueOn,
				status: 'open',
				createdBy: actor.id
			})
			.returning({ id: notice.id });
		await tx.insert(noticeEvent).values({
			noticeId: row.id,
			userId: actor.id,
			username: actor.username,
			action: 'create',
			fromStatus: null,
			toStatus: 'open',
			comment: ''
		});
		return row.id;
	});
}

function visible(actor: Actor): SQL | undefined {
	const scope = deptScope(actor);
	if (scope === null) return undefined;
	return scope.length ? inArray(notice.deptCode, scope) : sql`false`;
}

/** The notice if the actor may see it, else NoticeError 404. */
async function load(db: AppDb, actor: Actor, id: number): Promise<Notice> {
	// ids are PostgreSQL integers: anything outside 1 … 2^31−1 would make the query itself fail (a 500)
	if (!Number.isInteger(id) || id < 1 || id > 2_147_483_647)
		throw new NoticeError(404, '督办事项不存在 / notice not found');
	const [row] = await db
		.select()
		.from(notice)
		.where(and(eq(notice.id, id), visible(actor)));
	if (!row) throw new NoticeError(404, '督办事项不存在 / notice not found');
	return row;
}

export interface ListFilter {
	status?: NoticeStatus | 'active' | null;
	dept?: string | null;
	overdue?: boolean;
}

async function summaries(analytics: Analytics, rows: Notice[], today: string): Promise<NoticeSummary[]> {
	const [names, left] = await Promise.all([
		departmentNames(
			analytics,
			rows.map((r) => r.deptCode)
		),
		workdaysFrom(
			analytics,
			today,
			rows.filter((r) => r.status !== 'closed').map((r) => r.dueOn)
		)
	]);
	return rows.map((r) => ({
		id: r.id,
		deptCode: r.deptCode,
		deptName: names.get(r.deptCode) ?? r.deptCode,
		title: r.title,
		status: r.status,
		issuedOn: r.issuedOn,
		dueOn: r.dueOn,
		deadlineWorkdays: r.deadlineWorkdays,
		workdaysLeft: r.status === 'closed' ? null : (left.get(r.dueOn) ?? null),
		overdue: isOverdue(r, today),
		indicator: r.indicator,
		flag: r.flag,
		caseIds: r.caseIds ?? [],
		periodFrom: r.periodFrom,
		periodTo: r.periodTo
	}));
}

export async function listNotices(
	db: AppDb,
	analytics: Analytics,
	actor: Actor,
	f: ListFilter = {},
	opts: { today?: string; limit?: number } = {}
): Promise<NoticeSummary[]> {
	const today = opts.today ?? localToday();
	const where: (SQL | undefined)[] = [visible(actor)];
	if (f.status === 'active') where.push(ne(notice.status, 'closed'));
	else if (f.status) where.push(eq(notice.status, f.status));
	if (f.dept) where.push(eq(notice.deptCode, f.dept));
	if (f.overdue) where.push(and(ne(notice.status, 'closed'), sql`${notice.dueOn} < ${today}`));
	const rows = await db
		.select()
		.from(notice)
		.where(and(...where))
		.orderBy(sql`case when ${notice.status} = 'closed' then 1 else 0 end`, asc(notice.dueOn), desc(notice.id))
		.limit(Math.min(Math.max(opts.limit ?? 500, 1), 2000));
	return summaries(analytics, rows, today);
}

export async function getNotice(
	db: AppDb,
	analytics: Analytics,
	actor: Actor,
	id: number,
	opts: { today?: string } = {}
): Promise<NoticeDetail> {
	const row = await load(db, actor, id);
	const [events, files, [summary]] = await Promise.all([
		db
			.select()
			.from(noticeEvent)
			.where(eq(noticeEvent.noticeId, id))
			.orderBy(asc(noticeEvent.at), asc(noticeEvent.id)),
		db
			.select()
			.from(noticeAttachment)
			.where(eq(noticeAttachment.noticeId, id))
			.orderBy(asc(noticeAttachment.id)),
		summaries(analytics, [row], opts.today ?? localToday())
	]);
	const creator = events.find((e) => e.action === 'create')?.username ?? null;
	const [linked] = row.taskId
		? await db
				.select({ id: task.id, number: task.number, title: task.title })
				.from(task)
				.where(eq(task.id, row.taskId))
		: [];
	return {
		...summary,
		task: linked ?? null,
		problem: row.problem,
		requiredAction: row.requiredAction,
		createdBy: creator,
		events: events.map((e) => ({
			id: e.id,
			at: e.at.toISOString(),
			username: e.username,
			action: e.action as NoticeAction,
			fromStatus: (e.fromStatus as NoticeStatus | null) ?? null,
			toStatus: e.toStatus as NoticeStatus,
			comment: e.comment,
			attachments: files
				.filter((a) => a.eventId === e.id)
				.map((a) => ({ id: a.id, fileName: a.fileName, contentType: a.contentType, size: a.size }))
		}))
	};
}

/** One state change (or a plain response) with its history row, atomically; files stored first, removed on failure. */
async function change(
	db: AppDb,
	actor: Actor,
	id: number,
	action: Exclude<NoticeAction, 'create'>,
	comment: string,
	files: IncomingFile[] = []
): Promise<NoticeStatus> {
	const row = await load(db, actor, id);
	const t = TRANSITIONS[action];
	if (actor.role !== t.role) throw new NoticeError(403, '无权执行此操作 / not allowed');
	if (!canDo(action, row.status, actor.role))
		throw new NoticeError(
			409,
			`当前状态（${row.status}）不能执行此操作 / cannot ${action} a notice that is ${row.status}`
		);
	const checked = checkFiles(files);
	const stored = checked.length ? storeFiles(id, checked) : [];
	const to = t.to ?? row.status;
	const now = new Date();
	try {
		return await db.transaction(async (tx) => {
			const updated = await tx
				.update(notice)
				.set({
					status: to,
					updatedAt: now,
					...(to === 'submitted' ? { submittedAt: now } : {}),
					...(to === 'closed' ? { closedAt: now } : {})
				})
				.where(and(eq(notice.id, id), eq(notice.status, row.status)))
				.returning({ id: notice.id });
			if (!updated.length)
				throw new NoticeError(409, '督办事项已被他人修改，请刷新 / the notice changed meanwhile; reload');
			const [ev] = await tx
				.insert(noticeEvent)
				.values({
					noticeId: id,
					userId: actor.id,
					username: actor.username,
					action,
					fromStatus: row.status,
					toStatus: to,
					comment
				})
				.returning({ id: noticeEvent.id });
			if (checked.length)
				await tx.insert(noticeAttachment).values(
					checked.map((f, i) => ({
						noticeId: id,
						eventId: ev.id,
						fileName: f.fileName,
						storedName: stored[i],
						contentType: f.contentType,
						size: f.size,
						sha256: f.sha256,
						uploadedBy: actor.id
					}))
				);
			return to;
		});
	} catch (e) {
		removeFiles(id, stored);
		throw e;
	}
}

/** The department's answer; `done` marks the notice done (→ submitted for the supervisor's check). */
export async function respond(
	db: AppDb,
	actor: Actor,
	id: number,
	input: { text: string; done: boolean; files?: IncomingFile[] }
): Promise<NoticeStatus> {
	const body = text(input.text, '答复内容', 4000);
	return change(db, actor, id, input.done ? 'submit' : 'respond', body, input.files ?? []);
}

export async function accept(db: AppDb, actor: Actor, id: number, comment = ''): Promise<NoticeStatus> {
	return change(db, actor, id, 'accept', comment.trim().slice(0, 4000));
}

export async function returnNotice(
	db: AppDb,
	actor: Actor,
	id: number,
	comment: string
): Promise<NoticeStatus> {
	return change(db, actor, id, 'return', text(comment, '退回理由', 4000));
}

/** An attachment's metadata if the actor may see its notice (else 404). */
export async function attachmentFor(db: AppDb, actor: Actor, noticeId: number, attachmentId: number) {
	await load(db, actor, noticeId);
	if (!Number.isInteger(attachmentId) || attachmentId < 1 || attachmentId > 2_147_483_647)
		throw new NoticeError(404, '附件不存在 / attachment not found');
	const [a] = await db
		.select()
		.from(noticeAttachment)
		.where(and(eq(noticeAttachment.id, attachmentId), eq(noticeAttachment.noticeId, noticeId)));
	if (!a) throw new NoticeError(404, '附件不存在 / attachment not found');
	return a;
}
