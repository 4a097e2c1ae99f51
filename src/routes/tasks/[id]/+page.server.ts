/**
 * /tasks/[id] — one reform task: its text, units, milestones and the timeline of reports and reviews.
 * A unit of the task (department user) reports progress (`report`, with attachments); the office or an admin
 * accepts or returns a pending report (`accept`, `return`). Outside a department user's scope: 404.
 * Every action re-checks the user and the task (tasks/reports.ts) and is audit-logged.
 */
import type { Actions, PageServerLoad, RequestEvent } from './$types';
import { getAnalytics } from '$lib/server/analytics/instance';
import { getAppDb } from '$lib/server/appdb';
import { audit } from '$lib/server/auth/audit';
import { requireUser } from '$lib/server/auth/guard';
import { UPLOAD_LIMITS, uploadedFiles } from '$lib/server/http/attachments';
import { orErrorPage, runFormAction } from '$lib/server/http/status-errors';
import { getTask } from '$lib/server/tasks/ledger';
import { canManagePlans, TaskError } from '$lib/server/tasks/plan';
import { reportingUnit, reviewReport, submitReport } from '$lib/server/tasks/reports';
import { departmentNames } from '$lib/server/tasks/ledger-query';

export const load: PageServerLoad = async (event) => {
	const user = requireUser(event);
	const names = await departmentNames(await getAnalytics());
	const t = await orErrorPage(TaskError, async () =>
		getTask(await getAppDb(), user, Number(event.params.id), { names })
	);
	const unit = t.state === 'done' ? null : reportingUnit(user, t);
	return {
		task: t,
		reportAs: unit
			? {
					...unit,
					name:
						names.get(unit.deptCode) ??
						[...t.lead, ...t.support].find((u) => u.deptCode === unit.deptCode)?.name ??
						unit.deptCode
				}
			: null,
		canReview: canManagePlans(user.role),
		// a notice goes to one department: the lead units matched to departments
		canRaiseNotice: user.role === 'supervisor' && t.state === 'overdue' && t.lead.some((u) => u.deptCode),
		limits: UPLOAD_LIMITS
	};
};

/** The office's (or an admin's) decision on a pending report. */
const review = (decision: 'accept' | 'return') => async (event: RequestEvent) => {
	const user = requireUser(event, ['supervisor', 'admin']);
	const id = Number(event.params.id);
	return runFormAction(event.request, TaskError, async (f) => {
		const reportId = Number(f.get('report'));
		await reviewReport(await getAppDb(), user, id, reportId, decision, String(f.get('comment') ?? ''));
		await audit(event, `task.${decision}` as const, { task_id: id, report_id: reportId });
	});
};

export const actions: Actions = {
	report: async (event) => {
		const user = requireUser(event, ['department']);
		const id = Number(event.params.id);
		return runFormAction(event.request, TaskError, async (f) => {
			const files = await uploadedFiles(f);
			const status = String(f.get('status') ?? '');
			const reportId = await submitReport(await getAppDb(), user, id, {
				status,
				milestoneId: Number(f.get('milestone')) || null,
				text: String(f.get('text') ?? ''),
				files
			});
			await audit(event, 'task.report', { task_id: id, report_id: reportId, status, files: files.length });
		});
	},
	accept: review('accept'),
	return: review('return')
};
