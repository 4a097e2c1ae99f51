/**
 * Issue 5's import journey: an admin drops two GBK-encoded Chinese CSV files (regions and departments, the
 * latter with bad rows) on the import screen, watches the progress, reads the summary and the first rejects
 * with their row numbers, downloads every reject as CSV, and finds the import in the history.
 * Runs against a private server (own-server.ts): imports must not change the data the dashboard specs read.
 */
import { expect, test, type Page } from '@playwright/test';
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
