import type { PageServerLoad } from './$types';
import { t } from '$lib/i18n';
import { getAppDb } from '$lib/server/appdb';
import { AUDIT_ACTIONS, listAudit } from '$lib/server/auth/audit';
import { requireUser } from '$lib/server/auth/guard';
import { localDayStart } from '$lib/server/clock';

const PAGE = 100;

/** Filters live in the URL (shareable); dates are local calendar days, `to` inclusive. */
export const load: PageServerLoad = async (event) => {
	requireUser(event, ['admin']);
	const p = event.url.searchParams;
	const get = (k: string) => (p.get(k) ?? '').trim();
	const filter = { from: get('from'), to: get('to'), action: get('action'), username: get('username'), q: get('q') };
	const page = Math.max(1, Math.min(10_000, Number.parseInt(get('page') || '1', 10) || 1));
	let invalid: string | null = null;
	const day = (s: string, plus = 0) => {
		if (!s) return null;
		// The local day's first instant (TZ_LOCAL); null for 2024-02-30 and other dates that do not exist.
		const d = localDayStart(s);
		if (!d) {
			invalid = t(event.locals.lang, 'admin.audit.badDate', { value: s });
			return null;
		}
		return new Date(d.getTime() + plus * 86_400_000);
	};
	const from = day(filter.from);
	const to = day(filter.to, 1);
	if (filter.action && !AUDIT_ACTIONS.includes(filter.action as never)) invalid = t(event.locals.lang, 'admin.audit.badAction');
	const db = await getAppDb();
	const { rows, total } = invalid
		? { rows: [], total: 0 }
		: await listAudit(db, {
				from,
				to,
				action: filter.action || null,
				username: filter.username || null,
				q: filter.q.slice(0, 200) || null,
				limit: PAGE,
				offset: (page - 1) * PAGE
			});
	return {
		filter,
		invalid,
		page,
		pages: Math.max(1, Math.ceil(total / PAGE)),
		total,
		actions: AUDIT_ACTIONS,
		rows: rows.map((r) => ({ id: r.id, at: r.at.toISOString(), username: r.username, action: r.action, ip: r.ip, details: JSON.stringify(r.details) }))
	};
};
