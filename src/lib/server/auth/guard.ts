/**
 * Guards every load, form action and endpoint calls again, after the handle hook has already enforced the rule
 * table (STYLE.md: a layout or a hook alone does not protect an action). They throw SvelteKit's `redirect` /
 * `error`, so a route writes one line:
 *
 *   const user = requireUser(event, ['supervisor', 'department']);
 *   requireDept(event, caseRow.dept_code);          // 404 outside the user's departments
 *   requireDeptFilter(event);                       // 404 when the URL's dept filter names another department
 */
import { error, redirect } from '@sveltejs/kit';
import { t, type Lang } from '../../i18n';
import { narrowParams } from './dept-scope';
import { canSeeDept, decide, deptScope, isApiRoute, ruleFor, ruleKey, type Role } from './policy';
import type { AuthUser } from './session';

/** The slice of a RequestEvent / ServerLoadEvent the guards need. */
export interface GuardEvent {
	locals: { user: AuthUser | null; lang?: Lang };
	route: { id: string | null };
	request: Request;
	url: URL;
	isDataRequest?: boolean;
}

/** Only same-site paths (`/x`, never `//host` or `/\host`) may be a post-login destination. */
export function safeNext(next: string | null | undefined, fallback = '/'): string {
	if (!next || !next.startsWith('/') || next.startsWith('//') || next.startsWith('/\\')) return fallback;
	try {
		const u = new URL(next, 'http://x');
		if (u.origin !== 'http://x') return fallback;
		return u.pathname + u.search + u.hash;
	} catch {
		return fallback;
	}
}

export function loginUrl(url: URL): string {
	const next = url.pathname + url.search;
	return next === '/' ? '/login' : `/login?next=${encodeURIComponent(next)}`;
}

export function denyMessage(status: number, lang: Lang = 'zh'): string {
	if (status === 401) return t(lang, 'auth.denied.401');
	if (status === 404) return t(lang, 'auth.denied.404');
	return t(lang, 'auth.denied.403');
}

/**
 * The signed-in user, allowed by the rule table for this request and, when given, by `roles` too.
 * Not signed in: a page GET redirects to /login?next=…, anything else gets 401. Not allowed: 403, or 404 when
 * the route's rule hides existence.
 */
export function requireUser(event: GuardEvent, roles?: readonly Role[]): AuthUser {
	const user = event.locals.user;
	const lang = event.locals.lang ?? 'zh';
	const routeId = event.route.id;
	if (!user) {
		if (event.request.method === 'GET' && !isApiRoute(routeId)) redirect(303, loginUrl(event.url));
		error(401, denyMessage(401, lang));
	}
	const key = routeId ? ruleKey(event.request.method, routeId, event.url) : '';
	const d = decide(user, key);
	if (!d.allow) error(d.status === 401 ? 403 : d.status, denyMessage(d.status, lang));
	if (roles && !roles.includes(user.role)) {
		const status = ruleFor(key)?.hide ? 404 : 403;
		error(status, denyMessage(status, lang));
	}
	return user;
}

/** 404 unless the user may see this department in detail (existence of other departments' data is private). */
export function requireDept(event: GuardEvent, deptCode: string | null | undefined): void {
	const user = event.locals.user;
	if (!user || !canSeeDept(user, deptCode)) error(404, denyMessage(404, event.locals.lang ?? 'zh'));
}

/**
 * 404 when the department-scope rule (dept-scope.ts) refuses the URL's `dept` filter: a department user naming
 * another department (or a user without a department) — the same answer as the API's, never a silent narrowing.
 */
export function requireDeptFilter(event: GuardEvent): void {
	const user = event.locals.user;
	if (!user || narrowParams(event.url.searchParams, deptScope(user)) === null)
		error(404, denyMessage(404, event.locals.lang ?? 'zh'));
}
