/**
 * Mapping profiles defined by administrators (app database `mapping_profile`), beside the shipped ones in
 * data/profiles (read-only here). Same JSON shape as the files (ingest/profile.ts `MappingProfile`); a stored
 * profile usually `extends` a shipped one and adds a deployment's own header aliases and values. Imports
 * receive a stored profile as data (`importFiles(…, { profile: object })`); a stored name hides a file of
 * the same name.
 */
import { asc, eq } from 'drizzle-orm';
import type { AppDb } from '../appdb/index';
import { mappingProfile } from '../appdb/schema';
import { CANONICAL_TABLES, type CanonicalTable } from '../analytics/schema';
import { listProfiles, loadProfile, type MappingProfile } from '../ingest/index';

export class ProfileError extends Error {
	constructor(readonly problems: string[]) {
		super(`映射配置无效 / invalid mapping profile:\n- ${problems.join('\n- ')}`);
	}
}

const NAME_RE = /^[\w.-]{1,64}$/;
const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const isStrings = (v: unknown) => Array.isArray(v) && v.every((s) => typeof s === 'string');

/** Check the shape (names, tables, header aliases, value maps, extends) and that it loads; list every problem. */
export function validateProfile(json: unknown): MappingProfile {
	const p: string[] = [];
	if (!isObj(json)) throw new ProfileError(['不是 JSON 对象 / not a JSON object']);
	const name = json.name;
	if (typeof name !== 'string' || !NAME_RE.test(name)) p.push('name 须为 1–64 个字母、数字或 _ . - / name: 1–64 letters, digits, _ . -');
	if (json.extends !== undefined && (typeof json.extends !== 'string' || !listProfiles().includes(json.extends)))
		p.push(`extends 须为内置配置之一（${listProfiles().join(', ')}）/ extends must name a shipped profile`);
	const tables = json.tables ?? {};
	if (!isObj(tables)) p.push('tables 须为对象 / tables must be an object');
	else
		for (const [t, v] of Object.entries(tables)) {
			if (!CANONICAL_TABLES.includes(t as CanonicalTable)) p.push(`tables.${t}: 未知数据表 / unknown table`);
			else if (!isStrings(v)) p.push(`tables.${t}: 须为字符串数组 / must be an array of strings`);
		}
	const headers = json.headers ?? {};
	if (!isObj(headers)) p.push('headers 须为对象 / headers must be an object');
	else
		for (const [t, cols] of Object.entries(headers)) {
			if (!CANONICAL_TABLES.includes(t as CanonicalTable)) p.push(`headers.${t}: 未知数据表 / unknown table`);
			else if (!isObj(cols)) p.push(`headers.${t}: 须为对象 / must be an object`);
			else for (const [c, a] of Object.entries(cols)) if (!isStrings(a)) p.push(`headers.${t}.${c}: 须为字符串数组 / must be an array of strings`);
		}
	if (json.values !== undefined) {
		if (!isObj(json.values)) p.push('values 须为对象 / values must be an object');
		else
			for (const [k, m] of Object.entries(json.values))
				if (!isObj(m) || !Object.values(m).every((x) => typeof x === 'string')) p.push(`values.${k}: 须为 标签→取值 的对象 / must map labels to values`);
	}
	if (json.pii !== undefined && (!isObj(json.pii) || !Object.values(json.pii).every(isStrings))) p.push('pii: 须为 { id_number: [], phone: [] } / must be { id_number: [], phone: [] }');
	if (p.length) throw new ProfileError(p);
	const profile = { ...json, tables, headers } as unknown as MappingProfile;
	try {
		loadProfile(profile);
	} catch (e) {
		throw new ProfileError([(e as Error).message]);
	}
	return profile;
}

export async function listStoredProfiles(db: AppDb) {
	return db.select().from(mappingProfile).orderBy(asc(mappingProfile.name));
}

export async function saveProfile(db: AppDb, profile: MappingProfile, userId: number | null): Promise<void> {
	const now = new Date();
	await db
		.insert(mappingProfile)
		.values({ name: profile.name, description: profile.description ?? '', profile, updatedBy: userId, updatedAt: now })
		.onConflictDoUpdate({ target: mappingProfile.name, set: { description: profile.description ?? '', profile, updatedBy: userId, updatedAt: now } });
}

export async function deleteProfile(db: AppDb, name: string): Promise<boolean> {
	const r = await db.delete(mappingProfile).where(eq(mappingProfile.name, name)).returning({ id: mappingProfile.id });
	return r.length > 0;
}

/** Every profile an import may use: stored ones (as data) and shipped ones (by name). */
export async function profileChoices(db: AppDb): Promise<{ name: string; source: 'stored' | 'shipped' }[]> {
	const stored = await listStoredProfiles(db);
	const names = new Set(stored.map((s) => s.name));
	return [
		...stored.map((s) => ({ name: s.name, source: 'stored' as const })),
		...listProfiles()
			.filter((n) => !names.has(n))
			.map((name) => ({ name, source: 'shipped' as const }))
	];
}

/** The profile an import gets for `name`: the stored object, the shipped name, or null when unknown. */
export async function resolveProfile(db: AppDb, name: string): Promise<string | MappingProfile | null> {
	const [row] = await db.select().from(mappingProfile).where(eq(mappingProfile.name, name));
	if (row) return row.profile as MappingProfile;
	return listProfiles().includes(name) ? name : null;
}
