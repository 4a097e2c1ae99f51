import { expect, test } from './fixtures';
import { loginAs } from './auth-helpers';

test('start page shows the loaded tables in Chinese and switches to English', async ({ page }) => {
	const errors: string[] = [];
	page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
	await loginAs(page, 'leader');
	await page.goto('/');
	await expect(page.getByRole('heading', { name: '已载入的数据表' })).toBeVisible();
	await expect(page.getByRole('cell', { name: /办件/ })).toBeVisible();
	await page.getByRole('link', { name: '语言' }).click();
	await expect(page.getByRole('heading', { name: 'Loaded tables' })).toBeVisible();
	expect(errors).toEqual([]);
});
