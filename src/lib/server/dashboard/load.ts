/**
 * The common start of every dashboard load and endpoint: check the user again (the hook already applied
 * the rule table), open the analytics database, resolve the filters within the user's department scope.
 * `engineSafe` turns the engine's QueryError (e.g. an unknown department code) into the page's
 * "invalid filter" message instead of a 500.
 */
import type { GuardEvent } from '../auth/guard';
import { requireUser } from '../auth/guard';
import { deptScope, type Role } from '../auth/policy';
import type { AuthUser } from '../auth/session';
import type { Analytics } from '../analytics/db';
import { getAnalytics } from '../analytics/instance';
import { QueryError } from '../analytics/kpi/query';
import { dashboardContext, frameOf, type DashboardContext } from './context';

export interface DashboardStart {
	user: AuthUser;
	db: Analytics;
	ctx: DashboardContext;
	/** Department codes the user is limited to; null = all. */
	scope: string[] | null;
}

export async function startDashboard(event: GuardEvent, roles?: readonly Role[]): Promise<DashboardStart> {
	const user = requireUser(event, roles);
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
