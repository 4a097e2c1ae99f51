/**
 * GET /api/cases?<KPI filters>&[item=][&status=][&flag=][&basis=submitted|completed|live]
 *     [&sort=][&order=][&offset=][&limit=]&format=arrow|csv|xlsx
 * The case list behind a drill-down: Arrow IPC stream (default; one page, X-Total-Count header) for the
 * browser's virtualised list, or the whole list (up to 100 000 rows) as CSV (UTF-8 BOM) / XLSX.
 * Department users get their own departments only; personal fields only for supervisors and departments.
 */
import type { RequestHandler } from './$types';
import { json } from '@sveltejs/kit';
import { audit } from '$lib/server/auth/audit';
import { requireDeptFilter, requireUser } from '$lib/server/auth/guard';
import { canSeePersonalFields, deptScope } from '$lib/server/auth/policy';
import { getAnalytics } from '$lib/server/analytics/instance';
import { caseListArrow } from '$lib/server/analytics/drilldown';
import { toIpc } from '$lib/server/analytics/arrow';
import { QueryError } from '$lib/server/analytics/kpi/query';
import { activeThresholds } from '$lib/server/settings';
import { exportColumns, exportRows, parseCaseRequest } from '$lib/server/dashboard/cases';
import { toCsv, toXlsx } from '$lib/server/dashboard/export';

const FORMATS = ['arrow', 'csv', 'xlsx'] as const;

export const GET: RequestHandler = async (event) => {
	const user = requireUser(event, ['leader', 'supervisor', 'department']);
	requireDeptFilter(event); // another department's code → 404, as /api/kpi
	const lang = event.locals.lang;
	const format = event.url.searchParams.get('format') ?? 'arrow';
	if (!(FORMATS as readonly string[]).includes(format))
		return json(
			{ error: `参数 format 取值无效：${format}（可选：arrow, csv, xlsx） / invalid format: ${format}` },
			{ status: 400 }
		);
	const cq = parseCaseRequest(event.url.searchParams, deptScope(user));
	if (cq instanceof QueryError) return json({ error: cq.message }, { status: 400 });
	const db = await getAnalytics();
	const thresholds = activeThresholds();
	try {
		if (format === 'arrow') {
			const page = await caseListArrow(db, cq, thresholds);
			return new Response(toIpc(page.table) as unknown as BodyInit, {
				headers: {
					'content-type': 'application/vnd.apache.arrow.stream',
					'cache-control': 'no-store',
					'x-total-count': String(page.total),
					'x-offset': String(page.offset),
					'x-as-of': page.asOf
				}
			});
		}
		const personal = canSeePersonalFields(user);
		const columns = exportColumns(lang, personal);
		const { rows, truncated } = await exportRows(db, cq, thresholds, lang, personal);
		const name = `cases_${cq.q.from}_${cq.q.to}`;
		await audit(event, 'export', { what: 'cases', format, rows: rows.length, query: event.url.search });
		const headers: Record<string, string> = { 'cache-control': 'no-store', 'x-truncated': String(truncated) };
		if (format === 'csv')
			return new Response(toCsv(columns, rows), {
				headers: {
					...headers,
					'content-type': 'text/csv; charset=utf-8',
					'content-disposition': `attachment; filename="${name}.csv"`
				}
			});
		const body = await toXlsx(lang === 'zh' ? '办件' : 'Cases', columns, rows);
		return new Response(body as unknown as BodyInit, {
			headers: {
				...headers,
				'content-type': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
				'content-disposition': `attachment; filename="${name}.xlsx"`
			}
		});
	} catch (e) {
		if (e instanceof QueryError) return json({ error: e.message }, { status: 400 });
		throw e;
	}
};
