/**
 * Journey (issue 13): the office imports a reform plan (pasted text), fixes one lead unit in the preview and
 * saves it; a department user of a lead unit reports a milestone met; the office accepts it; another task's
 * milestone (the end of last month, relative to the real date — the server runs on the real clock) has passed,
 * so it shows as overdue on the ledger and on the overview; a supervision notice is raised from it and linked
 * both ways; the monthly report lists it in 改革任务推进情况. Also the 360 px layout of the ledger.
 */
import type { Browser } from '@playwright/test';
import { expect, hydratingPage, test } from './fixtures';
import { apiSession, loginAs, loginWithForm } from './auth-helpers';

const DEPT_USER = { username: 'e2e-task-dept', password: 'e2e-task-dept-pass' };

async function loginWith(browser: Browser, username: string, password: string) {
	const ctx = await browser.newContext();
	const page = hydratingPage(await ctx.newPage());
	await loginWithForm(page, username, password);
	return { ctx, page };
}

test('office imports a plan, a unit reports a milestone, the office accepts; an overdue task gets a notice and is in the report', async ({ page, browser, baseURL }) => {
	test.setTimeout(240_000);
	const errors: string[] = [];
	page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));

	const now = new Date();
	const last = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), 0)); // last day of the previous month
	const pastMonth = `${last.getUTCFullYear()}年${last.getUTCMonth() + 1}月底前`;
	const nextYear = now.getUTCFullYear() + 1;
	const stamp = Date.now().toString(36);
	const planTitle = `临江市审批服务便民化实施方案（E2E ${stamp}）`;
	const T1 = `建设一窗通办综合窗口${stamp}`;
	const T2 = `推行帮办代办服务${stamp}`;
	const plan = [
		planTitle,
		'一、优化办事流程',
		`1.${T1}。整合部门专业窗口。`,
		'牵头单位：市发改委',
		'配合单位：市财政局',
		`时间进度：${nextYear}年6月底前建成综合窗口；${nextYear}年底前全面运行`,
		`2.${T2}。为重点项目提供全程帮办。`,
		`时间进度：${pastMonth}建立帮办代办队伍`,
		'二、强化监督',
		`3.开展政务服务体验${stamp}。`,
		'牵头单位：市市场监管局',
		'时间进度：长期推进'
	].join('\n');

	// 1. The office pastes the plan and gets the preview: task 2 has no lead unit (highlighted).
	await loginAs(page, 'supervisor');
	await page.goto('/tasks/import');
	await page.getByLabel('或粘贴方案文本').fill(plan);
	await page.getByRole('button', { name: '解析预览' }).click();
	await expect(page.getByRole('heading', { name: '任务（3 项）' })).toBeVisible();
	const t2 = page.getByRole('group', { name: /第2项任务/ });
	await expect(t2.getByText('需核对')).toBeVisible();
	await expect(t2.getByText(/未找到牵头单位/)).toBeVisible();
	// 市发改委 is matched by abbreviation
	const fgwSelect = page.getByLabel('“市发改委”对应的部门');
	const fgw = await fgwSelect.inputValue();
	expect(fgw).toBeTruthy();
	// Fix task 2's lead unit: the full name of a demo department (matched exactly).
	await page.getByLabel('第2项 牵头单位').fill('临江市人力资源和社会保障局');
	await expect(page.getByLabel('“临江市人力资源和社会保障局”对应的部门')).not.toHaveValue('');
	await page.screenshot({ path: 'tests/screenshots/tasks/1-preview.png', fullPage: true });
	await page.getByRole('button', { name: '保存方案' }).click();
	await expect(page).toHaveURL(/\/tasks\?plan=\d+/);
	await expect(page.getByRole('link', { name: T2 })).toBeVisible();
	await page.screenshot({ path: 'tests/screenshots/tasks/2-ledger.png', fullPage: true });

	// The admin creates the account of 市发改委's department.
	const admin = await apiSession(baseURL!, 'admin');
	const created = await admin.post('/admin/users?/create', {
		form: { username: DEPT_USER.username, password: DEPT_USER.password, role: 'department', depts: fgw, displayName: '市发改委' },
		headers: { accept: 'application/json', 'x-sveltekit-action': 'true' }
	});
	expect(created.ok()).toBe(true);

	// 2. The department user reports the first milestone of task 1 met.
	const d = await loginWith(browser, DEPT_USER.username, DEPT_USER.password);
	await d.page.goto('/tasks');
	await expect(d.page.getByRole('link', { name: T2 })).toHaveCount(0); // not its unit's task
	await d.page.getByRole('link', { name: T1 }).click();
	await d.page.getByLabel('节点完成').check();
	await d.page.getByLabel('完成的时间节点').selectOption({ index: 0 });
	await d.page.getByLabel('进展情况').fill('综合窗口已建成并试运行。');
	await d.page.getByRole('button', { name: '报送', exact: true }).click();
	await expect(d.page.getByText('待审核', { exact: true })).toBeVisible();
	const taskUrl = new URL(d.page.url()).pathname;
	await d.page.screenshot({ path: 'tests/screenshots/tasks/3-reported.png', fullPage: true });
	await d.ctx.close();

	// 3. The office accepts it: the milestone is met.
	await page.goto(taskUrl);
	await page.getByLabel('审核意见').fill('已现场核实。');
	await page.getByRole('button', { name: '确认', exact: true }).click();
	await expect(page.getByText('已确认', { exact: true })).toBeVisible();
	await expect(page.getByRole('listitem').filter({ hasText: `${nextYear}-06-30` }).getByText('已完成')).toBeVisible();

	// 4. Task 2's milestone (end of last month) has passed: overdue on the ledger and on the overview.
	await page.goto('/tasks?state=overdue');
	const row = page.getByRole('row').filter({ hasText: T2 });
	await expect(row.getByText('已逾期')).toBeVisible();
	await expect(page.getByRole('row').filter({ hasText: T1 })).toHaveCount(0);
	await page.goto('/overview');
	const card = page.getByRole('region', { name: '改革任务推进情况' });
	await expect(card).toBeVisible();
	await expect(card.getByRole('link', { name: new RegExp(T2) })).toBeVisible();
	await card.screenshot({ path: 'tests/screenshots/tasks/4-overview-card.png' });

	// 5. A notice is raised from the overdue task, linked both ways.
	await card.getByRole('link', { name: new RegExp(T2) }).click();
	await page.getByRole('link', { name: '下发督办' }).click();
	await expect(page).toHaveURL(/\/notices\/new\?/);
	await page.getByLabel('存在问题').fill('帮办代办队伍未按期建立。');
	await page.getByLabel('整改要求').fill('立即组建队伍并报送进展。');
	await page.getByLabel('办理期限（工作日）').fill('10');
	await page.getByRole('button', { name: '下发', exact: true }).click();
	await expect(page).toHaveURL(/\/notices\/\d+$/);
	await page.getByRole('link', { name: new RegExp(T2) }).click();
	await expect(page.getByRole('link', { name: /督办〔\d+〕/ })).toBeVisible();
	await page.screenshot({ path: 'tests/screenshots/tasks/5-task-with-notice.png', fullPage: true });

	// 6. The monthly report lists it among the overdue reform tasks.
	await page.goto('/reports');
	const srcdoc = await page.locator('iframe[title="考核通报预览"]').getAttribute('srcdoc');
	expect(srcdoc).toContain('改革任务推进情况');
	expect(srcdoc).toContain(T2);

	// 7. The Excel export of the ledger.
	const xlsx = await page.request.get('/tasks/export.xlsx?state=overdue');
	expect(xlsx.status()).toBe(200);
	expect(xlsx.headers()['content-type']).toContain('spreadsheetml');

	// 8. 360 px: no horizontal page scroll on the ledger and the task page.
	await page.setViewportSize({ width: 360, height: 780 });
	for (const url of ['/tasks', taskUrl]) {
		await page.goto(url);
		const over = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
		expect(over, url).toBeLessThanOrEqual(0);
	}
	await page.goto('/tasks');
	await page.screenshot({ path: 'tests/screenshots/tasks/6-ledger-360.png', fullPage: true });

	expect(errors).toEqual([]);
});
