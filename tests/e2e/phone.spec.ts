/**
 * Phones (issue 15): every page a leader, supervisor, department user or administrator opens works at 390×844 and
 * 360×740 — no sideways page scroll, KPI figures whole, wide tables scrolling inside their own box with their
 * first column kept in view, the navigation behind 菜单 (also without JavaScript), the dashboard filters behind
 * 筛选, touch targets ≥ 44 px — and a screenshot of every page once per width (tests/screenshots/phone/).
 *
 * One signed-in context per role for the whole file (sign-in through POST /login once, never per page). Real ids
 * from the e2e data: a case of the period, its item and department, a task, a project, and a notice the
 * supervisor raises here on that department. The department account of the e2e users (D01) is not in the demo
 * jurisdiction, so a second department account for the case's department (created here by the admin) opens the
 * department's own case, item, notice and scorecard.
 */
import fs from 'node:fs';
import {
	request,
	type APIRequestContext,
	type Browser,
	type BrowserContext,
	type Page
} from '@playwright/test';
import { expect, hydratingPage, test } from './fixtures';
import { apiSession } from './auth-helpers';
import { settled } from './layout';

const SHOTS = 'tests/screenshots/phone';
const SIZES = [
	{ width: 390, height: 844 },
	{ width: 360, height: 740 }
] as const;
/** The demo data's months (as dashboards.spec.ts): a range with cases of every kind. */
const RANGE = 'from=2026-01-01&to=2026-10-31';
const PHONE_DEPT = { username: 'e2e-phone-dept', password: 'e2e-phone-dept-pass' };

type Who = 'leader' | 'supervisor' | 'department' | 'admin' | 'ownDept';
interface Ids {
	dept: string;
	item: string;
	caseId: string;
	notice: string;
	task: string | null;
	project: string | null;
	ownTask: string | null;
	ownProject: string | null;
}

test.use({ locale: 'zh-CN', timezoneId: 'Asia/Shanghai' });

let ids: Ids;
const contexts = new Map<Who, BrowserContext>();
const shot = new Set<string>();

/** Pages (path → screenshot name) each identity opens, per the rule table (src/lib/server/auth/policy.ts). */
function pagesFor(who: Who): [string, string][] {
	const dash: [string, string][] = [
		['/', 'home'],
		['/overview', 'overview'],
		['/delegation', 'delegation'],
		['/timeliness', 'timeliness'],
		['/satisfaction', 'satisfaction'],
		['/assessment', 'assessment']
	];
	const common: [string, string][] = [
		['/tasks', 'tasks'],
		['/reports', 'reports'],
		['/projects', 'projects'],
		['/account', 'account']
	];
	const task: [string, string][] = ids.task ? [[`/tasks/${ids.task}`, 'tasks-id']] : [];
	const project: [string, string][] = ids.project
		? [[`/projects/${encodeURIComponent(ids.project)}`, 'projects-code']]
		: [];
	const scorecard: [string, string] = [`/departments/${ids.dept}?${RANGE}`, 'departments-code'];
	const item: [string, string] = [`/items/${ids.item}?${RANGE}`, 'items-code'];
	switch (who) {
		case 'leader':
			return [...dash, scorecard, item, [`/cases?${RANGE}`, 'cases'], ...common, ...task, ...project];
		case 'supervisor':
			return [
				...dash,
				scorecard,
				item,
				[`/cases?${RANGE}`, 'cases'],
				[`/cases/${ids.caseId}?${RANGE}`, 'cases-id'],
				['/notices', 'notices'],
				['/notices/new', 'notices-new'],
				[`/notices/${ids.notice}`, 'notices-id'],
				...common,
				...task,
				...project,
				['/tasks/import', 'tasks-import'],
				['/admin/data', 'admin-data']
			];
		case 'department':
			// D01: not in the demo data — its scorecard says so, its lists are empty.
			return [
				...dash,
				['/departments/D01', 'departments-code'],
				['/cases', 'cases'],
				['/notices', 'notices'],
				...common
			];
		case 'ownDept':
			return [
				['/overview', 'overview'],
				scorecard,
				item,
				[`/cases?${RANGE}`, 'cases'],
				[`/cases/${ids.caseId}?${RANGE}`, 'cases-id'],
				['/notices', 'notices'],
				// The department's view of a notice has the answer form.
				[`/notices/${ids.notice}`, 'notices-id-department'],
				...(ids.ownTask ? [[`/tasks/${ids.ownTask}`, 'tasks-id'] as [string, string]] : []),
				...(ids.ownProject
					? [[`/projects/${encodeURIComponent(ids.ownProject)}`, 'projects-code'] as [string, string]]
					: [])
			];
		case 'admin':
			return [
				...dash,
				scorecard,
				...common,
				...task,
				...project,
				['/tasks/import', 'tasks-import'],
				['/admin/imports', 'admin-imports'],
				['/admin/users', 'admin-users'],
				['/admin/data', 'admin-data']
			];
	}
}

async function signedIn(browser: Browser, baseURL: string, who: Who): Promise<BrowserContext> {
	const api =
		who === 'ownDept'
			? await formSession(baseURL, PHONE_DEPT.username, PHONE_DEPT.password)
			: await apiSession(baseURL, who);
	const storageState = await api.storageState();
	await api.dispose();
	return browser.newContext({
		baseURL,
		storageState,
		viewport: SIZES[0],
		hasTouch: true,
		locale: 'zh-CN',
		timezoneId: 'Asia/Shanghai'
	});
}

async function formSession(baseURL: string, username: string, password: string): Promise<APIRequestContext> {
	const ctx = await request.newContext({ baseURL, extraHTTPHeaders: { origin: baseURL } });
	const res = await ctx.post('/login', {
		form: { username, password },
		maxRedirects: 0,
		headers: { accept: 'text/html' }
	});
	expect(res.status(), `login as ${username}`).toBe(303);
	return ctx;
}

async function firstLink(api: APIRequestContext, path: string, pattern: RegExp): Promise<string | null> {
	const html = await (await api.get(path)).text();
	return pattern.exec(html)?.[1] ?? null;
}

async function firstProject(api: APIRequestContext): Promise<string | null> {
	const res = await api.get('/api/projects');
	if (!res.ok()) return null;
	const body = (await res.json()) as { projects?: { project_code: string }[] };
	return body.projects?.[0]?.project_code ?? null;
}

test.beforeAll(async ({ browser, baseURL }) => {
	test.setTimeout(120_000);
	const sup = await apiSession(baseURL!, 'supervisor');
	// A case of the period with its item and department (the CSV's first columns: 办件编号, 部门编码, …, 事项编码).
	const csv = await (await sup.get(`/api/cases?${RANGE}&format=csv&limit=1`)).text();
	const [caseId, dept, , item] = csv
		.replace(/^\uFEFF/, '')
		.split('\r\n')[1]
		.split(',');
	expect(caseId).toMatch(/^BJ/);
	// The supervisor raises a notice on that department (the notices journey is notices.spec.ts).
	const raised = await sup.post('/notices/new', {
		form: {
			dept,
			title: '手机端检查督办',
			problem: '手机端页面检查。',
			required_action: '按期报送整改情况。',
			deadline: '10'
		},
		maxRedirects: 0,
		headers: { accept: 'text/html' }
	});
	expect(raised.status(), await raised.text()).toBe(303);
	const notice = /\/notices\/(\d+)$/.exec(raised.headers()['location'] ?? '')?.[1];
	expect(notice).toBeTruthy();
	const task = await firstLink(sup, '/tasks', /href="\/tasks\/(\d+)"/);
	const project = await firstProject(sup);
	await sup.dispose();

	// The department's own account (no harm when an earlier run of this file on the same server made it).
	const admin = await apiSession(baseURL!, 'admin');
	await admin.post('/admin/users?/create', {
		form: { ...PHONE_DEPT, role: 'department', depts: dept, displayName: '手机端部门账号' },
		headers: { accept: 'application/json', 'x-sveltekit-action': 'true' }
	});
	await admin.dispose();
	const own = await formSession(baseURL!, PHONE_DEPT.username, PHONE_DEPT.password);
	const ownTask = await firstLink(own, '/tasks', /href="\/tasks\/(\d+)"/);
	const ownProject = await firstProject(own);
	await own.dispose();

	ids = { dept, item, caseId, notice: notice!, task, project, ownTask, ownProject };
	for (const who of ['leader', 'supervisor', 'department', 'admin', 'ownDept'] as const)
		contexts.set(who, await signedIn(browser, baseURL!, who));
	fs.mkdirSync(SHOTS, { recursive: true });
});

test.afterAll(async () => {
	for (const ctx of contexts.values()) await ctx.close();
	contexts.clear();
});

/** Let the hydrated page lay out (charts size themselves in an effect after hydration). */
/** The geometry of the phone layout: page width, clipped KPI figures, wide tables without a fixed first column. */
async function measure(page: Page) {
	return page.evaluate(() => {
		const overflowsX = (el: Element) => {
			const s = getComputedStyle(el);
			return el.scrollWidth > el.clientWidth + 1 && (s.overflowX === 'auto' || s.overflowX === 'scroll');
		};
		const kpis = [...document.querySelectorAll<HTMLElement>('.kpi-card [data-kpi]')];
		const clipped = kpis
			.filter((el) => {
				const card = el.closest('.kpi-card')!.getBoundingClientRect();
				const box = el.getBoundingClientRect();
				return el.scrollWidth > el.clientWidth || box.right > card.right + 0.5 || card.right > innerWidth;
			})
			.map((el) => `${el.dataset.kpi}=${el.textContent?.trim()}`);
		const unfixed = [...document.querySelectorAll('table')]
			.filter((t) => t.getClientRects().length > 0)
			.filter((t) => overflowsX(t) || (t.parentElement !== null && overflowsX(t.parentElement)))
			.filter((t) => {
				const first = t.querySelector('tbody tr > :first-child') ?? t.querySelector('tr > :first-child');
				return !first || getComputedStyle(first).position !== 'sticky';
			})
			.map((t) => t.querySelector('caption')?.textContent?.trim() || t.getAttribute('aria-label') || 'table');
		return {
			scrollWidth: document.documentElement.scrollWidth,
			innerWidth,
			kpiCount: kpis.length,
			clipped,
			unfixed
		};
	});
}

/** Open `path` (unless the page is already there) and check the phone layout; a screenshot once per page and width. */
async function checkPage(page: Page, path: string, name: string, width: number, open = true) {
	if (open) {
		const res = await page.goto(path);
		expect.soft(res?.status(), `${path}: HTTP status`).toBe(200);
	}
	await settled(page);
	const m = await measure(page);
	expect.soft(m.innerWidth, `${path}: viewport`).toBe(width);
	expect
		.soft(m.scrollWidth, `${path} at ${width}px: the page scrolls sideways`)
		.toBeLessThanOrEqual(m.innerWidth);
	expect.soft(m.clipped, `${path} at ${width}px: KPI figures cut off`).toEqual([]);
	expect.soft(m.unfixed, `${path} at ${width}px: wide tables without a fixed first column`).toEqual([]);
	const key = `${name}-${width}`;
	if (!shot.has(key)) {
		shot.add(key);
		if (await page.locator('.chart').count()) await page.waitForTimeout(400); // charts' entry animation
		await page.screenshot({ path: `${SHOTS}/${key}.png`, fullPage: true });
	}
}

/** Tap 菜单, tap a link, land on its page with the menu closed; entries are ≥ 44 px touch targets. */
async function menuNavigates(page: Page, width: number, linkName: string, path: RegExp) {
	const banner = page.getByRole('banner');
	const toggle = banner.getByText('菜单', { exact: true });
	const nav = banner.getByRole('navigation', { name: '主导航' });
	await expect(toggle).toBeVisible();
	await expect(nav).toBeHidden();
	const title = await banner.getByRole('link', { name: '放管服改革绩效分析平台' }).boundingBox();
	expect(title!.height, 'the title keeps to one line').toBeLessThan(50);
	expect((await toggle.boundingBox())!.height).toBeGreaterThanOrEqual(44);
	await toggle.tap();
	await expect(nav).toBeVisible();
	for (const link of await nav.getByRole('link').all())
		expect(
			(await link.boundingBox())!.height,
			`menu entry ${await link.textContent()}`
		).toBeGreaterThanOrEqual(44);
	// The language switch and the account are in the menu too.
	await expect(banner.getByRole('link', { name: '语言' })).toBeVisible();
	await expect(banner.getByRole('button', { name: '退出登录' })).toBeVisible();
	const shotKey = `menu-${width}`;
	if (!shot.has(shotKey)) {
		shot.add(shotKey);
		await page.screenshot({ path: `${SHOTS}/${shotKey}.png` });
	}
	await nav.getByRole('link', { name: linkName, exact: true }).tap();
	await expect(page).toHaveURL(path);
	await expect(nav).toBeHidden();
}

/** The dashboard filters fold behind 筛选 and open as a sheet of ≥ 44 px controls. */
async function filterSheet(page: Page, width: number) {
	const form = page.getByRole('form', { name: '筛选条件' });
	await expect(form).toBeHidden();
	const toggle = page.locator('summary', { hasText: '筛选' });
	expect((await toggle.boundingBox())!.height).toBeGreaterThanOrEqual(44);
	await toggle.tap();
	await expect(form).toBeVisible();
	for (const control of await form.getByRole('combobox').all())
		expect((await control.boundingBox())!.height).toBeGreaterThanOrEqual(44);
	const m = await measure(page);
	expect(m.scrollWidth).toBeLessThanOrEqual(m.innerWidth);
	await page.screenshot({ path: `${SHOTS}/filter-sheet-${width}.png` });
	await toggle.tap();
	await expect(form).toBeHidden();
}

const ROLE_TESTS: { who: Who; label: string }[] = [
	{ who: 'leader', label: 'leader' },
	{ who: 'supervisor', label: 'supervisor' },
	{ who: 'department', label: 'department user (D01)' },
	{ who: 'ownDept', label: "department user of the case's unit" },
	{ who: 'admin', label: 'administrator' }
];

for (const size of SIZES) {
	for (const { who, label } of ROLE_TESTS) {
		test(`${label} at ${size.width}×${size.height}: every page fits the phone`, async () => {
			test.setTimeout(90_000);
			// Three tabs of the one signed-in context share the pages (the server answers them in parallel).
			const ctx = contexts.get(who)!;
			const tabs = await Promise.all(
				[0, 1, 2].map(async () => {
					const tab = hydratingPage(await ctx.newPage());
					await tab.setViewportSize(size);
					return tab;
				})
			);
			try {
				const queue = pagesFor(who).filter(([path]) => path !== '/overview');
				const work = async (tab: Page) => {
					for (let next = queue.shift(); next; next = queue.shift())
						await checkPage(tab, next[0], next[1], size.width);
				};
				await Promise.all([
					(async () => {
						// The menu takes the first tab from the account page to the overview, which is checked there.
						await tabs[0].goto('/account');
						await menuNavigates(tabs[0], size.width, '总览', /\/overview/);
						await expect(tabs[0].getByRole('heading', { level: 1, name: '总览' })).toBeVisible();
						await checkPage(tabs[0], '/overview', 'overview', size.width, false);
						await work(tabs[0]);
					})(),
					...tabs.slice(1).map(work)
				]);
			} finally {
				for (const tab of tabs) await tab.close();
			}
		});
	}

	test(`the overview at ${size.width}×${size.height}: figures, lagging units and notices first; filters in a sheet; a chart's table`, async () => {
		const page = hydratingPage(await contexts.get('supervisor')!.newPage());
		await page.setViewportSize(size);
		try {
			await page.goto('/overview');
			await settled(page);
			const top = async (name: RegExp) =>
				(await page.getByRole('heading', { level: 2, name }).boundingBox())!.y;
			// Reading order on the phone: cards, then the lagging units, then the notices, then the trends.
			const cards = (await page.getByRole('region', { name: '核心指标' }).boundingBox())?.y ?? 0;
			expect(cards).toBeLessThan(await top(/后进单位/));
			expect(await top(/后进单位/)).toBeLessThan(await top(/本期督办事项/));
			expect(await top(/本期督办事项/)).toBeLessThan(await top(/近12个月趋势/));
			// One tap from the detail: a lagging unit → its scorecard, overdue notices → the list.
			const lagging = page.getByRole('region', { name: /后进单位/ });
			await expect(lagging.getByRole('rowheader').first().getByRole('link')).toHaveAttribute(
				'href',
				/\/departments\//
			);
			await expect(
				page.getByRole('region', { name: '本期督办事项' }).getByRole('link').nth(1)
			).toHaveAttribute('href', /\/notices\?overdue=1/);
			const before = await measure(page);
			expect(before.kpiCount, 'the KPI check sees the headline cards').toBeGreaterThanOrEqual(10);
			expect(before.clipped).toEqual([]);
			await filterSheet(page, size.width);
			// A chart keeps its table view on the phone.
			await page.getByRole('button', { name: '表格' }).first().tap();
			await expect(page.getByRole('table', { name: /实际提速率/ })).toBeVisible();
			const m = await measure(page);
			expect(m.scrollWidth).toBeLessThanOrEqual(m.innerWidth);
		} finally {
			await page.close();
		}
	});

	test(`sign-in page at ${size.width}×${size.height}`, async ({ browser, baseURL }) => {
		const ctx = await browser.newContext({ baseURL, viewport: size, hasTouch: true, locale: 'zh-CN' });
		const page = hydratingPage(await ctx.newPage());
		try {
			await checkPage(page, '/login', 'login', size.width);
			await expect(page.getByRole('button', { name: '登录' })).toBeVisible();
		} finally {
			await ctx.close();
		}
	});
}

test('without JavaScript the menu still opens and navigates (390 px)', async ({ browser, baseURL }) => {
	const api = await apiSession(baseURL!, 'leader');
	const storageState = await api.storageState();
	await api.dispose();
	const ctx = await browser.newContext({
		baseURL,
		storageState,
		viewport: SIZES[0],
		javaScriptEnabled: false
	});
	const page = await ctx.newPage();
	try {
		await page.goto('/overview');
		const banner = page.getByRole('banner');
		const nav = banner.getByRole('navigation', { name: '主导航' });
		await expect(nav).toBeHidden();
		await banner.getByText('菜单', { exact: true }).click();
		await expect(nav).toBeVisible();
		await nav.getByRole('link', { name: '改革任务', exact: true }).click();
		await expect(page).toHaveURL(/\/tasks/);
		await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
		// The filter sheet opens without scripts too.
		await page.goto('/timeliness');
		await page.getByText('筛选', { exact: true }).click();
		await expect(page.getByRole('form', { name: '筛选条件' })).toBeVisible();
	} finally {
		await ctx.close();
	}
});
