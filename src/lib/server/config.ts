/**
 * Runtime configuration, read from the environment on each call so tests and the CLI can change it.
 * Server modules import this instead of SvelteKit's `$env` so the same code runs under the CLI,
 * Vitest and the built server. Every variable is documented in `.env.example` and the README.
 */
import path from 'node:path';

export interface AppConfig {
	/** Root for every file the app writes (analytics DB, embedded app DB, uploads). */
	dataDir: string;
	/** DuckDB analytics database file. */
	analyticsDb: string;
	/** PostgreSQL URL; empty means the embedded PGlite database under dataDir. */
	databaseUrl: string;
	/** IANA zone for timestamps that carry no offset. */
	tzLocal: string;
	/** Secret key for the keyed hash that replaces applicant ID / phone numbers. */
	applicantHashKey: string;
	/**
	 * Public project progress lookup (项目业主查询): how many trailing characters of the owner's 统一社会信用代码
	 * (or 查询码) an owner types to verify; 0 turns the public lookup off (PROJECT_LOOKUP=off does too).
	 */
	projectVerifyChars: number;
	/** DuckDB worker threads (default: all cores). */
	duckdbThreads: number | null;
	/** DuckDB memory limit, e.g. "4GB" (default: DuckDB's own, 80 % of RAM). */
	duckdbMemoryLimit: string | null;
}

export function getConfig(env: NodeJS.ProcessEnv = process.env): AppConfig {
	const dataDir = path.resolve(env.DATA_DIR || 'data');
	return {
		dataDir,
		analyticsDb: path.resolve(env.ANALYTICS_DB || path.join(dataDir, 'analytics.duckdb')),
		databaseUrl: env.DATABASE_URL || '',
		tzLocal: env.TZ_LOCAL || 'Asia/Shanghai',
		applicantHashKey: env.APPLICANT_HASH_KEY || 'dev-only-applicant-hash-key-change-me',
		projectVerifyChars:
			env.PROJECT_LOOKUP === 'off' ? 0 : Math.max(0, Math.min(18, Number(env.PROJECT_VERIFY_CHARS ?? 6) || 0)),
		duckdbThreads: env.DUCKDB_THREADS ? Number(env.DUCKDB_THREADS) : null,
		duckdbMemoryLimit: env.DUCKDB_MEMORY_LIMIT || null
	};
}
