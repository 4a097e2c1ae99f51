/**
 * `cli user add|list|disable|enable|passwd` — accounts from the command line (the first administrator, demo
 * logins, scripted set-up). Works on the configured app database: PGlite under $DATA_DIR/appdb (refused with a
 * clear message while the server holds it — use the admin screens then) or PostgreSQL via DATABASE_URL.
 */
import { closeAppDb, getAppDb } from '../../lib/server/appdb/index';
import { ROLES } from '../../lib/server/appdb/schema';
import { auditAs } from '../../lib/server/auth/audit';
import {
	AccountError,
	createUser,
	findUserByUsername,
	isRole,
	listUsers,
	parseDeptList,
	setPassword,
	setUserDisabled
} from '../../lib/server/auth/users';
import { opt, parseArgs, requireOpt, UsageError } from '../args';
import type { Command } from '../command';

const CLI = { username: 'cli' } as const;

async function add(argv: string[]) {
	const a = parseArgs(argv, { values: ['username', 'password', 'role', 'dept', 'name'] });
	const role = requireOpt(a, 'role');
	if (!isRole(role)) throw new UsageError(`--role must be one of ${ROLES.join('|')}`);
	const db = await getAppDb();
	const u = await createUser(db, {
		username: requireOpt(a, 'username'),
		password: requireOpt(a, 'password'),
		role,
		depts: parseDeptList(opt(a, 'dept')),
		displayName: opt(a, 'name')
	});
	await auditAs(db, CLI, 'user.create', {
		username: u.username,
		role,
		depts: parseDeptList(opt(a, 'dept')),
		via: 'cli'
	});
	console.log(`created ${u.username} (${role})`);
}

async function list(argv: string[]) {
	const a = parseArgs(argv, { flags: ['json'] });
	const users = await listUsers(await getAppDb());
	if (a.options.json) {
		console.log(
			JSON.stringify(
				users.map((u) => ({
					username: u.username,
					display_name: u.displayName,
					role: u.role,
					depts: u.depts,
					disabled: u.disabled,
					created_at: u.createdAt.toISOString()
				})),
				null,
				2
			)
		);
		return;
	}
	if (users.length === 0) {
		console.log('no users (create one: user add --username U --password P --role admin)');
		return;
	}
	const rows = users.map((u) => [
		u.username,
		u.role,
		u.depts.join(','),
		u.disabled ? 'disabled' : 'active',
		u.displayName
	]);
	const head = ['username', 'role', 'depts', 'status', 'name'];
	const w = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
	for (const r of [head, ...rows])
		console.log(
			r
				.map((c, i) => c.padEnd(w[i]))
				.join('  ')
				.trimEnd()
		);
}

async function setDisabled(argv: string[], disabled: boolean) {
	const a = parseArgs(argv, { values: ['username'] });
	const username = requireOpt(a, 'username');
	const db = await getAppDb();
	await setUserDisabled(db, username, disabled);
	await auditAs(db, CLI, disabled ? 'user.disable' : 'user.enable', {
		username: username.toLowerCase(),
		via: 'cli'
	});
	console.log(`${disabled ? 'disabled' : 'enabled'} ${username.toLowerCase()}`);
}

async function passwd(argv: string[]) {
	const a = parseArgs(argv, { values: ['username', 'password'] });
	const db = await getAppDb();
	const u = await findUserByUsername(db, requireOpt(a, 'username'));
	if (!u) throw new AccountError('notFound', `no such user: ${requireOpt(a, 'username')}`);
	await setPassword(db, u.id, requireOpt(a, 'password'));
	await auditAs(db, CLI, 'user.password_reset', { username: u.username, via: 'cli' });
	console.log(`password set for ${u.username}; its sessions were signed out`);
}

const command: Command = {
	summary: 'Manage user accounts (roles: admin, leader, supervisor, department).',
	usage: [
		'user add --username U --password P --role admin|leader|supervisor|department [--dept CODE[,CODE]] [--name NAME]',
		'       user list [--json]',
		'       user disable --username U',
		'       user enable --username U',
		'       user passwd --username U --password P'
	].join('\n'),
	async run(argv) {
		const [sub, ...rest] = argv;
		try {
			if (sub === 'add') await add(rest);
			else if (sub === 'list') await list(rest);
			else if (sub === 'disable') await setDisabled(rest, true);
			else if (sub === 'enable') await setDisabled(rest, false);
			else if (sub === 'passwd') await passwd(rest);
			else throw new UsageError(sub ? `unknown subcommand: ${sub}` : 'missing subcommand');
		} finally {
			await closeAppDb();
		}
	}
};

export default command;
