import { fail, type RequestEvent } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { t, type Lang, type MessageKey } from '$lib/i18n';
import { getAppDb } from '$lib/server/appdb';
import { audit } from '$lib/server/auth/audit';
import { requireUser } from '$lib/server/auth/guard';
import { createApiToken, listApiTokens, revokeApiToken } from '$lib/server/auth/token';
import { invalidateUserSessions } from '$lib/server/auth/session';
import {
	AccountError,
	createUser,
	findUserByUsername,
	isRole,
	listUsers,
	parseDeptList,
	setPassword,
	setUserDisabled,
	updateUser
} from '$lib/server/auth/users';

const ADMIN = ['admin'] as const;

export const load: PageServerLoad = async (event) => {
	requireUser(event, ADMIN);
	const db = await getAppDb();
	const [users, tokens] = await Promise.all([listUsers(db), listApiTokens(db)]);
	const iso = (d: Date | null) => (d ? d.toISOString() : null);
	return {
		users: users.map((u) => ({ ...u, createdAt: iso(u.createdAt) })),
		tokens: tokens.map((k) => ({
			id: k.id,
			username: k.username,
			name: k.name,
			prefix: k.prefix,
			createdAt: iso(k.createdAt),
			lastUsedAt: iso(k.lastUsedAt),
			revoked: k.revokedAt !== null
		}))
	};
};

function errorMessage(lang: Lang, e: AccountError): string {
	const key = (['tooShort', 'tooLong', 'sameAsUsername'].includes(e.code) ? `password.${e.code}` : `admin.error.${e.code}`) as MessageKey;
	return t(lang, key);
}

/** Run an admin action: check the role again, read the form, turn AccountErrors into fail(400). */
async function act<T extends { message: string; token?: string }>(event: RequestEvent, action: string, fn: (form: FormData, lang: Lang) => Promise<T>) {
	requireUser(event, ADMIN);
	const lang = event.locals.lang;
	const form = await event.request.formData();
	try {
		const r = await fn(form, lang);
		return { action, ok: true as const, message: r.message, token: r.token ?? null };
	} catch (e) {
		if (e instanceof AccountError) return fail(400, { action, ok: false as const, message: errorMessage(lang, e), token: null });
		throw e;
	}
}

const field = (f: FormData, k: string) => String(f.get(k) ?? '').trim();

/** The disable and enable actions: the same steps, the opposite flag. */
function setDisabled(event: RequestEvent, disabled: boolean) {
	const action = disabled ? 'disable' : 'enable';
	return act(event, action, async (f, lang) => {
		const username = field(f, 'username');
		const db = await getAppDb();
		await setUserDisabled(db, username, disabled);
		await audit(event, `user.${action}`, { username }, { db });
		return { message: t(lang, disabled ? 'admin.users.disabled' : 'admin.users.enabled', { username }) };
	});
}

export const actions: Actions = {
	create: (event) =>
		act(event, 'create', async (f, lang) => {
			const role = field(f, 'role');
			if (!isRole(role)) throw new AccountError('badRole', 'bad role');
			const depts = parseDeptList(field(f, 'depts'));
			const db = await getAppDb();
			const u = await createUser(db, { username: field(f, 'username'), password: String(f.get('password') ?? ''), role, depts, displayName: field(f, 'displayName') });
			await audit(event, 'user.create', { username: u.username, role, depts }, { db });
			return { message: t(lang, 'admin.users.created', { username: u.username }) };
		}),
	update: (event) =>
		act(event, 'update', async (f, lang) => {
			const role = field(f, 'role');
			if (!isRole(role)) throw new AccountError('badRole', 'bad role');
			const username = field(f, 'username');
			const depts = parseDeptList(field(f, 'depts'));
			const db = await getAppDb();
			const r = await updateUser(db, username, { role, depts, displayName: field(f, 'displayName') });
			await audit(event, 'user.update', { username, role, depts, rights_changed: r.rightsChanged }, { db });
			return { message: t(lang, 'admin.users.updated', { username }) };
		}),
	disable: (event) => setDisabled(event, true),
	enable: (event) => setDisabled(event, false),
	resetPassword: (event) =>
		act(event, 'resetPassword', async (f, lang) => {
			const username = field(f, 'username');
			const db = await getAppDb();
			const u = await findUserByUsername(db, username);
			if (!u) throw new AccountError('notFound', 'no such user');
			await setPassword(db, u.id, String(f.get('password') ?? ''));
			await audit(event, 'user.password_reset', { username: u.username }, { db });
			return { message: t(lang, 'admin.users.passwordReset', { username: u.username }) };
		}),
	revokeSessions: (event) =>
		act(event, 'revokeSessions', async (f, lang) => {
			const db = await getAppDb();
			const u = await findUserByUsername(db, field(f, 'username'));
			if (!u) throw new AccountError('notFound', 'no such user');
			const n = await invalidateUserSessions(db, u.id);
			await audit(event, 'sessions.revoke', { username: u.username, count: n, scope: 'all' }, { db });
			return { message: t(lang, 'admin.users.sessionsRevoked', { username: u.username, n }) };
		}),
	createToken: (event) =>
		act(event, 'createToken', async (f, lang) => {
			const db = await getAppDb();
			const u = await findUserByUsername(db, field(f, 'username'));
			if (!u || u.disabledAt) throw new AccountError('notFound', 'no such user');
			const created = await createApiToken(db, u.id, { name: field(f, 'name').slice(0, 100) });
			await audit(event, 'token.create', { username: u.username, token_id: created.id, prefix: created.prefix }, { db });
			// Shown once: only in this action's result, never stored in clear or sent again.
			return { message: t(lang, 'admin.tokens.created', { username: u.username }), token: created.token };
		}),
	revokeToken: (event) =>
		act(event, 'revokeToken', async (f, lang) => {
			const id = Number(field(f, 'id'));
			if (!Number.isInteger(id) || id <= 0) throw new AccountError('notFound', 'no such token');
			const db = await getAppDb();
			if (!(await revokeApiToken(db, id))) throw new AccountError('notFound', 'no such token');
			await audit(event, 'token.revoke', { token_id: id }, { db });
			return { message: t(lang, 'admin.tokens.revoked') };
		})
};
