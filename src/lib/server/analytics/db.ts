/**
 * Owner of the DuckDB analytics database. Nothing else opens a DuckDB instance.
 *
 * Invariants:
 * - One instance per file per process; readers borrow pooled connections (each query sees a consistent
 *   MVCC snapshot), writers are serialised through one writer connection and always run inside
 *   BEGIN … COMMIT, rolled back on any error, so every write is atomic.
 * - Commit gate: no read section overlaps a COMMIT. Before committing, the writer stops new reads and waits
 *   (at most COMMIT_DRAIN_MS) for the running ones; reads queue until the commit is done. A reader therefore
 *   never executes a statement while a batch becomes visible (docs/hardening.md: a stress run once saw one
 *   statement mix the previous and the new state at that instant).
 * - Write journal (file databases): before BEGIN the writer records the WAL's length in `<db>.txn`, and removes
 *   the record after COMMIT / ROLLBACK. A process killed while DuckDB writes a commit to the WAL can leave a torn
 *   tail that DuckDB 1.5 replays in part (a stress run saw an import's cases without its batch row). On open, a
 *   record left by a dead process means the last write never finished: the WAL is cut back to the recorded length
 *   (journal.ts), so the database opens in the state before that write.
 * - Connections are released in `finally`; `close()` disconnects everything.
 * - Values are bound as parameters (`$1` / `?`); identifiers come only from allow-lists in schema.ts.
 */
import fs from 'node:fs';
import path from 'node:path';
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import { getConfig } from '../config';
import { deepFreeze, ResultCache, type ResultCacheStats } from './cache';
import { rowsToJson, type Row } from './convert';
import type { Analytics, Params } from './types';
import { beginJournal, endJournal, recoverInterruptedWrite } from './journal';
import { ensureSchema } from './schema';

export type { Analytics, Params };

export class AnalyticsLockedError extends Error {
	constructor(file: string, cause: unknown) {
		super(
			`分析数据库 ${file} 正被另一个进程使用（服务是否在运行？）/ analytics database ${file} is locked by another process (is the server running?)`,
			{ cause }
		);
	}
}

export async function all(conn: DuckDBConnection, sql: string, params?: Params): Promise<Row[]> {
	const reader = await conn.runAndReadAll(sql, params);
	return rowsToJson(reader.getRowObjects());
}

export async function one(conn: DuckDBConnection, sql: string, params?: Params): Promise<Row | undefined> {
	return (await all(conn, sql, params))[0];
}

const POOL_MAX = 4;
/** How long a commit waits for running read sections before it goes ahead anyway (long exports). */
const COMMIT_DRAIN_MS = 5000;

class DuckAnalytics implements Analytics {
	private idle: DuckDBConnection[] = [];
	private open = 0;
	private waiters: ((c: DuckDBConnection) => void)[] = [];
	private writer: DuckDBConnection | null = null;
	private writeChain: Promise<unknown> = Promise.resolve();
	private closed = false;
	/** read sections running now */
	private reading = 0;
	/** set while a commit is pending: new reads wait for it */
	private gate: Promise<void> | null = null;
	/** resolved when `reading` drops to 0 (the pending commit waits on it) */
	private drained: (() => void) | null = null;

	constructor(
		readonly path: string,
		private instance: DuckDBInstance,
		private cache: ResultCache | null = null
	) {}

	private async acquire(): Promise<DuckDBConnection> {
		if (this.closed) throw new Error('analytics database is closed');
		const c = this.idle.pop();
		if (c) return c;
		if (this.open < POOL_MAX) {
			this.open++;
			try {
				return await this.instance.connect();
			} catch (e) {
				this.open--;
				throw e;
			}
		}
		return new Promise((resolve) => this.waiters.push(resolve));
	}

	private release(c: DuckDBConnection) {
		const w = this.waiters.shift();
		if (w) w(c);
		else if (this.closed) c.closeSync();
		else this.idle.push(c);
	}

	async read<T>(fn: (conn: DuckDBConnection) => Promise<T>): Promise<T> {
		while (this.gate) await this.gate;
		this.reading++;
		try {
			const c = await this.acquire();
			try {
				return await fn(c);
			} finally {
				this.release(c);
			}
		} finally {
			if (--this.reading === 0) this.drained?.();
		}
	}

	/** COMMIT with no read section running: close the gate, drain (bounded), commit, reopen. */
	private async commit(c: DuckDBConnection): Promise<void> {
		let open!: () => void;
		this.gate = new Promise((r) => (open = r));
		try {
			if (this.reading > 0) {
				let timer: NodeJS.Timeout | undefined;
				await new Promise<void>((resolve) => {
					this.drained = resolve;
					timer = setTimeout(resolve, COMMIT_DRAIN_MS);
				});
				clearTimeout(timer);
				this.drained = null;
			}
			await c.run('COMMIT');
		} finally {
			// Cached results are emptied before any waiting reader resumes (exclusive() bumps again, harmless).
			this.cache?.bump();
			this.gate = null;
			open();
		}
	}

	exclusive<T>(fn: (conn: DuckDBConnection) => Promise<T>): Promise<T> {
		const run = async () => {
			if (this.closed) throw new Error('analytics database is closed');
			this.writer ??= await this.instance.connect();
			try {
				return await fn(this.writer);
			} finally {
				// Whatever the section did (or undid), cached results may no longer hold.
				this.cache?.bump();
			}
		};
		const result = this.writeChain.then(run, run);
		this.writeChain = result.catch(() => undefined);
		return result;
	}

	write<T>(fn: (conn: DuckDBConnection) => Promise<T>): Promise<T> {
		return this.exclusive(async (c) => {
			const journal = this.path === ':memory:' ? null : beginJournal(this.path);
			try {
				await c.run('BEGIN TRANSACTION');
				const out = await fn(c);
				await this.commit(c);
				return out;
			} catch (e) {
				try {
					await c.run('ROLLBACK');
				} catch {
					/* no transaction, or already aborted: nothing left to undo */
				}
				throw e;
			} finally {
				if (journal) endJournal(journal);
			}
		});
	}

	query(sql: string, params?: Params): Promise<Row[]> {
		if (!this.cache) return this.read((c) => all(c, sql, params));
		return this.cache.get(sql, params, () => this.read((c) => all(c, sql, params)));
	}

	memo<T>(key: string, fn: () => Promise<T>, cost?: (v: T) => number): Promise<T> {
		return this.cache ? this.cache.value(key, fn, cost) : fn();
	}

	memoShared<T>(key: string, fn: () => Promise<T>, cost?: (v: T) => number): Promise<T> {
		return this.cache ? this.cache.frozen(key, fn, cost) : fn().then(deepFreeze);
	}

	cacheStats(): ResultCacheStats | null {
		return this.cache?.stats() ?? null;
	}

	async close(): Promise<void> {
		if (this.closed) return;
		await this.writeChain;
		this.closed = true;
		for (const c of this.idle) c.closeSync();
		this.idle = [];
		this.writer?.closeSync();
		this.writer = null;
		this.instance.closeSync();
		instances.delete(this.path);
	}
}

const instances = new Map<string, Promise<Analytics>>();

export interface OpenOptions {
	/** Open without creating / migrating the schema (read-only tools). */
	readOnly?: boolean;
	/** Keep `query()` results, keyed by (SQL, parameters, write generation) — the server's instance (cache.ts). */
	cache?: boolean;
}

/** Open (or reuse) the analytics database at `file` (default: configured ANALYTICS_DB) and ensure its schema. */
export function openAnalytics(file?: string, opts: OpenOptions = {}): Promise<Analytics> {
	const cfg = getConfig();
	const target = file === ':memory:' ? ':memory:' : path.resolve(file ?? cfg.analyticsDb);
	let p = instances.get(target);
	if (!p) {
		p = (async () => {
			if (target !== ':memory:') {
				fs.mkdirSync(path.dirname(target), { recursive: true });
				// Before DuckDB replays the WAL: undo the torn tail of a write a killed process left (journal.ts).
				const recovered = recoverInterruptedWrite(target);
				if (recovered) console.warn(recovered.message);
			}
			const options: Record<string, string> = {};
			if (cfg.duckdbThreads) options.threads = String(cfg.duckdbThreads);
			if (cfg.duckdbMemoryLimit) options.memory_limit = cfg.duckdbMemoryLimit;
			if (opts.readOnly) options.access_mode = 'READ_ONLY';
			let instance: DuckDBInstance;
			try {
				instance = await DuckDBInstance.create(target, options);
			} catch (e) {
				if (/lock/i.test(String((e as Error).message))) throw new AnalyticsLockedError(target, e);
				throw e;
			}
			const db = new DuckAnalytics(target, instance, opts.cache ? new ResultCache() : null);
			if (!opts.readOnly) {
				await db.exclusive((c) => ensureSchema(c));
				// Rollups of an older layout are rebuilt once (kpi/rollup.ts), not left unread until the next import.
				if (target !== ':memory:') {
					const { upgradeKpiRollups } = await import('./kpi/rollup');
					const { loadThresholds } = await import('./kpi/thresholds');
					await upgradeKpiRollups(db, loadThresholds());
				}
			}
			return db;
		})();
		// In-memory databases are private to their caller (tests); files are shared per process.
		if (target !== ':memory:') {
			instances.set(target, p);
			p.catch(() => instances.delete(target));
		}
	}
	return p;
}

/** Close every open analytics database (tests, CLI exit). */
export async function closeAllAnalytics(): Promise<void> {
	const all = [...instances.values()];
	instances.clear();
	for (const p of all) {
		try {
			await (await p).close();
		} catch {
			/* failed opens have nothing to close */
		}
	}
}
