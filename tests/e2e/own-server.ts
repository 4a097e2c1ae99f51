/**
 * A private instance of the built server for specs that must not touch the shared e2e data (imports change the
 * analytics database the dashboard specs read) or that test start-up and shutdown: its own DATA_DIR (a temp dir),
 * its own free port, accounts created with the CLI before it starts.
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

export function freePort(): Promise<number> {
	return new Promise((resolve) => {
		const s = net.createServer();
		s.listen(0, '127.0.0.1', () => {
			const { port } = s.address() as net.AddressInfo;
			s.close(() => resolve(port));
		});
	});
}

export function cli(env: NodeJS.ProcessEnv, ...args: string[]): string {
	return execFileSync('npx', ['tsx', 'src/cli/index.ts', ...args], { env: { ...process.env, ...env }, encoding: 'utf8' });
}

export interface OwnServer {
	proc: ChildProcess;
	base: string;
	dataDir: string;
	log: () => string;
	/** SIGTERM and wait for the exit (the server closes its databases). */
	stop(): Promise<number | null>;
}

export async function startServer(env: NodeJS.ProcessEnv): Promise<OwnServer> {
	const port = await freePort();
	const base = `http://127.0.0.1:${port}`;
	let out = '';
	const proc = spawn('node', ['build'], { env: { ...process.env, ...env, PORT: String(port), HOST: '127.0.0.1', ORIGIN: base }, stdio: 'pipe' });
	proc.stdout!.on('data', (d) => (out += d));
	proc.stderr!.on('data', (d) => (out += d));
	const stop = async () => {
		if (proc.exitCode !== null) return proc.exitCode;
		const exited = new Promise<number | null>((r) => proc.once('exit', (code) => r(code)));
		proc.kill('SIGTERM');
		return exited;
	};
	for (let i = 0; i < 150; i++) {
		try {
			const r = await fetch(`${base}/login`);
			if (r.ok) return { proc, base, dataDir: String(env.DATA_DIR ?? ''), log: () => out, stop };
		} catch {
			/* not up yet */
		}
		if (proc.exitCode !== null) break;
		await new Promise((r) => setTimeout(r, 200));
	}
	proc.kill('SIGKILL');
	throw new Error(`server did not start:\n${out}`);
}

/** A temp DATA_DIR with an admin account, and a server on it. */
export async function privateServer(admin = { username: 'boss', password: 'boss-password' }): Promise<OwnServer & { cleanup(): Promise<void> }> {
	const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'e2e-own-'));
	const env = { DATA_DIR: dir, DATABASE_URL: '' };
	cli(env, 'user', 'add', '--username', admin.username, '--password', admin.password, '--role', 'admin');
	const s = await startServer(env);
	return {
		...s,
		cleanup: async () => {
			await s.stop();
			fs.rmSync(dir, { recursive: true, force: true });
		}
	};
}
