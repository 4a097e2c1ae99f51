/**
 * The e2e `test`: Playwright's, with a `page` whose `goto` and `reload` return only once the app's scripts have
 * hydrated the page (`html[data-hydrated]`, set by the root layout). Before that, controls that need JavaScript
 * ignore clicks, and Svelte may reset what was typed — a loaded CI machine made that a flaky failure. Pages that are
 * not the app's (a download, an API answer) and navigations with `waitUntil: 'domcontentloaded' | 'commit'` (a
 * test that holds the scripts back on purpose) are returned as they are.
 */
import { test as base, type Page, type Response } from '@playwright/test';

export { expect } from '@playwright/test';

const HYDRATION_TIMEOUT_MS = 30_000;

async function settle(page: Page, res: Response | null, waitUntil: string | undefined): Promise<void> {
	if (waitUntil === 'domcontentloaded' || waitUntil === 'commit') return;
	if (res && !(res.headers()['content-type'] ?? '').includes('text/html')) return;
	const isApp = await page
		.evaluate(() => document.body?.hasAttribute('data-sveltekit-preload-data') ?? false)
		.catch(() => false);
	if (isApp) await page.waitForSelector('html[data-hydrated]', { state: 'attached', timeout: HYDRATION_TIMEOUT_MS });
}

/** Make `page.goto` / `page.reload` wait for hydration (also used for pages a test opens itself). */
export function hydratingPage(page: Page): Page {
	const goto = page.goto.bind(page);
	const reload = page.reload.bind(page);
	page.goto = async (url, opts) => {
		const r = await goto(url, opts);
		await settle(page, r, opts?.waitUntil);
		return r;
	};
	page.reload = async (opts) => {
		const r = await reload(opts);
		await settle(page, r, opts?.waitUntil);
		return r;
	};
	return page;
}

export const test = base.extend({
	page: async ({ page }, use) => {
		await use(hydratingPage(page));
	}
});
