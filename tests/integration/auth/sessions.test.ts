import { eq } from 'drizzle-orm';
import { expect, it } from 'vitest';
import { session as sessionTable } from '../../../src/lib/server/appdb/schema';
import {
	SESSION_RENEW_WITHIN_MS,
	SESSION_TTL_MS,
	createSession,
	generateSessionToken,
	hashToken,
	invalidateSession,
	invalidateUserSessions,
	validateSessionToken
} from '../../../src/lib/server/auth/session';
import { changePassword, createUser, setUserDisabled, setUserRole } from '../../../src/lib/server/auth/users';
import { login } from '../../../src/lib/server/auth/login';
import { describeEachDriver } from '../helpers/appdb-drivers';

const DAY = 86_400_000;
let n = 0;
const uname = () => `sess${++n}`;

describeEachDriver('sessions', (ctx) => {
	it('stores only the SHA-256 of the token and validates the token', async () => {
		const u = await createUser(ctx.db, { username: uname(), password: 'correct horse', role: 'leader' });
		const token = generateSessionToken();
		expect(token).toMatch(/^[a-z2-7]{32}$/);
		const s = await createSession(ctx.db, token, u.id);
		expect(s.id).toBe(hashToken(token));
		expect(s.id).not.toContain(token);
		const rows = await ctx.db.select().from(sessionTable).where(eq(sessionTable.userId, u.id));
		expect(rows.map((r) => r.id)).toEqual([hashToken(token)]);
		const v = await validateSessionToken(ctx.db, token);
		expect(v?.user.username).toBe(u.username);
		expect(v?.user.role).toBe('leader');
		expect(v?.renewed).toBe(false);
		// the hash itself is not a valid cookie
		expect(await validateSessionToken(ctx.db, s.id)).toBeNull();
		expect(await validateSessionToken(ctx.db, generateSessionToken())).toBeNull();
	});

	it('expires after 30 days and deletes the expired row', async () => {
		const u = await createUser(ctx.db, { username: uname(), password: 'correct horse', role: 'leader' });
		const token = generateSessionToken();
		const t0 = new Date('2025-01-01T00:00:00Z');
		await createSession(ctx.db, token, u.id, {}, t0);
		expect(await validateSessionToken(ctx.db, token, new Date(t0.getTime() + SESSION_TTL_MS - 1000))).not.toBeNull();
		// validating at day 30 − 1 s renewed it; a fresh one for the pure expiry check:
		const t2 = generateSessionToken();
		await createSession(ctx.db, t2, u.id, {}, t0);
		expect(await validateSessionToken(ctx.db, t2, new Date(t0.getTime() + SESSION_TTL_MS))).toBeNull();
		const left = await ctx.db.select().from(sessionTable).where(eq(sessionTable.id, hashToken(t2)));
		expect(left).toEqual([]);
	});

	it('slides: renewed to 30 days only when fewer than 15 remain', async () => {
		const u = await createUser(ctx.db, { username: uname(), password: 'correct horse', role: 'supervisor' });
		const token = generateSessionToken();
		const t0 = new Date('2025-03-01T00:00:00Z');
		const s = await createSession(ctx.db, token, u.id, {}, t0);
		const day10 = new Date(t0.getTime() + 10 * DAY);
		const a = await validateSessionToken(ctx.db, token, day10);
		expect(a?.renewed).toBe(false);
		expect(a?.session.expiresAt.getTime()).toBe(s.expiresAt.getTime());
		const day16 = new Date(t0.getTime() + SESSION_TTL_MS - SESSION_RENEW_WITHIN_MS + DAY);
		const b = await validateSessionToken(ctx.db, token, day16);
		expect(b?.renewed).toBe(true);
		expect(b?.session.expiresAt.getTime()).toBe(day16.getTime() + SESSION_TTL_MS);
		// still valid well after the original expiry
		const day40 = new Date(t0.getTime() + 40 * DAY);
		expect(await validateSessionToken(ctx.db, token, day40)).not.toBeNull();
	});

	it('logout invalidates one session; revoke-all invalidates every session of the user', async () => {
		const u = await createUser(ctx.db, { username: uname(), password: 'correct horse', role: 'leader' });
		const [a, b, c] = [generateSessionToken(), generateSessionToken(), generateSessionToken()];
		for (const t of [a, b, c]) await createSession(ctx.db, t, u.id);
		await invalidateSession(ctx.db, hashToken(a));
		expect(await validateSessionToken(ctx.db, a)).toBeNull();
		expect(await validateSessionToken(ctx.db, b)).not.toBeNull();
		expect(await invalidateUserSessions(ctx.db, u.id, { except: hashToken(c) })).toBe(1);
		expect(await validateSessionToken(ctx.db, b)).toBeNull();
		expect(await validateSessionToken(ctx.db, c)).not.toBeNull();
		await invalidateUserSessions(ctx.db, u.id);
		expect(await validateSessionToken(ctx.db, c)).toBeNull();
	});

	it('a password change revokes every session; the old password stops working', async () => {
		const name = uname();
		const u = await createUser(ctx.db, { username: name, password: 'old password', role: 'department', depts: ['D01'] });
		const r1 = await login(ctx.db, { username: name, password: 'old password', ip: '10.0.0.1' });
		const r2 = await login(ctx.db, { username: name, password: 'old password', ip: '10.0.0.2' });
		expect(r1.ok && r2.ok).toBe(true);
		if (!r1.ok || !r2.ok) return;
		expect(r1.user.depts).toEqual(['D01']);
		await expect(changePassword(ctx.db, u.id, 'wrong', 'new password 1')).rejects.toThrow(/当前密码不正确/);
		expect(await validateSessionToken(ctx.db, r1.token)).not.toBeNull();
		await changePassword(ctx.db, u.id, 'old password', 'new password 1');
		expect(await validateSessionToken(ctx.db, r1.token)).toBeNull();
		expect(await validateSessionToken(ctx.db, r2.token)).toBeNull();
		expect((await login(ctx.db, { username: name, password: 'old password', ip: '10.0.0.3' })).ok).toBe(false);
		expect((await login(ctx.db, { username: name, password: 'new password 1', ip: '10.0.0.3' })).ok).toBe(true);
	});

	it('disabling a user or changing its role ends its sessions', async () => {
		const name = uname();
		await createUser(ctx.db, { username: name, password: 'correct horse', role: 'leader' });
		const r = await login(ctx.db, { username: name, password: 'correct horse', ip: '10.0.1.1' });
		if (!r.ok) throw new Error('login failed');
		await setUserRole(ctx.db, name, 'department', ['D02']);
		expect(await validateSessionToken(ctx.db, r.token)).toBeNull();
		const r2 = await login(ctx.db, { username: name, password: 'correct horse', ip: '10.0.1.1' });
		if (!r2.ok) throw new Error('login failed');
		expect(r2.user).toMatchObject({ role: 'department', depts: ['D02'] });
		await setUserDisabled(ctx.db, name, true);
		expect(await validateSessionToken(ctx.db, r2.token)).toBeNull();
		const r3 = await login(ctx.db, { username: name, password: 'correct horse', ip: '10.0.1.1' });
		expect(r3).toMatchObject({ ok: false, reason: 'disabled' });
	});

	it('usernames are case-insensitive and unique', async () => {
		await createUser(ctx.db, { username: '  MixedCase ', password: 'correct horse', role: 'admin' });
		await expect(createUser(ctx.db, { username: 'mixedcase', password: 'correct horse', role: 'admin' })).rejects.toThrow(/exists/);
		expect((await login(ctx.db, { username: 'MIXEDCASE', password: 'correct horse', ip: '10.0.2.1' })).ok).toBe(true);
	});
});
