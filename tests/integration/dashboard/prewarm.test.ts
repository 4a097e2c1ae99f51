/**
 * dashboard/prewarm.ts: the default view of each cached screen, for leader and supervisor and then for the
 * department scopes it is given, is in the screen cache after a pass — under the very key a request without
 * filters has, so that request is a hit — and a new data version is warmed again by the next pass. (Which scopes
 * the server gives it, from the app database: prewarm-scopes.test.ts.)
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateDemo } from '../../../scripts/demo/generate';
import { closeAllAnalytics } from '../../../src/lib/server/analytics/db';
import { getAnalytics } from '../../../src/lib/server/analytics/instance';
import { screenData } from '../../../src/lib/server/dashboard/load';
import { screenCache } from '../../../src/lib/server/dashboard/page-cache';
import { prewarmScreens } from '../../../src/lib/server/dashboard/prewarm';
import { SCREENS } from '../../../src/lib/server/dashboard/screen-list';
import { importFiles } from '../../../src/lib/server/ingest/index';

let dir = '';
const NO_DEPARTMENTS = { scopes: async () => [] };
const saved = { ANALYTICS_DB: process.env.ANALYTICS_DB };

beforeAll(async () => {
	dir = fs.mkdtempSync(path.join(os.tmpdir(), 'prewarm-'));
	process.env.ANALYTICS_DB = path.join(dir, 'a.duckdb');
	await generateDemo({
		out: path.join(dir, 'files'),
		cases: 3000,
		from: '2025-01-01',
		to: '2025-06-30',
		format: 'csv',
		chinese: false,
		seed: 'prewarm',
		events: false,
		progress: false
	});
	const db = await getAnalytics();
	for (const t of ['regions', 'departments', 'items', 'cases'])
		await importFiles(db, [{ path: path.join(dir, 'files', `${t}.csv`) }]);
}, 120_000);

afterAll(async () => {
	await closeAllAnalytics();
	process.env.ANALYTICS_DB = saved.ANALYTICS_DB;
	if (saved.ANALYTICS_DB === undefined) delete process.env.ANALYTICS_DB;
	fs.rmSync(dir, { recursive: true, force: true });
});

describe('prewarm', () => {
	it('fills the default screens of leader and supervisor; a request without filters is then a hit', async () => {
		screenCache.clear();
		const misses0 = screenCache.misses;
		const r = await prewarmScreens(NO_DEPARTMENTS);
		const n = Object.keys(SCREENS).length * 2;
		expect(r.screens).toBe(n);
		expect(r.computed).toBe(n);
		expect(screenCache.misses - misses0).toBe(n);
		expect(screenCache.size).toBe(n);

		const db = await getAnalytics();
		const hits0 = screenCache.hits;
		// what /overview and /assessment compute for a leader with no query string
		const overview = (await screenData(
			db,
			'overview',
			new URL('http://localhost/overview'),
			{ role: 'leader', scope: null, lang: null },
			SCREENS.overview.compute
		)) as { data: { cards: unknown[] } | null };
		await screenData(
			db,
			'assessment',
			new URL('http://localhost/assessment?x-sveltekit-invalidated=01'),
			{ role: 'supervisor', scope: null, lang: 'zh' },
			SCREENS.assessment.compute
		);
		expect(screenCache.hits - hits0).toBe(2);
		expect(screenCache.misses - misses0).toBe(n);
		expect(overview.data?.cards.length).toBeGreaterThan(0);
		// a department's view is not prewarmed
		await screenData(
			db,
			'overview',
			new URL('http://localhost/overview'),
			{ role: 'department', scope: ['X'], lang: null },
			async () => null
		);
		expect(screenCache.misses - misses0).toBe(n + 1);
	});

	it('after a write, the next pass computes the screens again; a warm pass computes nothing', async () => {
		const db = await getAnalytics();
		await db.write((c) => c.run(`UPDATE meta SET value = value WHERE key = 'data_version'`));
		const m0 = screenCache.misses;
		await prewarmScreens(NO_DEPARTMENTS);
		expect(screenCache.misses - m0).toBe(Object.keys(SCREENS).length * 2);
		const m1 = screenCache.misses;
		const again = await prewarmScreens(NO_DEPARTMENTS);
		expect(screenCache.misses).toBe(m1);
		expect(again.screens).toBe(Object.keys(SCREENS).length * 2);
		expect(again.computed).toBe(0);
	});

	it('department scopes given to the pass are warmed after leader and supervisor; that department’s request is a hit', async () => {
		const db = await getAnalytics();
		const [{ dept_code }] = await db.query(`SELECT dept_code FROM departments ORDER BY dept_code LIMIT 1`);
		const scope = [String(dept_code)];
		screenCache.clear();
		const n = Object.keys(SCREENS).length;
		const r = await prewarmScreens({ scopes: async () => [scope] });
		expect(r.computed).toBe(n * 3);
		const hits0 = screenCache.hits;
		const m0 = screenCache.misses;
		const view = (await screenData(
			db,
			'overview',
			new URL('http://localhost/overview'),
			{ role: 'department', scope, lang: null },
			SCREENS.overview.compute
		)) as { data: { cards: unknown[] } | null };
		expect(screenCache.hits - hits0).toBe(1);
		expect(screenCache.misses).toBe(m0);
		expect(view.data?.cards.length).toBeGreaterThan(0);
		// a scope that failed to load does not stop the pass
		const broken = await prewarmScreens({
			scopes: async () => {
				throw new Error('app database unavailable');
			}
		});
		expect(broken.screens).toBe(n * 2);
	});
});
