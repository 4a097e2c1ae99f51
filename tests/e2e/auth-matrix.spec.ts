/**
 * The authorization matrix against the built server: every route key found in src/routes (pages, their
 * __data.json, form actions, endpoints) × every identity (anonymous, each role by session cookie, and each
 * role by API token on /api). Allowed → the route answers (pages 200, actions and endpoints past the auth
 * check); forbidden → 401 / 403 / 404 (or the redirect to /login) with no data in the body. The expected
 * outcome comes from policy.ts, and the route list from the filesystem, so a new route without a rule fails
 * here (and in tests/unit/auth/policy.test.ts).
 */
import fs from 'node:fs';
import { expect, request, test, type APIRequestContext, type APIResponse } from '@playwright/test';
import { ROLES, decide, ruleFor, type Role } from '../../src/lib/server/auth/policy';
import { routeKeys, samplePath, type RouteKey } from '../helpers/route-keys';
import { apiSession, e2eTokens } from './auth-helpers';

/** Query strings that make an allowed request meaningful (filters the endpoint requires). */
const SAMPLE_QUERY: Record<string, string> = {
	'/api/kpi': '?from=2024-01-01&to=2024-12-31',
	'/api/trend': '?kpi=cases&from=2024-01-01&to=2024-12-31&grain=month',
	'/api/flags': '?from=2024-01-01&to=2024-12-31'
};
/**
 * Parameter values that exist in the e2e data, read in beforeAll (others use samplePath's defaults: '1', 'D01'):
 * a real project, so allowed roles get its page (200; the department user 200 or 404 by its scope).
 */
const SAMPLES: Record<string, Record<string, string>> = {};
/** Keys whose normal answer is not 200 for reasons unrelated to auth. */
const SPECIAL: Record<string, (identity: string, variant: string) => number[]> = {
	'GET /denied': (_, v) => (v === 'data' ? [200] : [403]), // always renders the denial (data: {type:'error'})
	'GET /login': (id, v) => (id === 'anonymous' || id === 'display' || v === 'data' ? [200] : [303]), // signed-in users are sent on
	'POST /logout': () => [303],
	'GET /admin': (_, v) => (v === 'data' ? [200] : [303]), // redirects to the first admin screen
	// the big screen's poll answers only a valid display link (cookie), never a session
	'GET /display/version': (id) => (id === 'display' ? [200] : [401])
};
/** Actions that would end the session the matrix is using: they get a session of their own. */
const SESSION_ENDING = new Set(['POST /logout']);

const keys = routeKeys();
/** Route ids in the build being tested (a route added after `npm run build` cannot be judged yet). */
const built = (() => {
	try {
		const dir = 'build/server/chunks';
		const file = fs.readdirSync(dir).find((f) => /^manifest\.js.*\.js$/.test(f)) ?? '';
		return new Set([...fs.readFileSync(`${dir}/${file}`, 'utf8').matchAll(/\bid: "([^"]+)"/g)].map((m) => m[1]));
	} catch {
		return null;
	}
})();
/**
 * `display`: a browser holding a display link's cookie (issue 15), sent to EVERY route by hand (the browser itself
 * sends it only under /display): it must get exactly what an anonymous visitor gets, except the big screen.
 */
const identities = ['anonymous', 'display', ...ROLES] as const;
type Identity = (typeof identities)[number];

let base = '';
const sessions = new Map<Identity, APIRequestContext>();

test.beforeAll(async ({ baseURL }) => {
	base = baseURL!;
	sessions.set('anonymous', await request.newContext({ baseURL, extraHTTPHeaders: { origin: base } }));
	for (const r of ROLES) sessions.set(r, await apiSession(base, r));
	const made = await sessions.get('admin')!.post('/admin/displays?/create', {
		form: { name: 'matrix', region: '', days: '1', mapKpi: 'on_time_rate', rotateSeconds: '15', refreshSeconds: '5' },
		headers: { accept: 'text/html' }
	});
	const displayToken = /rpd_[a-z2-7]{32}/.exec(await made.text())?.[0];
	expect(displayToken, 'a display link for the matrix').toBeTruthy();
	sessions.set('display', await request.newContext({ baseURL, extraHTTPHeaders: { origin: base, cookie: `rp_display=${displayToken}` } }));
	const projects = await sessions.get('supervisor')!.get('/api/projects');
	const first = projects.ok() ? ((await projects.json()).projects?.[0]?.project_code as string | undefined) : undefined;
	if (first) SAMPLES['/projects/[code]'] = { code: first };
});
test.afterAll(async () => {
	for (const s of sessions.values()) await s.dispose();
});

function url(k: RouteKey): string {
	const p = samplePath(k.routeId, SAMPLES[k.routeId]);
	if (k.kind === 'action') return `${p}${k.action === 'default' ? '' : `?/${k.action}`}`;
	return p + (SAMPLE_QUERY[k.routeId] ?? '');
}

async function send(ctx: APIRequestContext, k: RouteKey, variant: 'html' | 'data' | 'json', headers: Record<string, string> = {}): Promise<APIResponse> {
	const u = url(k);
	if (k.kind === 'action')
		return ctx.post(u, { form: {}, maxRedirects: 0, headers: { accept: variant === 'json' ? 'application/json' : 'text/html', ...headers } });
	if (variant === 'data') {
		const [path, query = ''] = u.split('?');
		const dataUrl = (path === '/' ? '' : path) + '/__data.json' + (query ? `?${query}` : '');
		return ctx.get(dataUrl, { maxRedirects: 0, headers });
	}
	return ctx.fetch(u, { method: k.method, maxRedirects: 0, headers: { accept: variant === 'html' ? 'text/html' : 'application/json', ...headers } });
}

const DENIAL_TEXT = /请先登录|无权访问|无权查看|令牌无效/;

async function expectNoData(res: APIResponse, what: string) {
	const type = res.headers()['content-type'] ?? '';
	const body = await res.text();
	if (type.includes('application/json')) {
		const j = JSON.parse(body);
		// an error object, a SvelteKit data-request error/redirect, or an action failure/redirect — nothing else
		const allowedKeys = new Set(['error', 'message', 'type', 'status', 'location']);
		expect(Object.keys(j).every((x) => allowedKeys.has(x)), `${what}: JSON carries only an error: ${body.slice(0, 200)}`).toBe(true);
		if (j.type) expect(['error', 'redirect'], what).toContain(j.type);
	} else if (res.status() !== 303) {
		expect(body, `${what}: the denial page`).toMatch(DENIAL_TEXT);
	}
}

for (const k of keys) {
	test(`matrix ${k.key}`, async () => {
		const rule = ruleFor(k.key);
		expect(rule, `${k.key} has no rule in policy.ts`).not.toBeNull();
		// Skip reason: a route added after the last build cannot be judged against build/ (npm test builds first).
		test.skip(!!built && !built.has(k.routeId), `${k.routeId} is newer than build/ — run npm run build`);
		const variants: ('html' | 'data' | 'json')[] = k.kind === 'page' ? ['html', 'data'] : k.kind === 'action' ? ['html', 'json'] : ['json'];
		const params = /\[/.test(k.routeId);
		for (const id of identities) {
			const user = id === 'anonymous' || id === 'display' ? null : { role: id as Role };
			const d = decide(user, k.key);
			for (const v of variants) {
				const ctx = SESSION_ENDING.has(k.key) && id !== 'anonymous' && id !== 'display' ? await apiSession(base, id as Role) : sessions.get(id)!;
				const res = await send(ctx, k, v);
				const what = `${k.key} as ${id} (${v}) → ${res.status()}`;
				if (d.allow) {
					const special = SPECIAL[k.key]?.(id, v);
					if (special) expect(special, what).toContain(res.status());
					else if (k.kind === 'page') expect(params ? [200, 404] : [200], what).toContain(res.status());
					else expect([401, 403], what).not.toContain(res.status());
					if (k.kind === 'page' && v === 'data' && res.status() === 200 && !special) {
						const j = await res.json();
						expect(j.type, what).toBe('data');
					}
				} else {
					if (id === 'anonymous' || id === 'display') {
						if (k.kind === 'page' && v === 'html') {
							expect(res.status(), what).toBe(303);
							expect(res.headers()['location'], what).toMatch(/^\/login/);
						} else if (k.kind === 'page' && v === 'data') {
							expect(res.status(), what).toBe(200);
							expect((await res.json()).type, what).toBe('redirect');
						} else if (k.method === 'GET' && !k.routeId.startsWith('/api/')) {
							// a download link outside /api: the browser is sent to sign in first
							expect(res.status(), what).toBe(303);
							expect(res.headers()['location'], what).toMatch(/^\/login/);
						} else expect(res.status(), what).toBe(401);
					} else {
						expect(res.status(), what).toBe(d.status);
					}
					await expectNoData(res, what);
				}
				if (ctx !== sessions.get(id)) await ctx.dispose();
			}
		}
		// API tokens: the same decisions on /api endpoints, Bearer instead of the cookie
		if (k.routeId.startsWith('/api/')) {
			const tokens = e2eTokens();
			const bare = sessions.get('anonymous')!;
			for (const role of ROLES) {
				const d = decide({ role }, k.key);
				const res = await send(bare, k, 'json', { authorization: `Bearer ${tokens[role]}` });
				const what = `${k.key} with ${role}'s token → ${res.status()}`;
				if (d.allow) expect([401, 403], what).not.toContain(res.status());
				else {
					expect(res.status(), what).toBe(d.status);
					await expectNoData(res, what);
				}
			}
		}
	});
}

/** SvelteKit's devalue'd payload → the object at its root (one level: enough for flat objects of scalars). */
function undevalue(flat: unknown[]): Record<string, unknown> {
	const root = flat[0] as Record<string, number>;
	return Object.fromEntries(Object.entries(root).map(([k, i]) => [k, flat[i]]));
}

test('the public project lookup (/project-status) answers signed out and carries nothing else', async () => {
	const anon = sessions.get('anonymous')!;
	const page = await anon.get('/project-status', { maxRedirects: 0, headers: { accept: 'text/html' } });
	expect(page.status()).toBe(200);
	expect(page.headers()['cache-control']).toBe('no-store');
	expect(page.headers()['x-robots-tag']).toContain('noindex');
	expect(await page.text()).toContain('工程建设项目审批进度查询');
	// client-side data: the layout's language and no user, the page's verification length — nothing else
	const data = (await (await anon.get('/project-status/__data.json')).json()) as { type: string; nodes: { data: unknown[] }[] };
	expect(data.type).toBe('data');
	const [layout, own] = data.nodes.map((n) => undevalue(n.data));
	expect(layout.user).toBeNull();
	expect(Object.keys(own)).toEqual(['chars']);
	// an empty form is refused before any lookup (nothing counted): the refusal's two fields only
	const r = await anon.post('/project-status', { form: {}, maxRedirects: 0, headers: { accept: 'application/json', 'x-sveltekit-action': 'true' } });
	const j = (await r.json()) as { type: string; status: number; data: string };
	expect(j).toMatchObject({ type: 'failure', status: 400 });
	expect(Object.keys(undevalue(JSON.parse(j.data))).sort()).toEqual(['code', 'message']);
});
