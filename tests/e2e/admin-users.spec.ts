/** Administration journeys (issue 5): users and tokens, the audit log. */
import { request } from '@playwright/test';
import { expect, test } from './fixtures';
import { hydrated, loginAs } from './auth-helpers';

test('admin creates a department user and a token, the token works once shown, then revokes it and disables the user', async ({ page, baseURL }) => {
	await loginAs(page, 'admin');
	await page.goto('/admin');
	await expect(page).toHaveURL(/\/admin\/users$/);
	await hydrated(page);
	await expect(page.getByRole('heading', { name: '用户与令牌' })).toBeVisible();

	const create = page.getByRole('region', { name: '新建用户' });
	await create.getByLabel('用户名').fill('e2e-newdept');
	await create.getByLabel('角色').selectOption('department');
	await create.getByLabel('密码').fill('new-dept-pass');
	await create.getByRole('button', { name: '新建用户' }).click();
	await expect(page.getByRole('alert')).toHaveText('部门用户必须指定至少一个部门编码。');
	await create.getByLabel('部门编码（逗号分隔）').fill('D07');
	await create.getByRole('button', { name: '新建用户' }).click();
	await expect(page.getByRole('status')).toHaveText('已创建用户 e2e-newdept。');
	await expect(page.getByRole('row', { name: /e2e-newdept/ })).toContainText('D07');

	const tokens = page.getByRole('region', { name: 'API 令牌' });
	await tokens.getByLabel('用户名').selectOption('e2e-newdept');
	await tokens.getByLabel('用途').fill('e2e script');
	await tokens.getByRole('button', { name: '生成令牌' }).click();
	const shown = page.getByLabel('令牌', { exact: true });
	await expect(shown).toHaveText(/^rpa_[a-z2-7]{32}$/);
	const token = (await shown.textContent())!;
	// the token works on /api, scoped like its user (a department user: its own departments). D07 has no
	// analytics rows in the e2e data, so the answer is 404 "no analytics data for your department yet: D07" —
	// past authentication and authorisation (not 401 / 403), and nothing of other departments.
	const api = await request.newContext({ baseURL });
	const scoped = await api.get('/api/kpi?from=2024-01-01&to=2024-01-31', { headers: { authorization: `Bearer ${token}` } });
	const answer = (await scoped.json()) as { error?: string; departments?: { dept_code: string }[] };
	if (scoped.status() === 200) expect(answer.departments!.every((d) => d.dept_code === 'D07')).toBe(true);
	else expect([scoped.status(), answer.error]).toEqual([404, expect.stringContaining('no analytics data for your department yet: D07')]);
	// shown once: a reload does not show it again, the list shows only its prefix
	await page.reload();
	await expect(page.getByText(token)).toHaveCount(0);
	await page.getByRole('button', { name: `撤销 ${token.slice(0, 8)}` }).click();
	await expect(page.getByRole('status')).toHaveText('令牌已撤销。');
	expect((await api.get('/api/kpi?from=2024-01-01&to=2024-01-31', { headers: { authorization: `Bearer ${token}` } })).status()).toBe(401);

	await page.getByRole('button', { name: '停用 e2e-newdept' }).click();
	await expect(page.getByRole('status')).toHaveText('已停用用户 e2e-newdept，其会话已全部退出。');
	const login = await request.newContext({ baseURL, extraHTTPHeaders: { origin: baseURL! } });
	const r = await login.post('/login', { form: { username: 'e2e-newdept', password: 'new-dept-pass' }, maxRedirects: 0, headers: { accept: 'text/html' } });
	expect(r.status()).toBe(403);
	await Promise.all([api.dispose(), login.dispose()]);
});

test('audit log lists sign-ins and filters by action and user', async ({ page }) => {
	await loginAs(page, 'supervisor');
	await page.getByRole('button', { name: '退出登录' }).click();
	await loginAs(page, 'admin');
	await page.goto('/admin/audit?action=login.success&username=e2e-supervisor');
	await expect(page.getByRole('heading', { name: '审计日志' })).toBeVisible();
	const rows = page.getByRole('row').filter({ hasText: 'login.success' });
	await expect(rows.first()).toContainText('e2e-supervisor');
	await expect(page.getByRole('row').filter({ hasText: 'e2e-leader' })).toHaveCount(0);
	await page.goto('/admin/audit?from=2024-02-30');
	await expect(page.getByRole('alert')).toContainText('日期格式应为 YYYY-MM-DD');
	await page.goto('/admin/audit?action=logout');
	await expect(page.getByRole('row').filter({ hasText: 'logout' }).first()).toContainText('e2e-supervisor');
});
