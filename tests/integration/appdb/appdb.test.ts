import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { openAppDb, queryRows } from '../../../src/lib/server/appdb/index';
import { AppDbLockedError } from '../../../src/lib/server/appdb/lock';
import { user } from '../../../src/lib/server/appdb/schema';
import { describeEachDriver } from '../helpers/appdb-drivers';

const TABLES = [
	'api_token',
	'assessment_scheme',
	'audit_log',
	'import_job',
	'login_throttle',
	'mapping_profile',
	'session',
	'threshold',
	'user',
	'user_department'
];

describeEachDriver('app database', (ctx) => {
	it('creates every table in the one `app` schema, with the migrator bookkeeping there too', async () => {
		const rows = await queryRows<{ table_schema: string; table_name: string }>(
			ctx.db,
			sql`select table_schema, table_name from information_schema.tables where table_schema not in ('pg_catalog', 'information_schema') order by 2`
		);
		expect(new Set(rows.map((r) => r.table_schema))).toEqual(new Set(['app']));
		// later migrations add tables (e.g. the notices of issue 6) — always in the same schema
		expect(rows.map((r) => r.table_name)).toEqual(expect.arrayContaining(['__drizzle_migrations', ...TABLES]));
	});

	it('enforces the role check and unique usernames', async () => {
		await ctx.db.insert(user).values({ username: 'u1', passwordHash: 'x', role: 'leader' });
		await expect(ctx.db.insert(user).values({ username: 'u1', passwordHash: 'x', role: 'leader' })).rejects.toThrow();
		await expect(
			ctx.db.insert(user).values({ username: 'u2', passwordHash: 'x', role: 'root' as never })
		).rejects.toThrow();
	});
});

describe('embedded PGlite', () => {
	it('reopens an existing directory without re-running migrations, and refuses a second opener', async () => {
		const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'appdb-reopen-'));
		const dir = path.join(tmp, 'appdb');
		try {
			const a = await openAppDb({ dir });
			await a.db.insert(user).values({ username: 'keep', passwordHash: 'x', role: 'admin' });
			await expect(openAppDb({ dir })).rejects.toBeInstanceOf(AppDbLockedError);
			await a.close();
			expect(fs.existsSync(`${dir}.lock`)).toBe(false);
			const b = await openAppDb({ dir });
			const rows = await b.db.select().from(user);
			expect(rows.map((r) => r.username)).toEqual(['keep']);
			const [m] = await queryRows<{ n: number }>(b.db, sql`select count(*)::int as n from app.__drizzle_migrations`);
			expect(m.n).toBe(
				JSON.parse(fs.readFileSync('drizzle/meta/_journal.json', 'utf8')).entries.length
			);
			await b.close();
		} finally {
			fs.rmSync(tmp, { recursive: true, force: true });
		}
	});

	it('takes over a stale lock left by a dead process', async () => {
		const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'appdb-stale-'));
		const dir = path.join(tmp, 'appdb');
		try {
			fs.writeFileSync(`${dir}.lock`, '999999999');
			const a = await openAppDb({ dir });
			await a.close();
		} finally {
			fs.rmSync(tmp, { recursive: true, force: true });
		}
	});
});
