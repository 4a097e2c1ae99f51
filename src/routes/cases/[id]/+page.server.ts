import { error } from '@sveltejs/kit';
import type { PageServerLoad } from './$types';
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

export const load: PageServerLoad = async (event) => {
	const user = requireUser(event, ['supervisor', 'department']);
	const lang = event.locals.lang;
	const id = event.params.id;
	if (!/^[\p{L}\p{N}_.\-:/() （）·]{1,128}$/u.test(id)) error(404, t(lang, 'case.notFound', { id }));
	// The clock runs to the list's period end (as the list showed it), else to today.
	const q = event.url.searchParams.get('to') ? parseKpiQuery(event.url.searchParams) : null;
	const asOf = q && !(q instanceof QueryError) ? resolveAsOf(q) : localToday();
	const db = await getAnalytics();
	const d = await caseDetail(db, id, asOf, activeThresholds());
	if (!d) error(404, t(lang, 'case.notFound', { id }));
	requireDept(event, d.case.dept_code as string);
	await audit(event, 'case.view', { case_id: id });
	const [c] = maskPersonal(user, [d.case]);
	return {
		detail: {
			...d,
			case: c,
			events: maskPersonal(user, d.events),
			ratings: maskPersonal(user, d.ratings)
		}
	};
};
