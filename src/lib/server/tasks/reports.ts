/**
 * Progress reports on reform tasks and the office's review of them.
 *
 * Invariants:
 * - A department user reports only on a task it may see, for one of its own departments that is a unit of the
 *   task (lead first). Only a LEAD unit may report `milestone_met` (naming a milestone not yet met) or `done`;
 *   a supporting unit reports on_track / at_risk progress (DOMAIN.md: done = the lead unit reported it done).
 * - Only the office (supervisor) and admins accept or return, and only a pending report; returning needs a
 *   comment. The conditional UPDATE on `review = 'pending'` makes a concurrent review a 409, never a double one.
 * - Every report and review is a task_event row in the same transaction; attachments are checked and stored
 *   like notices' (notices/attachments.ts, folder `task-<id>`), removed again if the transaction fails.
 */
import { and, eq } from 'drizzle-orm';
import { REPORT_STATUSES, type ReportStatus } from '../../tasks/types';
import type { AppDb } from '../appdb/index';
import { taskAttachment, taskEvent, taskReport } from '../appdb/schema';
import { checkFiles, removeFiles, storeFiles, type IncomingFile } from '../notices/attachments';
import { deptScope } from '../auth/policy';
import { taskRow, type ReadOptions } from './ledger';
import { canManagePlans, TaskError, type Actor } from './plan';

export interface NewReport {
	status: string;
	milestoneId?: number | null;
	text: string;
	files?: IncomingFile[];
}

/** The unit a department user reports as: one of its departments among the task's lead units, else supporting. */
export function reportingUnit(actor: Actor, t: { lead: { deptCode: string | null }[]; support: { deptCode: string | null }[] }): { deptCode: string; lead: boolean } | null {
	const scope = deptScope(actor);
	if (scope === null) return null;
	const lead = t.lead.find((u) => u.deptCode && scope.includes(u.deptCode));
	if (lead) return { deptCode: lead.deptCode!, lead: true };
	const sup = t.support.find((u) => u.deptCode && scope.includes(u.deptCode));
	return sup ? { deptCode: sup.deptCode!, lead: false } : null;
}

export async function submitReport(db: AppDb, actor: Actor, taskId: number, input: NewReport, opts: ReadOptions = {}): Promise<number> {
	if (actor.role !== 'department') throw new TaskError(403, '只有责任单位可以报送进展 / only the responsible units report progress');
	const t = await taskRow(db, actor, taskId, opts);
	const unit = reportingUnit(actor, t);
	if (!unit) throw new TaskError(403, '本单位不是该任务的牵头或配合单位 / your unit is not a unit of this task');
	if (!(REPORT_STATUSES as readonly string[]).includes(input.status)) throw new TaskError(400, '请选择进展状态 / choose a status');
	const status = input.status as ReportStatus;
	if ((status === 'milestone_met' || status === 'done') && !unit.lead)
		throw new TaskError(403, '只有牵头单位可以报送节点完成或任务完成 / only a lead unit reports a milestone met or the task done');
	if (t.state === 'done') throw new TaskError(409, '任务已完成 / the task is done');
	let milestoneId: number | null = null;
	if (status === 'milestone_met') {
		const m = t.milestones.find((x) => x.id === Number(input.milestoneId));
		if (!m) throw new TaskError(400, '请选择完成的时间节点 / choose the milestone met');
		if (m.met) throw new TaskError(409, '该时间节点已确认完成 / that milestone is already met');
		milestoneId = m.id;
	}
	const text = (input.text ?? '').trim();
	if (!text) throw new TaskError(400, '请填写进展情况 / describe the progress');
	if (text.length > 4000) throw new TaskError(400, '进展情况过长（最多 4000 字） / text too long (max 4000)');
	const checked = checkFiles(input.files ?? []);
	const folder = `task-${taskId}` as const;
	const stored = checked.length ? storeFiles(folder, checked) : [];
	try {
		return await db.transaction(async (tx) => {
			const [r] = await tx
				.insert(taskReport)
				.values({ taskId, deptCode: unit.deptCode, status, milestoneId, text, authorId: actor.id || null, author: actor.username })
				.returning({ id: taskReport.id });
			await tx.insert(taskEvent).values({ taskId, reportId: r.id, userId: actor.id || null, username: actor.username, action: 'report', comment: '', details: { status, milestone_id: milestoneId, dept_code: unit.deptCode } });
			if (checked.length)
				await tx.insert(taskAttachment).values(
					checked.map((f, i) => ({ taskId, reportId: r.id, fileName: f.fileName, storedName: stored[i], contentType: f.contentType, size: f.size, sha256: f.sha256, uploadedBy: actor.id || null }))
				);
			return r.id;
		});
	} catch (e) {
		removeFiles(folder, stored);
		throw e;
	}
}

/** Accept or return a pending report of a task. */
export async function reviewReport(db: AppDb, actor: Actor, taskId: number, reportId: number, decision: 'accept' | 'return', comment = ''): Promise<void> {
	if (!canManagePlans(actor.role)) throw new TaskError(403, '只有领导小组办公室可以审核进展 / only the office reviews reports');
	await taskRow(db, actor, taskId);
	const c = comment.trim().slice(0, 4000);
	if (decision === 'return' && !c) throw new TaskError(400, '请填写退回理由 / give a reason for returning');
	if (!Number.isInteger(reportId) || reportId < 1 || reportId > 2_147_483_647) throw new TaskError(404, '进展报告不存在 / report not found');
	await db.transaction(async (tx) => {
		const done = await tx
			.update(taskReport)
			.set({ review: decision === 'accept' ? 'accepted' : 'returned', reviewedBy: actor.username, reviewedAt: new Date(), reviewComment: c })
			.where(and(eq(taskReport.id, reportId), eq(taskReport.taskId, taskId), eq(taskReport.review, 'pending')))
			.returning({ id: taskReport.id, status: taskReport.status });
		if (!done.length) throw new TaskError(409, '该报告已审核或不存在，请刷新 / the report was reviewed meanwhile or does not exist; reload');
		await tx.insert(taskEvent).values({ taskId, reportId, userId: actor.id || null, username: actor.username, action: decision, comment: c, details: { status: done[0].status } });
	});
}

/** An attachment's metadata if the actor may see its task (else 404). */
export async function reportAttachment(db: AppDb, actor: Actor, taskId: number, attachmentId: number) {
	await taskRow(db, actor, taskId);
	if (!Number.isInteger(attachmentId) || attachmentId < 1 || attachmentId > 2_147_483_647) throw new TaskError(404, '附件不存在 / attachment not found');
	const [a] = await db.select().from(taskAttachment).where(and(eq(taskAttachment.id, attachmentId), eq(taskAttachment.taskId, taskId)));
	if (!a) throw new TaskError(404, '附件不存在 / attachment not found');
	return a;
}
