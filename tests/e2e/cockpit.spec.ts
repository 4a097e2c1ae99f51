/**
 * The cockpit runs all day on the meeting-room screen: here it refreshes its data and rotates its pages every
 * 0.3 s — hundreds of cycles, more than three hours of the default one-minute refresh — in real Chromium, and
 * the JS heap (CDP Performance.getMetrics after a forced garbage collection) must stay bounded, as must the
 * number of live charts (only the current page's).
 */
import type { CDPSession, Page } from '@playwright/test';
import { expect, test } from './fixtures';
import { loginAs } from './auth-helpers';

const CYCLES = 200;

async function heapAfterGc(cdp: CDPSession): Promise<number> {
	for (let i = 0; i < 3; i++) await cdp.send('HeapProfiler.collectGarbage');
	const { metrics } = await cdp.send('Performance.getMetrics');
	return metrics.find((m) => m.name === 'JSHeapUsedSize')!.value;
}

const refreshes = async (page: Page) => Number(await page.locator('.cockpit').getAttribute('data-refreshes'));

test('cockpit: dark full-screen pages for a leader, readable KPIs, ranking, lagging units and notices', async ({ page }) => {
	await loginAs(page, 'leader');
	await page.goto('/cockpit?rotate=600&interval=600');
	await expect(page.getByRole('heading', { level: 1 })).toContainText('简政放权绩效考核通报');
	const bg = await page.locator('.cockpit').evaluate((e) => getComputedStyle(e).backgroundColor);
	expect(bg).toBe('rgb(11, 18, 32)');
	await page.screenshot({ path: 'tests/screenshots/cockpit/1-kpis.png' });
	for (const [i, name] of ['考核排名', '后进单位与督办', '月度趋势'].entries()) {
		await page.getByRole('navigation', { name: '页面' }).getByRole('button', { name }).click();
		await expect(page.getByRole('region', { name })).toBeVisible();
		await page.screenshot({ path: `tests/screenshots/cockpit/${i + 2}-${['ranking', 'lagging', 'trend'][i]}.png` });
	}
});

test('cockpit: hundreds of refresh + rotation cycles keep the heap and the chart count bounded', async ({ page }) => {
	test.setTimeout(300_000);
	const errors: string[] = [];
	page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
	await loginAs(page, 'leader');
	await page.goto('/cockpit?interval=0.3&rotate=0.3');
	const cdp = await page.context().newCDPSession(page);
	await cdp.send('Performance.enable');

	// Warm up (code loaded, caches filled), then measure.
	await expect.poll(() => refreshes(page), { timeout: 60_000 }).toBeGreaterThanOrEqual(20);
	const before = await heapAfterGc(cdp);
	const start = await refreshes(page);
	await expect.poll(() => refreshes(page), { timeout: 240_000, intervals: [1000] }).toBeGreaterThanOrEqual(start + CYCLES);
	const after = await heapAfterGc(cdp);

	// Only the current page's charts are live: one page in the DOM, every chart inside it (the ranking page has
	// one chart per peer group — 5 in the e2e data — so the bound is per page, not a fixed 4).
	const [charts, inPage, pages] = await page.locator('.cockpit').evaluate((e) => [
		e.querySelectorAll('.canvas').length,
		e.querySelectorAll('section.page .canvas').length,
		e.querySelectorAll('section.page').length
	]);
	const failures = Number(await page.locator('.cockpit').getAttribute('data-failures'));
	const growth = after - before;
	console.log(`cockpit heap: ${(before / 1e6).toFixed(1)} MB → ${(after / 1e6).toFixed(1)} MB (${(growth / 1e6).toFixed(2)} MB) over ${CYCLES} refreshes; charts live: ${charts}`);
	expect(failures).toBe(0);
	expect(pages).toBe(1);
	expect(charts).toBe(inPage);
	expect(charts).toBeLessThanOrEqual(8);
	expect(growth).toBeLessThan(Math.max(4e6, before * 0.25));
	expect(errors).toEqual([]);
});
