import { fail, redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { t, type MessageKey } from '$lib/i18n';
import { getAppDb } from '$lib/server/appdb';
import { audit, clientIp } from '$lib/server/auth/audit';
import { requireUser } from '$lib/server/auth/guard';
import {
	createSession,
	generateSessionToken,
	invalidateUserSessions,
	listUserSessions,
	setSessionCookie
} from '$lib/server/auth/session';
import { AccountError, changePassword } from '$lib/server/auth/users';

export const load: PageServerLoad = async (event) => {
	const user = requireUser(event);
	const db = await getAppDb();
	const sessions = await listUserSessions(db, user.id);
	const current = event.locals.session?.id;
	return {
		account: { username: user.username, displayName: user.displayName, role: user.role, depts: user.depts },
		// Session ids are token hashes: never sent to the browser, only whether a row is this session.
		sessions: sessions.map((s) => ({
			current: s.id === current,
			createdAt: s.createdAt.toISOString(),
			expiresAt: s.expiresAt.toISOString(),
			ip: s.ip ?? ''
		}))
	};
};

export const actions: Actions = {
	password: async (event) => {
		const user = requireUser(event);
		const lang = event.locals.lang;
		const form = await event.request.formData();
		const current = String(form.get('current') ?? '');
		const next = String(form.get('next') ?? '');
		const confirm = String(form.get('confirm') ?? '');
		if (next !== confirm) return fail(400, { action: 'password', message: t(lang, 'account.mismatch') });
		const db = await getAppDb();
		try {
			await changePassword(db, user.id, current, next);
		} catch (e) {
			if (e instanceof AccountError) {
				const key = (e.code === 'wrongPassword' ? 'account.wrongCurrent' : `password.${e.code}`) as MessageKey;
				return fail(400, { action: 'password', message: t(lang, key) });
			}
			throw e;
		}
		// Every session was revoked; this browser gets a fresh one so the user stays signed in here only.
		const token = generateSessionToken();
		const s = await createSession(db, token, user.id, {
			ip: clientIp(event),
			userAgent: event.request.headers.get('user-agent')
		});
		setSessionCookie(event, token, s.expiresAt);
		event.locals.session = s;
		await audit(event, 'password.change', {}, { db });
		return { action: 'password', ok: true, message: t(lang, 'account.changed') };
	},
	revokeOthers: async (event) => {
		const user = requireUser(event);
		const db = await getAppDb();
		const current = event.locals.session?.id;
		if (!current) redirect(303, '/login');
		const n = await invalidateUserSessions(db, user.id, { except: current });
		await audit(event, 'sessions.revoke', { count: n, scope: 'others' }, { db });
		return { action: 'revokeOthers', ok: true, message: t(event.locals.lang, 'account.revoked', { n }) };
	}
};
