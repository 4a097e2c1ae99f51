import { error } from '@sveltejs/kit';
import type { PageServerLoad } from './$types';
import { t } from '$lib/i18n';
import { requireDept } from '$lib/server/auth/guard';
import { canListCases } from '$lib/server/auth/policy';
import { departmentData } from '$lib/server/dashboard/department';
import { engineSafe, startDashboard } from '$lib/server/dashboard/load';
import { processView } from '$lib/server/dashboard/process-view';
import { departmentTasks } from '$lib/server/tasks/widgets';

export const load: PageServerLoad = async (event) => {
	const start = await startDashboard(event);
	const code = event.params.code;
	requireDept(event, code);
	const [{ frame, data }, process] = await Promise.all([
		engineSafe(start, () => departmentData(start.db, start.ctx.query!, code)),
		processView(start.db, start.ctx, start.scope, { dept: code })
	]);
	if (!frame.invalid && start.ctx.coverage.cases > 0 && !data)
		error(404, t(event.locals.lang, 'dept.notFound', { code }));
	return { frame, code, scorecard: data, canListCases: canListCases(start.user), process, tasks: await departmentTasks(start.user, code) };
};
