/**
 * The built server on both app-database drivers, each in a server of its own (not the shared e2e server):
 * accounts created with the CLI, sign-in through the server, then SIGTERM — the server closes the app database
 * on shutdown (the PGlite lock file disappears). PostgreSQL: a throw-away cluster from Debian's packages;
 * skipped with the reason when the binaries are absent.
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { expect, request, test } from '@playwright/test';
import { pgSkipReason, startPgCluster } from '../integration/helpers/pg-cluster';

function freePort(): Promise<number> {
	return new Promise((resolve) => {
		const s = net.createServer();
		s.listen(0, '127.0.0.1', () => {
			const { port } = s.address() as net.AddressInfo;
			s.close(() => resolve(port));
		});
	});
}

function cli(env: NodeJS.ProcessEnv, ...args: string[]) {
	return execFileSync('npx', ['tsx', 'src/cli/index.ts', ...args], { env: { ...process.env, ...env }, encoding: 'utf8' });
}

async function startServer(env: NodeJS.ProcessEnv): Promise<{ proc: ChildProcess; base: string; log: () => string }> {
	const port = await freePort();
	const base = `http://127.0.0.1:${port}`;
	let out = '';
	const proc = spawn('node', ['build'], { env: { ...process.env, ...env, PORT: String(port), HOST: '127.0.0.1', ORIGIN: base }, stdio: 'pipe' });
	proc.stdout!.on('data', (d) => (out += d));
	proc.stderr!.on('data', (d) => (out += d));
	for (let i = 0; i < 100; i++) {
		try {
			const r = await fetch(`${base}/login`);
			if (r.ok) return { proc, base, log: () => out };
		} catch {
			/* not up yet */
		}
		if (proc.exitCode !== null) break;
		await new Promise((r) => setTimeout(r, 200));
	}
	proc.kill('SIGKILL');
	throw new Error(`server did not start:\n${out}`);
}

async function stop(proc: ChildProcess): Promise<number | null> {
	const exited = new Promise<number | null>((r) => proc.once('exit', (code) => r(code)));
	proc.kill('SIGTERM');
	return exited;
}

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
		const { proc, base } = await startServer(env);
		expect(fs.existsSync(path.join(dir, 'appdb.lock'))).toBe(true);
		// while the server runs, the CLI refuses to open the same embedded database
		expect(() => cli(env, 'user', 'list')).toThrow(/正被进程 \d+ 使用/);
		await signInJourney(base);
		await stop(proc);
		expect(fs.existsSync(path.join(dir, 'appdb.lock'))).toBe(false);
		expect(cli(env, 'user', 'list')).toContain('boss');
	} finally {
		fs.rmSync(dir, { recursive: true, force: true });
	}
});

test('PostgreSQL: the built server runs on DATABASE_URL (throw-away cluster)', async () => {
	const skip = pgSkipReason();
	test.skip(!!skip, skip ?? '');
	const cluster = await startPgCluster();
	const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'e2e-pg-'));
	try {
		const url = await cluster.createDatabase('e2e_app');
		const env = { DATA_DIR: dir, DATABASE_URL: url };
		cli(env, 'user', 'add', '--username', 'boss', '--password', 'boss-password', '--role', 'admin');
		const { proc, base } = await startServer(env);
		// several processes may share PostgreSQL: the CLI works while the server runs
		expect(cli(env, 'user', 'list')).toContain('boss');
		await signInJourney(base);
		await stop(proc);
		expect(fs.existsSync(path.join(dir, 'appdb'))).toBe(false);
	} finally {
		await cluster.stop();
		fs.rmSync(dir, { recursive: true, force: true });
	}
});
