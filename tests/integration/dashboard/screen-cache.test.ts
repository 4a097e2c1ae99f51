/**
 * The screen cache (dashboard/page-cache.ts, issue 7): load data shared per (screen, role, department scope,
 * language, query string, data version, settings, date) — never across scopes or roles, emptied by a write, and
 * always behind the user check (`cachedScreen` → `requireUser`).
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { Analytics } from '../../../src/lib/server/analytics/db';
import { ScreenCache } from '../../../src/lib/server/dashboard/page-cache';
import { cachedScreen } from '../../../src/lib/server/dashboard/load';
import type { AuthUser } from '../../../src/lib/server/auth/session';

/** Just what the cache reads of an Analytics instance: its path and the result cache's generation. */
function fakeDb(path = ':fake:') {
	const db = { path, generation: 0, cacheStats: () => ({ generation: db.generation }) };
	return db as unknown as Analytics & { generation: number };
}

const url = (q: string) => new URL(`http://x/overview?${q}`);

afterEach(() => {
	delete process.env.SCREEN_CACHE;
});

describe('screen cache', () => {
	it('computes once per key and serves the same (frozen) value', async () => {
		const c = new ScreenCache();
		const db = fakeDb();
		let runs = 0;
		const k = { screen: 'overview', role: 'leader', scope: null, url: url('from=2025-01-01&to=2025-01-31') };
		const a = await c.get(db, k, async () => ({ n: ++runs, rows: [{ v: 1 }] }));
		// parameter order and lang do not matter
		const b = await c.get(db, { ...k, url: url('to=2025-01-31&lang=en&from=2025-01-01') }, async () => ({
			n: ++runs,
			rows: []
		}));
		expect(runs).toBe(1);
		expect(b).toBe(a);
		expect(Object.isFrozen(a.rows[0])).toBe(true);
		expect(() => {
			(a.rows[0] as { v: number }).v = 2;
		}).toThrow();
	});

	it('never serves one department scope or role to another', async () => {
		const c = new ScreenCache();
		const db = fakeDb();
		const u = url('from=2025-01-01&to=2025-01-31');
		const seen: string[] = [];
		const get = (role: string, scope: string[] | null) =>
			c.get(db, { screen: 'overview', role, scope, url: u }, async () => {
				seen.push(`${role}:${scope}`);
				return { who: `${role}:${scope}` };
			});
		expect((await get('department', ['D01'])).who).toBe('department:D01');
		expect((await get('department', ['D02'])).who).toBe('department:D02');
		expect((await get('department', ['D01', 'D02'])).who).toBe('department:D01,D02');
		expect((await get('leader', null)).who).toBe('leader:null');
		expect((await get('supervisor', null)).who).toBe('supervisor:null');
		expect((await get('department', ['D01'])).who).toBe('department:D01');
		expect(seen).toHaveLength(5);
		// screens and languages (when keyed) are separate too
		const en = await c.get(
			db,
			{ screen: 'assessment', role: 'leader', scope: null, lang: 'en', url: u },
			async () => 'en'
		);
		const zh = await c.get(
			db,
			{ screen: 'assessment', role: 'leader', scope: null, lang: 'zh', url: u },
			async () => 'zh'
		);
		expect([en, zh]).toEqual(['en', 'zh']);
	});

	it('a write (new data version) empties it; a value computed across a write is not kept', async () => {
		const c = new ScreenCache();
		const db = fakeDb();
		const k = {
			screen: 'delegation',
			role: 'leader',
			scope: null,
			url: url('from=2025-01-01&to=2025-01-31')
		};
		let runs = 0;
		expect(await c.get(db, k, async () => ++runs)).toBe(1);
		expect(await c.get(db, k, async () => ++runs)).toBe(1);
		db.generation++;
		expect(await c.get(db, k, async () => ++runs)).toBe(2);
		// the data changes while the value is being computed: served to its caller, not stored
		const v = await c.get(db, { ...k, screen: 'timeliness' }, async () => {
			db.generation++;
			return ++runs;
		});
		expect(v).toBe(3);
		expect(await c.get(db, { ...k, screen: 'timeliness' }, async () => ++runs)).toBe(4);
		expect(await c.get(db, { ...k, screen: 'timeliness' }, async () => ++runs)).toBe(4);
	});

	it('identical concurrent misses compute once; SCREEN_CACHE=0 and a database without a result cache bypass it', async () => {
		const c = new ScreenCache();
		const db = fakeDb();
		const k = {
			screen: 'satisfaction',
			role: 'leader',
			scope: null,
			url: url('from=2025-02-01&to=2025-02-28')
		};
		let runs = 0;
		const slow = async () => {
			runs++;
			await new Promise((r) => setTimeout(r, 20));
			return runs;
		};
		const got = await Promise.all(Array.from({ length: 10 }, () => c.get(db, k, slow)));
		expect(runs).toBe(1);
		expect(new Set(got).size).toBe(1);
		process.env.SCREEN_CACHE = '0';
		await c.get(db, k, slow);
		expect(runs).toBe(2);
		delete process.env.SCREEN_CACHE;
		const noCache = { path: ':nc:', cacheStats: () => null } as unknown as Analytics;
		await c.get(noCache, k, slow);
		await c.get(noCache, k, slow);
		expect(runs).toBe(4);
	});

	it('cachedScreen checks the user before any lookup', async () => {
		const event = (user: AuthUser | null) => ({
			locals: { user, lang: 'zh' as const },
			route: { id: '/overview' },
			request: new Request('http://x/overview/__data.json'),
			url: new URL('http://x/overview?from=2025-01-01&to=2025-01-31'),
			isDataRequest: true
		});
		let computed = 0;
		// anonymous: redirected to sign-in, nothing computed
		await expect(cachedScreen(event(null), 'overview', async () => ++computed)).rejects.toMatchObject({
			status: 303
		});
		// a role the route's rule does not admit (roles option): refused
		const dept: AuthUser = { id: 9, username: 'd', displayName: '', role: 'department', depts: ['D01'] };
		await expect(
			cachedScreen(event(dept), 'overview', async () => ++computed, { roles: ['leader'] })
		).rejects.toMatchObject({ status: expect.any(Number) });
		expect(computed).toBe(0);
	});
});
