/**
 * API tokens for scripts (scheduled imports, report downloads): `Authorization: Bearer rpa_…` on /api/*.
 * A token acts as its user — same role, same department scope — and stops working when the user is disabled.
 * Only the SHA-256 is stored; the token is shown once at creation. The `rpa_` prefix makes leaked tokens easy
 * to find with secret scanners; `prefix` (the first 8 characters) identifies a token in lists.
 */
import { encodeBase32LowerCaseNoPadding } from '@oslojs/encoding';
import { and, desc, eq, isNull } from 'drizzle-orm';
import type { AppDb } from '../appdb/index';
import { apiToken, user as userTable } from '../appdb/schema';
import {
	MAX_CACHED_CREDENTIALS,
	authCacheGeneration,
	forgetValidatedSessions,
	hashToken,
	loadAuthUser,
	registerAuthCache,
	sessionCacheMs,
	type AuthUser
} from './session';

const PREFIX = 'rpa_';
const TOKEN_RE = /^rpa_[a-z2-7]{32}$/;
/** last_used_at is written at most this often per token (a script may call many times per second). */
const TOUCH_EVERY_MS = 60_000;

export function generateApiToken(): string {
	const bytes = new Uint8Array(20);
	crypto.getRandomValues(bytes);
	return PREFIX + encodeBase32LowerCaseNoPadding(bytes);
}

export interface CreatedToken {
	id: number;
	token: string;
	prefix: string;
}

export async function createApiToken(
	db: AppDb,
	userId: number,
	opts: { name?: string; expiresAt?: Date | null } = {}
): Promise<CreatedToken> {
	const token = generateApiToken();
	const prefix = token.slice(0, 8);
	const [row] = await db
		.insert(apiToken)
		.values({
			userId,
			name: opts.name ?? '',
			tokenHash: hashToken(token),
			prefix,
			expiresAt: opts.expiresAt ?? null
		})
		.returning({ id: apiToken.id });
	return { id: row.id, token, prefix };
}

/** The token's user, or null (malformed, unknown, revoked, expired, or the user is disabled). */
export async function validateApiToken(
	db: AppDb,
	token: string,
	now = new Date()
): Promise<{ user: AuthUser; tokenId: number; expiresAt: Date | null } | null> {
	if (!TOKEN_RE.test(token)) return null;
	const [row] = await db
		.select()
		.from(apiToken)
		.where(eq(apiToken.tokenHash, hashToken(token)));
	if (!row || row.revokedAt || (row.expiresAt && row.expiresAt <= now)) return null;
	const user = await loadAuthUser(db, row.userId);
	if (!user) return null;
	if (!row.lastUsedAt || now.getTime() - row.lastUsedAt.getTime() > TOUCH_EVERY_MS) {
		await db.update(apiToken).set({ lastUsedAt: now }).where(eq(apiToken.id, row.id));
	}
	return { user, tokenId: row.id, expiresAt: row.expiresAt };
}

/**
 * `validateApiToken` behind the in-process credential cache of session.ts (same bounds: revocation, user changes
 * and password changes in this process empty it at once; changes by another process are seen within
 * `SESSION_CACHE_MS`). Expiry is checked on every hit.
 */
interface CachedToken {
	user: AuthUser;
	tokenId: number;
	expiresAt: Date | null;
	at: number;
}
const validatedTokens = new Map<string, CachedToken>();
registerAuthCache(validatedTokens);

export async function validateApiTokenCached(
	db: AppDb,
	token: string,
	now = new Date()
): Promise<{ user: AuthUser; tokenId: number } | null> {
	const ttl = sessionCacheMs();
	if (ttl === 0) return validateApiToken(db, token, now);
	if (!TOKEN_RE.test(token)) return null;
	const key = hashToken(token);
	const t = now.getTime();
	const hit = validatedTokens.get(key);
	if (hit) {
		if (t - hit.at >= 0 && t - hit.at < ttl && (!hit.expiresAt || hit.expiresAt.getTime() > t))
			return { user: { ...hit.user, depts: [...hit.user.depts] }, tokenId: hit.tokenId };
		validatedTokens.delete(key);
	}
	const gen = authCacheGeneration();
	const v = await validateApiToken(db, token, now);
	if (v && gen === authCacheGeneration()) {
		if (validatedTokens.size >= MAX_CACHED_CREDENTIALS)
			validatedTokens.delete(validatedTokens.keys().next().value!);
		validatedTokens.set(key, {
			user: { ...v.user, depts: [...v.user.depts] },
			tokenId: v.tokenId,
			expiresAt: v.expiresAt,
			at: t
		});
	}
	return v && { user: v.user, tokenId: v.tokenId };
}

export async function revokeApiToken(db: AppDb, tokenId: number, now = new Date()): Promise<boolean> {
	forgetValidatedSessions();
	try {
		const r = await db
			.update(apiToken)
			.set({ revokedAt: now })
			.where(and(eq(apiToken.id, tokenId), isNull(apiToken.revokedAt)))
			.returning({ id: apiToken.id });
		return r.length > 0;
	} finally {
		forgetValidatedSessions();
	}
}

/** Token list for the admin screen (never the hash). */
export async function listApiTokens(db: AppDb, userId?: number) {
	return db
		.select({
			id: apiToken.id,
			userId: apiToken.userId,
			username: userTable.username,
			name: apiToken.name,
			prefix: apiToken.prefix,
			createdAt: apiToken.createdAt,
			lastUsedAt: apiToken.lastUsedAt,
			expiresAt: apiToken.expiresAt,
			revokedAt: apiToken.revokedAt
		})
		.from(apiToken)
		.innerJoin(userTable, eq(userTable.id, apiToken.userId))
		.where(userId === undefined ? undefined : eq(apiToken.userId, userId))
		.orderBy(desc(apiToken.createdAt), desc(apiToken.id));
}
