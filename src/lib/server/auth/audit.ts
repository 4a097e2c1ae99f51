/**
 * Audit trail (app database `audit_log`): who did what, when, from where. Call `audit(event, action, details)`
 * from routes for sign-ins, imports, exports, case-level views and every administrative change; `auditAs` from
 * the CLI and background jobs. Writing is awaited: an action whose audit row cannot be written fails rather than
 * going unrecorded. Details are small JSON (ids, filters, counts) — never passwords, tokens or case contents.
 */
import { and, desc, eq, gte, ilike, lt, or, sql, type SQL } from 'drizzle-orm';
import { getAppDb, type AppDb } from '../appdb/index';
import { auditLog } from '../appdb/schema';
import type { AuthUser } from './session';

export type AuditAction =
	| 'login.success'
	| 'login.failure'
	| 'login.throttled'
	| 'logout'
	| 'password.change'
	| 'sessions.revoke'
	| 'access.denied'
	| 'token.rejected'
	| 'user.create'
	| 'user.update'
	| 'user.disable'
	| 'user.enable'
	| 'user.password_reset'
	| 'token.create'
	| 'token.revoke'
	| 'import'
	| 'export'
	| 'case.view'
	| 'case.list'
	| 'scheme.save'
	| 'scheme.activate'
	| 'threshold.save'
	| 'profile.save'
	| 'profile.import'
	| 'profile.delete'
	| 'calendar.save'
	| 'map.upload'
	| 'map.remove'
	| 'task.plan_save'
	| 'task.report'
	| 'task.accept'
	| 'task.return'
	| 'project_lookup.success'
	| 'project_lookup.failure'
	| 'project_lookup.throttled'
	| 'display.create'
	| 'display.revoke'
	| 'display.layout'
	| 'display.open'
	| 'display.rejected';

export const AUDIT_ACTIONS: readonly AuditAction[] = [
	'login.success',
	'login.failure',
	'login.throttled',
	'logout',
	'password.change',
	'sessions.revoke',
	'access.denied',
	'token.rejected',
	'user.create',
	'user.update',
	'user.disable',
	'user.enable',
	'user.password_reset',
	'token.create',
	'token.revoke',
	'import',
	'export',
	'case.view',
	'case.list',
	'scheme.save',
	'scheme.activate',
	'threshold.save',
	'profile.save',
	'profile.import',
	'profile.delete',
	'calendar.save',
	'map.upload',
	'map.remove',
	'task.plan_save',
	'task.report',
	'task.accept',
	'task.return',
	'project_lookup.success',
	'project_lookup.failure',
	'project_lookup.throttled',
	'display.create',
	'display.revoke',
	'display.layout',
	'display.open',
	'display.rejected'
];

/** The slice of a SvelteKit RequestEvent the audit needs. */
export interface AuditEvent {
	locals: { user: AuthUser | null };
	getClientAddress?: () => string;
}

export function clientIp(event: { getClientAddress?: () => string }): string {
	try {
		return event.getClientAddress?.() ?? 'unknown';
	} catch {
		return 'unknown';
	}
}

export type AuditDetails = Record<string, unknown>;

export async function auditAs(
	db: AppDb,
	actor: { id?: number | null; username?: string | null } | null,
	action: AuditAction,
	details: AuditDetails = {},
	ip: string | null = null
): Promise<void> {
	await db.insert(auditLog).values({
		userId: actor?.id ?? null,
		username: actor?.username ?? null,
		action,
		ip,
		details
	});
}

/**
 * Record an action of the request's user. `opts.username` names the account for rows without a signed-in
 * user (a failed login records the name that was tried).
 */
export async function audit(
	event: AuditEvent,
	action: AuditAction,
	details: AuditDetails = {},
	opts: { username?: string; db?: AppDb } = {}
): Promise<void> {
	const u = event.locals.user;
	const db = opts.db ?? (await getAppDb());
	await auditAs(db, u ? { id: u.id, username: u.username } : { username: opts.username ?? null }, action, details, clientIp(event));
}

export interface AuditFilter {
	from?: Date | null;
	/** Exclusive upper bound. */
	to?: Date | null;
	action?: string | null;
	username?: string | null;
	/** Free text searched in the details JSON and the IP. */
	q?: string | null;
	limit?: number;
	offset?: number;
}

function escapeLike(s: string): string {
	return s.replace(/[\\%_]/g, (c) => `\\${c}`);
}

export async function listAudit(db: AppDb, f: AuditFilter = {}) {
	const where: SQL[] = [];
	if (f.from) where.push(gte(auditLog.at, f.from));
	if (f.to) where.push(lt(auditLog.at, f.to));
	if (f.action) where.push(f.action.endsWith('.') ? ilike(auditLog.action, `${escapeLike(f.action)}%`) : eq(auditLog.action, f.action));
	if (f.username) where.push(eq(auditLog.username, f.username.trim().toLowerCase()));
	if (f.q) {
		const pat = `%${escapeLike(f.q)}%`;
		where.push(or(ilike(sql`${auditLog.details}::text`, pat), ilike(auditLog.ip, pat))!);
	}
	const cond = where.length ? and(...where) : undefined;
	const limit = Math.min(Math.max(f.limit ?? 100, 1), 1000);
	const [rows, [{ n }]] = await Promise.all([
		db
			.select()
			.from(auditLog)
			.where(cond)
			.orderBy(desc(auditLog.at), desc(auditLog.id))
			.limit(limit)
			.offset(Math.max(f.offset ?? 0, 0)),
		db.select({ n: sql<number>`count(*)::int` }).from(auditLog).where(cond)
	]);
	return { rows, total: Number(n) };
}
