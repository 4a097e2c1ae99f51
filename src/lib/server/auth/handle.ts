/**
 * The authentication + authorisation hook (hooks.server.ts: `sequence(handleLang, handleAuth)`).
 *
 * 1. Who: a valid `Authorization: Bearer` token on /api/* (bad tokens are throttled per IP), else the session
 *    cookie (renewed when it slides, deleted when invalid). Fills `event.locals.user / session / auth`.
 * 2. May they: the rule table in policy.ts decides for EVERY request before any load, action or endpoint runs;
 *    a route without a rule is denied. Denied → JSON `{ error }` for /api (401 with WWW-Authenticate, 403, 404),
 *    a redirect to /login?next=… for an anonymous page GET, and otherwise the friendly /denied page (layout,
 *    user and logout button included) with the real status. Denials of signed-in users are audit-logged.
 * Routes still call `requireUser` (guard.ts) themselves.
 */
import { error, json, redirect, type Handle, type RequestEvent } from '@sveltejs/kit';
import { t } from '../../i18n';
import { getAppDb } from '../appdb/index';
import { audit, clientIp } from './audit';
import { denyMessage, loginUrl } from './guard';
import { decide, isApiRoute, ruleKey } from './policy';
import { SESSION_COOKIE, deleteSessionCookie, setSessionCookie, validateSessionCached } from './session';
import { TOKEN_IP_POLICY, formatWait, lockedUntil, recordFailure, tokenIpKey } from './throttle';
import { validateApiTokenCached } from './token';

function apiError(status: number, message: string, headers: Record<string, string> = {}) {
	return json({ error: message }, { status, headers });
}

async function identify(event: RequestEvent): Promise<Response | null> {
	event.locals.user = null;
	event.locals.session = null;
	event.locals.auth = null;
	const lang = event.locals.lang ?? 'zh';
	const authz = event.request.headers.get('authorization');
	if (authz && isApiRoute(event.route.id)) {
		const m = /^Bearer\s+(\S+)\s*$/i.exec(authz);
		const db = await getAppDb();
		const ip = clientIp(event);
		const locked = await lockedUntil(db, [tokenIpKey(ip)]);
		if (locked) {
			const ms = locked.getTime() - Date.now();
			return apiError(429, t(lang, 'auth.tokenThrottled', { wait: formatWait(ms, lang) }), {
				'retry-after': String(Math.ceil(ms / 1000))
			});
		}
		const v = m ? await validateApiTokenCached(db, m[1]) : null;
		if (!v) {
			await recordFailure(db, tokenIpKey(ip), TOKEN_IP_POLICY);
			await audit(event, 'token.rejected', { path: event.url.pathname }, { db });
			return apiError(401, t(lang, 'auth.denied.token'), { 'www-authenticate': 'Bearer error="invalid_token"' });
		}
		event.locals.user = v.user;
		event.locals.auth = 'token';
		return null;
	}
	const token = event.cookies.get(SESSION_COOKIE);
	if (!token) return null;
	const db = await getAppDb();
	const v = await validateSessionCached(db, token);
	if (!v) {
		deleteSessionCookie(event);
		return null;
	}
	if (v.renewed) setSessionCookie(event, token, v.session.expiresAt);
	event.locals.user = v.user;
	event.locals.session = v.session;
	event.locals.auth = 'session';
	return null;
}

export const handleAuth: Handle = async ({ event, resolve }) => {
	const early = await identify(event);
	if (early) return early;

	const routeId = event.route.id;
	const lang = event.locals.lang ?? 'zh';
	if (routeId === null) {
		// No route: SvelteKit answers 404. Remote functions (/_app/remote) are not used here: fail closed.
		if (event.url.pathname.startsWith('/_app/remote')) return apiError(404, denyMessage(404, lang));
		return resolve(event);
	}
	const key = ruleKey(event.request.method, routeId, event.url);
	const d = decide(event.locals.user, key);
	if (d.allow) return resolve(event);

	const user = event.locals.user;
	if (user) await audit(event, 'access.denied', { route: key, path: event.url.pathname, status: d.status });
	if (isApiRoute(routeId)) {
		return apiError(d.status, denyMessage(d.status, lang), d.status === 401 ? { 'www-authenticate': 'Bearer' } : {});
	}
	const method = event.request.method;
	if (d.status === 401 && (method === 'GET' || method === 'HEAD')) redirect(303, loginUrl(event.url));
	// Client-side navigation data and enhanced form actions get JSON errors; full page requests the friendly page.
	const accept = event.request.headers.get('accept') ?? '';
	if (event.isDataRequest || (method !== 'GET' && method !== 'HEAD' && accept.includes('application/json'))) {
		error(d.status, denyMessage(d.status, lang));
	}
	const page = await event.fetch(`/denied?status=${d.status}`, { headers: { accept: 'text/html' } });
	return new Response(page.body, {
		status: d.status,
		headers: { 'content-type': page.headers.get('content-type') ?? 'text/html; charset=utf-8', 'cache-control': 'no-store' }
	});
};
