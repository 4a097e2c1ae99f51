/**
 * Issue 5's import journey: an admin drops two GBK-encoded Chinese CSV files (regions and departments, the
 * latter with bad rows) on the import screen, watches the progress, reads the summary and the first rejects
 * with their row numbers, downloads every reject as CSV, and finds the import in the history.
 * Runs against a private server (own-server.ts): imports must not change the data the dashboard specs read.
 */
import type { Page } from '@playwright/test';
import { expect, test } from './fixtures';
import { gbEncode } from '../fixtures/ingest-data';
import { hydrated, loginAs } from './auth-helpers';
import { privateServer } from './own-server';

let server: Awaited<ReturnType<typeof privateServer>>;
test.beforeAll(async () => {
	server = await privateServer();
});
test.afterAll(async () => {
	await server?.cleanup();
});

async function signIn(page: Page) {
	await page.goto(`${server.base}/login`);
	await hydrated(page);
	await page.getByLabel('用户名').fill('boss');
	await page.getByLabel('密码').fill('boss-password');
	await page.getByRole('button', { name: '登录' }).click();
	await expect(page).not.toHaveURL(/\/login/);
}

// Codes unique per run: the e2e analytics database persists, and an identical file would be skipped.
const tag = Date.now().toString(36).toUpperCase();
const regions = ['区划代码,区划名称,层级,上级区划代码', `R${tag},测试市,city,`, `R${tag}1,东区,county,R${tag}`, `R${tag}2,西区,county,R${tag}`].join('\r\n') + '\r\n';
const departments =
	[
		'部门编码,部门名称,区划代码,考核分组',
		`E${tag}01,东区市场监管局,R${tag}1,县区部门`,
		`E${tag}02,东区民政局,R${tag}1,县区部门`,
		`,无编码的部门,R${tag}1,县区部门`, // row 4: dept_code missing
		`E${tag}04,不存在区划的部门,R${tag}9,县区部门`, // row 5: unknown region
		`E${tag}05,西区住建局,R${tag}2,县区部门`
	].join('\r\n') + '\r\n';

test('admin imports GBK Chinese CSVs with bad rows: drop, progress, summary, rejects with row numbers, download, history', async ({ page }) => {
	await signIn(page);
	await page.goto(`${server.base}/admin/imports`);
	await hydrated(page);
	await expect(page.getByRole('heading', { name: '数据导入' })).toBeVisible();

	// drag and drop both files onto the drop zone (files made in the page, bytes from GBK)
	const files = [
		{ name: '区划.csv', b64: gbEncode(regions, 'gbk').toString('base64') },
		{ name: '部门.csv', b64: gbEncode(departments, 'gbk').toString('base64') }
	];
	const dt = await page.evaluateHandle((fs) => {
		const d = new DataTransfer();
		for (const f of fs) {
			const bytes = Uint8Array.from(atob(f.b64), (c) => c.charCodeAt(0));
			d.items.add(new File([bytes], f.name, { type: 'text/csv' }));
		}
		return d;
	}, files);
	await page.getByRole('group', { name: /把文件拖到这里/ }).dispatchEvent('drop', { dataTransfer: dt });
	const chosen = page.getByRole('list', { name: '已选文件' });
	await expect(chosen).toContainText('区划.csv');
	await expect(chosen).toContainText('部门.csv');
	await page.getByLabel('编码').selectOption('gbk');
	await page.getByRole('button', { name: '开始导入' }).click();

	// the job page: progress bar, then the result
	await expect(page).toHaveURL(/\/admin\/imports\/\d+$/);
	const jobUrl = page.url();
	await expect(page.getByRole('progressbar', { name: '导入进度' })).toBeVisible();
	await expect(page.getByRole('status')).toContainText('已入库', { timeout: 30_000 });
	await expect(page.getByRole('progressbar', { name: '导入进度' })).toHaveAttribute('value', '100');

	const summary = page.getByRole('region', { name: '导入结果' });
	await expect(summary.getByRole('row', { name: /区划\.csv/ })).toContainText('3');
	const deptRow = summary.getByRole('row', { name: /部门\.csv/ });
	await expect(deptRow.getByRole('cell').nth(3)).toHaveText('3'); // stored
	await expect(deptRow.getByRole('cell').nth(5)).toHaveText('2'); // rejected

	const rejects = page.getByRole('region', { name: /拒收记录/ });
	await expect(rejects.getByRole('row', { name: /部门\.csv\s+4\b/ })).toContainText('部门编码');
	await expect(rejects.getByRole('row', { name: /部门\.csv\s+5\b/ })).toContainText(`R${tag}9`);

	// every reject as CSV (UTF-8 with BOM, Chinese reasons)
	const link = rejects.getByRole('link', { name: '下载全部拒收记录' });
	const res = await page.request.get(`${server.base}${await link.getAttribute('href')}`);
	expect(res.status()).toBe(200);
	expect(res.headers()['content-type']).toContain('text/csv');
	const csv = await res.body();
	expect([...csv.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
	const text = csv.toString('utf8');
	expect(text).toContain('部门.csv');
	expect(text.split('\r\n').filter((l) => l.includes('部门.csv'))).toHaveLength(2);

	// leave and come back: the history lists it, the job page still shows the result
	await page.goto(`${server.base}/admin/imports`);
	const id = jobUrl.split('/').pop();
	const hist = page.getByRole('row', { name: new RegExp(`#${id}`) });
	await expect(hist).toContainText('已入库');
	await expect(hist).toContainText('部门.csv');
	await hist.getByRole('link', { name: `#${id}` }).click();
	await expect(page.getByRole('status')).toContainText('已入库');

	// the start page (analytics) now counts the imported departments
	await page.goto(`${server.base}/`);
	await expect(page.getByRole('row', { name: /部门/ }).first()).toBeVisible();
});

test('an upload without files is refused with a message; non-admins cannot reach the import API', async ({ page, baseURL }) => {
	await signIn(page);
	await page.goto(`${server.base}/admin/imports`);
	await hydrated(page);
	await page.getByRole('button', { name: '开始导入' }).click();
	await expect(page.getByRole('alert')).toHaveText('请选择要导入的文件。');

	// on the shared e2e server, a supervisor
	await loginAs(page, 'supervisor');
	const r = await page.request.post('/api/imports?filename=x.csv', { data: 'a,b\n', headers: { 'content-type': 'text/csv', origin: baseURL! } });
	expect(r.status()).toBe(403);
	expect(await r.json()).toEqual({ error: expect.any(String) });
});

test('calendar: a year without a notice follows Monday–Friday; entering its notice changes the working days', async ({ page }) => {
	await signIn(page);
	const year = new Date().getFullYear() + 2; // past the shipped notices, inside the supported range
	await page.goto(`${server.base}/admin/calendar?year=${year}`);
	await hydrated(page);
	const years = page.getByRole('region', { name: '工作日历' });
	const row = years.getByRole('row', { name: new RegExp(`^${year} `) });
	await expect(row).toContainText('未录入，按周一至周五');
	const before = Number(await row.getByRole('cell').first().textContent());

	const box = page.getByLabel('节假日安排', { exact: true });
	await box.fill(`${year}-02-30,休,错误日期`);
	await page.getByRole('button', { name: '保存并重新计算' }).click();
	await expect(page.getByRole('alert')).toContainText('第 1 行');

	// a Wednesday off and a Saturday on: the count of working days stays, the exceptions appear
	const wed = (() => {
		const d = new Date(Date.UTC(year, 4, 1));
		while (d.getUTCDay() !== 3) d.setUTCDate(d.getUTCDate() + 1);
		return d.toISOString().slice(0, 10);
	})();
	const sat = (() => {
		const d = new Date(Date.UTC(year, 4, 1));
		while (d.getUTCDay() !== 6) d.setUTCDate(d.getUTCDate() + 1);
		return d.toISOString().slice(0, 10);
	})();
	await box.fill(`${wed},休,劳动节\n${sat},班,劳动节调休上班`);
	await page.getByRole('button', { name: '保存并重新计算' }).click();
	await expect(page.getByRole('status')).toContainText('已录入 2 个日期，其中 2 个有变化');
	await page.reload();
	await expect(row).toContainText('已录入节假日安排');
	expect(Number(await row.getByRole('cell').first().textContent())).toBe(before);
	const exceptions = page.getByRole('region', { name: `${year} 年的节假日与调休` });
	await expect(exceptions.getByRole('row', { name: new RegExp(wed) })).toContainText('放假');
	await expect(exceptions.getByRole('row', { name: new RegExp(sat) })).toContainText('调休上班');
});

test('mapping profiles: a custom profile with a local header alias is validated, saved and used by an import', async ({ page }) => {
	await signIn(page);
	await page.goto(`${server.base}/admin/profiles`);
	await hydrated(page);
	const editor = page.getByLabel('配置 JSON');
	await editor.fill(JSON.stringify({ name: 'bad name!', headers: { plans: {} } }));
	await page.getByRole('button', { name: '保存' }).click();
	await expect(page.getByRole('alert')).toContainText('未知数据表');
	const profile = { name: 'e2e-county', extends: 'default-zh', tables: {}, headers: { regions: { region_code: ['行政区划编号'] } } };
	await editor.fill(JSON.stringify(profile, null, 2));
	await page.getByRole('button', { name: '保存' }).click();
	await expect(page.getByRole('status')).toHaveText('已保存映射配置 e2e-county，导入时可选用。');
	await expect(page.getByRole('row', { name: /e2e-county/ })).toContainText('自定义');

	// import a file whose header only the custom profile knows
	await page.goto(`${server.base}/admin/imports`);
	await hydrated(page);
	const csv = '行政区划编号,区划名称,层级,上级区划代码\nPX1,配置测试区,county,\n';
	await page.getByLabel('或选择文件').setInputFiles({ name: '区划-custom.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
	await page.getByLabel('映射配置').selectOption('e2e-county');
	await page.getByRole('button', { name: '开始导入' }).click();
	await expect(page.getByRole('status')).toContainText('已入库', { timeout: 30_000 });
	await expect(page.getByRole('region', { name: '导入结果' }).getByRole('row', { name: /区划-custom\.csv/ }).getByRole('cell').nth(3)).toHaveText('1');
});
