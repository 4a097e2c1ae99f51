/**
 * Runs a suite against both app-database drivers: embedded PGlite (a temp dir) and a real PostgreSQL
 * (a throw-away cluster from pg-cluster.ts, one per test file, a fresh database per suite). When PostgreSQL's
 * binaries are absent the PostgreSQL half is skipped with the reason logged — never silently.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe } from 'vitest';
import { openAppDb, type AppDbHandle } from '../../../src/lib/server/appdb/index';
import { pgSkipReason, startPgCluster, type PgCluster } from './pg-cluster';

export type Driver = 'pglite' | 'postgres';
export const DRIVERS: Driver[] = ['pglite', 'postgres'];

let cluster: Promise<PgCluster> | null = null;
let users = 0;
let dbSeq = 0;

function sharedCluster(): Promise<PgCluster> {
	cluster ??= startPgCluster();
	users++;
	return cluster;
}

async function releaseCluster() {
	if (--users === 0 && cluster) {
		const c = await cluster;
		cluster = null;
		await c.stop();
	}
}

/** Open a fresh, migrated app database of the given driver. */
export async function freshAppDb(driver: Driver): Promise<AppDbHandle & { dispose(): Promise<void> }> {
	if (driver === 'pglite') {
		const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'appdb-pglite-'));
		const h = await openAppDb({ dir: path.join(dir, 'appdb') });
		return {
			...h,
			dispose: async () => {
				await h.close();
				fs.rmSync(dir, { recursive: true, force: true });
			}
		};
	}
	const c = await sharedCluster();
	const url = await c.createDatabase(`t_${process.pid}_${++dbSeq}`);
	const h = await openAppDb({ url });
	return {
		...h,
		dispose: async () => {
			await h.close();
			await releaseCluster();
		}
	};
}

/**
 * `describeEachDriver('sessions', (ctx) => { it(..., () => ctx.db ...) })` — the body runs once per driver with
 * `ctx.db` opened in beforeAll and closed in afterAll.
 */
export function describeEachDriver(name: string, body: (ctx: { db: AppDbHandle['db']; driver: Driver }) => void) {
	for (const driver of DRIVERS) {
		const skip = driver === 'postgres' ? pgSkipReason() : null;
		if (skip) {
			console.warn(`[${name}] PostgreSQL half skipped: ${skip}`);
			// Skip reason: no PostgreSQL binaries here (logged above); the PGlite half still runs.
			describe.skip(`${name} [${driver}]`, () => body({ db: undefined as never, driver }));
			continue;
		}
		describe(`${name} [${driver}]`, () => {
			const ctx = { db: undefined as unknown as AppDbHandle['db'], driver };
			let handle: Awaited<ReturnType<typeof freshAppDb>>;
			beforeAll(async () => {
				handle = await freshAppDb(driver);
				ctx.db = handle.db;
			});
			afterAll(async () => {
				await handle?.dispose();
			});
			body(ctx);
		});
	}
}
