/**
 * The ledger's small views elsewhere: counts (and the first overdue tasks) for the overview, and a department's
 * own tasks on its scorecard. Both are read fresh (not through the dashboards' cache: reports change them), in
 * the user's scope, and are null when no plan exists so the pages stay as they were.
 */
import { getAnalytics } from '../analytics/instance';
import { getAppDb } from '../appdb/index';
import { listTasks, plansExist, taskSummary } from './ledger';
import { departmentNames } from './ledger-query';
import type { Actor } from './plan';
import type { TaskCounts, TaskRow } from '../../tasks/types';

export interface TaskWidget {
	counts: TaskCounts;
	overdue: Pick<TaskRow, 'id' | 'number' | 'title' | 'lead' | 'lateSince'>[];
}

const slim = (r: TaskRow) => ({ id: r.id, number: r.number, title: r.title, lead: r.lead, lateSince: r.lateSince });

export async function overviewTasks(user: Actor): Promise<TaskWidget | null> {
	const db = await getAppDb();
	// Every overview request comes here: without a plan, answer before reading department names.
	if (!(await plansExist(db))) return null;
	const names = await departmentNames(await getAnalytics());
	const s = await taskSummary(db, user, { names });
	return s ? { counts: s.counts, overdue: s.overdue.slice(0, 5).map(slim) } : null;
}

export interface DeptTask extends Pick<TaskRow, 'id' | 'number' | 'title' | 'state' | 'nextDue' | 'lateSince' | 'planTitle'> {
	role: 'lead' | 'support';
}

/** The tasks a department leads or supports (the scorecard's own list); null when no plan exists. */
export async function departmentTasks(user: Actor, code: string): Promise<DeptTask[] | null> {
	const db = await getAppDb();
	const s = await taskSummary(db, user, { depts: [code] });
	if (!s) return null;
	const rows = await listTasks(db, user, { depts: [code] });
	return rows.map((r) => ({
		id: r.id,
		number: r.number,
		title: r.title,
		state: r.state,
		nextDue: r.nextDue,
		lateSince: r.lateSince,
		planTitle: r.planTitle,
		role: r.lead.some((u) => u.deptCode === code) ? 'lead' : 'support'
	}));
}
