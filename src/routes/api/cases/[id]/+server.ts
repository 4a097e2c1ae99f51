/**
 * GET /api/cases/[id][?to=YYYY-MM-DD|as_of=…] — one case as JSON: the case row, its item and department, the
 * events (timeline), ratings, flags and the working-day clock (as of the `to` / `as_of` date, else today).
 * Supervisors and department users (own departments only; anything else is 404). Audit-logged.
 */
import type { RequestHandler } from './$types';
import { json } from '@sveltejs/kit';
import { t } from '$lib/i18n';
import { audit } from '$lib/server/auth/audit';
import { requireDept, requireUser } from '$lib/server/auth/guard';
import { maskPersonal } from '$lib/server/auth/policy';
import { getAnalytics } from '$lib/server/analytics/instance';
import { caseDetail } from '$lib/server/analytics/drilldown';
import { resolveAsOf } from '$lib/server/analytics/kpi/flags';
import { localToday } from '$lib/server/clock';
import { parseKpiQuery, QueryError } from '$lib/server/analytics/kpi/query';
import { activeThresholds } from '$lib/server/settings';

export const GET: RequestHandler = async (event) => {
	const user = requireUser(event, ['supervisor', 'department']);
	const lang = event.locals.lang;
	const id = event.params.id;
	const p = event.url.searchParams;
	let asOf = localToday();
	if (p.get('to') || p.get('as_of')) {
		const q = parseKpiQuery(
			new URLSearchParams({
				from: p.get('to') ?? p.get('as_of')!,
				to: p.get('to') ?? p.get('as_of')!,
				...(p.get('as_of') ? { as_of: p.get('as_of')! } : {})
			})
		);
		if (q instanceof QueryError) return json({ error: q.message }, { status: 400 });
		asOf = resolveAsOf(q);
	}
	const db = await getAnalytics();
	const d = await caseDetail(db, id, asOf, activeThresholds());
	if (!d) return json({ error: t(lang, 'case.notFound', { id }) }, { status: 404 });
	requireDept(event, d.case.dept_code as string);
	await audit(event, 'case.view', { case_id: id, via: 'api' });
	return json(
		{
			...d,
			case: maskPersonal(user, [d.case])[0],
			events: maskPersonal(user, d.events),
			ratings: maskPersonal(user, d.ratings)
		},
		{ headers: { 'cache-control': 'no-store' } }
	);
};
