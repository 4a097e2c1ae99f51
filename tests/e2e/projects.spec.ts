/**
 * Journey (issue 14): a park leader opens the project board from the main navigation, finds the slowest project
 * (top row, sorted by approval working days) — or, when that one is complete, the slowest in progress through
 * the state filter — opens it and sees which department holds it now and for how long. The timeline and the
 * table beside it show the same projects; the overview links to the board. Screenshots of the board and the
 * project page at 1440×900 and 390×844 (tests/screenshots/projects/); at 390 and 360 px the pages do not scroll
 * sideways. Data: the e2e demo jurisdiction's investment projects (tests/e2e/prepare-server.ts).
 */
import type { Page } from '@playwright/test';
import { expect, test } from './fixtures';
import { loginAs } from './auth-helpers';
import { expectNoSideScroll } from './layout';

const SHOTS = 'tests/screenshots/projects';

async function noSideScroll(page: Page, width: number) {
	await page.setViewportSize({ width, height: 844 });
	await expectNoSideScroll(page, `${page.url()} at ${width} px`);
}

test('a park leader finds the slowest project and sees who holds it now', async ({ page }) => {
	test.setTimeout(180_000);
	const errors: string[] = [];
	page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));

	await loginAs(page, 'leader');
	await page.goto('/overview');
	// The overview's project panel links to the board.
	const panel = page.getByRole('region', { name: '工程建设项目审批' });
	await expect(panel.getByText('达标率')).toBeVisible();
	await page.screenshot({ path: `${SHOTS}/overview-1440.png`, fullPage: true });
	await page
		.getByRole('navigation', { name: '主导航' })
		.getByRole('link', { name: '项目', exact: true })
		.click();
	await expect(page).toHaveURL(/\/projects$/);
	await expect(page.getByRole('heading', { level: 1, name: '工程建设项目审批' })).toBeVisible();

	// Headline figures and the two tables beside the timeline.
	const figures = page.getByRole('region', { name: '项目审批总体情况' });
	for (const label of [
		'已启动审批项目',
		'已完成审批',
		'审批中',
		'等待申请人',
		'平均审批用时',
		'达标率',
		'最慢阶段'
	])
		await expect(figures.getByText(label, { exact: true })).toBeVisible();
	await expect(page.getByRole('region', { name: '各审批阶段' }).getByRole('row')).toHaveCount(5);
	await expect(
		page.getByRole('region', { name: '项目在哪些部门等待最久' }).getByRole('row').nth(1)
	).toBeVisible();

	// The timeline draws exactly the table's projects, in the same order (slowest first).
	const table = page.getByRole('region', { name: '本页项目数据' }).getByRole('table');
	const rows = table.getByRole('row');
	const n = (await rows.count()) - 1;
	expect(n).toBeGreaterThan(0);
	await expect(page.getByRole('region', { name: '项目审批时间轴' }).getByRole('img')).toHaveCount(n);
	const days = await table.locator('tbody tr td:nth-child(8)').allInnerTexts();
	const asNumbers = days.map((d) => Number(d.replace(/[^\d]/g, '')));
	expect(asNumbers).toEqual([...asNumbers].sort((a, b) => b - a));
	await page.screenshot({ path: `${SHOTS}/board-1440.png`, fullPage: true });

	// The slowest project; unless a case of it is open (complete, or waiting for the applicant), the slowest in
	// progress through the state filter.
	let top = rows.nth(1);
	if ((await top.getByRole('cell').nth(4).innerText()).trim() !== '审批中') {
		await page.getByLabel('状态').selectOption('in_progress');
		await page.getByRole('button', { name: '筛选' }).click();
		await expect(page).toHaveURL(/state=in_progress/);
		top = page.getByRole('region', { name: '本页项目数据' }).getByRole('row').nth(1);
		await expect(top.getByRole('cell').nth(4)).toHaveText('审批中');
	}
	const holder = (await top.getByRole('cell').nth(10).innerText()).trim();
	const holderDept = holder.split(' · ')[0];
	expect(holderDept, 'the board names the holding department').not.toBe('—');
	const code = (await top.getByRole('cell').first().innerText()).trim();
	await top.getByRole('link', { name: code }).click();
	await expect(page).toHaveURL(new RegExp(`/projects/${code}`));

	// The project page: who holds it now (highlighted), its register, stages, cases and the same timeline.
	const now = page.getByRole('region', { name: '现在由谁办理' });
	await expect(now).toContainText(holderDept);
	await expect(now).toContainText(/个工作日/);
	await expect(page.getByRole('region', { name: '项目信息' })).toContainText(code);
	await expect(page.getByRole('region', { name: '项目审批时间轴' }).getByRole('img')).toHaveCount(1);
	await expect(page.getByRole('region', { name: '各审批阶段' }).getByRole('row').nth(1)).toBeVisible();
	const cases = page.getByRole('region', { name: '办件', exact: true });
	await expect(cases.getByRole('cell', { name: '在办', exact: true }).first()).toBeVisible();
	// A leader may list cases but not open one: case ids without links.
	await expect(cases.getByRole('link')).toHaveCount(0);
	await page.screenshot({ path: `${SHOTS}/project-1440.png`, fullPage: true });

	// Phones: both pages at 390 × 844 (screenshots) and 360, without sideways scrolling.
	const projectUrl = page.url();
	await noSideScroll(page, 390);
	await page.screenshot({ path: `${SHOTS}/project-390.png`, fullPage: true });
	await noSideScroll(page, 360);
	await page.getByRole('link', { name: /返回项目看板/ }).click();
	await expect(page).toHaveURL(/\/projects(\?|$)/);
	await noSideScroll(page, 390);
	await page.screenshot({ path: `${SHOTS}/board-390.png`, fullPage: true });
	await noSideScroll(page, 360);
	await page.goto('/overview');
	await noSideScroll(page, 390);
	await noSideScroll(page, 360);

	// The same page in English.
	await page.setViewportSize({ width: 1440, height: 900 });
	await page.goto(`${projectUrl}${projectUrl.includes('?') ? '&' : '?'}lang=en`);
	await expect(page.getByRole('region', { name: 'Who holds it now' })).toBeVisible();
	await page.goto('/projects?lang=zh');
	expect(errors).toEqual([]);
});

test('the board’s URL is its state; invalid input is answered with the parser’s message', async ({
	page
}) => {
	await loginAs(page, 'leader');
	await page.goto('/projects?sort=started&dir=asc&state=complete');
	await expect(page.getByLabel('排序')).toHaveValue('started');
	await expect(page.getByLabel('顺序')).toHaveValue('asc');
	await expect(page.getByLabel('状态')).toHaveValue('complete');
	const started = await page
		.getByRole('region', { name: '本页项目数据' })
		.locator('tbody tr td:nth-child(6)')
		.allInnerTexts();
	expect(started).toEqual([...started].sort());
	await page.goto('/projects?state=nonsense');
	await expect(page.getByRole('alert')).toContainText('state');
	await page.goto('/projects/NO-SUCH-PROJECT');
	await expect(page.getByText('页面不存在，或您无权查看。')).toBeVisible();
});
