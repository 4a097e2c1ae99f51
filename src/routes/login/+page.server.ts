import { fail, redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { t } from '$lib/i18n';
import { getAppDb } from '$lib/server/appdb';
import { audit, clientIp } from '$lib/server/auth/audit';
import { safeNext } from '$lib/server/auth/guard';
import { login } from '$lib/server/auth/login';
import { invalidateSession, setSessionCookie } from '$lib/server/auth/session';
import { formatWait } from '$lib/server/auth/throttle';
import { getConfig } from '$lib/server/config';

export const load: PageServerLoad = async ({ locals, url }) => {
	const next = safeNext(url.searchParams.get('next'));
	if (locals.user) redirect(303, next);
	// the public project lookup's link (hidden when PROJECT_LOOKUP=off: the page is a 404 then)
	const projectLookup = getConfig().projectVerifyChars > 0;
	return { next, loggedOut: url.searchParams.has('loggedOut'), projectLookup };
};

export const actions: Actions = {
	default: async (event) => {
		const lang = event.locals.lang;
		const form = await event.request.formData();
		const username = String(form.get('username') ?? '').trim();
		const password = String(form.get('password') ?? '');
		const next = safeNext(String(form.get('next') ?? ''));
		if (!username || !password) return fail(400, { username, message: t(lang, 'login.missing') });

		const db = await getAppDb();
		const r = await login(db, {
			username,
			password,
			ip: clientIp(event),
			userAgent: event.request.headers.get('user-agent')
		});
		if (!r.ok) {
			if (r.reason === 'throttled') {
				await audit(event, 'login.throttled', {}, { username: username.toLowerCase(), db });
				const wait = formatWait(r.lockedUntil.getTime() - Date.now(), lang);
				return fail(429, { username, message: t(lang, 'login.throttled', { wait }) });
			}
			await audit(event, 'login.failure', { reason: r.reason }, { username: username.toLowerCase(), db });
			if (r.reason === 'disabled') return fail(403, { username, message: t(lang, 'login.disabled') });
			const message = r.lockedUntil
				? t(lang, 'login.invalidLocked', { wait: formatWait(r.lockedUntil.getTime() - Date.now(), lang) })
				: t(lang, 'login.invalid');
			return fail(400, { username, message });
		}
		// A new session on every sign-in (no fixation): drop the one this browser had.
		if (event.locals.session) await invalidateSession(db, event.locals.session.id);
		setSessionCookie(event, r.token, r.session.expiresAt);
		event.locals.user = r.user;
		event.locals.session = r.session;
		await audit(event, 'login.success', {}, { db });
		redirect(303, next);
	}
};
