import { fail } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { t } from '$lib/i18n';
import { getAnalytics } from '$lib/server/analytics/instance';
import { calendarExceptions, calendarYears } from '$lib/server/analytics/calendar/admin';
import { audit } from '$lib/server/auth/audit';
import { requireUser } from '$lib/server/auth/guard';
import { localToday } from '$lib/server/clock';
import { importNotice, parseNotice } from '$lib/server/settings/holiday-notice';

export const load: PageServerLoad = async (event) => {
	requireUser(event, ['admin']);
	const now = Number(localToday().slice(0, 4));
	const y = Number(event.url.searchParams.get('year'));
	const year = Number.isInteger(y) && y >= 2000 && y <= 2035 ? y : now;
	const db = await getAnalytics();
	const [years, exceptions] = await Promise.all([calendarYears(db, Math.max(2000, now - 8), Math.min(2035, now + 2)), calendarExceptions(db, year)]);
	return { years, year, exceptions };
};

export const actions: Actions = {
	save: async (event) => {
		const user = requireUser(event, ['admin']);
		const lang = event.locals.lang;
		const form = await event.request.formData();
		const text = String(form.get('notice') ?? '');
		const { rows, problems } = parseNotice(text);
		if (problems.length) return fail(400, { ok: false, text, problems, message: t(lang, 'admin.calendar.invalid') });
		const summary = await importNotice(await getAnalytics(), rows, user.username);
		const f = summary.files[0];
		await audit(event, 'calendar.save', { days: rows.length, changed: f?.rowsStored ?? 0, batch_id: summary.batchId, status: summary.status });
		if (summary.status !== 'completed')
			return fail(400, { ok: false, text, problems: [summary.message ?? '', ...summary.rejects.map((r) => `${r.row}: ${r.message}`)], message: t(lang, 'admin.calendar.failed') });
		return { ok: true, message: t(lang, 'admin.calendar.saved', { n: rows.length, changed: f?.rowsStored ?? 0 }) };
	}
};
