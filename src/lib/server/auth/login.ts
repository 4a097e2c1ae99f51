/**
 * The login decision, independent of HTTP: throttle check → password check → session. The route turns the
 * result into a cookie, an audit row and a message. Unknown usernames, wrong passwords and disabled accounts
 * all answer "invalid" (a disabled account is told so only after the right password was given).
 */
import type { AppDb } from '../appdb/index';
import { verifyDummy, verifyPassword } from './password';
import { createSession, generateSessionToken, loadAuthUser, type AuthUser, type SessionInfo } from './session';
import { ACCOUNT_POLICY, IP_POLICY, accountKey, clearThrottle, ipKey, lockedUntil, recordFailure } from './throttle';
import { findUserByUsername } from './users';

export type LoginResult =
	| { ok: true; user: AuthUser; token: string; session: SessionInfo }
	| { ok: false; reason: 'invalid' | 'disabled'; lockedUntil: Date | null }
	| { ok: false; reason: 'throttled'; lockedUntil: Date };

export interface LoginInput {
	username: string;
	password: string;
	ip: string;
	userAgent?: string | null;
}

export async function login(db: AppDb, input: LoginInput, now = new Date()): Promise<LoginResult> {
	const keys = [accountKey(input.username), ipKey(input.ip)];
	const locked = await lockedUntil(db, keys, now);
	if (locked) return { ok: false, reason: 'throttled', lockedUntil: locked };

	const row = input.username.trim() ? await findUserByUsername(db, input.username) : null;
	const good = row ? await verifyPassword(row.passwordHash, input.password) : await verifyDummy(input.password);
	if (!row || !good) {
		const [a, b] = await Promise.all([
			recordFailure(db, keys[0], ACCOUNT_POLICY, now),
			recordFailure(db, keys[1], IP_POLICY, now)
		]);
		const until = a && b ? (a > b ? a : b) : (a ?? b);
		return { ok: false, reason: 'invalid', lockedUntil: until };
	}
	if (row.disabledAt) return { ok: false, reason: 'disabled', lockedUntil: null };
	const user = await loadAuthUser(db, row.id);
	if (!user) return { ok: false, reason: 'disabled', lockedUntil: null };
	await clearThrottle(db, keys[0]);
	const token = generateSessionToken();
	const session = await createSession(db, token, user.id, { ip: input.ip, userAgent: input.userAgent }, now);
	return { ok: true, user, token, session };
}
