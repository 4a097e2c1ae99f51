import { expect, it } from 'vitest';
import { login } from '../../../src/lib/server/auth/login';
import { createApiToken, listApiTokens, revokeApiToken, validateApiToken } from '../../../src/lib/server/auth/token';
import { ACCOUNT_POLICY, IP_POLICY, formatWait, lockDuration } from '../../../src/lib/server/auth/throttle';
import { createUser, setUserDisabled } from '../../../src/lib/server/auth/users';
import { describeEachDriver } from '../helpers/appdb-drivers';

describeEachDriver('login throttling', (ctx) => {
	it('locks an account after 5 failures with exponential back-off, per account, with the wait', async () => {
		await createUser(ctx.db, { username: 'victim', password: 'right password', role: 'leader' });
		const t0 = new Date('2025-05-01T08:00:00Z');
		const at = (s: number) => new Date(t0.getTime() + s * 1000);
		for (let i = 0; i < 5; i++) {
			const r = await login(ctx.db, { username: 'victim', password: 'nope', ip: `10.1.0.${i}` }, at(i));
			expect(r).toMatchObject({ ok: false, reason: 'invalid', lockedUntil: null });
		}
		const sixth = await login(ctx.db, { username: 'victim', password: 'nope', ip: '10.1.0.9' }, at(5));
		expect(sixth.ok).toBe(false);
		if (sixth.ok) return;
		expect(sixth.lockedUntil?.getTime()).toBe(at(5).getTime() + 30_000);
		// while locked even the right password is refused, from any IP
		const locked = await login(ctx.db, { username: 'victim', password: 'right password', ip: '10.9.9.9' }, at(10));
		expect(locked).toMatchObject({ ok: false, reason: 'throttled' });
		// another account from the same IPs is unaffected
		await createUser(ctx.db, { username: 'bystander', password: 'right password', role: 'leader' });
		expect((await login(ctx.db, { username: 'bystander', password: 'right password', ip: '10.1.0.9' }, at(10))).ok).toBe(true);
		// after the wait: one more failure doubles the lock (60 s)
		const seventh = await login(ctx.db, { username: 'victim', password: 'nope', ip: '10.1.0.9' }, at(40));
		expect(!seventh.ok && seventh.lockedUntil?.getTime()).toBe(at(40).getTime() + 60_000);
		// the right password after the lock succeeds and clears the count
		expect((await login(ctx.db, { username: 'victim', password: 'right password', ip: '10.1.0.9' }, at(101))).ok).toBe(true);
		const again = await login(ctx.db, { username: 'victim', password: 'nope', ip: '10.1.0.9' }, at(102));
		expect(again).toMatchObject({ ok: false, reason: 'invalid', lockedUntil: null });
	});

	it('locks an IP that guesses many accounts, and unknown usernames count like real ones', async () => {
		const t0 = new Date('2025-06-01T08:00:00Z');
		let last;
		for (let i = 0; i <= IP_POLICY.free; i++) {
			last = await login(ctx.db, { username: `ghost${i}`, password: 'x', ip: '192.0.2.7' }, new Date(t0.getTime() + i));
		}
		expect(last).toMatchObject({ ok: false, reason: 'invalid' });
		expect(last && !last.ok && last.lockedUntil).toBeInstanceOf(Date);
		await createUser(ctx.db, { username: 'fromthatip', password: 'right password', role: 'leader' });
		const r = await login(ctx.db, { username: 'fromthatip', password: 'right password', ip: '192.0.2.7' }, new Date(t0.getTime() + 1000));
		expect(r).toMatchObject({ ok: false, reason: 'throttled' });
		// a quiet hour resets the IP
		const later = new Date(t0.getTime() + 2 * 3600_000);
		expect((await login(ctx.db, { username: 'fromthatip', password: 'right password', ip: '192.0.2.7' }, later)).ok).toBe(true);
	});
});

describeEachDriver('API tokens', (ctx) => {
	it('are hashed at rest, act as their user, and stop on revoke or when the user is disabled', async () => {
		const u = await createUser(ctx.db, { username: 'script', password: 'right password', role: 'department', depts: ['D07', 'D03'] });
		const created = await createApiToken(ctx.db, u.id, { name: 'nightly import' });
		expect(created.token).toMatch(/^rpa_[a-z2-7]{32}$/);
		const listed = await listApiTokens(ctx.db, u.id);
		expect(JSON.stringify(listed)).not.toContain(created.token.slice(8));
		expect(listed[0]).toMatchObject({ name: 'nightly import', prefix: created.token.slice(0, 8), username: 'script' });
		const v = await validateApiToken(ctx.db, created.token);
		expect(v?.user).toMatchObject({ username: 'script', role: 'department', depts: ['D03', 'D07'] });
		const tampered = created.token.slice(0, -1) + (created.token.endsWith('a') ? 'b' : 'a');
		expect(await validateApiToken(ctx.db, tampered)).toBeNull();
		expect(await validateApiToken(ctx.db, 'Bearer ' + created.token)).toBeNull();

		const second = await createApiToken(ctx.db, u.id);
		expect(await revokeApiToken(ctx.db, created.id)).toBe(true);
		expect(await validateApiToken(ctx.db, created.token)).toBeNull();
		expect(await validateApiToken(ctx.db, second.token)).not.toBeNull();
		await setUserDisabled(ctx.db, 'script', true);
		expect(await validateApiToken(ctx.db, second.token)).toBeNull();
		await setUserDisabled(ctx.db, 'script', false);
		expect(await validateApiToken(ctx.db, second.token)).not.toBeNull();
	});

	it('honour an expiry', async () => {
		const u = await createUser(ctx.db, { username: 'expiring', password: 'right password', role: 'leader' });
		const t = await createApiToken(ctx.db, u.id, { expiresAt: new Date('2025-01-02T00:00:00Z') });
		expect(await validateApiToken(ctx.db, t.token, new Date('2025-01-01T00:00:00Z'))).not.toBeNull();
		expect(await validateApiToken(ctx.db, t.token, new Date('2025-01-02T00:00:00Z'))).toBeNull();
	});
});

it('back-off doubles from 30 s and is capped; waits read in Chinese', () => {
	expect([5, 6, 7, 8].map((n) => lockDuration(n, ACCOUNT_POLICY))).toEqual([0, 30_000, 60_000, 120_000]);
	expect(lockDuration(100, ACCOUNT_POLICY)).toBe(ACCOUNT_POLICY.maxMs);
	expect(formatWait(200_000)).toBe('3 分 20 秒');
	expect(formatWait(120_000)).toBe('2 分钟');
	expect(formatWait(1)).toBe('1 秒');
	expect(formatWait(90_000, 'en')).toBe('1 min 30 s');
});
