/**
 * The monthly report's section 改革任务推进情况: counts by status and the overdue tasks with their lead units,
 * as of the report's issue date (the 通报 states the progress when it is issued). null when no plan exists,
 * so reports of deployments without a ledger do not show an empty section.
 */
import { getAppDb, type AppDb } from '../appdb/index';
import type { ReportTaskSection } from '../../reports/types';
import { taskSummary } from './ledger';

export type TaskSectionFn = (deptCodes: string[] | null, asOf: string, names?: ReadonlyMap<string, string>) => Promise<ReportTaskSection | null>;

/** The office's view (every task); a department-scoped report narrows to the tasks of those units. */
const READER = { id: 0, username: 'report', role: 'leader' as const, depts: [] as string[] };

export function taskSectionFn(db?: AppDb): TaskSectionFn {
	return async (deptCodes, asOf, names) => {
		const s = await taskSummary(db ?? (await getAppDb()), READER, { today: asOf, depts: deptCodes, names });
		if (!s) return null;
		return {
			asOf,
			counts: s.counts,
			overdue: s.overdue.map((t) => ({
				number: t.number,
				plan: t.planTitle,
				title: t.title,
				lead: t.lead.map((u) => u.deptName ?? u.name).join('、'),
				lateSince: t.lateSince ?? ''
			}))
		};
	};
}
