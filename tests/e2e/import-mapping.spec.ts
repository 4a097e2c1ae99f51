/**
 * Issue 12's mapping journey: an admin drops a platform export whose headers the default profile does not know
 * (提交日期, 登记时间, 内部编号, 备注, 当前状态 with the platform's own status word 已送达), corrects two
 * proposed mappings and the unknown status value, previews (counts, nothing written), imports and saves the
 * mapping; the data shows up; the next export of the same layout imports with no questions. The API answers
 * 422 with the inspection for a layout nobody mapped.
 * Runs against a private server holding the e2e demo's catalogue (regions, departments, items), so the cases
 * name item and department codes that exist; its imports do not touch the shared e2e data.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Page } from '@playwright/test';
import { expect, test } from './fixtures';
import { hydrated } from './auth-helpers';
import { cli, startServer, type OwnServer } from './own-server';

const DEMO = 'test-results/e2e-demo'; // written by prepare-server.ts before the suite
const SHOTS = 'tests/screenshots/import-mapping';

let server: OwnServer;
let dir: string;
let items: { item: string; dept: string }[] = [];

test.beforeAll(async () => {
	test.setTimeout(180_000);
	dir = fs.mkdtempSync(path.join(os.tmpdir(), 'e2e-mapping-'));
	const env = { DATA_DIR: dir, DATABASE_URL: '' };
	cli(env, 'user', 'add', '--username', 'boss', '--password', 'boss-password', '--role', 'admin');
	const catalogue = ['regions.csv', 'departments.csv', 'items.csv'].map((f) => path.join(DEMO, f));
	cli(env, 'ingest', '--db', path.join(dir, 'analytics.duckdb'), ...catalogue);
	// two items and their departments from the demo catalogue
	const lines = fs.readFileSync(path.join(DEMO, 'items.csv'), 'utf8').split(/\r?\n/).filter(Boolean);
	const head = lines[0].split(',');
	const [ic, dc] = [head.indexOf('item_code'), head.indexOf('dept_code')];
	items = lines.slice(1, 3).map((l) => {
		const f = l.split(',');
		return { item: f[ic], dept: f[dc] };
	});
	server = await startServer(env);
});
test.afterAll(async () => {
	await server?.stop();
	if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

const tag = Date.now().toString(36).toUpperCase();
const HEADER = '业务流水号,事项编码,办理部门编码,提交日期,登记时间,办毕时间,当前状态,内部编号,备注';
function exportCsv(batch: number): string {
	const rows = [
		[`YW${tag}${batch}01`, 0, '2025-03-03', '2025-03-03 09:10', '2025-03-07 16:20', '已送达', '材料齐全'],
		[`YW${tag}${batch}02`, 1, '2025/3/4', '2025-03-04 10:00', '2025-03-10 11:00', '办结', ''],
		[`YW${tag}${batch}03`, 0, '2025年3月5日', '2025-03-05 14:30', '', '在办', '']
	].map(([id, k, sub, acc, done, status, note], i) => {
		const it = items[k as number];
		return [id, it.item, it.dept, sub, acc, done, status, `NB${tag}${batch}00${i}`, note].join(',');
	});
	return [HEADER, ...rows].join('\r\n') + '\r\n';
}

async function signIn(page: Page) {
	await page.goto(`${server.base}/login`);
	await hydrated(page);
	await page.getByLabel('用户名').fill('boss');
	await page.getByLabel('密码').fill('boss-password');
	await page.getByRole('button', { name: '登录' }).click();
	await expect(page).not.toHaveURL(/\/login/);
}

async function upload(page: Page, name: string, csv: string) {
	await page.goto(`${server.base}/admin/imports`);
	await hydrated(page);
	await page.getByLabel('或选择文件').setInputFiles({ name, mimeType: 'text/csv', buffer: Buffer.from(csv) });
	await page.getByRole('button', { name: '开始导入' }).click();
}

async function casesOnHome(page: Page) {
	await page.goto(`${server.base}/`);
	return (
		await page.getByRole('row', { name: /办件/ }).first().getByRole('cell').nth(1).textContent()
	)?.trim();
}

test('an export with unknown headers: correct the proposals and a status word, preview, import and save; the next export of that layout imports without questions', async ({
	page
}) => {
	test.setTimeout(180_000);
	await signIn(page);
	expect(await casesOnHome(page)).toBe('空');

	await upload(page, '办件导出-第1批.csv', exportCsv(1));
	await expect(page).toHaveURL(/\/admin\/imports\?mapping=[0-9a-f]{32}$/);
	await expect(page.getByRole('heading', { name: '核对字段对应' })).toBeVisible();
	await expect(page.getByText(/表头位于第 1 行，共 3 行数据/)).toBeVisible();
	// known headers are taken from the profile, the others proposed (or left open)
	await expect(page.getByLabel('事项编码 对应字段')).toHaveValue('item_code');
	await expect(page.getByLabel('业务流水号 对应字段')).toHaveValue('case_id');
	await expect(page.getByLabel('办毕时间 对应字段')).toHaveValue('completed_at');
	await expect(page.getByLabel('提交日期 对应字段')).toHaveValue('submitted_at');
	const map = page.getByRole('table', { name: /字段对应/ });
	await expect(map.getByRole('row', { name: /提交日期/ })).toContainText(/建议\s*\d+%/);
	// the platform's status word is listed as unknown, with its count
	const unknownValues = page.getByRole('group', { name: '当前状态 → status' });
	await expect(unknownValues).toContainText('已送达');
	await expect(unknownValues).toContainText('1 行');

	await page.setViewportSize({ width: 1440, height: 900 });
	await page.screenshot({ path: `${SHOTS}/1-mapping-1440.png`, fullPage: true });
	await page.setViewportSize({ width: 360, height: 800 });
	await page.screenshot({ path: `${SHOTS}/2-mapping-360.png`, fullPage: true });
	await page.setViewportSize({ width: 1440, height: 900 });

	// correct two mappings (an internal reference number is no region code; the remark is the reason text) and the
	// unknown value; the proposal for 登记时间 (accepted_at, from its values) is kept
	await expect(page.getByLabel('登记时间 对应字段')).toHaveValue('accepted_at');
	await page.getByLabel('内部编号 对应字段').selectOption('');
	await page.getByLabel('备注 对应字段').selectOption('reject_reason');
	await page.getByLabel('已送达 对应取值').selectOption('completed');

	// preview: the counts, before anything is written
	await page.getByRole('button', { name: '预览' }).click();
	const preview = page.getByRole('region', { name: '预览结果（尚未写入）' });
	await expect(preview).toBeVisible({ timeout: 30_000 });
	const row = preview.getByRole('row', { name: /办件导出-第1批\.csv/ });
	await expect(row.getByRole('cell').nth(2)).toHaveText('3'); // read
	await expect(row.getByRole('cell').nth(3)).toHaveText('3'); // stored
	await expect(row.getByRole('cell').nth(5)).toHaveText('0'); // rejected
	// the choices survive the preview
	await expect(page.getByLabel('备注 对应字段')).toHaveValue('reject_reason');
	await expect(page.getByLabel('已送达 对应取值')).toHaveValue('completed');
	await page.screenshot({ path: `${SHOTS}/3-preview-1440.png`, fullPage: true });
	const other = await page.context().newPage();
	await other.goto(`${server.base}/`);
	await expect(other.getByRole('row', { name: /办件/ }).first().getByRole('cell').nth(1)).toHaveText('空');
	await other.close();

	// import and save the mapping
	await page.getByLabel('映射配置名称').fill('county-e2e');
	await page.getByRole('button', { name: '导入并保存映射' }).click();
	await expect(page).toHaveURL(/\/admin\/imports\/\d+$/);
	await expect(page.getByRole('status')).toContainText('已入库', { timeout: 30_000 });
	await expect(
		page
			.getByRole('region', { name: '导入结果' })
			.getByRole('row', { name: /第1批/ })
			.getByRole('cell')
			.nth(3)
	).toHaveText('3');
	expect(await casesOnHome(page)).toBe('3');

	// the next export of the same layout: straight to the job, no mapping step
	await upload(page, '办件导出-第2批.csv', exportCsv(2));
	await expect(page).toHaveURL(/\/admin\/imports\/\d+$/);
	await expect(page.getByRole('status')).toContainText('已入库', { timeout: 30_000 });
	await expect(
		page
			.getByRole('region', { name: '导入结果' })
			.getByRole('row', { name: /第2批/ })
			.getByRole('cell')
			.nth(3)
	).toHaveText('3');
	expect(await casesOnHome(page)).toBe('6');

	// the profile is stored as version 1, exportable as JSON
	await page.goto(`${server.base}/admin/profiles`);
	const prof = page.getByRole('row', { name: /county-e2e/ });
	await expect(prof).toContainText('v1');
	const res = await page.request.get(`${server.base}/admin/profiles/county-e2e/export`);
	expect(res.status()).toBe(200);
	const json = await res.json();
	expect(json).toMatchObject({
		name: 'county-e2e',
		version: 1,
		extends: 'default-zh',
		columns: {
			cases: { 业务流水号: 'case_id', 登记时间: 'accepted_at', 内部编号: null, 备注: 'reject_reason' }
		},
		values: { 'cases.status': { 已送达: 'completed' } }
	});
	expect(json.signature.cases).toEqual(HEADER.split(','));

	// the API: a layout nobody mapped gets 422 with the inspection, the mapped one is imported
	const unknown = await page.request.post(
		`${server.base}/api/imports?filename=${encodeURIComponent('办件-x.csv')}`,
		{
			data: '流水,日子\nA1,2025-01-01\n',
			headers: { 'content-type': 'text/csv', origin: server.base }
		}
	);
	expect(unknown.status()).toBe(422);
	const body = await unknown.json();
	expect(body.inspection.parts[0].headers).toEqual(['流水', '日子']);
	const known = await page.request.post(
		`${server.base}/api/imports?filename=${encodeURIComponent('办件导出-第3批.csv')}`,
		{
			data: exportCsv(3),
			headers: { 'content-type': 'text/csv', origin: server.base }
		}
	);
	expect(known.status()).toBe(202);
	expect(await known.json()).toMatchObject({ id: expect.any(Number), profile: 'county-e2e' });
});
