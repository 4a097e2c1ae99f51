/**
 * /tasks — the reform task ledger: every role reads it (department users only the tasks their units lead or
 * support), grouped by plan group, by lead unit or by status, overdue first, filtered by the URL.
 */
import type { PageServerLoad } from './$types';
import { getAnalytics } from '$lib/server/analytics/instance';
import { getAppDb } from '$lib/server/appdb';
import { requireUser } from '$lib/server/auth/guard';
import { leadOptions, listTasks } from '$lib/server/tasks/ledger';
import { canManagePlans, listPlans } from '$lib/server/tasks/plan';
import { departmentNames, parseLedgerQuery } from '$lib/server/tasks/ledger-query';
import { countStates } from '$lib/tasks/types';

export const load: PageServerLoad = async (event) => {
	const user = requireUser(event);
	const query = parseLedgerQuery(event.url.searchParams);
	const [db, names] = await Promise.all([getAppDb(), departmentNames(await getAnalytics())]);
	const [plans, all] = await Promise.all([listPlans(db), listTasks(db, user, {}, { names })]);
	const { view, ...filter } = query;
	const rows = await listTasks(db, user, filter, { names });
	const groups = new Map<string, string>();
	for (const t of all) if (t.group) groups.set(t.group, t.groupTitle ?? t.group);
	return {
		query,
		view,
		rows,
		counts: countStates(all),
		shown: countStates(rows),
		plans: plans.map((p) => ({ id: p.id, title: p.title })),
		groups: [...groups].map(([number, title]) => ({ number, title })),
		leads: leadOptions(all),
		canImport: canManagePlans(user.role)
	};
};
