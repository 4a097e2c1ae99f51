/**
 * Dashboards (issue 4) against the built app on the demo jurisdiction (prepare-server.ts imports it):
 * the leader's overview, the supervisor's three-click drill-down to an overdue case, filters in the URL,
 * the language switch, numbers equal to /api/kpi, zero console errors and a screenshot of every screen
 * (tests/screenshots/, 1440×900).
 */
import fs from 'node:fs';
import type { Page } from '@playwright/test';
import { expect, test } from './fixtures';
import { loginAs } from './auth-helpers';

const SHOTS = 'tests/screenshots';
/** A month with a baseline (the default view's shape) and a longer range with enough overdue cases. */
const MONTH = 'from=2026-10-01&to=2026-10-31&baseline_from=2025-10-01&baseline_to=2025-10-31';
const RANGE = 'from=2026-01-01&to=2026-10-31';

// Chinese readers' browser: dates in the pickers as 年/月/日.
test.use({ locale: 'zh-CN', timezoneId: 'Asia/Shanghai' });

function watchConsole(page: Page): string[] {
	const errors: string[] = [];
	page.on('console', (m) => m.type() === 'error' && errors.push(`${page.url()}: ${m.text()}`));
	page.on('pageerror', (e) => errors.push(`${page.url()}: ${e.message}`));
	return errors;
}

async function shot(page: Page, name: string) {
	fs.mkdirSync(SHOTS, { recursive: true });
	await page.waitForLoadState('networkidle');
	await page.screenshot({ path: `${SHOTS}/${name}.png`, fullPage: true });
}

interface KpiReport {
	total: { kpis: Record<string, number | null> };
	departments: {
		dept_code: string;
		name: string;
		score: number | null;
		rank: number | null;
		deductions: number;
		lagging: boolean;
		indicator_scores: Record<string, number>;
	}[];
}

async function api<T>(page: Page, path: string): Promise<T> {
	const res = await page.request.get(path);
	expect(res.status(), path).toBe(200);
	return (await res.json()) as T;
}

test('a leader opens the overview and reads the lagging units', async ({ page }) => {
	const errors = watchConsole(page);
	await loginAs(page, 'leader');
	await page.goto('/overview');
	await expect(page.getByRole('heading', { level: 1, name: '总览' })).toBeVisible();
	await expect(page.getByText('2026年10月全辖区改革绩效概况')).toBeVisible();
	const lagging = page.getByRole('region', { name: /后进单位/ });
	await expect(lagging).toBeVisible();
	const report = await api<KpiReport>(page, `/api/kpi?${MONTH}`);
	const expected = report.departments.filter((d) => d.lagging);
	expect(expected.length).toBeGreaterThan(0);
	// The ten lowest first; the rest one click away.
	if (expected.length > 10) {
		await expect(lagging.getByRole('row')).toHaveCount(11);
		await lagging.getByRole('button', { name: `显示全部 ${expected.length} 个` }).click();
	}
	await expect(lagging.getByRole('row')).toHaveCount(expected.length + 1);
	for (const d of expected)
		await expect(lagging.getByRole('link', { name: d.name, exact: true })).toBeVisible();
	// Reasons are written out, not only coloured.
	await expect(lagging.getByText(/考核不合格|同组排名末位|得分低于60/).first()).toBeVisible();
	// Leaders see case lists without personal fields, and no case pages.
	await page.goto(`/cases?${RANGE}`);
	await expect(page.getByText('领导视图不显示个人信息字段')).toBeVisible();
	await expect(page.getByRole('table', { name: '办件列表' }).getByRole('link', { name: /^BJ/ })).toHaveCount(
		0
	);
	const csv = await (await page.request.get(`/api/cases?${RANGE}&format=csv`)).text();
	const id = csv.split('\r\n')[1].split(',')[0];
	expect(id).toMatch(/^BJ/);
	expect((await page.request.get(`/api/cases/${id}`)).status()).toBe(404);
	expect(errors).toEqual([]);
});

test('a supervisor goes from a lagging unit to one overdue case in three clicks', async ({ page }) => {
	const errors = watchConsole(page);
	await loginAs(page, 'supervisor');
	const report = await api<KpiReport>(page, `/api/kpi?${RANGE}`);
	const counts = await api<{ departments: { dept_code: string; counts: Record<string, number> }[] }>(
		page,
		`/api/flags?view=counts&${RANGE}`
	);
	const red = new Map(counts.departments.map((d) => [d.dept_code, d.counts.red_overdue]));
	// Among the ten lowest-scoring lagging units (shown without expanding the list), one with overdue cases.
	const unit = report.departments
		.filter((d) => d.lagging)
		.sort((a, b) => (a.score ?? -1) - (b.score ?? -1) || a.dept_code.localeCompare(b.dept_code))
		.slice(0, 10)
		.find((d) => (red.get(d.dept_code) ?? 0) > 0)!;
	expect(unit, 'a lagging unit with overdue cases').toBeTruthy();

	await page.goto(`/overview?${RANGE}`);
	// 1: the lagging unit → its scorecard
	await page
		.getByRole('region', { name: /后进单位/ })
		.getByRole('link', { name: unit.name, exact: true })
		.click();
	await expect(page.getByRole('heading', { level: 1, name: new RegExp(unit.name) })).toBeVisible();
	// 2: its overdue (red) cases
	await page.getByRole('region', { name: '预警办件' }).getByRole('link', { name: '红灯超期' }).click();
	await expect(page).toHaveURL(/\/cases\?.*flag=red_overdue/);
	await expect(page.getByText(`共 ${red.get(unit.dept_code)} 件`)).toBeVisible();
	const list = page.getByRole('table', { name: '办件列表' });
	await expect(page.getByText(/已载入 \d+ 行/)).toBeVisible();
	// 3: one case
	const first = list.getByRole('link', { name: /^BJ/ }).first();
	const id = (await first.textContent())!.trim();
	await first.click();
	await expect(page.getByRole('heading', { level: 1, name: `办件 ${id}` })).toBeVisible();
	await expect(page.getByText('红灯超期').first()).toBeVisible();
	await expect(page.getByRole('heading', { name: '工作日时钟' })).toBeVisible();
	await expect(page.getByText(/超期 \d+ 个工作日/)).toBeVisible();
	expect(errors).toEqual([]);
});

test('a filter change survives reload and back', async ({ page }) => {
	const errors = watchConsole(page);
	await loginAs(page, 'leader');
	await page.goto('/overview');
	const lead = page.getByText(/全辖区改革绩效概况/);
	await expect(lead).toHaveText(/2026年10月/);
	await page.getByText('季', { exact: true }).click();
	await expect(page).toHaveURL(/from=2026-10-01&to=2026-12-31/);
	await expect(lead).toHaveText(/2026年第4季度/);
	await page.reload();
	await expect(lead).toHaveText(/2026年第4季度/);
	await expect(page.getByRole('radio', { name: '季' })).toBeChecked();
	const region = page.getByLabel('区划');
	const code = await region.locator('option').nth(1).getAttribute('value');
	await region.selectOption(code!);
	await expect(page).toHaveURL(new RegExp(`region=${code}`));
	await page.reload();
	await expect(page.getByLabel('区划')).toHaveValue(code!);
	await page.goBack();
	await expect(page).not.toHaveURL(/region=/);
	await expect(lead).toHaveText(/2026年第4季度/);
	await page.goBack();
	await expect(lead).toHaveText(/2026年10月/);
	// Invalid parameters: a clear message, not a crash.
	await page.goto('/overview?from=2026-13-01&to=2026-10-31');
	await expect(page.getByRole('alert')).toContainText('筛选条件有误');
	await expect(page.getByRole('alert')).toContainText('from');
	await page.goto('/assessment?from=2026-01-01&to=2026-01-31&dept=NO_SUCH_DEPT');
	await expect(page.getByRole('alert')).toContainText('NO_SUCH_DEPT');
	expect(errors).toEqual([]);
});

test('the language switch works', async ({ page }) => {
	const errors = watchConsole(page);
	await loginAs(page, 'leader');
	await page.goto(`/overview?${MONTH}`);
	await expect(page.getByRole('heading', { level: 1, name: '总览' })).toBeVisible();
	await page.getByRole('link', { name: '语言' }).click();
	await expect(page.getByRole('heading', { level: 1, name: 'Overview' })).toBeVisible();
	await expect(page.getByRole('region', { name: /Lagging units/ })).toBeVisible();
	await expect(page).toHaveURL(new RegExp(MONTH.replaceAll('&', '.*')));
	await shot(page, '02-overview-en');
	await page.getByRole('navigation').getByRole('link', { name: 'Assessment', exact: true }).click();
	await expect(page.getByRole('heading', { level: 1, name: 'Assessment' })).toBeVisible();
	await page.getByRole('link', { name: 'Language' }).click();
	await expect(page.getByRole('heading', { level: 1, name: '考核' })).toBeVisible();
	expect(errors).toEqual([]);
});

test('every KPI on the overview and the assessment table equals /api/kpi for the same filters', async ({
	page
}) => {
	await loginAs(page, 'supervisor');
	const report = await api<KpiReport>(page, `/api/kpi?${MONTH}`);
	await page.goto(`/overview?${MONTH}`);
	const cards = page.locator('[data-kpi]');
	await expect(cards).toHaveCount(10);
	for (const el of await cards.all()) {
		const id = (await el.getAttribute('data-kpi'))!;
		const v = await el.getAttribute('data-value');
		const expected = report.total.kpis[id];
		if (expected === null) expect(v, id).toBe('');
		else expect(Number(v), id).toBe(expected);
	}

	await page.goto(`/assessment?${MONTH}`);
	const rows = page.locator('tr[data-dept]');
	await expect(rows).toHaveCount(report.departments.length);
	for (const d of report.departments) {
		const row = page.locator(`tr[data-dept="${d.dept_code}"]`);
		const num = async (sel: string) => {
			const v = await row.locator(sel).getAttribute(sel.replace(/^\[|\].*$/g, '').split('=')[0]);
			return v === '' ? null : Number(v);
		};
		expect(await num('[data-score]'), `${d.name} score`).toBe(d.score);
		expect(await num('[data-rank]'), `${d.name} rank`).toBe(d.rank);
		expect(await num('[data-deductions]'), `${d.name} deductions`).toBe(d.deductions);
		for (const cell of await row.locator('[data-indicator]').all()) {
			const ind = (await cell.getAttribute('data-indicator'))!;
			const v = await cell.getAttribute('data-value');
			expect(v === '' ? undefined : Number(v), `${d.name} ${ind}`).toBe(d.indicator_scores[ind]);
		}
	}
});

test('every screen renders without console errors (screenshots at 1440×900)', async ({ page }) => {
	const errors = watchConsole(page);
	await loginAs(page, 'supervisor');
	const report = await api<KpiReport>(page, `/api/kpi?${RANGE}`);
	const flagged = await api<{ rows: { case_id: string; dept_code: string; item_code: string }[] }>(
		page,
		`/api/flags?${RANGE}&flag=red_overdue&limit=1`
	);
	const dept = report.departments.find((d) => d.lagging)!;
	const c = flagged.rows[0];
	const screens: [string, string, RegExp][] = [
		['01-overview', '/overview', /总览/],
		['03-delegation', '/delegation', /权力下放承接/],
		['04-timeliness', '/timeliness', /审批提速/],
		['05-satisfaction', '/satisfaction', /好差评/],
		['06-assessment', '/assessment', /考核/],
		['07-department', `/departments/${dept.dept_code}?${RANGE}`, /部门记分卡/],
		['08-item', `/items/${c.item_code}?${RANGE}`, /事项/],
		['09-cases', `/cases?${RANGE}&flag=red_overdue`, /办件查询/],
		['10-case', `/cases/${c.case_id}?${RANGE}`, new RegExp(c.case_id)],
		['11-invalid-filter', '/timeliness?from=2026-02-30&to=2026-03-31', /审批提速/],
		['12-empty-period', '/overview?from=2020-01-01&to=2020-01-31', /总览/]
	];
	for (const [name, url, heading] of screens) {
		await page.goto(url);
		await expect(page.getByRole('heading', { level: 1, name: heading })).toBeVisible();
		// Charts drawn by the browser (the server-rendered SVG is replaced on hydration).
		if (
			/overview|delegation|timeliness|satisfaction|assessment|department/.test(name) &&
			!/invalid|empty/.test(name)
		)
			await expect(page.locator('[role="img"] svg').first()).toBeVisible();
		await shot(page, name);
	}
	await page.goto('/overview?from=2020-01-01&to=2020-01-31');
	await expect(page.getByText('本期无数据')).toBeVisible();
	// The table view of a chart shows the same numbers.
	await page.goto(`/overview?${MONTH}`);
	await page.getByRole('button', { name: '表格' }).first().click();
	await expect(page.getByRole('table', { name: /实际提速率月度趋势/ })).toBeVisible();
	// Exports: CSV with a BOM, XLSX as a spreadsheet.
	const csv = await page.request.get(`/api/cases?${RANGE}&flag=red_overdue&format=csv`);
	expect(csv.headers()['content-type']).toContain('text/csv');
	expect((await csv.body()).subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf]));
	const xlsx = await page.request.get(`/api/cases?${RANGE}&flag=red_overdue&format=xlsx`);
	expect(xlsx.headers()['content-type']).toContain('spreadsheetml');
	// One case as JSON (supervisors and departments only).
	const one = await api<{ flags: string[]; case: { case_id: string } }>(
		page,
		`/api/cases/${c.case_id}?to=2026-10-31`
	);
	expect(one.case.case_id).toBe(c.case_id);
	expect(one.flags).toContain('red_overdue');
	expect(errors).toEqual([]);
});
