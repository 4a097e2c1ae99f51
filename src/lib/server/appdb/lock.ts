/**
 * Single-process guard for the embedded PGlite database. PGlite is an in-process PostgreSQL: two processes
 * opening the same directory would corrupt it, so the owner writes `<dir>.lock` with its pid and everyone else
 * refuses with a clear message (use the admin screens while the server runs, or point DATABASE_URL at
 * PostgreSQL). A lock whose pid is no longer alive is stale and taken over.
 */
import fs from 'node:fs';

export class AppDbLockedError extends Error {
	constructor(dir: string, pid: number) {
		super(
			`应用数据库 ${dir} 正被进程 ${pid} 使用（服务是否在运行？请在管理页面操作，或设置 DATABASE_URL 使用 PostgreSQL）/ ` +
				`app database ${dir} is in use by process ${pid} (is the server running? use the admin screens, or set DATABASE_URL)`
		);
	}
}

function alive(pid: number): boolean {
	if (!Number.isInteger(pid) || pid <= 0) return false;
	try {
		process.kill(pid, 0);
		return true;
	} catch (e) {
		return (e as NodeJS.ErrnoException).code === 'EPERM';
	}
}

const held = new Set<string>();

process.once('exit', () => {
	for (const f of held) {
		try {
			fs.unlinkSync(f);
		} catch {
			/* already gone */
		}
	}
});

/** Take the lock for `dir`; returns the release function. Throws AppDbLockedError if another process holds it. */
export function acquireDirLock(dir: string): () => void {
	const file = `${dir}.lock`;
	if (held.has(file)) throw new AppDbLockedError(dir, process.pid);
	for (let attempt = 0; attempt < 2; attempt++) {
		try {
			fs.writeFileSync(file, String(process.pid), { flag: 'wx' });
			held.add(file);
			return () => {
				if (!held.delete(file)) return;
				try {
					fs.unlinkSync(file);
				} catch {
					/* already gone */
				}
			};
		} catch (e) {
			if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
			const pid = Number(fs.readFileSync(file, 'utf8').trim());
			// Our own pid in a file we do not hold = left by an earlier run (containers reuse pid 1).
			if (pid !== process.pid && alive(pid)) throw new AppDbLockedError(dir, pid);
			fs.rmSync(file, { force: true });
		}
	}
	throw new Error(`could not lock ${dir}`);
}
