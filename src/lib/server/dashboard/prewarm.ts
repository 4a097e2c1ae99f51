/**
 * Prewarm: the default view of each cached screen (no filters: the latest month with data) for the roles that
 * see the whole jurisdiction (leader, supervisor), then for the department scopes of the department accounts,
 * those signed in most recently first (at most PREWARM_DEPARTMENTS scopes, default 20; 0 = none) — computed in
 * the background so the first person to open a dashboard after an import, a restart, a settings change or
 * midnight does not wait for it (at 100 M cases a cold overview takes seconds, a warm one milliseconds:
 * docs/scaling.md).
 *
 * It goes through the screen cache with the very keys a request without filters has (load.ts `screenData`), so a
 * request arriving meanwhile joins the running computation instead of starting its own. A pass over warm entries
 * is a few map lookups; it runs at start, after each import the server runs, and every PREWARM_INTERVAL_S
 * (default 60; which catches the date and settings changes). PREWARM=0 turns it off.
 */
import type { Role } from '../auth/policy';
import { getAnalytics } from '../analytics/instance';
import { getAppDb, type AppDb } from '../appdb/index';
import { lastSessionStarts } from '../auth/session';
import { listUsers } from '../auth/users';
import { screenData } from './load';
import { SCREENS, type ScreenDef, type ScreenName } from './screen-list';
import { getConfig } from '../config';

const ROLES: Role[] = ['leader', 'supervisor'];

/**
 * The department scopes (sorted department codes, as a request's `deptScope`) of enabled department accounts:
 * accounts with a live session first, the most recent sign-in first, then the others (newest account first);
 * without repeats, at most `limit`.
 */
export async function departmentScopes(db: AppDb, limit: number): Promise<string[][]> {
	if (limit <= 0) return [];
	const [users, last] = await Promise.all([listUsers(db), lastSessionStarts(db)]);
	const time = (id: number) => last.get(id)?.getTime() ?? -Infinity;
	const accounts = users
		.filter((u) => u.role === 'department' && !u.disabled && u.depts.length)
		.sort((a, b) => time(b.id) - time(a.id) || b.id - a.id);
	const out = new Map<string, string[]>();
	for (const a of accounts) {
		const scope = [...a.depts].sort(); // as loadAuthUser sorts them, so the cache key is a request's
		out.set(scope.join(','), scope);
		if (out.size >= limit) break;
	}
	return [...out.values()];
}

function scopeLimit(): number {
	return getConfig().prewarmDepartments;
}

export interface PrewarmOptions {
	/** Department scopes to warm after leader and supervisor (default: `departmentScopes` of the app database). */
	scopes?: () => Promise<string[][]>;
}

let running: Promise<PrewarmResult> | null = null;
let timer: NodeJS.Timeout | null = null;

export interface PrewarmResult {
	/** screens looked up */
	screens: number;
	/** of which computed (not already cached) */
	computed: number;
	ms: number;
}

/**
 * One pass; concurrent calls share it. A pass that computed something logs it (`prewarm: N screens computed in
 * T ms`, stdout). Errors are logged, never thrown (a broken screen must not stop the rest).
 */
export function prewarmScreens(opts: PrewarmOptions = {}): Promise<PrewarmResult> {
	running ??= (async () => {
		const t0 = performance.now();
		let screens = 0;
		let computed = 0;
		try {
			const db = await getAnalytics();
			const warm = async (role: Role, scope: string[] | null) => {
				for (const [name, def] of Object.entries(SCREENS) as [ScreenName, ScreenDef<unknown>][]) {
					try {
						const url = new URL(`http://prewarm/${name}`);
						const who = { role, scope, lang: def.lang ? ('zh' as const) : null };
						await screenData(db, name, url, who, (start, lang) => {
							computed++;
							return def.compute(start, lang);
						});
						screens++;
					} catch (e) {
						console.error(`prewarm ${name}:`, (e as Error).message);
					}
				}
			};
			for (const role of ROLES) await warm(role, null);
			let scopes: string[][] = [];
			try {
				scopes = await (opts.scopes ?? (async () => departmentScopes(await getAppDb(), scopeLimit())))();
			} catch (e) {
				console.error('prewarm: department accounts:', (e as Error).message);
			}
			for (const scope of scopes) await warm('department', scope);
		} catch (e) {
			console.error('prewarm:', (e as Error).message);
		}
		const ms = Math.round(performance.now() - t0);
		if (computed) console.log(`prewarm: ${computed} screens computed in ${ms} ms`);
		return { screens, computed, ms };
	})().finally(() => (running = null));
	return running;
}

export function startPrewarm(): void {
	const cfg = getConfig();
	if (!cfg.prewarm || timer) return;
	const every = cfg.prewarmIntervalMs;
	void prewarmScreens();
	timer = setInterval(() => void prewarmScreens(), every);
	timer.unref();
}

/** After an import: a pass now, if the server started the prewarm (tests and the CLI never do). */
export function prewarmSoon(): void {
	if (timer) void prewarmScreens();
}

export function stopPrewarm(): void {
	if (timer) clearInterval(timer);
	timer = null;
}
