/**
 * GET /tasks/export.xlsx?… — the ledger as the page shows it for the same filters (department users: their
 * own tasks only), as an Excel file; audit-logged like every export.
 */
import type { RequestHandler } from './$types';
import { getAnalytics } from '$lib/server/analytics/instance';
import { localToday } from '$lib/server/clock';
import { getAppDb } from '$lib/server/appdb';
import { audit } from '$lib/server/auth/audit';
import { requireUser } from '$lib/server/auth/guard';
import { contentDisposition } from '$lib/server/reports/index';
import { ledgerXlsx } from '$lib/server/tasks/export';
import { departmentNames, parseLedgerQuery } from '$lib/server/tasks/ledger-query';
import { listTasks } from '$lib/server/tasks/ledger';

export const GET: RequestHandler = async (event) => {
	const user = requireUser(event);
	const q = parseLedgerQuery(event.url.searchParams);
	const filter = { plan: q.plan, group: q.group, lead: q.lead, state: q.state, q: q.q };
	const today = localToday();
	const names = await departmentNames(await getAnalytics());
	const rows = await listTasks(await getAppDb(), user, filter, { names, today });
	const lang = event.locals.lang ?? 'zh';
	const body = await ledgerXlsx(rows, lang, today);
	await audit(event, 'export', { kind: 'task_ledger', format: 'xlsx', rows: rows.length, ...filter });
	return new Response(new Uint8Array(body), {
		headers: {
			'content-type': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
			'content-disposition': contentDisposition(
				lang === 'zh' ? `改革任务台账_${today}.xlsx` : `reform-tasks_${today}.xlsx`
			),
			'content-length': String(body.length),
			'cache-control': 'private, no-store'
		}
	});
};
