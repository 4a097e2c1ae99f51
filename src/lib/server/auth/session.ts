/**
 * Sessions as Lucia's guide builds them (the `lucia` package is deprecated; this is its design):
 * - the cookie holds a random token (20 bytes, base32); the database holds only its SHA-256 (hex) as the id,
 *   so a leaked database cannot be replayed as cookies;
 * - sliding expiry: 30 days, extended to 30 days again when less than 15 remain;
 * - a session dies on logout, on password change (all of the user's sessions), when the user is disabled,
 *   and when it expires (deleted on the first request that finds it expired).
 */
import { sha256 } from '@oslojs/crypto/sha2';
import { encodeBase32LowerCaseNoPadding, encodeHexLowerCase } from '@oslojs/encoding';
import { and, eq, max, ne } from 'drizzle-orm';
import type { AppDb } from '../appdb/index';
import { session as sessionTable, user as userTable, userDepartment, type Role } from '../appdb/schema';
import { getConfig } from '../config';

export const SESSION_COOKIE = 'session';
const DAY_MS = 24 * 60 * 60 * 1000;
export const SESSION_TTL_MS = 30 * DAY_MS;
export const SESSION_RENEW_WITHIN_MS = 15 * DAY_MS;

/** What the rest of the app knows about the signed-in user (event.locals.user). */
export interface AuthUser {
	id: number;
	username: string;
	displayName: string;
	role: Role;
	/** Department codes of a `department` user; empty for the other roles. */
	depts: string[];
}

export interface SessionInfo {
	id: string;
	userId: number;
	expiresAt: Date;
}

export interface SessionMeta {
	ip?: string | null;
	userAgent?: string | null;
}

export function generateSessionToken(): string {
	const bytes = new Uint8Array(20);
	crypto.getRandomValues(bytes);
	return encodeBase32LowerCaseNoPadding(bytes);
}

/** SHA-256 (hex) of a secret token: the only form in which session and API tokens are stored. */
export function hashToken(token: string): string {
	return encodeHexLowerCase(sha256(new TextEncoder().encode(token)));
}

export async function createSession(
	db: AppDb,
	token: string,
	userId: number,
	meta: SessionMeta = {},
	now = new Date()
): Promise<SessionInfo> {
	const s: SessionInfo = {
		id: hashToken(token),
		userId,
		expiresAt: new Date(now.getTime() + SESSION_TTL_MS)
	};
	await db.insert(sessionTable).values({
		...s,
		createdAt: now,
		ip: meta.ip ?? null,
		userAgent: meta.userAgent?.slice(0, 300) ?? null
	});
	return s;
}

/** Load a user with its department scope, or null if it does not exist or is disabled. */
export async function loadAuthUser(db: AppDb, userId: number): Promise<AuthUser | null> {
	const [u] = await db.select().from(userTable).where(eq(userTable.id, userId));
	if (!u || u.disabledAt) return null;
	const depts = await db
		.select({ code: userDepartment.deptCode })
		.from(userDepartment)
		.where(eq(userDepartment.userId, userId));
	return {
		id: u.id,
		username: u.username,
		displayName: u.displayName,
		role: u.role,
		depts: u.role === 'department' ? depts.map((d) => d.code).sort() : []
	};
}

export interface ValidatedSession {
	session: SessionInfo;
	user: AuthUser;
	/** The expiry moved: the caller must re-send the cookie with the new expiry. */
	renewed: boolean;
}

/** Check a cookie token: null when unknown, expired (then deleted) or its user is disabled (then deleted). */
export async function validateSessionToken(
	db: AppDb,
	token: string,
	now = new Date()
): Promise<ValidatedSession | null> {
	if (!/^[a-z2-7]{32}$/.test(token)) return null;
	const id = hashToken(token);
	const [row] = await db.select().from(sessionTable).where(eq(sessionTable.id, id));
	if (!row) return null;
	if (now.getTime() >= row.expiresAt.getTime()) {
		await db.delete(sessionTable).where(eq(sessionTable.id, id));
		return null;
	}
	const user = await loadAuthUser(db, row.userId);
	if (!user) {
		await db.delete(sessionTable).where(eq(sessionTable.id, id));
		return null;
	}
	const session: SessionInfo = { id, userId: row.userId, expiresAt: row.expiresAt };
	let renewed = false;
	if (row.expiresAt.getTime() - now.getTime() < SESSION_RENEW_WITHIN_MS) {
		session.expiresAt = new Date(now.getTime() + SESSION_TTL_MS);
		await db.update(sessionTable).set({ expiresAt: session.expiresAt }).where(eq(sessionTable.id, id));
		renewed = true;
	}
	return { session, user, renewed };
}

/**
 * In-process cache of validated session cookies (issue 7: three app-database queries per request were a third
 * of the server's CPU under 50 concurrent users). Keyed by the session id (SHA-256 of the cookie token).
 *
 * Bounds, i.e. what a cached answer can miss:
 * - In THIS process nothing: logout, "sign out everywhere", password change, role / department-scope change,
 *   disabling a user and display-name changes all go through `invalidateSession` / `invalidateUserSessions` /
 *   `forgetValidatedSessions`, which empty the cache before and after their database write; a validation that
 *   was running across such a change is not stored (generation check).
 * - Changes made by ANOTHER process are seen after at most `SESSION_CACHE_MS`. Default: 5000 ms on the embedded
 *   PGlite app database (one process owns it, so no other process can change a session behind the cache), 0 = no
 *   cache on PostgreSQL (`DATABASE_URL`: instances share sessions, and signing out on one must end the session on
 *   all at once — tests/integration/scaling/parquet-interchange.test.ts). Set it explicitly to trade that for speed.
 * - Expiry is checked on every hit; a session inside its renewal window always takes the database path, so the
 *   sliding renewal is written exactly as without the cache.
 * Authorisation is unaffected: the cache answers only "who is this cookie", the rule table and the guards run
 * on every request with the cached user's role and departments.
 */
interface CachedSession {
	session: SessionInfo;
	user: AuthUser;
	at: number;
}
const validated = new Map<string, CachedSession>();
let validatedGen = 0;
/** Every in-process cache of credential checks (this one, API tokens in token.ts): emptied together. */
const authCaches = new Set<Map<string, unknown>>([validated]);
export const MAX_CACHED_CREDENTIALS = 10_000;

/** How long a cached credential check may be used: `SESSION_CACHE_MS` (default 5000 on PGlite, 0 on PostgreSQL; 0 = no cache). */
export function sessionCacheMs(): number {
	return getConfig().sessionCacheMs;
}

/** A cache of credential checks that `forgetValidatedSessions` empties too (token.ts). */
export function registerAuthCache(m: Map<string, unknown>): void {
	authCaches.add(m);
}

/** Changes on every `forgetValidatedSessions`: a check that ran across one must not be stored. */
export function authCacheGeneration(): number {
	return validatedGen;
}

/** Forget every cached session and token validation in this process (any change to sessions, tokens, users). */
export function forgetValidatedSessions(): void {
	validatedGen++;
	for (const m of authCaches) m.clear();
}

const copyUser = (u: AuthUser): AuthUser => ({ ...u, depts: [...u.depts] });

/** `validateSessionToken` behind the in-process cache described above (the request hook's path). */
export async function validateSessionCached(
	db: AppDb,
	token: string,
	now = new Date()
): Promise<ValidatedSession | null> {
	const ttl = sessionCacheMs();
	if (ttl === 0) return validateSessionToken(db, token, now);
	if (!/^[a-z2-7]{32}$/.test(token)) return null;
	const id = hashToken(token);
	const t = now.getTime();
	const hit = validated.get(id);
	if (hit) {
		const exp = hit.session.expiresAt.getTime();
		if (t - hit.at >= 0 && t - hit.at < ttl && t < exp && exp - t >= SESSION_RENEW_WITHIN_MS) {
			return { session: { ...hit.session }, user: copyUser(hit.user), renewed: false };
		}
		validated.delete(id);
	}
	const gen = validatedGen;
	const v = await validateSessionToken(db, token, now);
	if (v && gen === validatedGen) {
		if (validated.size >= MAX_CACHED_CREDENTIALS) validated.delete(validated.keys().next().value!);
		validated.set(id, { session: { ...v.session }, user: copyUser(v.user), at: t });
	}
	return v;
}

export async function invalidateSession(db: AppDb, sessionId: string): Promise<void> {
	forgetValidatedSessions();
	try {
		await db.delete(sessionTable).where(eq(sessionTable.id, sessionId));
	} finally {
		forgetValidatedSessions();
	}
}

/** Revoke every session of a user (password change, disable, admin "sign out everywhere"); `except` keeps one. */
export async function invalidateUserSessions(
	db: AppDb,
	userId: number,
	opts: { except?: string } = {}
): Promise<number> {
	const where = opts.except
		? and(eq(sessionTable.userId, userId), ne(sessionTable.id, opts.except))
		: eq(sessionTable.userId, userId);
	forgetValidatedSessions();
	try {
		const gone = await db.delete(sessionTable).where(where).returning({ id: sessionTable.id });
		return gone.length;
	} finally {
		forgetValidatedSessions();
	}
}

export async function listUserSessions(db: AppDb, userId: number) {
	return db
		.select({
			id: sessionTable.id,
			createdAt: sessionTable.createdAt,
			expiresAt: sessionTable.expiresAt,
			ip: sessionTable.ip,
			userAgent: sessionTable.userAgent
		})
		.from(sessionTable)
		.where(eq(sessionTable.userId, userId))
		.orderBy(sessionTable.createdAt);
}

/** The minimal slice of SvelteKit's RequestEvent the cookie helpers need (keeps this module framework-light). */
export interface CookieEvent {
	url: URL;
	cookies: {
		set(name: string, value: string, opts: { path: string } & Record<string, unknown>): void;
		delete(name: string, opts: { path: string } & Record<string, unknown>): void;
	};
}

/**
 * HttpOnly, SameSite=Lax, path=/, Secure whenever the site is served over https (production behind TLS, where
 * adapter-node learns the scheme from ORIGIN / PROTOCOL_HEADER). On plain http (local dev, the e2e server on
 * loopback) a Secure cookie would be dropped by the browser, so it is not set there.
 */
export function sessionCookieOptions(event: Pick<CookieEvent, 'url'>) {
	return { path: '/', httpOnly: true, sameSite: 'lax' as const, secure: event.url.protocol === 'https:' };
}

export function setSessionCookie(event: CookieEvent, token: string, expiresAt: Date): void {
	event.cookies.set(SESSION_COOKIE, token, { ...sessionCookieOptions(event), expires: expiresAt });
}

export function deleteSessionCookie(event: CookieEvent): void {
	event.cookies.delete(SESSION_COOKIE, { ...sessionCookieOptions(event), maxAge: 0 });
}

/** When each user's newest live session started (users without one are absent): who signed in most recently. */
export async function lastSessionStarts(db: AppDb): Promise<Map<number, Date>> {
	const rows = await db
		.select({ userId: sessionTable.userId, last: max(sessionTable.createdAt) })
		.from(sessionTable)
		.groupBy(sessionTable.userId);
	return new Map(rows.filter((r) => r.last !== null).map((r) => [r.userId, new Date(r.last!)]));
}
