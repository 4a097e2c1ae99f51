/** Sign-in helpers for the e2e specs. */
import fs from 'node:fs';
import { expect, request, type APIRequestContext, type Page } from '@playwright/test';
import { E2E_TOKENS_FILE, E2E_USERS, type E2eRole } from './users';

/** Wait until the page's scripts have run (the root layout marks html[data-hydrated]). */
export async function hydrated(page: Page) {
	await page.waitForSelector('html[data-hydrated]', { state: 'attached', timeout: 30_000 });
}

/** Sign in through the login form (the real journey) with any account. */
export async function loginWithForm(page: Page, username: string, password: string, next?: string) {
	await page.goto(next ? `/login?next=${encodeURIComponent(next)}` : '/login');
	await hydrated(page);
	await page.getByLabel('用户名').fill(username);
	await page.getByLabel('密码').fill(password);
	await page.getByRole('button', { name: '登录' }).click();
	await expect(page).not.toHaveURL(/\/login/);
}

/** Sign in through the login form as one of the e2e accounts. */
export async function loginAs(page: Page, role: E2eRole, next?: string) {
	const u = E2E_USERS[role];
	await loginWithForm(page, u.username, u.password, next);
}

/** An API context signed in as `role` through POST /login (cookie kept by the context). */
export async function apiSession(baseURL: string, role: E2eRole): Promise<APIRequestContext> {
	const ctx = await request.newContext({ baseURL, extraHTTPHeaders: { origin: baseURL } });
	const u = E2E_USERS[role];
	const res = await ctx.post('/login', { form: { username: u.username, password: u.password }, maxRedirects: 0, headers: { accept: 'text/html' } });
	expect(res.status(), `login as ${role}`).toBe(303);
	return ctx;
}

export function e2eTokens(): Record<E2eRole, string> {
	return JSON.parse(fs.readFileSync(E2E_TOKENS_FILE, 'utf8'));
}
