/**
 * Applies the drizzle-kit migrations in drizzle/ with drizzle's own migrator, for both drivers. The
 * bookkeeping table lives in the same schema (`app.__drizzle_migrations`). On PostgreSQL a session advisory
 * lock serialises concurrent start-ups of several server processes.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { PGlite } from '@electric-sql/pglite';
import type pg from 'pg';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator';
import { drizzle as drizzlePg } from 'drizzle-orm/node-postgres';
import { migrate as migratePg } from 'drizzle-orm/node-postgres/migrator';
import { shippedPaths } from '../shipped';

const MIGRATION_CONFIG = { migrationsSchema: 'app', migrationsTable: '__drizzle_migrations' } as const;
/** Arbitrary constant naming this app's migration lock (pg_advisory_lock takes a bigint). */
const ADVISORY_LOCK_KEY = 7_245_001_105;

/**
 * The drizzle/ folder: next to the working directory (CLI, tests, `node build` from the repo root) or found by
 * walking up from this module (the built server started from elsewhere).
 */
export function migrationsFolder(): string {
	const candidates = shippedPaths('drizzle');
	const found = candidates.find((c) => fs.existsSync(path.join(c, 'meta', '_journal.json')));
	if (!found) throw new Error(`app database migrations not found (looked for drizzle/meta/_journal.json in ${candidates[0]} and above the server)`);
	return found;
}

export async function migratePgliteClient(client: PGlite): Promise<void> {
	await migratePglite(drizzlePglite(client), { migrationsFolder: migrationsFolder(), ...MIGRATION_CONFIG });
}

export async function migratePgPool(pool: pg.Pool): Promise<void> {
	const client = await pool.connect();
	try {
		await client.query('select pg_advisory_lock($1)', [ADVISORY_LOCK_KEY]);
		try {
			await migratePg(drizzlePg(client), { migrationsFolder: migrationsFolder(), ...MIGRATION_CONFIG });
		} finally {
			await client.query('select pg_advisory_unlock($1)', [ADVISORY_LOCK_KEY]);
		}
	} finally {
		client.release();
	}
}
