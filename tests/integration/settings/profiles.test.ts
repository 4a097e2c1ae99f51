/**
 * Stored mapping profiles: versions per name, validation of the mapping screen's additions (`columns`,
 * `signature`), auto-selection by header signature, and stored profiles from before versioning surviving the
 * migration.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect, it } from 'vitest';
import { PGlite } from '@electric-sql/pglite';
import { drizzle } from 'drizzle-orm/pglite';
import { migrate } from 'drizzle-orm/pglite/migrator';
import { migrationsFolder, migratePgliteClient } from '../../../src/lib/server/appdb/migrate';
import * as schema from '../../../src/lib/server/appdb/schema';
import type { AppDb } from '../../../src/lib/server/appdb/index';
import {
	deleteProfile,
	findProfileForHeaders,
	getStoredProfile,
	listProfileVersions,
	listStoredProfiles,
	parseProfile,
	ProfileError,
	profileChoices,
	resolveProfile,
	saveProfile,
	signatureTable,
	validateProfile
} from '../../../src/lib/server/settings/profiles';
import { describeEachDriver } from '../helpers/appdb-drivers';

const county = (over: Record<string, unknown> = {}) =>
	validateProfile({
		name: 'county-x',
		extends: 'default-zh',
		tables: {},
		headers: {},
		columns: { cases: { 业务流水号: 'case_id', 备注: null } },
		values: { 'cases.status': { 已送达: 'completed' } },
		signature: { cases: ['业务流水号', '事项编码', '办理部门编码', '提交日期', '当前状态', '备注'] },
		...over
	});

describeEachDriver('stored mapping profiles', (ctx) => {
	it('every save is a new version; a name means its latest; old versions stay readable', async () => {
		const v1 = await saveProfile(ctx.db, county({ description: 'first' }), null);
		const v2 = await saveProfile(ctx.db, county({ description: 'second' }), null);
		expect([v1.version, v2.version]).toEqual([1, 2]);
		expect(await getStoredProfile(ctx.db, 'county-x')).toMatchObject({
			name: 'county-x',
			version: 2,
			description: 'second'
		});
		expect(await getStoredProfile(ctx.db, 'county-x', 1)).toMatchObject({ version: 1, description: 'first' });
		expect(await getStoredProfile(ctx.db, 'county-x', 9)).toBeNull();
		expect((await listProfileVersions(ctx.db, 'county-x')).map((v) => v.version)).toEqual([2, 1]);
		expect((await listStoredProfiles(ctx.db)).map((v) => [v.name, v.version])).toEqual([['county-x', 2]]);
		expect(await resolveProfile(ctx.db, 'county-x')).toMatchObject({
			version: 2,
			columns: { cases: { 业务流水号: 'case_id' } }
		});
		expect(await resolveProfile(ctx.db, 'default-zh')).toBe('default-zh');
		expect(await resolveProfile(ctx.db, 'nope')).toBeNull();
		expect(await resolveProfile(ctx.db, '../etc')).toBeNull();
		expect(await profileChoices(ctx.db)).toEqual(
			expect.arrayContaining([
				{ name: 'county-x', source: 'stored', version: 2 },
				{ name: 'default-zh', source: 'shipped' }
			])
		);
	});

	it('finds the profile whose signature is the file header row (normalised, order-insensitive, blanks ignored)', async () => {
		const found = await findProfileForHeaders(ctx.db, [
			'当前状态',
			' 事项编码',
			'',
			'业务流水号',
			'办理部门编码',
			'提交日期',
			'备注'
		]);
		expect(found).toMatchObject({ name: 'county-x', version: 2 });
		expect(
			signatureTable(found!, ['备注', '当前状态', '事项编码', '业务流水号', '办理部门编码', '提交日期'])
		).toBe('cases');
		expect(await findProfileForHeaders(ctx.db, ['业务流水号', '事项编码'])).toBeNull();
		expect(await findProfileForHeaders(ctx.db, [])).toBeNull();
		// the most recently saved name wins; an older version's signature no longer counts
		await saveProfile(ctx.db, county({ name: 'county-y' }), null);
		expect((await findProfileForHeaders(ctx.db, county().signature!.cases!))?.name).toBe('county-y');
		await saveProfile(ctx.db, county({ name: 'county-y', signature: { cases: ['别的'] } }), null);
		expect((await findProfileForHeaders(ctx.db, county().signature!.cases!))?.name).toBe('county-x');
	});

	it('delete removes every version of a name', async () => {
		expect(await deleteProfile(ctx.db, 'county-y')).toBe(true);
		expect(await listProfileVersions(ctx.db, 'county-y')).toEqual([]);
		expect(await deleteProfile(ctx.db, 'county-y')).toBe(false);
	});
});

it('validates columns and signature and lists every problem; parses JSON text', () => {
	try {
		validateProfile({
			name: 'x',
			extends: 'default-zh',
			tables: {},
			headers: {},
			columns: { cases: { a: 'nope', b: null, c: 3 }, plans: {} },
			signature: { cases: 'a' }
		});
		throw new Error('accepted');
	} catch (e) {
		expect(e).toBeInstanceOf(ProfileError);
		expect((e as ProfileError).problems).toHaveLength(4);
	}
	expect(() => parseProfile('{ nope')).toThrow(/JSON/);
	expect(parseProfile(JSON.stringify({ name: 'ok', columns: { cases: { 流水: 'item_name' } } })).name).toBe(
		'ok'
	);
});

it('profiles stored before versioning survive the migration as version 1', async () => {
	const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'profiles-mig-'));
	try {
		// a copy of the migrations up to 0001 (before versioning)
		const old = path.join(tmp, 'drizzle');
		fs.cpSync(migrationsFolder(), old, { recursive: true });
		const journal = JSON.parse(fs.readFileSync(path.join(old, 'meta/_journal.json'), 'utf8'));
		journal.entries = journal.entries.filter((e: { tag: string }) => e.tag < '0002');
		fs.writeFileSync(path.join(old, 'meta/_journal.json'), JSON.stringify(journal));
		const client = await PGlite.create(path.join(tmp, 'appdb'));
		await migrate(drizzle(client), {
			migrationsFolder: old,
			migrationsSchema: 'app',
			migrationsTable: '__drizzle_migrations'
		});
		await client.query(
			`INSERT INTO app.mapping_profile (name, description, profile) VALUES ('legacy', 'old', $1)`,
			[JSON.stringify({ name: 'legacy', extends: 'default-zh', tables: {}, headers: {} })]
		);
		await migratePgliteClient(client);
		const db = drizzle(client, { schema }) as unknown as AppDb;
		expect(await getStoredProfile(db, 'legacy')).toMatchObject({ name: 'legacy', version: 1 });
		expect(
			(await saveProfile(db, { ...(await getStoredProfile(db, 'legacy'))!, description: 'new' }, null))
				.version
		).toBe(2);
		await client.close();
	} finally {
		fs.rmSync(tmp, { recursive: true, force: true });
	}
});
