/**
 * The demo's reform task ledger: the fictional 临江市 plan (scripts/demo/reform-plan.txt, 12 tasks in 3 groups,
 * units named as the demo departments are, some abbreviated) imported with its units matched to the demo
 * departments, plus a handful of reports and reviews, so the ledger shows done, on-track, at-risk and overdue
 * tasks against the real date. Idempotent: a plan with the same title is left as it is.
 */
import fs from 'node:fs';
import path from 'node:path';
import { eq } from 'drizzle-orm';
import type { AppDb } from '../appdb/index';
import { taskPlan } from '../appdb/schema';
import { parsePlan } from './parse';
import { matchUnits } from './units';
import { draftOf } from './preview';
import { savePlan, type Actor } from './plan';
import { listTasks } from './ledger';
import { reviewReport, submitReport } from './reports';

export const DEMO_PLAN_FILE = path.resolve('scripts/demo/reform-plan.txt');

const OFFICE: Actor = { id: 0, username: '领导小组办公室（演示）', role: 'supervisor', depts: [] };

type Step = { task: number; status: 'on_track' | 'at_risk' | 'milestone_met' | 'done'; milestone?: number; text: string; review?: 'accept' | 'return'; comment?: string };

/** Reports by the tasks' first matched lead unit; `milestone` is the 0-based milestone index. */
const STEPS: Step[] = [
	{ task: 1, status: 'milestone_met', milestone: 0, text: '下放事项已全部明确承接主体，承接清单已公布。', review: 'accept' },
	{ task: 1, status: 'milestone_met', milestone: 1, text: '下放事项均已在政务服务平台规范运行。', review: 'accept' },
	{ task: 1, status: 'done', text: '任务全部完成，运行情况良好。', review: 'accept', comment: '同意销号。' },
	{ task: 2, status: 'milestone_met', milestone: 0, text: '《证明事项告知承诺制实施办法》已印发。', review: 'accept' },
	{ task: 2, status: 'milestone_met', milestone: 1, text: '已覆盖 86 项适用事项中的 80 项。', review: 'return', comment: '尚未全部覆盖，请补齐剩余事项后再报。' },
	{ task: 3, status: 'milestone_met', milestone: 0, text: '全流程审批时间已压减至 88 个工作日。', review: 'accept' },
	{ task: 4, status: 'on_track', text: '网上中介服务超市已入驻中介机构 126 家。' },
	{ task: 5, status: 'milestone_met', milestone: 0, text: '社保业务网上可办率达到 91%。', review: 'accept' },
	{ task: 5, status: 'at_risk', text: '部分业务受省级系统改造影响，网上可办率提升缓慢。' },
	{ task: 6, status: 'milestone_met', milestone: 0, text: '“好差评”评价体系已建立。', review: 'accept' },
	{ task: 6, status: 'done', text: '差评整改销号机制常态化运行。', review: 'accept' },
	{ task: 7, status: 'done', text: '户籍类事项已实现跨省通办。', review: 'return', comment: '请补充已开通事项清单及办件量。' },
	{ task: 8, status: 'milestone_met', milestone: 0, text: '一般登记已实现 3 个工作日内办结。', review: 'accept' },
	{ task: 10, status: 'milestone_met', milestone: 0, text: '信用分级分类监管实施办法已出台。', review: 'accept' },
	{ task: 10, status: 'done', text: '已覆盖食品、药品、特种设备等重点行业。', review: 'accept' },
	{ task: 11, status: 'at_risk', text: '执法事项清单正在征求意见，编制进度滞后。' }
];

export async function importDemoLedger(db: AppDb, departments: { code: string; name: string }[], file = DEMO_PLAN_FILE): Promise<{ planId: number; created: boolean }> {
	const parsed = parsePlan(fs.readFileSync(file, 'utf8'));
	const title = parsed.title ?? '临江市改革实施方案';
	const [existing] = await db.select({ id: taskPlan.id }).from(taskPlan).where(eq(taskPlan.title, title));
	if (existing) return { planId: existing.id, created: false };
	const names = [...new Set(parsed.tasks.flatMap((t) => [...t.lead_units, ...t.support_units]))];
	const matched = matchUnits(names, departments.map((d) => ({ dept_code: d.code, name: d.name })));
	const draft = draftOf(parsed, new Map(matched.map((m) => [m.name, m.dept_code])), title, path.basename(file));
	const { planId } = await savePlan(db, OFFICE, draft);
	const tasks = await listTasks(db, OFFICE, { plan: planId });
	for (const s of STEPS) {
		const t = tasks.find((x) => x.number === s.task);
		const lead = t?.lead.find((u) => u.deptCode);
		if (!t || !lead) continue; // a unit the demo departments do not have: skip its reports
		const unit: Actor = { id: 0, username: `${lead.deptName ?? lead.name}（演示）`, role: 'department', depts: [lead.deptCode!] };
		const milestoneId = s.milestone !== undefined ? (t.milestones[s.milestone]?.id ?? null) : null;
		const id = await submitReport(db, unit, t.id, { status: s.status, milestoneId, text: s.text });
		if (s.review) await reviewReport(db, OFFICE, t.id, id, s.review, s.comment ?? (s.review === 'accept' ? '已核实。' : ''));
	}
	return { planId, created: true };
}
