/**
 * Process-mining form for a small sample of cases: the steps of a case as events (申请 → 受理 → 审查 →
 * 决定 → 办结, or the refusal / return / withdrawal), consistent with the case's own timestamps.
 */
import type { CaseRec } from './cases';

export interface EventRec {
	case_id: string;
	activity: string;
	ts: number;
	actor: string;
	dept_code: string;
}

export function caseEvents(c: CaseRec): EventRec[] {
	const out: EventRec[] = [];
	const ev = (activity: string, ts: number | null, actor: string) => {
		if (ts !== null) out.push({ case_id: c.case_id, activity, ts, actor, dept_code: c.dept.dept_code });
	};
	ev('申请', c.submitted_at, '申请人');
	if (c.status === 'rejected') {
		ev('不予受理', c.decided_at, '综合受理窗口');
		return out;
	}
	ev('受理', c.accepted_at, '综合受理窗口');
	if (c.supplement_requests > 0 && c.accepted_at !== null)
		ev('补正告知', c.accepted_at + 600, '综合受理窗口');
	if (c.status === 'returned') ev('退件', c.completed_at, '审批科室');
	else if (c.status === 'withdrawn') ev('撤回', c.completed_at, '申请人');
	else if (c.status === 'completed') {
		const start = c.accepted_at ?? c.submitted_at;
		const dec = c.decided_at ?? c.completed_at!;
		if (dec > start) ev('审查', start + Math.floor((dec - start) / 2), '审批科室');
		if ((c.suspended_days ?? 0) > 0) ev('特殊环节', start + Math.floor((dec - start) / 3), '审批科室');
		ev('决定', c.decided_at, '分管领导');
		ev('办结', c.completed_at, '出件窗口');
	}
	return out.sort((a, b) => a.ts - b.ts);
}
