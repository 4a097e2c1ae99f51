/**
 * Login throttling per account and per IP, of bad API tokens per IP, and of the public project lookup (per IP
 * and per project code), held in the app database
 * (`login_throttle`) so it survives restarts and is shared by several server processes on one PostgreSQL.
 *
 * Policy (exponential back-off with a cap): the first `free` failures cost nothing; every further failure
 * locks the key for base × 2^(n − free − 1), at most `maxMs`. A quiet period of `resetAfterMs` since the last
 * failure starts the count again; a successful login clears the account's key (not the IP's, so one valid
 * account cannot be used to reset an IP that is guessing others). While a key is locked the password is not
 * even checked, and unknown usernames are throttled exactly like real ones (no account enumeration).
 */
import { eq, inArray, sql } from 'drizzle-orm';
import type { AppDb } from '../appdb/index';
import { loginThrottle } from '../appdb/schema';

export interface ThrottlePolicy {
	free: number;
	baseMs: number;
	maxMs: number;
	resetAfterMs: number;
}

const MIN = 60_000;
export const ACCOUNT_POLICY: ThrottlePolicy = { free: 5, baseMs: 30_000, maxMs: 15 * MIN, resetAfterMs: 24 * 60 * MIN };
export const IP_POLICY: ThrottlePolicy = { free: 20, baseMs: 30_000, maxMs: 60 * MIN, resetAfterMs: 60 * MIN };
export const TOKEN_IP_POLICY: ThrottlePolicy = { free: 10, baseMs: 30_000, maxMs: 60 * MIN, resetAfterMs: 60 * MIN };

export const accountKey = (username: string) => `user:${username.trim().toLowerCase()}`;
export const ipKey = (ip: string) => `ip:${ip}`;
export const tokenIpKey = (ip: string) => `token-ip:${ip}`;

// The public project lookup (项目业主查询, auth/project-lookup.ts) uses the same table and back-off. A wrong project
// code, a wrong verification value and an unknown project all count alike, per IP and per (normalised) code:
// the 5th failure from an IP locks that IP's lookups for 15 min, the 10th on a code locks that code for 15 min
// (from every IP, the right value too); a further failure within the hour doubles the lock, up to 4 h.
// Successful lookups count per IP too (no scraping): the 30th without a quiet hour locks the IP for an hour.
export const LOOKUP_IP_POLICY: ThrottlePolicy = { free: 4, baseMs: 15 * MIN, maxMs: 4 * 60 * MIN, resetAfterMs: 60 * MIN };
export const LOOKUP_CODE_POLICY: ThrottlePolicy = { free: 9, baseMs: 15 * MIN, maxMs: 4 * 60 * MIN, resetAfterMs: 60 * MIN };
export const LOOKUP_OK_IP_POLICY: ThrottlePolicy = { free: 29, baseMs: 60 * MIN, maxMs: 60 * MIN, resetAfterMs: 60 * MIN };
export const lookupIpKey = (ip: string) => `lookup-ip:${ip}`;
export const lookupCodeKey = (code: string) => `lookup-code:${code.toUpperCase()}`;
export const lookupOkIpKey = (ip: string) => `lookup-ok-ip:${ip}`;

export function lockDuration(failures: number, p: ThrottlePolicy): number {
	if (failures <= p.free) return 0;
	return Math.min(p.maxMs, p.baseMs * 2 ** Math.min(30, failures - p.free - 1));
}

/** The latest `locked_until` among the keys that is still in the future, or null. */
export async function lockedUntil(db: AppDb, keys: string[], now = new Date()): Promise<Date | null> {
	const rows = await db.select().from(loginThrottle).where(inArray(loginThrottle.key, keys));
	let until: Date | null = null;
	for (const r of rows) if (r.lockedUntil && r.lockedUntil > now && (!until || r.lockedUntil > until)) until = r.lockedUntil;
	return until;
}

/** Count one failure for `key`; returns the lock it now carries (null = none). */
export async function recordFailure(db: AppDb, key: string, p: ThrottlePolicy, now = new Date()): Promise<Date | null> {
	const resetBefore = new Date(now.getTime() - p.resetAfterMs);
	const [row] = await db
		.insert(loginThrottle)
		.values({ key, failures: 1, lastFailureAt: now, lockedUntil: null })
		.onConflictDoUpdate({
			target: loginThrottle.key,
			set: {
				failures: sql`case when ${loginThrottle.lastFailureAt} < ${resetBefore} then 1 else ${loginThrottle.failures} + 1 end`,
				lastFailureAt: now
			}
		})
		.returning({ failures: loginThrottle.failures });
	const ms = lockDuration(row.failures, p);
	const until = ms > 0 ? new Date(now.getTime() + ms) : null;
	await db.update(loginThrottle).set({ lockedUntil: until }).where(eq(loginThrottle.key, key));
	return until;
}

export async function clearThrottle(db: AppDb, key: string): Promise<void> {
	await db.delete(loginThrottle).where(eq(loginThrottle.key, key));
}

/** "3 分 20 秒" / "3 min 20 s" — the wait shown in the throttling message (rounded up to the second). */
export function formatWait(ms: number, lang: 'zh' | 'en' = 'zh'): string {
	const total = Math.max(1, Math.ceil(ms / 1000));
	const m = Math.floor(total / 60);
	const s = total % 60;
	if (lang === 'en') return m ? (s ? `${m} min ${s} s` : `${m} min`) : `${s} s`;
	return m ? (s ? `${m} 分 ${s} 秒` : `${m} 分钟`) : `${s} 秒`;
}
