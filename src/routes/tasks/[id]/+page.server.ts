/**
 * /tasks/[id] — one reform task: its text, units, milestones and the timeline of reports and reviews.
 * A unit of the task (department user) reports progress (`report`, with attachments); the office or an admin
 * accepts or returns a pending report (`accept`, `return`). Outside a department user's scope: 404.
 * Every action re-checks the user and the task (tasks/reports.ts) and is audit-logged.
 */
import { error, fail } from '@sveltejs/kit';
import type { Actions, PageServerLoad, RequestEvent } from './$types';
import { getAnalytics } from '$lib/server/analytics/instance';
import { getAppDb } from '$lib/server/appdb';
import { audit } from '$lib/server/auth/audit';
import { requireUser } from '$lib/server/auth/guard';
import { ALLOWED, AttachmentError, MAX_BYTES, MAX_FILES } from '$lib/server/notices/attachments';
import { getTask } from '$lib/server/tasks/ledger';
import { canManagePlans, TaskError } from '$lib/server/tasks/plan';
import { reportingUnit, reviewReport, submitReport } from '$lib/server/tasks/reports';
import { departmentNames } from '$lib/server/tasks/ledger-query';

export const load: PageServerLoad = async (event) => {
	const user = requireUser(event);
	try {
		const names = await departmentNames(await getAnalytics());
		const t = await getTask(await getAppDb(), user, Number(event.params.id), { names });
		const unit = t.state === 'done' ? null : reportingUnit(user, t);
		return {
			task: t,
			reportAs: unit ? { ...unit, name: names.get(unit.deptCode) ?? [...t.lead, ...t.support].find((u) => u.deptCode === unit.deptCode)?.name ?? unit.deptCode } : null,
			canReview: canManagePlans(user.role),
			// a notice goes to one department: the lead units matched to departments
			canRaiseNotice: user.role === 'supervisor' && t.state === 'overdue' && t.lead.some((u) => u.deptCode),
			limits: { files: MAX_FILES, mb: MAX_BYTES / 1024 / 1024, types: Object.keys(ALLOWED) }
		};
	} catch (e) {
		if (e instanceof TaskError) error(e.status, e.message);
		throw e;
	}
};

async function run(event: RequestEvent, fn: (f: FormData) => Promise<unknown>) {
	try {
		await fn(await event.request.formData());
		return { ok: true };
	} catch (e) {
		if (e instanceof TaskError) {
			if (e.status === 404) error(404, e.message);
			return fail(e.status, { error: e.message });
		}
		if (e instanceof AttachmentError) return fail(400, { error: e.message });
		throw e;
	}
}

export const actions: Actions = {
	report: async (event) => {
		const user = requireUser(event, ['department']);
		const id = Number(event.params.id);
		return run(event, async (f) => {
			const files = await Promise.all(
				f
					.getAll('files')
					.filter((x): x is File => typeof x === 'object' && x !== null && 'arrayBuffer' in x && (x as File).size > 0)
					.map(async (x) => ({ name: x.name, bytes: Buffer.from(await x.arrayBuffer()) }))
			);
			const status = String(f.get('status') ?? '');
			const reportId = await submitReport(await getAppDb(), user, id, { status, milestoneId: Number(f.get('milestone')) || null, text: String(f.get('text') ?? ''), files });
			await audit(event, 'task.report', { task_id: id, report_id: reportId, status, files: files.length });
		});
	},
	accept: async (event) => {
		const user = requireUser(event, ['supervisor', 'admin']);
		const id = Number(event.params.id);
		return run(event, async (f) => {
			const reportId = Number(f.get('report'));
			await reviewReport(await getAppDb(), user, id, reportId, 'accept', String(f.get('comment') ?? ''));
			await audit(event, 'task.accept', { task_id: id, report_id: reportId });
		});
	},
	return: async (event) => {
		const user = requireUser(event, ['supervisor', 'admin']);
		const id = Number(event.params.id);
		return run(event, async (f) => {
			const reportId = Number(f.get('report'));
			await reviewReport(await getAppDb(), user, id, reportId, 'return', String(f.get('comment') ?? ''));
			await audit(event, 'task.return', { task_id: id, report_id: reportId });
		});
	}
};
