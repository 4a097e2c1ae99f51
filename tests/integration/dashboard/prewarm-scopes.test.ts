/**
 * dashboard/prewarm.ts `departmentScopes`: which department views the prewarm computes — the scopes of enabled
 * department accounts, signed-in accounts first (most recent sign-in first), then the rest (newest first), each
 * scope once, at most `limit`. Both app-database drivers.
 */
import { expect, it } from 'vitest';
import { createSession, generateSessionToken } from '../../../src/lib/server/auth/session';
import { createUser, setUserDisabled } from '../../../src/lib/server/auth/users';
import { departmentScopes } from '../../../src/lib/server/dashboard/prewarm';
import { describeEachDriver } from '../helpers/appdb-drivers';

describeEachDriver('prewarm department scopes', (ctx) => {
	it('orders by the last sign-in, skips disabled accounts and other roles, repeats a scope once, stops at the limit', async () => {
		const mk = (username: string, role: 'department' | 'leader', depts: string[] = []) =>
			createUser(ctx.db, { username, password: 'prewarm-pass-1', role, depts });
		const early = await mk('pw-early', 'department', ['D3']);
		const late = await mk('pw-late', 'department', ['D2', 'D1']);
		await mk('pw-same-scope', 'department', ['D1', 'D2']); // never signed in; its scope is late's
		const off = await mk('pw-disabled', 'department', ['D9']);
		const boss = await mk('pw-leader', 'leader');
		await mk('pw-never', 'department', ['D5']);
		await createSession(ctx.db, generateSessionToken(), early.id, {}, new Date('2026-11-01T08:00:00Z'));
		await createSession(ctx.db, generateSessionToken(), late.id, {}, new Date('2026-11-20T08:00:00Z'));
		await createSession(ctx.db, generateSessionToken(), off.id, {}, new Date('2026-11-21T08:00:00Z'));
		await createSession(ctx.db, generateSessionToken(), boss.id, {}, new Date('2026-11-21T09:00:00Z'));
		await setUserDisabled(ctx.db, 'pw-disabled', true);

		expect(await departmentScopes(ctx.db, 10)).toEqual([['D1', 'D2'], ['D3'], ['D5']]);
		expect(await departmentScopes(ctx.db, 2)).toEqual([['D1', 'D2'], ['D3']]);
		expect(await departmentScopes(ctx.db, 0)).toEqual([]);
	});
});
