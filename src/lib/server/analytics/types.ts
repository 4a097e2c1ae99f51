/**
 * The analytics database as its callers see it (db.ts implements it; `openAnalytics` hands it out). Apart from
 * the implementation so that modules db.ts itself loads when a database opens (kpi/rollup.ts) can name it
 * without an import cycle; everyone else may keep importing the type from db.ts.
 */
import type { DuckDBConnection, DuckDBValue } from '@duckdb/node-api';
import type { ResultCacheStats } from './cache';
import type { Row } from './convert';

export type Params = DuckDBValue[] | Record<string, DuckDBValue>;

export interface Analytics {
	readonly path: string;
	/** Run read-only work on a pooled connection. */
	read<T>(fn: (conn: DuckDBConnection) => Promise<T>): Promise<T>;
	/** Run work in one transaction on the writer connection; serialised with other writes. */
	write<T>(fn: (conn: DuckDBConnection) => Promise<T>): Promise<T>;
	/** Run work on the writer connection without a transaction (staging temp tables, long imports that manage their own transaction). */
	exclusive<T>(fn: (conn: DuckDBConnection) => Promise<T>): Promise<T>;
	/** Convenience: rows as JSON-safe objects (served from the result cache when the instance has one, see cache.ts). */
	query(sql: string, params?: Params): Promise<Row[]>;
	/**
	 * A value computed from this database only (e.g. a KPI report), kept in the result cache under `key` until the
	 * next write; without a cache, simply `fn()`. The key must name the function and every input it depends on.
	 */
	memo<T>(key: string, fn: () => Promise<T>, cost?: (v: T) => number): Promise<T>;
	/** Like memo, but the value is deep-frozen and shared by every caller (no copy): large read-only results. */
	memoShared<T>(key: string, fn: () => Promise<T>, cost?: (v: T) => number): Promise<T>;
	/** Result-cache counters; null when the instance was opened without a cache. */
	cacheStats(): ResultCacheStats | null;
	close(): Promise<void>;
}
