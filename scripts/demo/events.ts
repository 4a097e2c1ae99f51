/**
 * Process-mining form (过程 table) for a sample of cases: the steps of a case as events, consistent with the
 * case's own timestamps (收件 = submitted_at, 受理 = accepted_at, 决定 = decided_at, 送达 = completed_at).
 *
 * The story the process view must find (issue 17):
 * - the standard flow 收件 → 受理 → 审查 → [现场踏勘] → 审核 → 决定 → [制证] → 送达;
 * - loops: 补正 back to 受理 (before acceptance) or to 审查 (during review), one per supplement request;
 *   审核 repeated (退回 审查 and reviewed again, or 复核 by a second reviewer);
 * - waits placed on working days (office hours), the case's working days shared among the gaps by weight;
 * - hand-offs: between the window, the reviewing section and the leaders of the unit (actors), and for items
 *   delegated by a city department, a share of 审核 done there (征求原下放部门意见) — a hand-off between units;
 * - the planted bottleneck: at lagging departments, 现场踏勘 → 审核 takes most of the case's working days.
 *
 * Deterministic: each case draws from its own Rng seeded by its case_id, so the events do not disturb the
 * cases' random stream and a case always gets the same steps.
 */
import type { CaseRec } from './cases';
import type { WorkCalendar } from './calendar';
import { Rng } from './random';

export interface EventRec {
	case_id: string;
	activity: string;
	ts: number;
	actor: string;
	dept_code: string;
}

/** Sectors whose items need a site survey (现场踏勘) for most cases. */
const SURVEY_SECTORS = new Set(['land', 'housing', 'env', 'safety', 'water', 'transport', 'agri', 'urban']);

const MIN = 60;

interface Step {
	activity: string;
	actor: string;
	dept: string;
	/** share of the working days spent waiting before this step */
	wait: number;
}

export function caseEvents(c: CaseRec, cal: WorkCalendar): EventRec[] {
	const rng = new Rng(`ev:${c.case_id}`);
	const dept = c.dept.dept_code;
	const out: EventRec[] = [];
	const ev = (activity: string, ts: number, actor: string, d = dept) =>
		out.push({ case_id: c.case_id, activity, ts, actor, dept_code: d });
	const intake = c.channel === 'online' ? '网上申报系统' : '综合受理窗口';
	ev('收件', c.submitted_at, intake);
	if (c.status === 'rejected') {
		if (c.decided_at !== null) ev('不予受理', Math.max(c.decided_at, c.submitted_at + MIN), '综合受理窗口');
		return out;
	}
	let supp = c.supplement_requests;
	// A supplement asked before acceptance: 收件 → 补正 → 受理.
	if (supp > 0 && c.accepted_at !== null && c.accepted_at > c.submitted_at + 2 * MIN && rng.chance(0.5)) {
		ev('补正', c.submitted_at + Math.floor((c.accepted_at - c.submitted_at) / 2), '综合受理窗口');
		supp--;
	}
	if (c.accepted_at === null) {
		if (c.completed_at !== null) ev(c.status === 'withdrawn' ? '撤回' : '退件', c.completed_at, '综合受理窗口');
		return out;
	}
	if (c.completed_at !== null && c.completed_at < c.accepted_at) {
		// Planted anomaly of the cases (completed before accepted): the log says it as it is.
		ev('送达', c.completed_at, '出件窗口');
		ev('受理', c.accepted_at, '综合受理窗口');
		return out;
	}
	ev('受理', c.accepted_at, '综合受理窗口');
	if (c.status === 'in_progress') {
		ev('审查', c.accepted_at + rng.int(30, 240) * MIN, '审查人员');
		return out;
	}
	if (c.status === 'returned' || c.status === 'withdrawn') {
		const end = c.completed_at!;
		if (c.status === 'returned' && end > c.accepted_at + 2 * MIN)
			ev('审查', c.accepted_at + Math.floor((end - c.accepted_at) / 2), '审查人员');
		ev(c.status === 'returned' ? '退件' : '撤回', Math.max(end, c.accepted_at + MIN), c.status === 'returned' ? '审查人员' : '申请人');
		return out;
	}

	// Completed: the steps between 受理 and 决定, with their waits.
	const lag = c.dept.lagging;
	const steps: Step[] = [{ activity: '审查', actor: '审查人员', dept, wait: 1 }];
	for (; supp > 0; supp--) {
		steps.push({ activity: '补正', actor: '审查人员', dept, wait: 0.5 });
		steps.push({ activity: '审查', actor: '审查人员', dept, wait: 1.5 }); // the applicant's time
	}
	const survey = SURVEY_SECTORS.has(c.item.sector) ? rng.chance(0.8) : c.item.special && rng.chance(0.5);
	if (survey) steps.push({ activity: '现场踏勘', actor: '踏勘组', dept, wait: 1 });
	const upstream = c.item.source !== null && rng.chance(0.3);
	steps.push({
		activity: '审核',
		actor: upstream ? '原下放部门业务科室' : '科室负责人',
		dept: upstream ? c.item.source!.dept_code : dept,
		// The bottleneck: a lagging unit's survey report waits for review.
		wait: survey ? (lag ? 8 : 1) : 1
	});
	const again = rng.next();
	if (again < (lag ? 0.25 : 0.08)) {
		steps.push({ activity: '审查', actor: '审查人员', dept, wait: 1 }); // sent back for rework
		steps.push({ activity: '审核', actor: '科室负责人', dept, wait: 0.7 });
	} else if (again < (lag ? 0.4 : 0.15)) steps.push({ activity: '审核', actor: '分管领导', dept, wait: 0.5 }); // 复核
	const decided = c.decided_at ?? c.completed_at!;
	// An immediate case (minutes from 受理 to 决定) has room for only so many steps, a minute apart.
	const room = Math.floor((decided - c.accepted_at) / MIN) - 1;
	if (steps.length > room) steps.splice(Math.max(0, room));
	const times = place(cal, rng, c.accepted_at, decided, steps.map((s) => s.wait).concat(0.5));
	steps.forEach((s, i) => ev(s.activity, times[i], s.actor, s.dept));
	if (c.decided_at !== null) ev('决定', c.decided_at, '分管领导');
	const last = out.at(-1)!.ts;
	const done = c.completed_at!;
	if (c.item.handling === 'promised' && done - last > 4 * MIN && rng.chance(0.7))
		ev('制证', last + Math.floor((done - last) / 2), '制证窗口');
	ev('送达', done, c.channel === 'online' ? '邮政寄递' : '出件窗口');
	return out;
}

/**
 * Times of n steps strictly between `from` and `to` (seconds), the working days between them shared by the
 * weights (the last weight is the wait after the last step): each step on a working day in office hours,
 * every step at least a minute after the previous one.
 */
function place(cal: WorkCalendar, rng: Rng, from: number, to: number, weights: number[]): number[] {
	const n = weights.length - 1;
	const total = weights.reduce((s, w) => s + w, 0);
	const a = Math.floor(from / 86400);
	const days = cal.wd(a, Math.floor(to / 86400));
	const out: number[] = [];
	let cum = 0;
	let prev = from;
	for (let i = 0; i < n; i++) {
		cum += weights[i];
		const f = cum / total;
		let t: number;
		if (days <= 0) t = from + Math.floor((to - from) * f);
		else {
			const day = cal.addWorkdays(a, Math.floor(days * f));
			t = day * 86400 + rng.int(8 * 60 + 30, 17 * 60 + 30) * MIN;
		}
		// Keep the order and leave a minute for each remaining step before `to` (the caller keeps n small enough).
		t = Math.min(Math.max(t, prev + MIN), to - (n - i) * MIN);
		out.push(t);
		prev = t;
	}
	return out;
}
