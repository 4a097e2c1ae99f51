/**
 * The jurisdiction map's admin journey (issue 15): an administrator uploads the demo's map (drawn here by
 * scripts/demo/map.ts for the e2e server's demo regions), sees what is covered and a preview with one shape per
 * region and a data table, fills it by a KPI, uploads a bad file and reads the error naming the feature, removes
 * the map and uploads it again (the spec leaves the demo map stored, as the demo does). Screenshots at 1440×900
 * and 390×844; at 390 px the page never scrolls sideways.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Page } from '@playwright/test';
import { demoMap } from '../../scripts/demo/map';
import { hydrated, loginAs } from './auth-helpers';
import { expect, test } from './fixtures';

const SHOTS = 'tests/screenshots/admin-map';

/** The map chart's regions: ECharts draws each as a path with the map's white border (the legend's have none). */
const regionPaths = (page: Page) =>
	page.getByRole('img', { name: /^辖区地图：/ }).locator('path[stroke="#fff"], path[stroke="#ffffff"]');

async function upload(page: Page, file: string) {
	await page.getByLabel('GeoJSON 文件').setInputFiles(file);
	await page.getByRole('button', { name: '校验并保存' }).click();
}

test('admin: upload the jurisdiction map, preview it by level and by a KPI, reject a bad file, remove and upload again', async ({
	page
}, info) => {
	test.setTimeout(120_000);
	fs.mkdirSync(SHOTS, { recursive: true });
	const good = info.outputPath('jurisdiction.geojson');
	fs.mkdirSync(path.dirname(good), { recursive: true });
	const map = demoMap();
	fs.writeFileSync(good, JSON.stringify(map));
	const county = map.features.find((f) => f.properties.name === '江源县')!.properties.region_code;
	const bad = info.outputPath('bad.geojson');
	fs.writeFileSync(
		bad,
		JSON.stringify({
			type: 'FeatureCollection',
			features: [
				map.features[0],
				{
					type: 'Feature',
					properties: { region_code: county },
					geometry: { type: 'Point', coordinates: [112.9, 28.2] }
				}
			]
		})
	);

	await loginAs(page, 'admin');
	await page.goto('/admin/map');
	await hydrated(page);
	await expect(page.getByRole('heading', { level: 1, name: '辖区地图' })).toBeVisible();
	await expect(page.getByText('审图号')).toBeVisible();
	await expect(
		page.getByRole('navigation', { name: '系统管理' }).getByRole('link', { name: '辖区地图' })
	).toHaveAttribute('aria-current', 'page');

	// a clean start whatever an earlier run left (the e2e database is kept between runs)
	if (await page.getByRole('button', { name: '删除地图' }).isVisible()) {
		page.once('dialog', (d) => d.accept());
		await page.getByRole('button', { name: '删除地图' }).click();
		await expect(page.getByRole('status')).toHaveText('已删除地图。');
	}
	await expect(page.getByText('尚未上传地图')).toBeVisible();

	await upload(page, good);
	await expect(page.getByRole('status')).toHaveText('已保存地图：7 个区划的形状。');
	await expect(page.getByText(/^已保存 7 个区划的形状/)).toBeVisible();
	await expect(page.getByRole('list', { name: '有形状的区划（7 个）' }).getByRole('listitem')).toHaveCount(7);
	// the city itself and the two villages have no shape
	const missing = page.getByRole('list', { name: '没有形状的区划（3 个）' });
	await expect(missing).toContainText('临江市');
	await expect(missing).toContainText('青山村');

	// the top layer: county, district, park — one shape each, the same regions in the table
	const table = page.getByRole('table', { name: /^辖区地图：第 1 层/ });
	await expect(table.getByRole('row')).toHaveCount(4);
	for (const name of ['江源县', '河西区', '临江经济技术开发区'])
		await expect(table.getByRole('rowheader', { name })).toBeVisible();
	await expect(regionPaths(page)).toHaveCount(3);
	await page.screenshot({ path: `${SHOTS}/1-level-1440.png`, fullPage: true });

	// the towns' layer filled by the on-time rate: values from the KPI engine, one shape per region
	await page.getByRole('combobox', { name: /^层级/ }).selectOption({ index: 1 });
	await page.getByRole('combobox', { name: /^填色/ }).selectOption('on_time_rate');
	await page.getByRole('button', { name: '显示' }).click();
	await expect(page).toHaveURL(/layer=1.*fill=on_time_rate/);
	const towns = page.getByRole('table', { name: /^辖区地图：第 2 层.*按按时办结率填色/ });
	await expect(towns.getByRole('rowheader', { name: '青山镇' })).toBeVisible();
	const rows = await towns.getByRole('row').count();
	await expect(regionPaths(page)).toHaveCount(rows - 1);
	await expect(towns.getByRole('row', { name: /青山镇/ })).toContainText(/\d+\.\d%/);
	await expect(towns.getByRole('row', { name: /双河镇/ })).toContainText('—'); // no department there
	await page.screenshot({ path: `${SHOTS}/2-kpi-1440.png`, fullPage: true });

	// a bad file: the error names the feature and its code; the stored map stays
	await upload(page, bad);
	const alert = page.getByRole('alert');
	await expect(alert).toContainText('地图文件 bad.geojson 有误，未保存');
	await expect(alert).toContainText(
		`第 2 个要素（region_code=${county}）：几何类型 Point 不受支持，只接受 Polygon / MultiPolygon`
	);
	await expect(alert).toContainText(`第 2 个要素（region_code=${county}）：区划代码与第 1 个要素重复`);
	await expect(page.getByText(/^已保存 7 个区划的形状/)).toBeVisible();
	await page.screenshot({ path: `${SHOTS}/3-error-1440.png`, fullPage: true });

	// phone width: no sideways scrolling; the map still draws every region
	await page.setViewportSize({ width: 390, height: 844 });
	await page.goto('/admin/map?layer=1&fill=on_time_rate');
	await expect(regionPaths(page)).toHaveCount(rows - 1);
	expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
	await page.screenshot({ path: `${SHOTS}/4-kpi-390.png`, fullPage: true });
	await upload(page, bad);
	await expect(page.getByRole('alert')).toContainText('几何类型 Point 不受支持');
	expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
	await page.screenshot({ path: `${SHOTS}/5-error-390.png`, fullPage: true });

	// remove (confirmed), then upload again so the demo map stays for the other journeys
	await page.setViewportSize({ width: 1440, height: 900 });
	await page.goto('/admin/map');
	page.once('dialog', (d) => d.accept());
	await page.getByRole('button', { name: '删除地图' }).click();
	await expect(page.getByRole('status')).toHaveText('已删除地图。');
	await expect(page.getByText('尚未上传地图')).toBeVisible();
	await upload(page, good);
	await expect(page.getByRole('status')).toHaveText('已保存地图：7 个区划的形状。');

	// both changes are in the audit log
	await page.goto('/admin/audit?action=map.upload');
	await expect(page.getByRole('cell', { name: 'map.upload' }).first()).toBeVisible();
	await page.goto('/admin/audit?action=map.remove');
	await expect(page.getByRole('cell', { name: 'map.remove' }).first()).toBeVisible();
});

test('admin map in English: the same screen, ?lang=en', async ({ page }) => {
	await loginAs(page, 'admin');
	await page.goto('/admin/map?lang=en');
	await expect(page.getByRole('heading', { level: 1, name: 'Map' })).toBeVisible();
	await expect(page.getByText('the product ships no map data')).toBeVisible();
});
