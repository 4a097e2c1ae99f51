/**
 * Saving a reform plan into the ledger, and what a re-import would change. The import page turns the parser's
 * result (tasks/parse.ts) into a PlanDraft, the office corrects it (titles, units matched to departments or
 * kept as free text, milestone dates) and saves it as a new plan or over a saved one.
 *
 * Invariants:
 * - Only the office (supervisor) and admins save plans (TaskError 403 otherwise); the draft is validated here,
 *   whatever the browser sent (numbers unique, dates real, lengths bounded).
 * - Saving over a plan updates it in place, matched by task number: a task's units are replaced, its
 *   milestones keep their ids by position (a report that met milestone 2 still names milestone 2 after a date
 *   correction), a task missing from the new draft is withdrawn (kept with its history, hidden from the ledger),
 *   a withdrawn number that comes back is restored. Each change is a task_event row in the same transaction.
 */
import { and, asc, eq, inArray } from 'drizzle-orm';
import type { AppDb } from '../appdb/index';
import { task, taskEvent, taskMilestone, taskPlan, taskUnit } from '../appdb/schema';
import type { AuthUser } from '../auth/session';

export class TaskError extends Error {
	constructor(
		readonly status: 400 | 403 | 404 | 409,
		message: string
	) {
		super(message);
	}
}

export type Actor = Pick<AuthUser, 'id' | 'username' | 'role' | 'depts'>;

export interface DraftUnit {
	name: string;
	deptCode: string | null;
}

export interface DraftTask {
	number: number;
	group: string | null;
	title: string;
	text: string;
	lead: DraftUnit[];
	support: DraftUnit[];
	schedule: string | null;
	milestones: { due: string; text: string }[];
	ongoing: boolean;
	/** The parser's doubts (no_lead_unit, lead_label_variant, inline_lead …); shown in the preview, not saved. */
	issues?: string[];
}

export interface PlanDraft {
	title: string;
	sourceName: string;
	groups: { number: string; title: string }[];
	tasks: DraftTask[];
}

export const MAX_TASKS = 500;
const DATE_RE = /^\d{4}-\d{2}-\d{2}$/;

export function canManagePlans(role: string): boolean {
	return role === 'supervisor' || role === 'admin';
}

function realDate(s: string): boolean {
	if (!DATE_RE.test(s)) return false;
	const d = new Date(`${s}T00:00:00Z`);
	return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s;
}

const str = (v: unknown, max: number): string => (typeof v === 'string' ? v.trim().slice(0, max) : '');

function units(v: unknown): DraftUnit[] {
	if (!Array.isArray(v)) return [];
	const out: DraftUnit[] = [];
	for (const u of v.slice(0, 40)) {
		const name = str((u as DraftUnit)?.name, 100);
		const code = str((u as DraftUnit)?.deptCode, 64);
		if (name && !out.some((o) => o.name === name)) out.push({ name, deptCode: code || null });
	}
	return out;
}

/** The draft as the browser sent it (JSON), checked and normalised; TaskError 400 naming the first problem. */
export function validateDraft(input: unknown): PlanDraft {
	const o = (input ?? {}) as Record<string, unknown>;
	const title = str(o.title, 200);
	if (!title) throw new TaskError(400, '请填写方案名称 / the plan needs a title');
	const groups = (Array.isArray(o.groups) ? o.groups : [])
		.slice(0, 50)
		.map((g) => ({ number: str((g as { number?: unknown })?.number, 20), title: str((g as { title?: unknown })?.title, 200) }))
		.filter((g) => g.number);
	const rawTasks = Array.isArray(o.tasks) ? o.tasks : [];
	if (!rawTasks.length) throw new TaskError(400, '方案中没有编号任务 / the plan has no numbered tasks');
	if (rawTasks.length > MAX_TASKS) throw new TaskError(400, `任务过多（最多 ${MAX_TASKS} 项） / too many tasks (max ${MAX_TASKS})`);
	const seen = new Set<number>();
	const tasks = rawTasks.map((raw) => {
		const t = (raw ?? {}) as Record<string, unknown>;
		const number = Number(t.number);
		if (!Number.isInteger(number) || number < 1 || number > 10_000) throw new TaskError(400, `任务编号无效：${String(t.number)} / invalid task number`);
		if (seen.has(number)) throw new TaskError(400, `任务编号重复：${number} / duplicate task number ${number}`);
		seen.add(number);
		const ttitle = str(t.title, 500);
		if (!ttitle) throw new TaskError(400, `第 ${number} 项任务缺少标题 / task ${number} needs a title`);
		const milestones = (Array.isArray(t.milestones) ? t.milestones : []).slice(0, 20).map((m) => {
			const due = str((m as { due?: unknown })?.due, 10);
			if (!realDate(due)) throw new TaskError(400, `第 ${number} 项任务的时间节点日期无效：${due} / task ${number}: invalid milestone date ${due}`);
			return { due, text: str((m as { text?: unknown })?.text, 1000) };
		});
		const group = str(t.group, 20) || null;
		return {
			number,
			group,
			title: ttitle,
			text: str(t.text, 20_000) || ttitle,
			lead: units(t.lead),
			support: units(t.support),
			schedule: str(t.schedule, 2000) || null,
			milestones,
			ongoing: t.ongoing === true
		};
	});
	return { title, sourceName: str(o.sourceName, 200), groups, tasks: tasks.sort((a, b) => a.number - b.number) };
}

export interface PlanChange {
	number: number;
	kind: 'added' | 'removed' | 'changed';
	/** Changed fields: title, text, group, lead, support, schedule, milestones. */
	fields: string[];
	title: string;
}

const unitKey = (u: readonly DraftUnit[]) => u.map((x) => `${x.name}=${x.deptCode ?? ''}`).join('|');
const msKey = (m: DraftTask['milestones']) => m.map((x) => `${x.due} ${x.text}`).join('|');

/** What saving `next` over `saved` would change, task by task (by number), in number order. */
export function diffPlans(saved: PlanDraft, next: PlanDraft): { changes: PlanChange[]; titleChanged: boolean; groupsChanged: boolean } {
	const before = new Map(saved.tasks.map((t) => [t.number, t]));
	const after = new Map(next.tasks.map((t) => [t.number, t]));
	const changes: PlanChange[] = [];
	for (const n of [...new Set([...before.keys(), ...after.keys()])].sort((a, b) => a - b)) {
		const a = before.get(n);
		const b = after.get(n);
		if (!a) changes.push({ number: n, kind: 'added', fields: [], title: b!.title });
		else if (!b) changes.push({ number: n, kind: 'removed', fields: [], title: a.title });
		else {
			const fields: string[] = [];
			if (a.title !== b.title) fields.push('title');
			if (a.text !== b.text) fields.push('text');
			if ((a.group ?? '') !== (b.group ?? '')) fields.push('group');
			if (unitKey(a.lead) !== unitKey(b.lead)) fields.push('lead');
			if (unitKey(a.support) !== unitKey(b.support)) fields.push('support');
			if ((a.schedule ?? '') !== (b.schedule ?? '') || a.ongoing !== b.ongoing) fields.push('schedule');
			if (msKey(a.milestones) !== msKey(b.milestones)) fields.push('milestones');
			if (fields.length) changes.push({ number: n, kind: 'changed', fields, title: b.title });
		}
	}
	const gk = (g: PlanDraft['groups']) => g.map((x) => `${x.number} ${x.title}`).join('|');
	return { changes, titleChanged: saved.title !== next.title, groupsChanged: gk(saved.groups) !== gk(next.groups) };
}

/** A saved plan as a draft (its current, not withdrawn tasks), to diff a re-import against. */
export async function loadPlanDraft(db: AppDb, planId: number): Promise<PlanDraft> {
	if (!Number.isInteger(planId) || planId < 1 || planId > 2_147_483_647) throw new TaskError(404, '方案不存在 / plan not found');
	const [plan] = await db.select().from(taskPlan).where(eq(taskPlan.id, planId));
	if (!plan) throw new TaskError(404, '方案不存在 / plan not found');
	const tasks = await db
		.select()
		.from(task)
		.where(and(eq(task.planId, planId)))
		.orderBy(asc(task.number));
	const live = tasks.filter((t) => !t.withdrawnAt);
	const ids = live.map((t) => t.id);
	const [us, ms] = ids.length
		? await Promise.all([
				db.select().from(taskUnit).where(inArray(taskUnit.taskId, ids)).orderBy(asc(taskUnit.position)),
				db.select().from(taskMilestone).where(inArray(taskMilestone.taskId, ids)).orderBy(asc(taskMilestone.position))
			])
		: [[], []];
	return {
		title: plan.title,
		sourceName: plan.sourceName,
		groups: plan.groups,
		tasks: live.map((t) => ({
			number: t.number,
			group: t.groupNumber,
			title: t.title,
			text: t.text,
			lead: us.filter((u) => u.taskId === t.id && u.role === 'lead').map((u) => ({ name: u.name, deptCode: u.deptCode })),
			support: us.filter((u) => u.taskId === t.id && u.role === 'support').map((u) => ({ name: u.name, deptCode: u.deptCode })),
			schedule: t.schedule,
			milestones: ms.filter((m) => m.taskId === t.id).map((m) => ({ due: m.due, text: m.text })),
			ongoing: t.ongoing
		}))
	};
}

export async function listPlans(db: AppDb) {
	return db.select({ id: taskPlan.id, title: taskPlan.title, sourceName: taskPlan.sourceName, updatedAt: taskPlan.updatedAt }).from(taskPlan).orderBy(asc(taskPlan.id));
}

/**
 * Save a draft as a new plan (planId undefined) or over a saved plan. Returns the plan id and the changes
 * (for a new plan: every task `added`).
 */
export async function savePlan(db: AppDb, actor: Actor, input: unknown, opts: { planId?: number | null } = {}): Promise<{ planId: number; changes: PlanChange[] }> {
	if (!canManagePlans(actor.role)) throw new TaskError(403, '只有领导小组办公室和管理员可以导入方案 / only the office and admins import plans');
	const draft = validateDraft(input);
	const planId = opts.planId ?? null;
	const saved = planId ? await loadPlanDraft(db, planId) : { title: '', sourceName: '', groups: [], tasks: [] };
	const { changes } = diffPlans(saved, draft);
	const now = new Date();
	// id 0 = the CLI (demo import): no account to point at
	const userId = actor.id || null;
	const ev = (taskId: number, action: string, details: Record<string, unknown>) => ({ taskId, userId, username: actor.username, action, details });

	const id = await db.transaction(async (tx) => {
		let pid: number;
		if (planId) {
			await tx.update(taskPlan).set({ title: draft.title, sourceName: draft.sourceName || saved.sourceName, groups: draft.groups, updatedAt: now }).where(eq(taskPlan.id, planId));
			pid = planId;
		} else {
			const [p] = await tx.insert(taskPlan).values({ title: draft.title, sourceName: draft.sourceName, groups: draft.groups, createdBy: userId }).returning({ id: taskPlan.id });
			pid = p.id;
		}
		const existing = await tx.select().from(task).where(eq(task.planId, pid));
		const byNumber = new Map(existing.map((t) => [t.number, t]));
		const change = new Map(changes.map((c) => [c.number, c]));
		for (const t of draft.tasks) {
			const old = byNumber.get(t.number);
			const c = change.get(t.number);
			if (old && !old.withdrawnAt && !c) continue; // unchanged
			let taskId: number;
			const fields = { groupNumber: t.group, title: t.title, text: t.text, schedule: t.schedule, ongoing: t.ongoing, withdrawnAt: null, updatedAt: now };
			if (old) {
				await tx.update(task).set(fields).where(eq(task.id, old.id));
				taskId = old.id;
			} else {
				const [r] = await tx.insert(task).values({ planId: pid, number: t.number, ...fields }).returning({ id: task.id });
				taskId = r.id;
			}
			await tx.delete(taskUnit).where(eq(taskUnit.taskId, taskId));
			const rows = [
				...t.lead.map((u, i) => ({ taskId, role: 'lead' as const, position: i, name: u.name, deptCode: u.deptCode })),
				...t.support.map((u, i) => ({ taskId, role: 'support' as const, position: i, name: u.name, deptCode: u.deptCode }))
			];
			if (rows.length) await tx.insert(taskUnit).values(rows);
			// milestones keep their ids by position (reports name them)
			const oldMs = old ? await tx.select().from(taskMilestone).where(eq(taskMilestone.taskId, taskId)).orderBy(asc(taskMilestone.position)) : [];
			for (const [i, m] of t.milestones.entries()) {
				if (oldMs[i]) await tx.update(taskMilestone).set({ due: m.due, text: m.text, position: i }).where(eq(taskMilestone.id, oldMs[i].id));
				else await tx.insert(taskMilestone).values({ taskId, position: i, due: m.due, text: m.text });
			}
			const extra = oldMs.slice(t.milestones.length).map((m) => m.id);
			if (extra.length) await tx.delete(taskMilestone).where(inArray(taskMilestone.id, extra));
			await tx.insert(taskEvent).values(ev(taskId, old ? (old.withdrawnAt ? 'restore' : 'update') : 'import', { plan_id: pid, fields: c?.fields ?? [] }));
		}
		for (const c of changes.filter((x) => x.kind === 'removed')) {
			const old = byNumber.get(c.number);
			if (!old || old.withdrawnAt) continue;
			await tx.update(task).set({ withdrawnAt: now, updatedAt: now }).where(eq(task.id, old.id));
			await tx.insert(taskEvent).values(ev(old.id, 'withdraw', { plan_id: pid }));
		}
		return pid;
	});
	return { planId: id, changes };
}
