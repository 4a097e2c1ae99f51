/**
 * The big screen (issue 15): one 1920×1080 canvas scaled to the screen — no scrolling, every panel inside the
 * viewport at 1920×1080, 3840×2160, 1366×768 and 2560×1080, headline figures ≥ 48 px at 1080p; a display link
 * (created by an admin, shown once) opens the wall in a browser without a session and nothing else; an import
 * reaches the open screen within 10 s without a reload; a revoked link stops at once; hundreds of fast reloads
 * keep the JS heap within 20 % of its start.
 */
import fs from 'node:fs';
import type { Browser, CDPSession, Page } from '@playwright/test';
import { expect, hydratingPage, test } from './fixtures';
import { e2eTokens, loginAs } from './auth-helpers';

const SIZES = [
	[1920, 1080],
	[3840, 2160],
	[1366, 768],
	[2560, 1080]
] as const;

async function layoutCheck(page: Page, w: number, h: number) {
	const m = await page.evaluate(() => ({
		scrollH: document.documentElement.scrollHeight,
		scrollW: document.documentElement.scrollWidth,
		panels: [...document.querySelectorAll<HTMLElement>('[data-panel]')].map((e) => {
			const r = e.getBoundingClientRect();
			return { panel: e.dataset.panel!, left: r.left, top: r.top, right: r.right, bottom: r.bottom };
		}),
		value: parseFloat(getComputedStyle(document.querySelector('[data-panel=headline] .value')!).fontSize),
		scale: Number(document.querySelector<HTMLElement>('.stage')!.dataset.scale)
	}));
	expect(m.scrollH, `${w}×${h}: no vertical scroll`).toBe(h);
	expect(m.scrollW, `${w}×${h}: no horizontal scroll`).toBe(w);
	expect(m.panels.map((p) => p.panel)).toEqual(expect.arrayContaining(['headline', 'map', 'ranking', 'lagging', 'live', 'trend']));
	for (const p of m.panels) {
		expect(p.left, `${p.panel} inside at ${w}×${h}`).toBeGreaterThanOrEqual(0);
		expect(p.top, `${p.panel} inside at ${w}×${h}`).toBeGreaterThanOrEqual(0);
		expect(p.right, `${p.panel} inside at ${w}×${h}`).toBeLessThanOrEqual(w + 0.5);
		expect(p.bottom, `${p.panel} inside at ${w}×${h}`).toBeLessThanOrEqual(h + 0.5);
	}
	// headline figures ≥ 48 px on a 1080-line screen: the canvas's size times the scale
	expect(m.value * m.scale * (1080 / h), `headline size at ${w}×${h}`).toBeGreaterThanOrEqual(48);
}

/** A display link made through the admin screen; the link is shown once, in the action's answer. */
async function createLink(browser: Browser, name: string): Promise<string> {
	const ctx = await browser.newContext();
	const page = hydratingPage(await ctx.newPage());
	await loginAs(page, 'admin');
	await page.goto('/admin/displays');
	await page.getByLabel('名称').fill(name);
	await page.getByLabel('数据检查间隔（秒）').first().fill('2');
	await page.getByRole('button', { name: '生成链接' }).click();
	const link = (await page.locator('[data-display-link]').textContent())!.trim();
	expect(link).toMatch(/\/display\?key=rpd_[a-z2-7]{32}$/);
	await ctx.close();
	return link;
}

test('wall: one canvas at 1920×1080, 3840×2160, 1366×768 and 2560×1080 — no scroll, nothing cut, readable from the back, a map with one shape per region', async ({ page }) => {
	test.setTimeout(180_000);
	await loginAs(page, 'leader');
	fs.mkdirSync('tests/screenshots/wall', { recursive: true });
	for (const [w, h] of SIZES) {
		await page.setViewportSize({ width: w, height: h });
		await page.goto('/cockpit?interval=600');
		await expect(page.locator('[data-wall-canvas]')).toBeVisible();
		await page.waitForFunction(() => Number(document.querySelector<HTMLElement>('.stage')?.dataset.scale) > 0);
		await layoutCheck(page, w, h);
		// the map (prepare-server stores the demo's): one shape per region drawn, each labelled with its value
		const map = page.locator('[data-wall-map]');
		const regions = Number(await map.getAttribute('data-regions'));
		expect(regions).toBeGreaterThanOrEqual(5);
		await expect(map.locator('path[stroke="#0b1220"]')).toHaveCount(regions);
		await expect(map.locator('text', { hasText: /%/ })).not.toHaveCount(0);
		await page.screenshot({ path: `tests/screenshots/wall/${w}x${h}.png` });
	}
});

test('display link: opens only the big screen, follows an import within 10 s without a reload, stops when revoked', async ({ browser, baseURL }) => {
	test.setTimeout(120_000);
	const link = await createLink(browser, 'e2e 会议室大屏');
	const screen = await browser.newContext({ viewport: { width: 1920, height: 1080 } });
	const page = hydratingPage(await screen.newPage());
	await page.goto(link);
	// the key left the address bar for a cookie scoped to /display
	await expect(page).toHaveURL(/\/display$/);
	await expect(page.locator('[data-wall-canvas]')).toBeVisible();
	await layoutCheck(page, 1920, 1080);
	await page.screenshot({ path: 'tests/screenshots/wall/display-link.png' });
	const cookie = (await screen.cookies()).find((c) => c.name === 'rp_display')!;
	expect(cookie).toMatchObject({ path: '/display', httpOnly: true });

	// nothing else: other pages send it to sign in, the API refuses it (cookie sent by hand, and as a bearer token)
	const token = new URL(link).searchParams.get('key')!;
	for (const path of ['/overview', '/cases', '/admin/displays', '/projects']) {
		const r = await page.request.get(path, { headers: { cookie: `rp_display=${token}` }, maxRedirects: 0 });
		expect(r.status(), path).toBe(303);
		expect(r.headers()['location']).toMatch(/^\/login/);
	}
	const api = await page.request.get('/api/kpi?from=2024-01-01&to=2024-12-31', { headers: { cookie: `rp_display=${token}` } });
	expect(api.status()).toBe(401);
	const bearer = await page.request.get('/api/kpi?from=2024-01-01&to=2024-12-31', { headers: { authorization: `Bearer ${token}` } });
	expect(bearer.status()).toBe(401);

	// an import while the screen is open: the new data version reaches it within 10 s, without a reload
	await page.evaluate(() => ((window as unknown as { __sameDocument: boolean }).__sameDocument = true));
	const before = Number(await page.locator('.screen').getAttribute('data-version'));
	const csv = ['dept_code,name,peer_group', `WALL${Date.now() % 100000},大屏测试单位,测试组`].join('\n') + '\n';
	const imported = await page.request.post(`/api/imports?filename=departments-wall.csv`, {
		data: csv,
		headers: { 'content-type': 'text/csv', origin: baseURL!, authorization: `Bearer ${e2eTokens().admin}` }
	});
	expect(imported.status()).toBe(202);
	// the 10 s run from the import's commit (the job queue may be busy on a loaded machine)
	const { id } = (await imported.json()) as { id: number };
	await expect
		.poll(async () => (await (await page.request.get(`/api/imports/${id}`, { headers: { authorization: `Bearer ${e2eTokens().admin}` } })).json()).status, { timeout: 60_000 })
		.toBe('committed');
	await expect.poll(async () => Number(await page.locator('.screen').getAttribute('data-version')), { timeout: 10_000, intervals: [500] }).toBeGreaterThan(before);
	expect(await page.evaluate(() => (window as unknown as { __sameDocument?: boolean }).__sameDocument)).toBe(true);

	// revoked: the next poll (2 s) finds the link gone and the screen says so
	const admin = await browser.newContext();
	const ap = hydratingPage(await admin.newPage());
	await loginAs(ap, 'admin');
	await ap.goto('/admin/displays');
	const row = ap.locator('article.link', { hasText: 'e2e 会议室大屏' }).first();
	ap.once('dialog', (d) => void d.accept());
	await row.getByRole('button', { name: '撤销' }).click();
	await expect(ap.getByText('已撤销，该大屏已停止显示。')).toBeVisible();
	await expect(page.getByText('此显示链接无效、已过期或已被撤销')).toBeVisible({ timeout: 10_000 });
	expect((await page.request.get('/display/version')).status()).toBe(401);
	await admin.close();
	await screen.close();
});

async function heapAfterGc(cdp: CDPSession): Promise<number> {
	for (let i = 0; i < 3; i++) await cdp.send('HeapProfiler.collectGarbage');
	const { metrics } = await cdp.send('Performance.getMetrics');
	return metrics.find((m) => m.name === 'JSHeapUsedSize')!.value;
}

test('wall: hundreds of reloads and page turns (an hour of a busy screen) keep the JS heap within 20 % of its start', async ({ page }) => {
	test.setTimeout(420_000);
	const errors: string[] = [];
	page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
	await loginAs(page, 'leader');
	await page.setViewportSize({ width: 1920, height: 1080 });
	await page.goto('/cockpit?interval=0.3&rotate=0.3');
	const cdp = await page.context().newCDPSession(page);
	await cdp.send('Performance.enable');
	const refreshes = async () => Number(await page.locator('.cockpit').getAttribute('data-refreshes'));
	// Warm up first (code compiled, caches and V8's inline caches filled: measured, the heap grows ~1 MB over the
	// first 100 reloads, then ~0.3 MB per 100), then an hour's worth of a busy screen.
	await expect.poll(refreshes, { timeout: 120_000, intervals: [1000] }).toBeGreaterThanOrEqual(100);
	const before = await heapAfterGc(cdp);
	const start = await refreshes();
	await expect.poll(refreshes, { timeout: 240_000, intervals: [1000] }).toBeGreaterThanOrEqual(start + 240);
	const after = await heapAfterGc(cdp);
	const failures = Number(await page.locator('.cockpit').getAttribute('data-failures'));
	console.log(`wall heap: ${(before / 1e6).toFixed(1)} MB → ${(after / 1e6).toFixed(1)} MB over 240 reloads`);
	expect(failures).toBe(0);
	expect(after).toBeLessThanOrEqual(before * 1.2);
	expect(errors).toEqual([]);
});
