/**
 * The /project-status route's switch and headers (the decision itself: tests/integration/auth/project-lookup.test.ts):
 * PROJECT_LOOKUP=off or PROJECT_VERIFY_CHARS=0 → 404 for the page and the action, before anything is read; on →
 * the page says how many characters verify, with no-store / noindex / no-referrer headers.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { actions, load } from '../../../src/routes/project-status/+page.server';

const saved = { ...process.env };
// Nothing here may open a database; if a change made it, it would open one in a temp dir, not data/.
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lookup-route-'));
process.env.DATA_DIR = dir;
afterAll(() => {
	process.env.DATA_DIR = saved.DATA_DIR;
	if (saved.DATA_DIR === undefined) delete process.env.DATA_DIR;
	fs.rmSync(dir, { recursive: true, force: true });
});
afterEach(() => {
	for (const k of ['PROJECT_LOOKUP', 'PROJECT_VERIFY_CHARS']) {
		if (saved[k] === undefined) delete process.env[k];
		else process.env[k] = saved[k];
	}
});

function event(method = 'GET') {
	const headers: Record<string, string> = {};
	const ev = {
		locals: { lang: 'zh', user: null },
		request: new Request('http://x/project-status', {
			method,
			body: method === 'POST' ? new FormData() : undefined
		}),
		setHeaders: (h: Record<string, string>) => Object.assign(headers, h),
		getClientAddress: () => '127.0.0.1'
	};
	return { ev: ev as never, headers };
}

async function status(p: unknown): Promise<number | null> {
	try {
		await p;
		return null;
	} catch (e) {
		return (e as { status?: number }).status ?? -1;
	}
}

describe('/project-status switch', () => {
	it('answers 404 (page and action) when PROJECT_LOOKUP=off or PROJECT_VERIFY_CHARS=0', async () => {
		for (const env of [{ PROJECT_LOOKUP: 'off' }, { PROJECT_VERIFY_CHARS: '0' }]) {
			Object.assign(process.env, env);
			expect(await status((load as (e: unknown) => unknown)(event().ev)), JSON.stringify(env)).toBe(404);
			expect(await status(actions.default(event('POST').ev)), JSON.stringify(env)).toBe(404);
			delete process.env.PROJECT_LOOKUP;
			delete process.env.PROJECT_VERIFY_CHARS;
		}
	});
	it('on: the label length from config, and no-store / noindex / no-referrer', async () => {
		process.env.PROJECT_VERIFY_CHARS = '8';
		const { ev, headers } = event();
		expect(await (load as (e: unknown) => Promise<unknown>)(ev)).toEqual({ chars: 8 });
		expect(headers).toEqual({
			'cache-control': 'no-store',
			'x-robots-tag': 'noindex, nofollow',
			'referrer-policy': 'no-referrer'
		});
	});
	it('on: an empty form is refused before any lookup (nothing counted), with the same headers', async () => {
		const { ev, headers } = event('POST');
		const r = (await actions.default(ev)) as { status: number; data: Record<string, unknown> };
		expect(r.status).toBe(400);
		expect(Object.keys(r.data).sort()).toEqual(['code', 'message']);
		expect(headers['cache-control']).toBe('no-store');
	});
});
