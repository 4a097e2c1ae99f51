/**
 * The task ledger on both app-database drivers: save a plan (office / admin only), re-import diff and update in
 * place (milestone ids kept, dropped tasks withdrawn), department scope (404 outside it), reports (only lead
 * units report milestone met / done), the office's review, status on injected dates, summary counts.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createUser } from '../../../src/lib/server/auth/users';
import type { AuthUser } from '../../../src/lib/server/auth/session';
import { diffPlans, loadPlanDraft, savePlan, TaskError, type PlanDraft } from '../../../src/lib/server/tasks/plan';
import { getTask, listTasks, taskSummary } from '../../../src/lib/server/tasks/ledger';
import { reportAttachment, reviewReport, submitReport } from '../../../src/lib/server/tasks/reports';
import { readStored } from '../../../src/lib/server/notices/attachments';
import { describeEachDriver } from '../helpers/appdb-drivers';

let dataDir: string;
const prevDataDir = process.env.DATA_DIR;
beforeAll(() => {
	dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'tasks-'));
	process.env.DATA_DIR = dataDir;
});
afterAll(() => {
	fs.rmSync(dataDir, { recursive: true, force: true });
	if (prevDataDir === undefined) delete process.env.DATA_DIR;
	else process.env.DATA_DIR = prevDataDir;
});

const PLAN: PlanDraft = {
	title: '测试市深化放管服改革实施方案',
	sourceName: 'plan.txt',
	groups: [
		{ number: '一', title: '精简审批' },
		{ number: '二', title: '优化服务' }
	],
	tasks: [
		{ number: 1, group: '一', title: '清理审批事项。', text: '清理审批事项。全面清理。', lead: [{ name: '市编委办', deptCode: 'A1' }], support: [{ name: '市法制办', deptCode: 'B1' }], schedule: '2024年6月底前完成清理；2024年底前公布清单。', milestones: [{ due: '2024-06-30', text: '完成清理' }, { due: '2024-12-31', text: '公布清单' }], ongoing: false },
		{ number: 2, group: '一', title: '推进网上办理。', text: '推进网上办理。', lead: [{ name: '市政务服务中心', deptCode: 'B1' }], support: [], schedule: '2024年9月底前', milestones: [{ due: '2024-09-30', text: '上线' }], ongoing: false },
		{ number: 3, group: '二', title: '加强事中事后监管。', text: '加强事中事后监管。', lead: [{ name: '市监管局', deptCode: 'A1' }, { name: '各县区政府', deptCode: null }], support: [], schedule: '长期推进', milestones: [], ongoing: true }
	]
};

const PDF = Buffer.from('%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n');

describeEachDriver('task ledger', (ctx) => {
	let sup: AuthUser, admin: AuthUser, leader: AuthUser, a1: AuthUser, b1: AuthUser, c1: AuthUser;
	let planId: number;
	const ids: Record<number, number> = {};

	beforeAll(async () => {
		const mk = async (username: string, role: AuthUser['role'], depts: string[] = []): Promise<AuthUser> => {
			const { id } = await createUser(ctx.db, { username, password: `${username}-password`, role, depts });
			return { id, username, displayName: '', role, depts };
		};
		sup = await mk('sup', 'supervisor');
		admin = await mk('adm', 'admin');
		leader = await mk('lead', 'leader');
		a1 = await mk('dept-a1', 'department', ['A1']);
		b1 = await mk('dept-b1', 'department', ['B1']);
		c1 = await mk('dept-c1', 'department', ['C1']);
	});

	it('only the office and admins save plans; the saved plan reads back as the draft', async () => {
		await expect(savePlan(ctx.db, leader, PLAN)).rejects.toMatchObject({ status: 403 });
		await expect(savePlan(ctx.db, a1, PLAN)).rejects.toMatchObject({ status: 403 });
		await expect(savePlan(ctx.db, sup, { ...PLAN, tasks: [] })).rejects.toMatchObject({ status: 400 });
		await expect(savePlan(ctx.db, sup, { ...PLAN, tasks: [{ ...PLAN.tasks[0], milestones: [{ due: '2024-02-30', text: 'x' }] }] })).rejects.toMatchObject({ status: 400 });
		const r = await savePlan(ctx.db, sup, PLAN);
		planId = r.planId;
		expect(r.changes.map((c) => [c.number, c.kind])).toEqual([[1, 'added'], [2, 'added'], [3, 'added']]);
		const back = await loadPlanDraft(ctx.db, planId);
		expect(back.tasks.map((t) => ({ ...t }))).toEqual(PLAN.tasks);
		for (const t of await listTasks(ctx.db, sup, {}, { today: '2024-01-01' })) ids[t.number] = t.id;
	});

	it('scope: a department sees the tasks it leads or supports, nothing else (404)', async () => {
		const mine = async (u: AuthUser) => (await listTasks(ctx.db, u, {}, { today: '2024-01-01' })).map((t) => t.number).sort();
		expect(await mine(a1)).toEqual([1, 3]);
		expect(await mine(b1)).toEqual([1, 2]);
		expect(await mine(c1)).toEqual([]);
		expect(await mine(leader)).toEqual([1, 2, 3]);
		await expect(getTask(ctx.db, c1, ids[1])).rejects.toMatchObject({ status: 404 });
		await expect(getTask(ctx.db, a1, ids[2])).rejects.toMatchObject({ status: 404 });
		await expect(getTask(ctx.db, a1, 99999)).rejects.toBeInstanceOf(TaskError);
	});

	it('status on injected dates: milestone passed → overdue, ongoing never overdue; filters; overdue first', async () => {
		const on = async (today: string) => Object.fromEntries((await listTasks(ctx.db, sup, {}, { today })).map((t) => [t.number, t.state]));
		expect(await on('2024-06-30')).toEqual({ 1: 'on_track', 2: 'on_track', 3: 'on_track' });
		expect(await on('2024-07-01')).toEqual({ 1: 'overdue', 2: 'on_track', 3: 'on_track' });
		const rows = await listTasks(ctx.db, sup, {}, { today: '2024-10-01' });
		expect(rows.map((t) => [t.number, t.state, t.lateSince])).toEqual([
			[1, 'overdue', '2024-06-30'],
			[2, 'overdue', '2024-09-30'],
			[3, 'on_track', null]
		]);
		expect((await listTasks(ctx.db, sup, { lead: 'A1' }, { today: '2024-10-01' })).map((t) => t.number)).toEqual([1, 3]);
		expect((await listTasks(ctx.db, sup, { lead: '各县区政府' }, { today: '2024-10-01' })).map((t) => t.number)).toEqual([3]);
		expect((await listTasks(ctx.db, sup, { group: '二' }, { today: '2024-10-01' })).map((t) => t.number)).toEqual([3]);
		expect((await listTasks(ctx.db, sup, { state: 'on_track' }, { today: '2024-10-01' })).map((t) => t.number)).toEqual([3]);
	});

	it('reports: a supporting unit may not claim a milestone; the lead reports it met; accepted → no longer overdue', async () => {
		const t1 = await getTask(ctx.db, a1, ids[1], { today: '2024-07-01' });
		const m1 = t1.milestones[0].id;
		await expect(submitReport(ctx.db, b1, ids[1], { status: 'milestone_met', milestoneId: m1, text: '已完成' })).rejects.toMatchObject({ status: 403 });
		await expect(submitReport(ctx.db, sup, ids[1], { status: 'on_track', text: 'x' })).rejects.toMatchObject({ status: 403 });
		await expect(submitReport(ctx.db, a1, ids[1], { status: 'milestone_met', milestoneId: null, text: 'x' })).rejects.toMatchObject({ status: 400 });
		await submitReport(ctx.db, b1, ids[1], { status: 'on_track', text: '配合提供材料' });
		const rid = await submitReport(ctx.db, a1, ids[1], { status: 'milestone_met', milestoneId: m1, text: '清理完成，见附件', files: [{ name: '清理结果.pdf', bytes: PDF }] });
		// pending: still overdue
		expect((await getTask(ctx.db, sup, ids[1], { today: '2024-07-01' })).state).toBe('overdue');
		await expect(reviewReport(ctx.db, a1, ids[1], rid, 'accept')).rejects.toMatchObject({ status: 403 });
		await expect(reviewReport(ctx.db, leader, ids[1], rid, 'accept')).rejects.toMatchObject({ status: 403 });
		await reviewReport(ctx.db, sup, ids[1], rid, 'accept', '同意');
		await expect(reviewReport(ctx.db, sup, ids[1], rid, 'return', 'x')).rejects.toMatchObject({ status: 409 });
		const after = await getTask(ctx.db, a1, ids[1], { today: '2024-07-01' });
		expect(after.state).toBe('on_track');
		expect(after.milestones.map((m) => [m.due, m.met, m.late])).toEqual([['2024-06-30', true, false], ['2024-12-31', false, false]]);
		expect(after.reports[0]).toMatchObject({ status: 'milestone_met', review: 'accepted', reviewedBy: 'sup', reviewComment: '同意', deptCode: 'A1' });
		expect(after.events.map((e) => e.action)).toEqual(['import', 'report', 'report', 'accept']);
		const att = await reportAttachment(ctx.db, sup, ids[1], after.reports[0].attachments[0].id);
		expect(readStored(`task-${ids[1]}`, att.storedName).equals(PDF)).toBe(true);
		await expect(reportAttachment(ctx.db, c1, ids[1], att.id)).rejects.toMatchObject({ status: 404 });
		expect((await getTask(ctx.db, sup, ids[1], { today: '2025-01-01' })).state).toBe('overdue');
	});

	it('a returned done report leaves the task open; an accepted one makes it done', async () => {
		const r1 = await submitReport(ctx.db, b1, ids[2], { status: 'done', text: '已上线' });
		await expect(reviewReport(ctx.db, sup, ids[2], r1, 'return', '')).rejects.toMatchObject({ status: 400 });
		await reviewReport(ctx.db, sup, ids[2], r1, 'return', '请附上线截图');
		expect((await getTask(ctx.db, sup, ids[2], { today: '2024-10-01' })).state).toBe('overdue');
		const r2 = await submitReport(ctx.db, b1, ids[2], { status: 'done', text: '已上线，附截图' });
		await reviewReport(ctx.db, admin, ids[2], r2, 'accept');
		expect((await getTask(ctx.db, sup, ids[2], { today: '2024-10-01' })).state).toBe('done');
		await expect(submitReport(ctx.db, b1, ids[2], { status: 'on_track', text: 'x' })).rejects.toMatchObject({ status: 409 });
	});

	it('summary counts for all and for one department', async () => {
		const s = await taskSummary(ctx.db, leader, { today: '2024-10-01' });
		expect(s!.counts).toEqual({ total: 3, done: 1, on_track: 2, at_risk: 0, overdue: 0 });
		const late = await taskSummary(ctx.db, leader, { today: '2025-01-01' });
		expect(late!.counts).toMatchObject({ done: 1, overdue: 1, on_track: 1 });
		expect(late!.overdue.map((t) => [t.number, t.lead.map((u) => u.name)])).toEqual([[1, ['市编委办']]]);
		expect((await taskSummary(ctx.db, leader, { today: '2025-01-01', depts: ['B1'] }))!.counts).toMatchObject({ total: 2, done: 1, overdue: 1 });
	});

	it('re-import: the diff names what changed; saving updates in place, keeps milestone ids, withdraws dropped tasks', async () => {
		const before = await getTask(ctx.db, sup, ids[1], { today: '2024-07-01' });
		const edited: PlanDraft = {
			...PLAN,
			tasks: [
				{ ...PLAN.tasks[0], lead: [{ name: '市编委办', deptCode: 'A1' }], milestones: [{ due: '2024-06-30', text: '完成清理' }, { due: '2025-03-31', text: '公布清单' }] },
				PLAN.tasks[1],
				{ number: 4, group: '二', title: '新增任务。', text: '新增任务。', lead: [{ name: '市政务服务中心', deptCode: 'B1' }], support: [], schedule: null, milestones: [], ongoing: false }
			]
		};
		const d = diffPlans(await loadPlanDraft(ctx.db, planId), edited);
		expect(d.changes).toEqual([
			{ number: 1, kind: 'changed', fields: ['milestones'], title: '清理审批事项。' },
			{ number: 3, kind: 'removed', fields: [], title: '加强事中事后监管。' },
			{ number: 4, kind: 'added', fields: [], title: '新增任务。' }
		]);
		await savePlan(ctx.db, sup, edited, { planId });
		const after = await getTask(ctx.db, sup, ids[1], { today: '2025-01-01' });
		expect(after.milestones.map((m) => m.id)).toEqual(before.milestones.map((m) => m.id));
		expect(after.milestones[0].met).toBe(true);
		expect(after.state).toBe('on_track'); // 2nd milestone moved to 2025-03-31
		expect((await listTasks(ctx.db, sup, {}, { today: '2025-01-01' })).map((t) => t.number).sort()).toEqual([1, 2, 4]);
		await expect(getTask(ctx.db, sup, ids[3])).rejects.toMatchObject({ status: 404 });
	});
});
