import { error } from '@sveltejs/kit';
import type { PageServerLoad } from './$types';
import { t } from '$lib/i18n';
import { canSeeCaseDetail } from '$lib/server/auth/policy';
import { itemInfo, itemTable } from '$lib/server/analytics/drilldown';
import { QueryError } from '$lib/server/analytics/kpi/query';
import { activeThresholds } from '$lib/server/settings';
import { apiQueryOf, firstPage } from '$lib/server/dashboard/case-page';
import { parseCaseRequest } from '$lib/server/dashboard/cases';
import { frameOf } from '$lib/server/dashboard/page-filters';
import { startDashboard } from '$lib/server/dashboard/load';
import { processView } from '$lib/server/dashboard/process-view';

export const load: PageServerLoad = async (event) => {
	const start = await startDashboard(event, ['leader', 'supervisor', 'department']);
	const { db, ctx, scope, user } = start;
	const code = event.params.code;
	const lang = event.locals.lang;
	const item = /^[\p{L}\p{N}_.\-() （）·]{1,64}$/u.test(code) ? await itemInfo(db, code) : null;
	// Department users: items their departments receive or delegated (404 otherwise: existence is private).
	if (
		!item ||
		(scope && !scope.includes(item.dept_code as string) && !scope.includes(item.source_dept_code as string))
	)
		error(404, t(lang, 'item.notFound', { code }));
	const locked = scope !== null;
	const search = new URLSearchParams(ctx.search);
	search.set('item', code);
	const base = { item, canOpen: canSeeCaseDetail(user), apiQuery: apiQueryOf(search.toString()) };
	if (ctx.invalid || ctx.coverage.cases === 0)
		return { ...base, frame: frameOf(ctx, ctx.invalid, locked), figures: null, list: null };
	const cq = parseCaseRequest(search, scope);
	if (cq instanceof QueryError)
		return { ...base, frame: frameOf(ctx, cq.message, locked), figures: null, list: null };
	try {
		const [rows, first, process] = await Promise.all([
			itemTable(db, cq.q, activeThresholds(), code),
			firstPage(db, cq),
			processView(db, ctx, scope, { item: code })
		]);
		return {
			...base,
			process,
			frame: frameOf(ctx, null, locked),
			figures: rows[0] ?? null,
			list: {
				first,
				sort: cq.q.sort,
				order: cq.q.order,
				basis: cq.basis,
				status: cq.status,
				flag: cq.q.flag?.[0] ?? null
			}
		};
	} catch (e) {
		if (e instanceof QueryError)
			return { ...base, frame: frameOf(ctx, e.message, locked), figures: null, list: null };
		throw e;
	}
};
