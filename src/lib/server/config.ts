/**
 * Runtime configuration: the one module under src/ that reads the environment. It reads it on each call, so
 * tests and the CLI can change a variable and the next call sees it. Server modules import this instead of
 * SvelteKit's `$env` so the same code runs under the CLI, Vitest and the built server. Every variable is
 * documented in `.env.example` and the README; a default here is the default everywhere.
 */
import path from 'node:path';

export interface AppConfig {
	/** Root for every file the app writes (analytics DB, embedded app DB, uploads). */
	dataDir: string;
	/** DuckDB analytics database file. */
	analyticsDb: string;
	/** PostgreSQL URL; empty means the embedded PGlite database under dataDir. */
	databaseUrl: string;
	/** IANA zone for timestamps that carry no offset, and of "today" (clock.ts). */
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
	/** The server's result cache of analytics queries (ANALYTICS_CACHE=0: off); `analyticsCacheTrace` logs misses. */
	analyticsCache: boolean;
	analyticsCacheTrace: boolean;
	/** The dashboards' screen-data cache (SCREEN_CACHE=0: off). */
	screenCache: boolean;
	/** Background computation of the default dashboards (PREWARM=0: off), its interval and department scopes. */
	prewarm: boolean;
	prewarmIntervalMs: number;
	prewarmDepartments: number;
	/** How long a validated session / API token is reused without the app database, ms (0 = never). */
	sessionCacheMs: number;
	/** Files and folders that override the shipped ones (null: the shipped ones). */
	calendarFile: string | null;
	profileDir: string | null;
	schemesDir: string | null;
	kpiThresholdsFile: string;
	/** Browser for PDF export (and the Playwright tests). */
	chromiumPath: string;
	/** Report cover: the issuing unit and the jurisdiction's name (null: derived from the data). */
	reportIssuer: string | null;
	reportJurisdiction: string | null;
	/** Diagnostics: stack traces from the CLI; step timings of every import. */
	debug: boolean;
	ingestDebug: boolean;
}

/** Default number of department scopes the prewarm computes. */
export const DEFAULT_PREWARM_DEPARTMENTS = 20;

/** A trimmed value, null when unset or blank. */
function text(v: string | undefined): string | null {
	const s = v?.trim();
	return s ? s : null;
}

function sessionCacheMs(env: NodeJS.ProcessEnv): number {
	const raw = env.SESSION_CACHE_MS;
	// PGlite is private to this process (nothing changes behind its back); PostgreSQL may be shared.
	const v = raw === undefined || raw.trim() === '' ? (env.DATABASE_URL ? 0 : 5000) : Number(raw);
	return Number.isFinite(v) && v > 0 ? v : 0;
}

export function getConfig(env: NodeJS.ProcessEnv = process.env): AppConfig {
	const dataDir = path.resolve(env.DATA_DIR || 'data');
	const departments = env.PREWARM_DEPARTMENTS;
	return {
		dataDir,
		analyticsDb: path.resolve(env.ANALYTICS_DB || path.join(dataDir, 'analytics.duckdb')),
		databaseUrl: env.DATABASE_URL || '',
		tzLocal: env.TZ_LOCAL || 'Asia/Shanghai',
		applicantHashKey: env.APPLICANT_HASH_KEY || 'dev-only-applicant-hash-key-change-me',
		projectVerifyChars:
			env.PROJECT_LOOKUP === 'off'
				? 0
				: Math.max(0, Math.min(18, Number(env.PROJECT_VERIFY_CHARS ?? 6) || 0)),
		duckdbThreads: env.DUCKDB_THREADS ? Number(env.DUCKDB_THREADS) : null,
		duckdbMemoryLimit: env.DUCKDB_MEMORY_LIMIT || null,
		analyticsCache: env.ANALYTICS_CACHE !== '0',
		analyticsCacheTrace: !!env.ANALYTICS_CACHE_TRACE,
		screenCache: env.SCREEN_CACHE !== '0',
		prewarm: env.PREWARM !== '0',
		prewarmIntervalMs: Math.max(5, Number(env.PREWARM_INTERVAL_S) || 60) * 1000,
		prewarmDepartments:
			departments === undefined || departments === ''
				? DEFAULT_PREWARM_DEPARTMENTS
				: Math.max(0, Math.floor(Number(departments)) || 0),
		sessionCacheMs: sessionCacheMs(env),
		calendarFile: env.CALENDAR_FILE || null,
		profileDir: env.PROFILE_DIR || null,
		schemesDir: env.SCHEMES_DIR || null,
		kpiThresholdsFile: env.KPI_THRESHOLDS_FILE ?? path.resolve('data/kpi-thresholds.json'),
		chromiumPath: env.CHROMIUM_PATH || '/usr/bin/chromium',
		reportIssuer: text(env.REPORT_ISSUER),
		reportJurisdiction: text(env.REPORT_JURISDICTION),
		debug: !!env.DEBUG,
		ingestDebug: !!env.INGEST_DEBUG
	};
}
