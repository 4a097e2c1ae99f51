/**
 * The built server on both app-database drivers, each in a server of its own (not the shared e2e server):
 * accounts created with the CLI, sign-in through the server, then SIGTERM — the server closes the app database
 * on shutdown (the PGlite lock file disappears). PostgreSQL: a throw-away cluster from Debian's packages;
 * skipped with the reason when the binaries are absent.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect, request, test } from '@playwright/test';
import { pgSkipReason, startPgCluster } from '../integration/helpers/pg-cluster';
import { cli, startServer } from './own-server';

async function signInJourney(base: string) {
	const api = await request.newContext({ baseURL: base, extraHTTPHeaders: { origin: base } });
	const bad = await api.post('/login', { form: { username: 'boss', password: 'nope' }, maxRedirects: 0, headers: { accept: 'text/html' } });
	expect(bad.status()).toBe(400);
	const login = await api.post('/login', { form: { username: 'boss', password: 'boss-password' }, maxRedirects: 0, headers: { accept: 'text/html' } });
	expect(login.status()).toBe(303);
	expect((await api.get('/account', { maxRedirects: 0 })).status()).toBe(200);
	await api.dispose();
}

test('PGlite: the built server migrates on start, signs in, and closes the database on SIGTERM', async () => {
	const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'e2e-pglite-'));
	try {
		const env = { DATA_DIR: dir, DATABASE_URL: '' };
		cli(env, 'user', 'add', '--username', 'boss', '--password', 'boss-password', '--role', 'admin');
		const { base, stop } = await startServer(env);
		expect(fs.existsSync(path.join(dir, 'appdb.lock'))).toBe(true);
		// while the server runs, the CLI refuses to open the same embedded database
		expect(() => cli(env, 'user', 'list')).toThrow(/正被进程 \d+ 使用/);
		await signInJourney(base);
		await stop();
		expect(fs.existsSync(path.join(dir, 'appdb.lock'))).toBe(false);
		expect(cli(env, 'user', 'list')).toContain('boss');
	} finally {
		fs.rmSync(dir, { recursive: true, force: true });
	}
});

test('PostgreSQL: the built server runs on DATABASE_URL (throw-away cluster)', async () => {
	const skip = pgSkipReason();
	// Skip reason: no PostgreSQL binaries on this machine (npm test installs them as root; CI has them).
	test.skip(!!skip, skip ?? '');
	const cluster = await startPgCluster();
	const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'e2e-pg-'));
	try {
		const url = await cluster.createDatabase('e2e_app');
		const env = { DATA_DIR: dir, DATABASE_URL: url };
		cli(env, 'user', 'add', '--username', 'boss', '--password', 'boss-password', '--role', 'admin');
		const { base, stop } = await startServer(env);
		// several processes may share PostgreSQL: the CLI works while the server runs
		expect(cli(env, 'user', 'list')).toContain('boss');
		await signInJourney(base);
		await stop();
		expect(fs.existsSync(path.join(dir, 'appdb'))).toBe(false);
	} finally {
		await cluster.stop();
		fs.rmSync(dir, { recursive: true, force: true });
	}
});
