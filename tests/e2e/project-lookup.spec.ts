/**
 * 项目业主查询 (issue 14) — the public progress lookup, as a project owner uses it on a phone:
 *  1. on the shared e2e server (demo data from prepare-server.ts): signed out, at 390×844, the owner types a demo
 *     project's code and the last 6 characters of its owner's 统一社会信用代码 (both read from the generated
 *     projects.csv) and sees the four stages with their state, dates and working days — and no case id,
 *     department, item or owner name; no sideways scrolling at 390, 360 and 1440 px; screenshots at 390×844 and
 *     360×740 (tests/screenshots/project-lookup/);
 *  2. on a private server (tests/e2e/project-lookup-fixture.ts — so the loopback IP it locks is not the shared
 *     server's): ten wrong verification values in a row are throttled, and then the right value is refused too;
 *     restarted with PROJECT_LOOKUP=off, the page and its action answer 404 and the sign-in page drops its link.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Page } from '@playwright/test';
import { expect, test } from './fixtures';
import { expectNoSideScroll } from './layout';
import { startServer, type OwnServer } from './own-server';

/** Where prepare-server.ts has the demo generator write the files it imports. */
const DEMO_DIR = 'test-results/e2e-demo';
const SHOTS = 'tests/screenshots/project-lookup';
const STAGE_STATES = /已完成|办理中|待申报|未开始/;

/** A small CSV reader for the generator's files (RFC 4180 quoting). */
function readCsv(file: string): Record<string, string>[] {
	const text = fs.readFileSync(file, 'utf8').replace(/^\uFEFF/, '');
	const rows: string[][] = [];
	let row: string[] = [];
	let cell = '';
	let quoted = false;
	const endCell = () => {
		row.push(cell);
		cell = '';
	};
	const endRow = () => {
		endCell();
		rows.push(row);
		row = [];
	};
	for (let i = 0; i < text.length; i++) {
		const c = text[i];
		if (quoted) {
			if (c === '"' && text[i + 1] === '"') {
				cell += '"';
				i++;
			} else if (c === '"') quoted = false;
			else cell += c;
		} else if (c === '"') quoted = true;
		else if (c === ',') endCell();
		else if (c === '\n' || c === '\r') {
			if (c === '\r' && text[i + 1] === '\n') i++;
			endRow();
		} else cell += c;
	}
	if (cell || row.length) endRow();
	const [head, ...body] = rows;
	return body.filter((r) => r.length > 1).map((r) => Object.fromEntries(head.map((h, j) => [h, r[j] ?? ''])));
}

interface DemoProject {
	code: string;
	value: string;
	name: string;
	owner: string;
	ownerCode: string;
	caseIds: string[];
	deptNames: string[];
	itemNames: string[];
}

/** A demo project with cases (the one with the most), its owner's verification value and what must not show. */
function demoProject(): DemoProject | null {
	const file = path.join(DEMO_DIR, 'projects.csv');
	if (!fs.existsSync(file)) return null;
	const projects = readCsv(file).filter((p) => p.project_code && p.owner_code);
	if (!projects.length) return null;
	const cases = readCsv(path.join(DEMO_DIR, 'cases.csv')).filter((c) => c.project_code);
	const count = new Map<string, number>();
	for (const c of cases) count.set(c.project_code, (count.get(c.project_code) ?? 0) + 1);
	const p = [...projects].sort(
		(a, b) => (count.get(b.project_code) ?? 0) - (count.get(a.project_code) ?? 0)
	)[0];
	const mine = cases.filter((c) => c.project_code === p.project_code);
	const depts = readCsv(path.join(DEMO_DIR, 'departments.csv'));
	const items = readCsv(path.join(DEMO_DIR, 'items.csv'));
	const myDepts = new Set(mine.map((c) => c.dept_code));
	const myItems = new Set(mine.map((c) => c.item_code));
	return {
		code: p.project_code,
		value: p.owner_code.slice(-6),
		name: p.name,
		owner: p.owner_name,
		ownerCode: p.owner_code,
		caseIds: mine.map((c) => c.case_id),
		deptNames: depts.filter((d) => myDepts.has(d.dept_code)).map((d) => d.name),
		itemNames: items.filter((i) => myItems.has(i.item_code)).map((i) => i.name)
	};
}

async function lookUp(page: Page, code: string, value: string) {
	await page.getByLabel('项目代码').fill(code);
	await page.getByLabel(/统一社会信用代码后 6 位/).fill(value);
	await page.getByRole('button', { name: '查询' }).click();
}

/** Look up through the form and wait until the page shows the answer; the action's status. */
async function submit(page: Page, code: string, value: string): Promise<number> {
	const answer = page.waitForResponse(
		(r) => new URL(r.url()).pathname === '/project-status' && r.request().method() === 'POST'
	);
	await lookUp(page, code, value);
	const status = ((await (await answer).json()) as { status: number }).status;
	await expect(page.getByRole('button', { name: '查询' })).toBeEnabled();
	return status;
}

test('an owner looks up their project on a phone and sees stage progress only', async ({ page }) => {
	const p = demoProject();
	// Skip reason: the demo generator of this checkout writes no projects.csv with owner codes (issue 14 demo data).
	test.skip(!p, `${DEMO_DIR}/projects.csv with owner_code is missing — the demo has no projects`);
	const demo = p!;
	const errors: string[] = [];
	page.on('pageerror', (e) => errors.push(e.message));
	await page.setViewportSize({ width: 390, height: 844 });

	const res = await page.goto('/project-status');
	expect(res?.status()).toBe(200);
	expect(res?.headers()['cache-control']).toBe('no-store');
	expect(res?.headers()['x-robots-tag']).toContain('noindex');
	await expect(page.locator('meta[name="robots"]')).toHaveAttribute('content', /noindex/);
	await expect(page.getByRole('heading', { level: 1, name: '工程建设项目审批进度查询' })).toBeVisible();
	await expectNoSideScroll(page, 'form at 390');

	expect(await submit(page, demo.code, demo.value.toLowerCase())).toBe(200);
	const result = page.getByRole('region', { name: demo.name });
	await expect(result).toBeVisible();
	// the verification value is not in the URL, and the form no longer holds it
	expect(page.url()).not.toContain(demo.value);
	await expect(page.getByLabel(/统一社会信用代码后 6 位/)).toHaveValue('');
	await expect(result.getByText(demo.code, { exact: true })).toBeVisible();
	await expect(result.getByText('审批用时', { exact: true })).toBeVisible();
	await expect(result.getByText(/目标 \d+ 个工作日/)).toBeVisible();
	const stages = result.getByRole('listitem');
	await expect(stages).toHaveCount(4);
	for (const [i, name] of ['立项用地规划许可', '工程建设许可', '施工许可', '竣工验收'].entries()) {
		await expect(stages.nth(i)).toContainText(name);
		await expect(stages.nth(i)).toContainText(STAGE_STATES);
	}
	// a started stage shows its dates and working days
	await expect(stages.first()).toContainText(/\d{4}-\d{2}-\d{2}/);
	await expect(stages.first()).toContainText(/\d+ 个工作日/);

	// nothing else: no case id, department, item or owner name, not the owner's code
	const html = await page.content();
	const text = await page.locator('body').innerText();
	for (const s of [...demo.caseIds, ...demo.deptNames, ...demo.itemNames, demo.owner, demo.ownerCode]) {
		expect(text, `visible text shows ${s}`).not.toContain(s);
		expect(html, `page source holds ${s}`).not.toContain(s);
	}

	await expectNoSideScroll(page, 'result at 390');
	fs.mkdirSync(SHOTS, { recursive: true });
	await page.screenshot({ path: `${SHOTS}/1-result-390x844.png`, fullPage: true });
	await page.setViewportSize({ width: 360, height: 740 });
	await expectNoSideScroll(page, 'result at 360');
	await page.screenshot({ path: `${SHOTS}/2-result-360x740.png`, fullPage: true });
	await page.setViewportSize({ width: 1440, height: 900 });
	await expectNoSideScroll(page, 'result at 1440');
	await page.screenshot({ path: `${SHOTS}/3-result-1440.png` });

	// English on request
	await page.goto('/project-status?lang=en');
	await expect(
		page.getByRole('heading', { level: 1, name: 'Construction project approval progress' })
	).toBeVisible();
	await expect(page.getByLabel('Last 6 characters of the unified social credit code')).toBeVisible();
	await page.goto('/project-status?lang=zh');
	expect(errors).toEqual([]);
});

test.describe('on a private server', () => {
	let server: OwnServer | null = null;
	let dir = '';
	let fx: { projects: { code: string; value: string }[] };

	test.beforeAll(async () => {
		test.setTimeout(240_000);
		// Skip reason: run without a production build (npm test builds first).
		test.skip(!fs.existsSync('build/index.js'), 'needs npm run build');
		dir = fs.mkdtempSync(path.join(os.tmpdir(), 'e2e-lookup-'));
		const out = execFileSync('npx', ['tsx', 'tests/e2e/project-lookup-fixture.ts', dir], {
			encoding: 'utf8',
			timeout: 120_000
		});
		fx = JSON.parse(out.trim().split('\n').pop()!);
		server = await startServer({ DATA_DIR: dir, DATABASE_URL: '', ANALYTICS_DB: '', PREWARM: '0' });
	});
	test.afterAll(async () => {
		await server?.stop();
		if (dir) fs.rmSync(dir, { recursive: true, force: true });
	});

	test('ten wrong verification values in a row are throttled; then the right one is refused too', async ({
		page
	}) => {
		test.setTimeout(120_000);
		const s = server!;
		const { code, value } = fx.projects[0];
		await page.setViewportSize({ width: 390, height: 844 });
		await page.goto(`${s.base}/project-status`);
		const alert = page.getByRole('alert');
		const messages: string[] = [];
		const statuses: number[] = [];
		for (let i = 1; i <= 10; i++) {
			statuses.push(await submit(page, code, `00000${i % 10}`));
			messages.push((await alert.innerText()).trim());
		}
		const throttledAt = messages.findIndex((m) => /尝试次数过多/.test(m)) + 1;
		expect(throttledAt, messages.join('\n')).toBeGreaterThan(0);
		expect(throttledAt).toBeLessThanOrEqual(10);
		// the first answers are the one generic refusal, naming no project
		expect(messages[0]).toBe('未查到与输入相符的项目。请核对项目代码和统一社会信用代码后 6 位。');
		expect(statuses[0]).toBe(400);
		expect(messages.at(-1)).toMatch(/查询尝试次数过多，请在 .+后再试。/);
		expect(statuses.at(-1)).toBe(429);

		// the right value is now refused as well, with 429 and the wait
		expect(await submit(page, code, value)).toBe(429);
		await expect(alert).toContainText('查询尝试次数过多');
		await expect(page.getByRole('heading', { level: 2 })).toHaveCount(0);
		fs.mkdirSync(SHOTS, { recursive: true });
		await page.screenshot({ path: `${SHOTS}/4-throttled-390x844.png`, fullPage: true });
	});

	test('switched off (PROJECT_LOOKUP=off): the page and its action answer 404, the sign-in page has no link', async ({
		page
	}) => {
		test.setTimeout(180_000);
		// on: the sign-in page links to the lookup
		await page.goto(`${server!.base}/login`);
		await expect(page.getByRole('link', { name: '项目单位查询工程建设项目审批进度' })).toBeVisible();
		await server!.stop();
		server = await startServer({
			DATA_DIR: dir,
			DATABASE_URL: '',
			ANALYTICS_DB: '',
			PREWARM: '0',
			PROJECT_LOOKUP: 'off'
		});
		const base = server.base;
		expect((await fetch(`${base}/project-status`)).status).toBe(404);
		expect(await (await fetch(`${base}/project-status/__data.json`)).text()).not.toContain('chars');
		const post = await fetch(`${base}/project-status`, {
			method: 'POST',
			headers: {
				origin: base,
				'content-type': 'application/x-www-form-urlencoded',
				accept: 'application/json',
				'x-sveltekit-action': 'true'
			},
			body: new URLSearchParams({ code: fx.projects[0].code, value: fx.projects[0].value })
		});
		const j = await post.json();
		expect(j.status ?? post.status, JSON.stringify(j)).toBe(404);
		expect(JSON.stringify(j)).not.toContain('stages');
		await page.goto(`${base}/login`);
		await expect(page.getByRole('heading', { name: '登录' })).toBeVisible();
		await expect(page.getByRole('link', { name: '项目单位查询工程建设项目审批进度' })).toHaveCount(0);
	});
});
