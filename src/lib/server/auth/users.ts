/**
 * Accounts: create, list, disable / enable, role and department scope, passwords. Used by the CLI, the admin
 * screens and the account page. Every change that weakens an account's standing (disable, new password, role or
 * scope change) revokes that user's sessions so it takes effect at once, not at the next login.
 */
import { asc, eq, sql } from 'drizzle-orm';
import type { AppDb } from '../appdb/index';
import { ROLES, user as userTable, userDepartment, type Role } from '../appdb/schema';
import { hashPassword, passwordProblem, verifyPassword, type PasswordProblem } from './password';
import { forgetValidatedSessions, invalidateUserSessions } from './session';

export class AccountError extends Error {
	constructor(
		readonly code:
			| PasswordProblem
			| 'badUsername'
			| 'badRole'
			| 'deptRequired'
			| 'deptNotAllowed'
			| 'badDept'
			| 'exists'
			| 'notFound'
			| 'wrongPassword'
			| 'lastAdmin',
		message: string
	) {
		super(message);
	}
}

export function normaliseUsername(username: string): string {
	return username.trim().toLowerCase();
}

const USERNAME_RE = /^[\p{L}\p{N}_.@-]{2,64}$/u;
const DEPT_RE = /^[^\s,;]{1,64}$/u;

export function isRole(v: unknown): v is Role {
	return typeof v === 'string' && (ROLES as readonly string[]).includes(v);
}

/** "D01, D02" → ['D01', 'D02'] (trimmed, de-duplicated, sorted). */
export function parseDeptList(v: string | null | undefined): string[] {
	return [...new Set((v ?? '').split(/[,，;\s]+/).map((s) => s.trim()).filter(Boolean))].sort();
}

function checkScope(role: Role, depts: string[]) {
	if (role === 'department' && depts.length === 0)
		throw new AccountError('deptRequired', '部门用户必须指定至少一个部门编码 (--dept) / a department user needs at least one --dept code');
	if (role !== 'department' && depts.length > 0)
		throw new AccountError('deptNotAllowed', '只有部门用户才有部门范围 / only department users have a department scope');
	for (const d of depts) if (!DEPT_RE.test(d)) throw new AccountError('badDept', `部门编码无效 / bad department code: ${d}`);
}

function checkPassword(password: string, username: string) {
	const p = passwordProblem(password, username);
	if (p === 'tooShort') throw new AccountError(p, '密码至少 8 个字符 / the password needs at least 8 characters');
	if (p === 'tooLong') throw new AccountError(p, '密码过长 / the password is too long');
	if (p === 'sameAsUsername') throw new AccountError(p, '密码不能与用户名相同 / the password must differ from the username');
}

export interface NewUser {
	username: string;
	password: string;
	role: Role;
	depts?: string[];
	displayName?: string;
}

export async function createUser(db: AppDb, input: NewUser): Promise<{ id: number; username: string }> {
	const username = normaliseUsername(input.username);
	if (!USERNAME_RE.test(username))
		throw new AccountError('badUsername', '用户名须为 2–64 个字母、数字或 _ . @ - / username: 2–64 letters, digits, _ . @ -');
	if (!isRole(input.role)) throw new AccountError('badRole', `角色无效 / unknown role: ${String(input.role)} (${ROLES.join('|')})`);
	const depts = [...new Set(input.depts ?? [])].sort();
	checkScope(input.role, depts);
	checkPassword(input.password, username);
	const passwordHash = await hashPassword(input.password);
	return db.transaction(async (tx) => {
		const [exists] = await tx.select({ id: userTable.id }).from(userTable).where(eq(userTable.username, username));
		if (exists) throw new AccountError('exists', `用户已存在 / user exists: ${username}`);
		const [row] = await tx
			.insert(userTable)
			.values({ username, passwordHash, role: input.role, displayName: input.displayName?.trim() ?? '' })
			.returning({ id: userTable.id });
		if (depts.length) await tx.insert(userDepartment).values(depts.map((deptCode) => ({ userId: row.id, deptCode })));
		return { id: row.id, username };
	});
}

export interface UserListRow {
	id: number;
	username: string;
	displayName: string;
	role: Role;
	depts: string[];
	disabled: boolean;
	createdAt: Date;
}

export async function listUsers(db: AppDb): Promise<UserListRow[]> {
	const rows = await db
		.select({
			id: userTable.id,
			username: userTable.username,
			displayName: userTable.displayName,
			role: userTable.role,
			disabledAt: userTable.disabledAt,
			createdAt: userTable.createdAt,
			depts: sql<string[] | null>`(select array_agg(${userDepartment.deptCode} order by ${userDepartment.deptCode}) from ${userDepartment} where ${userDepartment.userId} = ${userTable.id})`
		})
		.from(userTable)
		.orderBy(asc(userTable.username));
	return rows.map((r) => ({
		id: r.id,
		username: r.username,
		displayName: r.displayName,
		role: r.role,
		depts: r.depts ?? [],
		disabled: r.disabledAt !== null,
		createdAt: r.createdAt
	}));
}

export async function findUserByUsername(db: AppDb, username: string) {
	const [u] = await db.select().from(userTable).where(eq(userTable.username, normaliseUsername(username)));
	return u ?? null;
}

async function requireUserRow(db: AppDb, username: string) {
	const u = await findUserByUsername(db, username);
	if (!u) throw new AccountError('notFound', `用户不存在 / no such user: ${normaliseUsername(username)}`);
	return u;
}

async function activeAdminCount(db: AppDb): Promise<number> {
	const [r] = await db
		.select({ n: sql<number>`count(*)::int` })
		.from(userTable)
		.where(sql`${userTable.role} = 'admin' and ${userTable.disabledAt} is null`);
	return Number(r.n);
}

/** Disable an account (kept for the audit trail) and revoke its sessions; refuses to disable the last admin. */
export async function setUserDisabled(db: AppDb, username: string, disabled: boolean): Promise<void> {
	const u = await requireUserRow(db, username);
	if (disabled && u.role === 'admin' && !u.disabledAt && (await activeAdminCount(db)) <= 1)
		throw new AccountError('lastAdmin', '不能停用最后一个管理员 / cannot disable the last administrator');
	await db
		.update(userTable)
		.set({ disabledAt: disabled ? (u.disabledAt ?? new Date()) : null, updatedAt: new Date() })
		.where(eq(userTable.id, u.id));
	if (disabled) await invalidateUserSessions(db, u.id);
}

/** Change role and department scope together (they must agree); revokes the user's sessions. */
export async function setUserRole(db: AppDb, username: string, role: Role, depts: string[] = []): Promise<void> {
	if (!isRole(role)) throw new AccountError('badRole', `角色无效 / unknown role: ${String(role)}`);
	const u = await requireUserRow(db, username);
	const scope = [...new Set(depts)].sort();
	checkScope(role, scope);
	if (u.role === 'admin' && role !== 'admin' && !u.disabledAt && (await activeAdminCount(db)) <= 1)
		throw new AccountError('lastAdmin', '不能取消最后一个管理员 / cannot demote the last administrator');
	await db.transaction(async (tx) => {
		await tx.update(userTable).set({ role, updatedAt: new Date() }).where(eq(userTable.id, u.id));
		await tx.delete(userDepartment).where(eq(userDepartment.userId, u.id));
		if (scope.length) await tx.insert(userDepartment).values(scope.map((deptCode) => ({ userId: u.id, deptCode })));
	});
	await invalidateUserSessions(db, u.id);
}

/**
 * The admin screen's edit: display name always; role and scope only when they change (which revokes the
 * user's sessions so the new rights apply at once).
 */
export async function updateUser(db: AppDb, username: string, input: { role: Role; depts: string[]; displayName: string }): Promise<{ rightsChanged: boolean }> {
	const u = await requireUserRow(db, username);
	await db.update(userTable).set({ displayName: input.displayName.trim(), updatedAt: new Date() }).where(eq(userTable.id, u.id));
	forgetValidatedSessions(); // the top bar shows the new name at once (session cache, session.ts)
	const current = (await db.select({ code: userDepartment.deptCode }).from(userDepartment).where(eq(userDepartment.userId, u.id)))
		.map((d) => d.code)
		.sort();
	const next = [...new Set(input.depts)].sort();
	if (u.role === input.role && current.join(',') === next.join(',')) return { rightsChanged: false };
	await setUserRole(db, username, input.role, next);
	return { rightsChanged: true };
}

/** Set a new password (admin reset or after verifying the old one) and revoke every session of the user. */
export async function setPassword(db: AppDb, userId: number, password: string): Promise<void> {
	const [u] = await db.select().from(userTable).where(eq(userTable.id, userId));
	if (!u) throw new AccountError('notFound', 'no such user');
	checkPassword(password, u.username);
	const passwordHash = await hashPassword(password);
	const now = new Date();
	await db.update(userTable).set({ passwordHash, passwordChangedAt: now, updatedAt: now }).where(eq(userTable.id, userId));
	await invalidateUserSessions(db, userId);
}

/** The account page: verify the current password, then set the new one (all sessions revoked). */
export async function changePassword(db: AppDb, userId: number, current: string, next: string): Promise<void> {
	const [u] = await db.select().from(userTable).where(eq(userTable.id, userId));
	if (!u || !(await verifyPassword(u.passwordHash, current)))
		throw new AccountError('wrongPassword', '当前密码不正确 / the current password is wrong');
	await setPassword(db, userId, next);
}
