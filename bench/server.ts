/**
 * The real HTTP server for the benchmark: a private production build (so a concurrent `npm run build` by
 * someone else cannot swap files under a running measurement), started as `node build`
 * with DATA_DIR / ANALYTICS_DB pointing at the bench database, plus the accounts it needs (a supervisor
 * session cookie for the pages' `__data.json`, a bearer token for /api) and its memory figures.
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';

export const ROOT = path.resolve(import.meta.dirname, '..');

// vite.config.ts imports its build plugin from scripts/ (the CSS :where fallback for the browser floor).
const APP_FILES = ['src', 'static', 'svelte.config.js', 'vite.config.ts', 'scripts/css-where-fallback.js', 'tsconfig.json', 'package.json'];

/** Newest mtime (ms) under the paths that make up the app build. */
function newestSource(): number {
	let newest = 0;
	const walk = (p: string) => {
		if (!fs.existsSync(p)) return;
		const st = fs.statSync(p);
		if (st.isDirectory()) for (const n of fs.readdirSync(p)) walk(path.join(p, n));
		else newest = Math.max(newest, st.mtimeMs);
	};
	for (const p of [...APP_FILES, 'package-lock.json']) walk(path.join(ROOT, p));
	return newest;
}

export type BuildSource = 'head' | 'worktree';

/**
 * A production build in `dir` (outside the repository, so linters and test globs never see the copy), from
 * the committed tree (`head`, default: a consistent state while others edit the working tree) or from the
 * working tree (`worktree`); node_modules is linked. Rebuilt only when the commit (or a source file) changed.
 * Returns the build's entry point.
 */
export function privateBuild(dir: string, from: BuildSource, log: (s: string) => void): string {
	const entry = path.join(dir, 'build', 'index.js');
	const stamp = path.join(dir, '.bench-source');
	const id =
		from === 'head'
			? `head ${execFileSync('git', ['rev-parse', 'HEAD'], { cwd: ROOT, encoding: 'utf8' }).trim()}`
			: `worktree ${newestSource()}`;
	if (fs.existsSync(entry) && fs.existsSync(stamp) && fs.readFileSync(stamp, 'utf8') === id) return entry;
	log(`building the app (${id.slice(0, 20)}) into ${dir} …`);
	fs.rmSync(dir, { recursive: true, force: true });
	fs.mkdirSync(dir, { recursive: true });
	if (from === 'head') {
		const tar = execFileSync(
			'git',
			['archive', '--format=tar', 'HEAD', ...APP_FILES.filter((p) => fs.existsSync(path.join(ROOT, p)))],
			{
				cwd: ROOT,
				maxBuffer: 1 << 30
			}
		);
		execFileSync('tar', ['-x', '-C', dir], { input: tar });
	} else {
		for (const p of APP_FILES)
			if (fs.existsSync(path.join(ROOT, p)))
				fs.cpSync(path.join(ROOT, p), path.join(dir, p), { recursive: true });
	}
	fs.symlinkSync(path.join(ROOT, 'node_modules'), path.join(dir, 'node_modules'));
	const t = performance.now();
	execFileSync(
		process.execPath,
		[path.join(ROOT, 'node_modules', 'vite', 'bin', 'vite.js'), 'build', '--logLevel', 'error'],
		{
			cwd: dir,
			stdio: ['ignore', 'ignore', 'inherit']
		}
	);
	fs.writeFileSync(stamp, id);
	log(`build done in ${((performance.now() - t) / 1000).toFixed(1)} s`);
	return entry;
}

export function freePort(): Promise<number> {
	return new Promise((resolve, reject) => {
		const s = net.createServer();
		s.unref();
		s.on('error', reject);
		s.listen(0, '127.0.0.1', () => {
			const { port } = s.address() as net.AddressInfo;
			s.close(() => resolve(port));
		});
	});
}

export interface Server {
	url: string;
	pid: number;
	proc: ChildProcess;
	/** what the server printed on stdout so far (the last 64 kB) */
	stdout(): string;
	stop(): Promise<void>;
}

/** `node <entry>` on a free loopback port; resolves once it answers HTTP. */
export async function startServer(
	entry: string,
	env: Record<string, string>,
	nodeArgs: string[] = []
): Promise<Server> {
	const port = await freePort();
	const proc = spawn(process.execPath, [...nodeArgs, entry], {
		cwd: ROOT, // data/calendar, data/profiles, data/schemes resolve from the repository root
		env: {
			...process.env,
			...env,
			HOST: '127.0.0.1',
			PORT: String(port),
			ORIGIN: `http://127.0.0.1:${port}`,
			NODE_ENV: 'production'
		},
		stdio: ['ignore', 'pipe', 'pipe']
	});
	let stdout = '';
	proc.stdout!.on('data', (d) => (stdout = (stdout + d).slice(-65536)));
	let stderr = '';
	proc.stderr!.on('data', (d) => (stderr = (stderr + d).slice(-4000)));
	const url = `http://127.0.0.1:${port}`;
	const deadline = Date.now() + 60_000;
	for (;;) {
		if (proc.exitCode !== null) throw new Error(`server exited (${proc.exitCode}): ${stderr}`);
		try {
			await fetch(`${url}/login`);
			break;
		} catch {
			if (Date.now() > deadline) throw new Error(`server did not answer within 60 s: ${stderr}`);
			await new Promise((r) => setTimeout(r, 200));
		}
	}
	return {
		url,
		pid: proc.pid!,
		proc,
		stdout: () => stdout,
		stop: () =>
			new Promise<void>((resolve) => {
				if (proc.exitCode !== null) return resolve();
				const kill = setTimeout(() => proc.kill('SIGKILL'), 10_000);
				proc.once('exit', () => {
					clearTimeout(kill);
					resolve();
				});
				proc.kill('SIGTERM');
			})
	};
}

/** Resident memory of a process in MB: current (VmRSS) and peak (VmHWM), from /proc/<pid>/status. */
export function rssOf(pid: number): { rss_mb: number; hwm_mb: number } | null {
	try {
		const s = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
		const kb = (k: string) => Number(new RegExp(`^${k}:\\s+(\\d+) kB`, 'm').exec(s)?.[1] ?? NaN);
		return { rss_mb: Math.round(kb('VmRSS') / 1024), hwm_mb: Math.round(kb('VmHWM') / 1024) };
	} catch {
		return null;
	}
}

/** CPU seconds (user + system, all threads) a process has used, from /proc/<pid>/stat (clock ticks of 1/100 s). */
export function cpuSecondsOf(pid: number): number | null {
	try {
		const f = fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
		return (Number(f[11]) + Number(f[12])) / 100;
	} catch {
		return null;
	}
}

export interface Credentials {
	/** `Cookie` header value of a supervisor session (pages, __data.json). */
	cookie: string;
	/** `Authorization` header value of the same user's API token (/api). */
	bearer: string;
	username: string;
	/** `Cookie` header value of an admin session (the threshold-change phase saves thresholds as an admin). */
	adminCookie: string;
}

/**
 * A supervisor account (sees every dashboard, the case lists and the flags) with a session and an API token,
 * written to the embedded app database under `dataDir` BEFORE the server opens it (PGlite admits one process),
 * or to the PostgreSQL app database at `databaseUrl`.
 */
export async function prepareAccounts(dataDir: string, databaseUrl = ''): Promise<Credentials> {
	process.env.DATA_DIR = dataDir;
	if (databaseUrl) process.env.DATABASE_URL = databaseUrl;
	else delete process.env.DATABASE_URL;
	const { closeAppDb, getAppDb } = await import('../src/lib/server/appdb/index');
	const { createUser } = await import('../src/lib/server/auth/users');
	const { createApiToken } = await import('../src/lib/server/auth/token');
	const { SESSION_COOKIE, createSession, generateSessionToken } =
		await import('../src/lib/server/auth/session');
	const db = await getAppDb();
	try {
		const username = `bench${Date.now().toString(36)}`;
		const { id } = await createUser(db, {
			username,
			password: `bench-${Math.random().toString(36).slice(2)}-pw`,
			role: 'supervisor'
		});
		const session = generateSessionToken();
		await createSession(db, session, id, { userAgent: 'bench' });
		const { token } = await createApiToken(db, id, { name: 'bench' });
		const admin = await createUser(db, {
			username: `${username}a`,
			password: `bench-${Math.random().toString(36).slice(2)}-pw`,
			role: 'admin'
		});
		const adminSession = generateSessionToken();
		await createSession(db, adminSession, admin.id, { userAgent: 'bench' });
		return {
			cookie: `${SESSION_COOKIE}=${session}`,
			bearer: `Bearer ${token}`,
			username,
			adminCookie: `${SESSION_COOKIE}=${adminSession}`
		};
	} finally {
		await closeAppDb();
	}
}
