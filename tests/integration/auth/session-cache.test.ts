/**
 * The in-process credential cache (session.ts `validateSessionCached`, token.ts `validateApiTokenCached`, issue 7):
 * a hit skips the app database, but every change made in this process — logout, sign out everywhere, password
 * change, role / scope change, disabling, display name, token revocation — takes effect on the very next request;
 * changes made behind its back (another instance, SQL) within SESSION_CACHE_MS; expiry is checked on every hit.
 */
import { eq } from 'drizzle-orm';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { apiToken, session as sessionTable } from '../../../src/lib/server/appdb/schema';
import {
	SESSION_RENEW_WITHIN_MS,
	SESSION_TTL_MS,
	createSession,
	forgetValidatedSessions,
	generateSessionToken,
	hashToken,
	invalidateSession,
	invalidateUserSessions,
	sessionCacheMs,
	validateSessionCached
} from '../../../src/lib/server/auth/session';
import { createApiToken, revokeApiToken, validateApiTokenCached } from '../../../src/lib/server/auth/token';
import {
	changePassword,
	createUser,
	setUserDisabled,
	setUserRole,
	updateUser
} from '../../../src/lib/server/auth/users';
import { describeEachDriver } from '../helpers/appdb-drivers';

let n = 0;
const uname = () => `scache${++n}`;

beforeEach(() => {
	delete process.env.SESSION_CACHE_MS; // default 5 s
	forgetValidatedSessions();
});
afterEach(() => {
	delete process.env.SESSION_CACHE_MS;
});

it('is on (5 s) with the embedded PGlite app database and off by default on a shared PostgreSQL', () => {
	const url = process.env.DATABASE_URL;
	try {
		delete process.env.DATABASE_URL;
		expect(sessionCacheMs()).toBe(5000);
		process.env.DATABASE_URL = 'postgres://example/app';
		expect(sessionCacheMs()).toBe(0);
		process.env.SESSION_CACHE_MS = '2000';
		expect(sessionCacheMs()).toBe(2000);
	} finally {
		if (url === undefined) delete process.env.DATABASE_URL;
		else process.env.DATABASE_URL = url;
	}
});

describeEachDriver('session validation cache', (ctx) => {
	async function signedIn(role: 'leader' | 'supervisor' | 'department' = 'leader', depts: string[] = []) {
		const u = await createUser(ctx.db, { username: uname(), password: 'correct horse', role, depts });
		const token = generateSessionToken();
		await createSession(ctx.db, token, u.id);
		return { u, token };
	}

	it('serves a hit without the database, and only within SESSION_CACHE_MS', async () => {
		const { token } = await signedIn();
		const t0 = new Date();
		expect((await validateSessionCached(ctx.db, token, t0))?.user.role).toBe('leader');
		// Removed behind the cache's back (another instance, SQL): still valid within the bound …
		await ctx.db.delete(sessionTable).where(eq(sessionTable.id, hashToken(token)));
		expect(await validateSessionCached(ctx.db, token, new Date(t0.getTime() + 1000))).not.toBeNull();
		// … and not after it.
		expect(await validateSessionCached(ctx.db, token, new Date(t0.getTime() + 5000))).toBeNull();
		expect(await validateSessionCached(ctx.db, token, new Date(t0.getTime() + 1000))).toBeNull();
	});

	it('SESSION_CACHE_MS=0 turns it off', async () => {
		process.env.SESSION_CACHE_MS = '0';
		const { token } = await signedIn();
		expect(await validateSessionCached(ctx.db, token)).not.toBeNull();
		await ctx.db.delete(sessionTable).where(eq(sessionTable.id, hashToken(token)));
		expect(await validateSessionCached(ctx.db, token)).toBeNull();
	});

	it('logout and sign-out-everywhere end cached sessions at once', async () => {
		const { u, token } = await signedIn();
		const other = generateSessionToken();
		await createSession(ctx.db, other, u.id);
		expect(await validateSessionCached(ctx.db, token)).not.toBeNull();
		expect(await validateSessionCached(ctx.db, other)).not.toBeNull();
		await invalidateSession(ctx.db, hashToken(token));
		expect(await validateSessionCached(ctx.db, token)).toBeNull();
		expect(await validateSessionCached(ctx.db, other)).not.toBeNull();
		await invalidateUserSessions(ctx.db, u.id);
		expect(await validateSessionCached(ctx.db, other)).toBeNull();
	});

	it('password change, role change and disabling end cached sessions at once', async () => {
		const a = await signedIn();
		expect(await validateSessionCached(ctx.db, a.token)).not.toBeNull();
		await changePassword(ctx.db, a.u.id, 'correct horse', 'battery staple 2');
		expect(await validateSessionCached(ctx.db, a.token)).toBeNull();

		const b = await signedIn('department', ['D01']);
		expect((await validateSessionCached(ctx.db, b.token))?.user.depts).toEqual(['D01']);
		await setUserRole(ctx.db, b.u.username, 'department', ['D02']);
		expect(await validateSessionCached(ctx.db, b.token)).toBeNull();

		const c = await signedIn('supervisor');
		expect(await validateSessionCached(ctx.db, c.token)).not.toBeNull();
		await setUserDisabled(ctx.db, c.u.username, true);
		expect(await validateSessionCached(ctx.db, c.token)).toBeNull();
	});

	it('shows a new display name at once; a cached user cannot be changed by its caller', async () => {
		const { u, token } = await signedIn();
		const v1 = await validateSessionCached(ctx.db, token);
		v1!.user.role = 'admin';
		v1!.user.depts.push('X');
		const v2 = await validateSessionCached(ctx.db, token);
		expect(v2?.user.role).toBe('leader');
		expect(v2?.user.depts).toEqual([]);
		await updateUser(ctx.db, u.username, { role: 'leader', depts: [], displayName: '新名字' });
		expect((await validateSessionCached(ctx.db, token))?.user.displayName).toBe('新名字');
	});

	it('renews through the database and never serves an expired session', async () => {
		const u = await createUser(ctx.db, { username: uname(), password: 'correct horse', role: 'leader' });
		const token = generateSessionToken();
		const t0 = new Date('2025-01-01T00:00:00Z');
		await createSession(ctx.db, token, u.id, {}, t0);
		const justBefore = new Date(t0.getTime() + SESSION_TTL_MS - SESSION_RENEW_WITHIN_MS - 2000);
		expect((await validateSessionCached(ctx.db, token, justBefore))?.renewed).toBe(false);
		// 3 s later (within the cache bound) the session is inside its renewal window: the database path renews it.
		const inWindow = new Date(justBefore.getTime() + 3000);
		const r = await validateSessionCached(ctx.db, token, inWindow);
		expect(r?.renewed).toBe(true);
		// (a hit is only served more than SESSION_RENEW_WITHIN_MS before expiry, so never past it)
		expect(
			await validateSessionCached(ctx.db, token, new Date(t0.getTime() + 2 * SESSION_TTL_MS))
		).toBeNull();
	});

	it('API tokens: revocation and disabling take effect at once, expiry on every hit', async () => {
		const u = await createUser(ctx.db, { username: uname(), password: 'correct horse', role: 'supervisor' });
		const { id, token } = await createApiToken(ctx.db, u.id, { name: 't' });
		expect((await validateApiTokenCached(ctx.db, token))?.user.username).toBe(u.username);
		await revokeApiToken(ctx.db, id);
		expect(await validateApiTokenCached(ctx.db, token)).toBeNull();

		const t2 = await createApiToken(ctx.db, u.id, { name: 't2' });
		expect(await validateApiTokenCached(ctx.db, t2.token)).not.toBeNull();
		await setUserDisabled(ctx.db, u.username, true);
		expect(await validateApiTokenCached(ctx.db, t2.token)).toBeNull();

		const v = await createUser(ctx.db, { username: uname(), password: 'correct horse', role: 'leader' });
		const now = new Date();
		const t3 = await createApiToken(ctx.db, v.id, { name: 't3', expiresAt: new Date(now.getTime() + 1000) });
		expect(await validateApiTokenCached(ctx.db, t3.token, now)).not.toBeNull();
		expect(await validateApiTokenCached(ctx.db, t3.token, new Date(now.getTime() + 1500))).toBeNull();
		// revoked behind the cache's back: within the bound, then not
		const t4 = await createApiToken(ctx.db, v.id, { name: 't4' });
		expect(await validateApiTokenCached(ctx.db, t4.token, now)).not.toBeNull();
		await ctx.db.update(apiToken).set({ revokedAt: now }).where(eq(apiToken.id, t4.id));
		expect(await validateApiTokenCached(ctx.db, t4.token, new Date(now.getTime() + 1000))).not.toBeNull();
		expect(await validateApiTokenCached(ctx.db, t4.token, new Date(now.getTime() + 6000))).toBeNull();
	});
});
