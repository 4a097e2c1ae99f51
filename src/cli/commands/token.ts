/**
 * `cli token add --username U [--name LABEL]` — an API token for scripts; prints only the token (shown once,
 * stored hashed). Use it as `Authorization: Bearer <token>` on /api/*; it acts with the user's role and scope.
 */
import { closeAppDb, getAppDb } from '../../lib/server/appdb/index';
import { auditAs } from '../../lib/server/auth/audit';
import { createApiToken } from '../../lib/server/auth/token';
import { AccountError, findUserByUsername } from '../../lib/server/auth/users';
import { opt, parseArgs, requireOpt, UsageError } from '../args';
import type { Command } from '../command';

const command: Command = {
	summary: 'Create an API token for a user (prints only the token).',
	usage: 'token add --username U [--name LABEL]',
	async run(argv) {
		const [sub, ...rest] = argv;
		if (sub !== 'add') throw new UsageError(sub ? `unknown subcommand: ${sub}` : 'missing subcommand');
		const a = parseArgs(rest, { values: ['username', 'name'] });
		try {
			const db = await getAppDb();
			const u = await findUserByUsername(db, requireOpt(a, 'username'));
			if (!u) throw new AccountError('notFound', `用户不存在 / no such user: ${requireOpt(a, 'username')}`);
			if (u.disabledAt) throw new AccountError('notFound', `用户已停用 / user is disabled: ${u.username}`);
			const t = await createApiToken(db, u.id, { name: opt(a, 'name') ?? 'cli' });
			await auditAs(db, { username: 'cli' }, 'token.create', {
				username: u.username,
				token_id: t.id,
				prefix: t.prefix,
				via: 'cli'
			});
			console.log(t.token);
		} finally {
			await closeAppDb();
		}
	}
};

export default command;
