/**
 * The common start of every dashboard load and endpoint: check the user again (the hook already applied
 * the rule table) and the URL's department filter (the department-scope rule: another department's code →
 * 404), open the analytics database, resolve the filters within the user's department scope.
 * `engineSafe` turns the engine's QueryError (e.g. an unknown department code) into the page's
 * "invalid filter" message instead of a 500.
 */
import type { GuardEvent } from '../auth/guard';
import { requireDeptFilter, requireUser } from '../auth/guard';
import { deptScope, type Role } from '../auth/policy';
import type { AuthUser } from '../auth/session';
import type { Lang } from '../../i18n';
import type { Analytics } from '../analytics/db';
import { getAnalytics } from '../analytics/instance';
import { QueryError } from '../analytics/kpi/query';
import { dashboardContext, frameOf, type DashboardContext } from './page-filters';
import { screenCache } from './page-cache';

export interface DashboardStart {
	user: AuthUser;
	db: Analytics;
	ctx: DashboardContext;
	/** Department codes the user is limited to; null = all. */
	scope: string[] | null;
}

/** What a screen's data may depend on besides the query: role, department scope and (some screens) language. */
export interface ScreenFor {
	role: Role;
	scope: string[] | null;
	lang: Lang | null;
}

/**
 * A screen's data through the screen cache for a role / scope — the caller has authorised the user. The compute
 * gets a start whose user carries the key's role and departments (its scope) only, so nothing per-person — and
 * nothing the key does not hold — can end up in shared data.
 * Used by `cachedScreen` (requests) and by the prewarm (prewarm.ts) with the same key, so they share entries.
 */
export async function screenData<T>(
	db: Analytics,
	screen: string,
	url: URL,
	who: ScreenFor,
	compute: (start: DashboardStart, lang: Lang) => Promise<T>
): Promise<T> {
	const key = { screen, role: who.role, scope: who.scope, lang: who.lang, url };
	return screenCache.get(db, key, async () => {
		const ctx = await dashboardContext(db, url, { deptScope: who.scope });
		const user: AuthUser = {
			id: 0,
			username: '',
			displayName: '',
			role: who.role,
			depts: [...(who.scope ?? [])]
		};
		return compute({ user, db, ctx, scope: who.scope }, who.lang ?? 'zh');
	});
}

/**
 * A screen's load data through the screen cache (page-cache.ts): the user is checked first, on every request
 * (`requireUser`, as `startDashboard`); then the data for (screen, role, department scope, language when
 * `lang` is set, query string, data version, settings, date) is computed once and shared.
 */
export async function cachedScreen<T>(
	event: GuardEvent,
	screen: string,
	compute: (start: DashboardStart, lang: Lang) => Promise<T>,
	opts: { roles?: readonly Role[]; lang?: boolean } = {}
): Promise<T> {
	const user = requireUser(event, opts.roles);
	requireDeptFilter(event);
	const db = await getAnalytics();
	const scope = deptScope(user);
	const lang = opts.lang ? (event.locals.lang ?? 'zh') : null;
	return screenData(db, screen, event.url, { role: user.role, scope, lang }, compute);
}

export async function startDashboard(event: GuardEvent, roles?: readonly Role[]): Promise<DashboardStart> {
	const user = requireUser(event, roles);
	requireDeptFilter(event);
	const db = await getAnalytics();
	const scope = deptScope(user);
	const ctx = await dashboardContext(db, event.url, { deptScope: scope });
	return { user, db, ctx, scope };
}

/** Run the screen's queries; an engine QueryError becomes the frame's invalid-filter message. */
export async function engineSafe<T>(
	start: DashboardStart,
	run: () => Promise<T>
): Promise<{ frame: ReturnType<typeof frameOf>; data: T | null }> {
	const { ctx, scope } = start;
	const locked = scope !== null;
	if (!ctx.query || ctx.coverage.cases === 0) return { frame: frameOf(ctx, ctx.invalid, locked), data: null };
	try {
		return { frame: frameOf(ctx, null, locked), data: await run() };
	} catch (e) {
		if (e instanceof QueryError) return { frame: frameOf(ctx, e.message, locked), data: null };
		throw e;
	}
}
