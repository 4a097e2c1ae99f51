/**
 * Journey (issue 6): a supervisor raises a supervision notice on a lagging unit from the period's report, the
 * department user answers it (text + attachment, marked done), the supervisor closes it, and the report for
 * the period shows it in its notices table. The department account for the lagging unit is created by the
 * admin first (the e2e accounts' own department is not in the demo jurisdiction).
 */
import type { Browser } from '@playwright/test';
import { expect, hydratingPage, test } from './fixtures';
import { apiSession, loginAs, loginWithForm } from './auth-helpers';

const DEPT_USER = { username: 'e2e-notice-dept', password: 'e2e-notice-dept-pass' };

async function loginWith(browser: Browser, username: string, password: string) {
	const ctx = await browser.newContext();
	const page = hydratingPage(await ctx.newPage());
	await loginWithForm(page, username, password);
	return { ctx, page };
}

test('supervisor raises a notice on a lagging unit, the department answers, the supervisor closes it, the report shows it', async ({ page, browser, baseURL }) => {
	test.setTimeout(180_000);
	const errors: string[] = [];
	page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));

	// 1. The supervisor opens the period's report and picks the first lagging unit.
	await loginAs(page, 'supervisor');
	await page.goto('/reports');
	await expect(page.getByRole('heading', { name: '考核通报', level: 1 })).toBeVisible();
	const lagging = page.getByRole('region', { name: '后进单位' });
	await expect(lagging).toBeVisible();
	const first = lagging.getByRole('row').nth(1);
	const deptName = (await first.getByRole('cell').first().textContent())!.trim();
	await first.getByRole('link', { name: '下发督办' }).click();
	await expect(page).toHaveURL(/\/notices\/new\?/);
	const url = new URL(page.url());
	const dept = url.searchParams.get('dept')!;
	const from = url.searchParams.get('from')!;
	const to = url.searchParams.get('to')!;
	expect(dept).toBeTruthy();

	// The admin creates the department's account (scope: that unit).
	const admin = await apiSession(baseURL!, 'admin');
	const created = await admin.post('/admin/users?/create', {
		form: { username: DEPT_USER.username, password: DEPT_USER.password, role: 'department', depts: dept, displayName: deptName },
		headers: { accept: 'application/json', 'x-sveltekit-action': 'true' }
	});
	expect(created.ok()).toBe(true);

	// 2. The supervisor raises the notice (department, period and indicator are prefilled).
	await expect(page.getByLabel('被督办单位')).toHaveValue(dept);
	await page.getByLabel('标题').fill('考核后进整改督办');
	await page.getByLabel('存在问题').fill(`${deptName}本期考核列为后进单位。`);
	await page.getByLabel('整改要求').fill('查找原因，制定整改措施，按期报送整改情况。');
	await page.getByLabel('办理期限（工作日）').fill('10');
	await page.getByRole('button', { name: '下发', exact: true }).click();
	await expect(page).toHaveURL(/\/notices\/\d+$/);
	const noticeUrl = new URL(page.url()).pathname;
	await expect(page.getByText('待办理', { exact: true })).toBeVisible();
	await page.screenshot({ path: 'tests/screenshots/notices/1-raised.png', fullPage: true });

	// 3. The department user sees it, answers with an attachment and marks it done.
	const d = await loginWith(browser, DEPT_USER.username, DEPT_USER.password);
	await d.page.goto('/notices');
	await d.page.getByRole('link', { name: '考核后进整改督办' }).click();
	await expect(d.page).toHaveURL(new RegExp(`${noticeUrl}$`));
	await d.page.getByLabel('答复内容').fill('已召开专题会议，制定整改方案，详见附件。');
	await d.page.getByLabel('附件').setInputFiles({ name: '整改方案.pdf', mimeType: 'application/pdf', buffer: Buffer.from('%PDF-1.4\n%e2e\n%%EOF\n') });
	await expect(d.page.getByLabel('已完成整改，提交审核')).toBeChecked();
	await d.page.getByRole('button', { name: '提交答复' }).click();
	await expect(d.page.getByText('待审核', { exact: true })).toBeVisible();
	await expect(d.page.getByRole('link', { name: '整改方案.pdf' })).toBeVisible();
	await d.page.screenshot({ path: 'tests/screenshots/notices/2-answered.png', fullPage: true });
	// Another unit's notice is not reachable for this user.
	const other = await d.page.request.get('/notices/999999');
	expect(other.status()).toBe(404);
	await d.ctx.close();

	// 4. The supervisor accepts and closes it; the history keeps every step.
	await page.goto(noticeUrl);
	await page.getByLabel('意见').fill('整改措施到位，同意办结。');
	await page.getByRole('button', { name: '同意办结' }).click();
	await expect(page.getByText('已办结', { exact: true }).first()).toBeVisible();
	const history = page.getByRole('region', { name: '办理记录' });
	await expect(history.getByRole('listitem').filter({ hasText: '下发' }).first()).toBeVisible();
	await expect(history.getByText('答复并提交审核')).toBeVisible();
	await expect(history.getByText('同意办结', { exact: true })).toBeVisible();
	await page.screenshot({ path: 'tests/screenshots/notices/3-closed.png', fullPage: true });

	// 5. The report for the period shows it: notices table in the CSV and in the preview.
	const csv = await page.request.get(`/api/reports/assessment?from=${from}&to=${to}&format=csv&table=notices`);
	expect(csv.status()).toBe(200);
	const text = (await csv.body()).toString('utf8');
	const row = text.split('\r\n').find((l) => l.startsWith(`${dept},`));
	expect(row, text).toBeTruthy();
	// dept_code, name, raised, open, overdue, closed
	expect(row!.split(',').slice(-4)).toEqual([expect.any(String), '0', '0', '1']);
	await page.goto(`/reports?from=${from}&to=${to}`);
	const preview = page.frameLocator('iframe[title="考核通报预览"]');
	await expect(preview.getByRole('heading', { name: '四、督办情况' })).toBeVisible();
	await expect(preview.getByRole('table').filter({ hasText: '督办统计' }).getByRole('row').filter({ hasText: deptName })).toBeVisible();
	await page.screenshot({ path: 'tests/screenshots/reports/reports-page.png', fullPage: true });
	// Full-page shots leave the sandboxed (out-of-process) frame blank; shoot the frame itself too.
	await page.locator('iframe[title="考核通报预览"]').screenshot({ path: 'tests/screenshots/reports/reports-preview.png' });
	const srcdoc = await page.locator('iframe[title="考核通报预览"]').getAttribute('srcdoc');
	expect(srcdoc).toContain('督办统计');
	expect(srcdoc).toContain(deptName);

	expect(errors).toEqual([]);
});
