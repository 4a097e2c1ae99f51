/**
 * The one owner of the app database (accounts, sessions, administration data).
 *
 * - DATABASE_URL empty → embedded PGlite, file-backed under $DATA_DIR/appdb, one process at a time (lock.ts).
 * - DATABASE_URL set → PostgreSQL through a node-postgres pool.
 * Both are migrated on open (migrate.ts), so the server's start-up (hooks `init`) and every CLI command see the
 * current schema. `getAppDb()` is the process-wide instance; `closeAppDb()` releases it (server shutdown, CLI
 * exit, tests). Tests open private instances with `openAppDb({ dir })` / `openAppDb({ url })`.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { PGlite } from '@electric-sql/pglite';
import type { SQL } from 'drizzle-orm';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import { getConfig } from '../config';
import { acquireDirLock } from './lock';
import { migratePgliteClient, migratePgPool } from './migrate';
import * as schema from './schema';

export type AppDb = PgDatabase<PgQueryResultHKT, typeof schema>;

export interface AppDbHandle {
	db: AppDb;
	driver: 'pglite' | 'postgres';
	/** Directory (PGlite) or URL without password (PostgreSQL), for messages. */
	location: string;
	close(): Promise<void>;
}

export interface OpenAppDbOptions {
	/** PostgreSQL URL; wins over `dir`. */
	url?: string;
	/** PGlite data directory. */
	dir?: string;
}

function redact(url: string): string {
	try {
		const u = new URL(url);
		if (u.password) u.password = '***';
		return u.toString();
	} catch {
		return 'postgres://…';
	}
}

/** Open and migrate an app database. Without options: DATABASE_URL, else $DATA_DIR/appdb. */
export async function openAppDb(opts: OpenAppDbOptions = {}): Promise<AppDbHandle> {
	const cfg = getConfig();
	const url = opts.url ?? (opts.dir ? '' : cfg.databaseUrl);
	if (url) {
		const { default: pg } = await import('pg');
		const { drizzle } = await import('drizzle-orm/node-postgres');
		const pool = new pg.Pool({ connectionString: url, max: 10 });
		pool.on('error', (e) => console.error('app database pool error:', e.message));
		const db = drizzle(pool, { schema }) as unknown as AppDb;
		return migrated({ db, driver: 'postgres', location: redact(url) }, () => migratePgPool(pool), () => pool.end());
	}
	const dir = path.resolve(opts.dir ?? path.join(cfg.dataDir, 'appdb'));
	fs.mkdirSync(path.dirname(dir), { recursive: true });
	const release = acquireDirLock(dir);
	let client: PGlite;
	let db: AppDb;
	try {
		const { PGlite } = await import('@electric-sql/pglite');
		const { drizzle } = await import('drizzle-orm/pglite');
		client = await PGlite.create(dir);
		db = drizzle(client, { schema }) as unknown as AppDb;
	} catch (e) {
		release();
		throw e;
	}
	return migrated({ db, driver: 'pglite', location: dir }, () => migratePgliteClient(client), async () => {
		try {
			await client.close();
		} finally {
			release();
		}
	});
}

/** Migrate a freshly opened database — closing it again when that fails — and hand it out with a close() that runs once. */
async function migrated(
	opened: Omit<AppDbHandle, 'close'>,
	migrate: () => Promise<void>,
	close: () => Promise<void>
): Promise<AppDbHandle> {
	try {
		await migrate();
	} catch (e) {
		await close();
		throw e;
	}
	let closed = false;
	return {
		...opened,
		close: async () => {
			if (closed) return;
			closed = true;
			await close();
		}
	};
}

let current: Promise<AppDbHandle> | null = null;

/** The process-wide app database (opened and migrated on first use). */
export async function getAppDb(): Promise<AppDb> {
	if (!current) {
		const p = openAppDb();
		current = p;
		p.catch(() => {
			if (current === p) current = null;
		});
	}
	return (await current).db;
}

/** The process-wide handle (driver and location for status pages and messages). */
export async function getAppDbHandle(): Promise<AppDbHandle> {
	await getAppDb();
	return current!;
}

/** Close the process-wide app database; the next getAppDb() reopens it. */
export async function closeAppDb(): Promise<void> {
	const p = current;
	current = null;
	if (!p) return;
	try {
		await (await p).close();
	} catch {
		/* a failed open has nothing to close */
	}
}

/** Rows of a raw `sql\`…\`` query; both drivers answer `{ rows }` (the generic result type hides it). */
export async function queryRows<T>(db: AppDb, query: SQL): Promise<T[]> {
	const r = (await db.execute(query)) as unknown as { rows: T[] };
	return r.rows;
}

export { schema };
