/**
 * A throw-away PostgreSQL cluster for tests, from Debian's packages (/usr/lib/postgresql/<v>/bin): initdb +
 * pg_ctl in a temp dir, listening on loopback on a free port, fsync off. PostgreSQL refuses to run as root, so
 * as root the cluster runs as the `postgres` OS user (runuser) with the temp dir chowned to it.
 * `startPgCluster()` returns null (with the reason) when the binaries are absent, so suites can skip loudly.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

export interface PgCluster {
	url: string;
	/** Create a fresh database and return its URL. */
	createDatabase(name: string): Promise<string>;
	stop(): Promise<void>;
}

export function findPgBin(): string | null {
	const root = '/usr/lib/postgresql';
	if (!fs.existsSync(root)) return null;
	const versions = fs
		.readdirSync(root)
		.filter((v) => fs.existsSync(path.join(root, v, 'bin', 'pg_ctl')) && fs.existsSync(path.join(root, v, 'bin', 'initdb')))
		.sort((a, b) => Number(b) - Number(a));
	return versions.length ? path.join(root, versions[0], 'bin') : null;
}

export function pgSkipReason(): string | null {
	if (!findPgBin()) return 'PostgreSQL binaries not found under /usr/lib/postgresql/*/bin (apt-get install postgresql)';
	if (process.getuid?.() === 0) {
		try {
			execFileSync('id', ['-u', 'postgres'], { stdio: 'ignore' });
		} catch {
			return 'running as root but there is no `postgres` OS user to run the cluster as';
		}
	}
	return null;
}

function freePort(): Promise<number> {
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

export async function startPgCluster(): Promise<PgCluster> {
	const bin = findPgBin();
	if (!bin) throw new Error('PostgreSQL binaries not found');
	const asRoot = process.getuid?.() === 0;
	const run = (cmd: string, args: string[]) => {
		const full = path.join(bin, cmd);
		const [file, argv] = asRoot ? ['runuser', ['-u', 'postgres', '--', full, ...args]] : [full, args];
		return execFileSync(file, argv, { stdio: 'pipe', encoding: 'utf8', cwd: os.tmpdir() });
	};
	const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'appdb-pg-'));
	if (asRoot) {
		const uid = Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).trim());
		const gid = Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).trim());
		fs.chownSync(dir, uid, gid);
	}
	const data = path.join(dir, 'data');
	run('initdb', ['-D', data, '-U', 'postgres', '--auth=trust', '-E', 'UTF8', '--no-locale', '--no-sync']);
	const port = await freePort();
	const opts = `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off`;
	run('pg_ctl', ['-D', data, '-o', opts, '-l', path.join(dir, 'log'), '-w', '-t', '60', 'start']);
	const url = `postgres://postgres@127.0.0.1:${port}/postgres`;
	const { default: pg } = await import('pg');
	return {
		url,
		async createDatabase(name: string) {
			if (!/^[a-z_][a-z0-9_]*$/.test(name)) throw new Error(`bad database name ${name}`);
			const c = new pg.Client({ connectionString: url });
			await c.connect();
			try {
				await c.query(`create database ${name}`);
			} finally {
				await c.end();
			}
			return `postgres://postgres@127.0.0.1:${port}/${name}`;
		},
		async stop() {
			try {
				run('pg_ctl', ['-D', data, '-m', 'immediate', '-w', 'stop']);
			} catch {
				/* already stopped */
			}
			fs.rmSync(dir, { recursive: true, force: true });
		}
	};
}
