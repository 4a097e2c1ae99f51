/**
 * Result cache for `Analytics.query()` in the server process: rows keyed by (SQL text, bound parameters, write
 * generation). The dashboards ask the same few aggregate questions again and again (the default month, 同比 /
 * 环比 periods every screen compares with, the twelve trend months, the dimension lists), and every one of them is
 * a pure function of the database contents and the request's parameters — thresholds and schemes included,
 * since they reach the SQL as text or bound values.
 *
 * Invariants:
 * - The generation is bumped after every write / exclusive section of the owning instance (db.ts) and the cache
 *   emptied; a result computed under an older generation is never stored. The DuckDB file is locked by the
 *   owning process, so no other process can change the data behind the cache. Every import bumps
 *   `meta.data_version` inside such a section, so "keyed by data version" holds with a finer key.
 * - Identical concurrent queries share one execution (single flight): 50 users opening the same screen cost one
 *   query, not 50.
 * - Bounded: at most `maxEntries` results and `maxCells` (rows × columns) in all, least recently used evicted
 *   first; results larger than `maxRowsPerEntry` (case lists) are not kept.
 * - Callers get fresh copies of the row objects, so a caller mutating its rows cannot corrupt the cache.
 * - ANALYTICS_CACHE_TRACE=1: every miss is written to stderr (what a warm screen still computes).
 * - `value()` keeps computed objects (a whole KPI report: the JS work of exact arithmetic and assessment over
 *   cached rows still costs tens of ms per request) under the same rules; callers get a structured clone.
 * - `frozen()` keeps a large read-only value (the project table: 10 000 projects) deep-frozen and hands out the
 *   same object to every caller — no copy per hit (a structuredClone of it cost 0.3–0.6 s); a caller that tried to
 *   change it would throw (strict mode), never corrupt it.
 */
import type { Row } from './convert';
import { getConfig } from '../config';

export interface ResultCacheOptions {
	maxEntries?: number;
	maxCells?: number;
	maxRowsPerEntry?: number;
}

export interface ResultCacheStats {
	hits: number;
	misses: number;
	shared: number;
	entries: number;
	cells: number;
	generation: number;
}

function keyOf(sql: string, params: unknown): string {
	if (params === undefined) return sql;
	return `${sql}\u0000${JSON.stringify(params, (_k, v) => (typeof v === 'bigint' ? `${v}n` : v))}`;
}

/** Freeze `v` and everything it holds (in place); returns it. */
export function deepFreeze<T>(v: T): T {
	if (v && typeof v === 'object' && !Object.isFrozen(v)) {
		Object.freeze(v);
		for (const x of Object.values(v as object)) deepFreeze(x);
	}
	return v;
}

const cellsOf = (rows: Row[]) => rows.length * (rows.length ? Object.keys(rows[0]).length : 0) + 1;
const copy = (rows: Row[]) => rows.map((r) => ({ ...r }));

export class ResultCache {
	private entries = new Map<string, { rows: unknown; cells: number }>();
	private inflight = new Map<string, Promise<unknown>>();
	private cells = 0;
	private gen = 0;
	private hits = 0;
	private misses = 0;
	private shared = 0;
	private readonly maxEntries: number;
	private readonly maxCells: number;
	private readonly maxRowsPerEntry: number;

	constructor(opts: ResultCacheOptions = {}) {
		this.maxEntries = opts.maxEntries ?? 5000;
		this.maxCells = opts.maxCells ?? 4_000_000;
		this.maxRowsPerEntry = opts.maxRowsPerEntry ?? 20_000;
	}

	get generation(): number {
		return this.gen;
	}

	/** The data may have changed: forget everything; results still being computed are not stored. */
	bump(): void {
		this.gen++;
		this.entries.clear();
		this.inflight.clear();
		this.cells = 0;
	}

	/** Rows of one query: cached, or loaded once for all concurrent callers. */
	get(sql: string, params: unknown, load: () => Promise<Row[]>): Promise<Row[]> {
		return this.through(`q\u0000${keyOf(sql, params)}`, load, copy, (rows) =>
			rows.length <= this.maxRowsPerEntry ? cellsOf(rows) : null
		);
	}

	/**
	 * A computed value under `key` (the caller names the function and its inputs), cloned for every caller;
	 * `cost` is its size in cells (default 1000; e.g. bytes / 8 for a binary page).
	 */
	value<T>(key: string, load: () => Promise<T>, cost?: (v: T) => number): Promise<T> {
		return this.through(
			`v\u0000${key}`,
			load,
			(v) => structuredClone(v),
			(v) => cost?.(v) ?? 1000
		);
	}

	/** A computed value under `key`, deep-frozen once and shared by every caller (no copy); see the header. */
	frozen<T>(key: string, load: () => Promise<T>, cost?: (v: T) => number): Promise<T> {
		return this.through(
			`s\u0000${key}`,
			async () => deepFreeze(await load()),
			(v) => v,
			(v) => cost?.(v) ?? 1000
		);
	}

	private async through<T>(
		key: string,
		load: () => Promise<T>,
		out: (v: T) => T,
		size: (v: T) => number | null
	): Promise<T> {
		const hit = this.entries.get(key);
		if (hit) {
			this.hits++;
			// refresh its LRU position
			this.entries.delete(key);
			this.entries.set(key, hit);
			return out(hit.rows as T);
		}
		const running = this.inflight.get(key) as Promise<T> | undefined;
		if (running) {
			this.shared++;
			return out(await running);
		}
		this.misses++;
		if (getConfig().analyticsCacheTrace)
			console.error(`[cache miss] ${key.replace(/\s+/g, ' ').slice(0, 160)}`);
		const gen = this.gen;
		const p = load();
		this.inflight.set(key, p);
		try {
			const v = await p;
			const cells = size(v);
			if (gen === this.gen && cells !== null) this.store(key, v, cells);
			return out(v);
		} finally {
			if (this.inflight.get(key) === p) this.inflight.delete(key);
		}
	}

	private store(key: string, rows: unknown, cells: number) {
		if (cells > this.maxCells) return;
		this.entries.set(key, { rows, cells });
		this.cells += cells;
		for (const [k, e] of this.entries) {
			if (this.entries.size <= this.maxEntries && this.cells <= this.maxCells) break;
			this.entries.delete(k);
			this.cells -= e.cells;
		}
	}

	stats(): ResultCacheStats {
		return {
			hits: this.hits,
			misses: this.misses,
			shared: this.shared,
			entries: this.entries.size,
			cells: this.cells,
			generation: this.gen
		};
	}
}
