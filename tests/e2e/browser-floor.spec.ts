/**
 * The browser floor, Chromium 86 (README "Browsers"), in a real browser: before any script of the page runs,
 * the built-ins a Chromium 86 core lacks and static/browser-floor.js provides are deleted. The app must still
 * hydrate, sign in through the form and show the case list (decoded from Apache Arrow, which calls `.at()` on
 * typed arrays) without an error. Syntax above the floor is ruled out on the built files
 * (tests/unit/browser-floor/bundle.test.ts); this covers the runtime.
 */
import type { Page } from '@playwright/test';
import { POLYFILLED } from '../unit/browser-floor/floor';
import { expect, test } from './fixtures';
import { loginAs } from './auth-helpers';

const RANGE = 'from=2026-01-01&to=2026-10-31';

/** Runs in the page before its own scripts: a Chromium 86 core as far as the polyfilled APIs go. */
const asOnTheFloor = `(() => {${POLYFILLED.map(({ probe }) => {
	const dot = probe.lastIndexOf('.');
	return dot < 0
		? `delete globalThis.${probe};`
		: `delete ${probe.slice(0, dot)}[${JSON.stringify(probe.slice(dot + 1))}];`;
}).join('')}})()`;

function watchErrors(page: Page): string[] {
	const errors: string[] = [];
	page.on('console', (m) => m.type() === 'error' && errors.push(`${page.url()}: ${m.text()}`));
	page.on('pageerror', (e) => errors.push(`${page.url()}: ${e.message}`));
	return errors;
}

test.use({ locale: 'zh-CN', timezoneId: 'Asia/Shanghai' });

/** The case list: first rows from the server, then the whole list fetched and decoded as Arrow. */
async function openCaseList(page: Page) {
	await page.goto(`/cases?${RANGE}`);
	await expect(page.getByRole('table', { name: '办件列表' }).getByRole('row').nth(1)).toBeVisible();
	const status = page.getByRole('status').filter({ hasText: /已载入 [\d,]+ 行|列表载入失败|正在载入/ });
	await expect(status).not.toContainText('正在载入');
	return status;
}

test('without the built-ins above Chromium 86 the app signs in and shows the Arrow-decoded case list', async ({
	page
}) => {
	const errors = watchErrors(page);
	await page.addInitScript(asOnTheFloor);
	await loginAs(page, 'leader');
	// The page runs the polyfill's versions, not the browser's.
	const natives = await page.evaluate(
		(probes) => probes.filter((probe) => String(new Function(`return ${probe}`)()).includes('[native code]')),
		POLYFILLED.map(({ probe }) => probe)
	);
	expect(natives).toEqual([]);
	await expect(await openCaseList(page)).toContainText(/已载入 [\d,]+ 行/);
	expect(errors).toEqual([]);
});

test('control: the same browser without static/browser-floor.js cannot decode the case list', async ({
	page
}) => {
	await page.addInitScript(asOnTheFloor);
	await page.route('**/browser-floor.js', (route) => route.abort());
	await loginAs(page, 'leader');
	// Apache Arrow's Vector constructor calls `_offsets.at(-1)`.
	await expect(await openCaseList(page)).toContainText(/列表载入失败.*\bat\b/);
});
