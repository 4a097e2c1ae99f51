/**
 * Mapping profiles defined by administrators (app database `mapping_profile`), beside the shipped ones in
 * data/profiles (read-only here). Same JSON shape as the files (ingest/profile.ts `MappingProfile`); a stored
 * profile usually `extends` a shipped one and adds a deployment's own header aliases, explicit columns, values
 * and the header signature of the layout it was made for (the mapping screen saves exactly that).
 *
 * Invariants:
 * - Versioned: every save inserts (name, version + 1); a name means its latest version; old versions stay
 *   readable (the profiles screen lists and exports them). Delete removes every version of a name.
 * - Imports receive a stored profile as data (`importFiles(…, { profile: object })`); a stored name hides a
 *   shipped file of the same name.
 * - Callers audit-log saves, imports and deletes (`profile.save`, `profile.import`, `profile.delete`).
 */
import { and, desc, eq, max } from 'drizzle-orm';
import type { AppDb } from '../appdb/index';
import { mappingProfile, user } from '../appdb/schema';
import { CANONICAL_TABLES, type CanonicalTable } from '../analytics/schema';
import { columnsOf, headerKey, listProfiles, loadProfile, type MappingProfile } from '../ingest/profile';
import { activityProblems } from './activities';
import { parseJsonText } from './json-text';

export class ProfileError extends Error {
	constructor(readonly problems: string[]) {
		super(`映射配置无效 / invalid mapping profile:\n- ${problems.join('\n- ')}`);
	}
}

export const PROFILE_NAME_RE = /^[\w.-]{1,64}$/;
const isObj = (v: unknown): v is Record<string, unknown> =>
	typeof v === 'object' && v !== null && !Array.isArray(v);
const isStrings = (v: unknown) => Array.isArray(v) && v.every((s) => typeof s === 'string');
const isTable = (t: string): t is CanonicalTable => CANONICAL_TABLES.includes(t as CanonicalTable);

/** Check the shape (names, tables, header aliases, columns, signature, value maps, extends) and that it loads; list every problem. */
export function validateProfile(json: unknown): MappingProfile {
	const p: string[] = [];
	if (!isObj(json)) throw new ProfileError(['不是 JSON 对象 / not a JSON object']);
	const name = json.name;
	if (typeof name !== 'string' || !PROFILE_NAME_RE.test(name))
		p.push('name 须为 1–64 个字母、数字或 _ . - / name: 1–64 letters, digits, _ . -');
	if (
		json.extends !== undefined &&
		(typeof json.extends !== 'string' || !listProfiles().includes(json.extends))
	)
		p.push(`extends 须为内置配置之一（${listProfiles().join(', ')}）/ extends must name a shipped profile`);
	const tables = json.tables ?? {};
	if (!isObj(tables)) p.push('tables 须为对象 / tables must be an object');
	else
		for (const [t, v] of Object.entries(tables)) {
			if (!isTable(t)) p.push(`tables.${t}: 未知数据表 / unknown table`);
			else if (!isStrings(v)) p.push(`tables.${t}: 须为字符串数组 / must be an array of strings`);
		}
	const headers = json.headers ?? {};
	if (!isObj(headers)) p.push('headers 须为对象 / headers must be an object');
	else
		for (const [t, cols] of Object.entries(headers)) {
			if (!isTable(t)) p.push(`headers.${t}: 未知数据表 / unknown table`);
			else if (!isObj(cols)) p.push(`headers.${t}: 须为对象 / must be an object`);
			else
				for (const [c, a] of Object.entries(cols))
					if (!isStrings(a)) p.push(`headers.${t}.${c}: 须为字符串数组 / must be an array of strings`);
		}
	if (json.columns !== undefined) {
		if (!isObj(json.columns)) p.push('columns 须为对象 / columns must be an object');
		else
			for (const [t, m] of Object.entries(json.columns)) {
				if (!isTable(t)) p.push(`columns.${t}: 未知数据表 / unknown table`);
				else if (!isObj(m)) p.push(`columns.${t}: 须为 表头→字段 的对象 / must map headers to columns`);
				else {
					const known = new Set(columnsOf(t).map((c) => c.name));
					for (const [h, c] of Object.entries(m))
						if (c !== null && (typeof c !== 'string' || !known.has(c)))
							p.push(
								`columns.${t}.${h}: 须为该表的字段或 null（忽略）/ must be a column of ${t} or null (ignore)`
							);
				}
			}
	}
	if (json.signature !== undefined) {
		if (!isObj(json.signature)) p.push('signature 须为对象 / signature must be an object');
		else
			for (const [t, v] of Object.entries(json.signature)) {
				if (!isTable(t)) p.push(`signature.${t}: 未知数据表 / unknown table`);
				else if (!isStrings(v)) p.push(`signature.${t}: 须为字符串数组 / must be an array of strings`);
			}
	}
	if (json.values !== undefined) {
		if (!isObj(json.values)) p.push('values 须为对象 / values must be an object');
		else
			for (const [k, m] of Object.entries(json.values))
				if (!isObj(m) || !Object.values(m).every((x) => typeof x === 'string'))
					p.push(`values.${k}: 须为 标签→取值 的对象 / must map labels to values`);
	}
	if (json.activities !== undefined) p.push(...activityProblems(json.activities));
	if (json.pii !== undefined && (!isObj(json.pii) || !Object.values(json.pii).every(isStrings)))
		p.push('pii: 须为 { id_number: [], phone: [] } / must be { id_number: [], phone: [] }');
	if (p.length) throw new ProfileError(p);
	const profile = { ...json, tables, headers } as unknown as MappingProfile;
	try {
		loadProfile(profile);
	} catch (e) {
		throw new ProfileError([(e as Error).message]);
	}
	return profile;
}

/** Parse and validate a profile's JSON text (the editor, an uploaded .json file). */
export function parseProfile(text: string): MappingProfile {
	return validateProfile(parseJsonText(text, (m) => new ProfileError([m])));
}

export interface StoredProfileVersion {
	id: number;
	name: string;
	version: number;
	description: string;
	savedAt: Date;
	savedBy: string | null;
}

const versionColumns = {
	id: mappingProfile.id,
	name: mappingProfile.name,
	version: mappingProfile.version,
	description: mappingProfile.description,
	savedAt: mappingProfile.updatedAt,
	savedBy: user.username
};

/** Every stored version, by name, newest version first. */
export async function listProfileVersions(db: AppDb, name?: string): Promise<StoredProfileVersion[]> {
	const q = db
		.select(versionColumns)
		.from(mappingProfile)
		.leftJoin(user, eq(user.id, mappingProfile.updatedBy));
	return (name === undefined ? q : q.where(eq(mappingProfile.name, name))).orderBy(
		mappingProfile.name,
		desc(mappingProfile.version)
	);
}

/** The latest version of every stored name (sorted by name). */
export async function listStoredProfiles(db: AppDb): Promise<StoredProfileVersion[]> {
	const seen = new Set<string>();
	return (await listProfileVersions(db)).filter((v) => !seen.has(v.name) && !!seen.add(v.name));
}

/** A stored profile as saved (unmerged; `version` set): the latest, or the given version; null when unknown. */
export async function getStoredProfile(
	db: AppDb,
	name: string,
	version?: number
): Promise<MappingProfile | null> {
	const where =
		version === undefined
			? eq(mappingProfile.name, name)
			: and(eq(mappingProfile.name, name), eq(mappingProfile.version, version));
	const [row] = await db
		.select()
		.from(mappingProfile)
		.where(where)
		.orderBy(desc(mappingProfile.version))
		.limit(1);
	return row ? { ...(row.profile as MappingProfile), name: row.name, version: row.version } : null;
}

/** Store a profile as the next version of its name; the version number is assigned here. */
export async function saveProfile(
	db: AppDb,
	profile: MappingProfile,
	userId: number | null
): Promise<{ id: number; version: number }> {
	return db.transaction(async (tx) => {
		const [{ v }] = await tx
			.select({ v: max(mappingProfile.version) })
			.from(mappingProfile)
			.where(eq(mappingProfile.name, profile.name));
		const version = (v ?? 0) + 1;
		const now = new Date();
		const [r] = await tx
			.insert(mappingProfile)
			.values({
				name: profile.name,
				version,
				description: profile.description ?? '',
				profile: { ...profile, version },
				updatedBy: userId,
				createdAt: now,
				updatedAt: now
			})
			.returning({ id: mappingProfile.id });
		return { id: r.id, version };
	});
}

/** Remove a stored name with all its versions; false when there was none. */
export async function deleteProfile(db: AppDb, name: string): Promise<boolean> {
	const r = await db
		.delete(mappingProfile)
		.where(eq(mappingProfile.name, name))
		.returning({ id: mappingProfile.id });
	return r.length > 0;
}

/** Every profile an import may use: stored ones (as data) and shipped ones (by name). */
export async function profileChoices(
	db: AppDb
): Promise<{ name: string; source: 'stored' | 'shipped'; version?: number }[]> {
	const stored = await listStoredProfiles(db);
	const names = new Set(stored.map((s) => s.name));
	return [
		...stored.map((s) => ({ name: s.name, source: 'stored' as const, version: s.version })),
		...listProfiles()
			.filter((n) => !names.has(n))
			.map((name) => ({ name, source: 'shipped' as const }))
	];
}

/** The profile an import gets for `name`: the stored object (latest version), the shipped name, or null when unknown. */
export async function resolveProfile(db: AppDb, name: string): Promise<string | MappingProfile | null> {
	if (!PROFILE_NAME_RE.test(name)) return null;
	const stored = await getStoredProfile(db, name);
	if (stored) return stored;
	return listProfiles().includes(name) ? name : null;
}

/** Normalised, order-insensitive form of a header row (empty headers ignored) for signature comparison. */
export function headerSet(headers: readonly (string | null | undefined)[]): string[] {
	return [...new Set(headers.map((h) => headerKey(h ?? '')).filter(Boolean))].sort();
}

/** The table whose `signature` in this profile is exactly these headers, or null. */
export function signatureTable(
	profile: MappingProfile,
	headers: readonly (string | null | undefined)[]
): CanonicalTable | null {
	const want = headerSet(headers).join('\u0000');
	if (!want) return null;
	for (const [t, sig] of Object.entries(profile.signature ?? {}))
		if (isTable(t) && headerSet(sig ?? []).join('\u0000') === want) return t;
	return null;
}

/**
 * The stored profile made for this header row: among the latest versions of every name, the most recently
 * saved one whose `signature` for some table equals the headers (`headerKey`, order-insensitive, empty
 * headers ignored). Null when none — then the import asks (the mapping screen).
 */
export async function findProfileForHeaders(
	db: AppDb,
	headers: readonly (string | null | undefined)[]
): Promise<MappingProfile | null> {
	if (!headerSet(headers).length) return null;
	const rows = await db
		.select()
		.from(mappingProfile)
		.orderBy(mappingProfile.name, desc(mappingProfile.version));
	const latest = new Map<string, (typeof rows)[number]>();
	for (const r of rows) if (!latest.has(r.name)) latest.set(r.name, r);
	const hits = [...latest.values()]
		.map((r) => ({ r, p: { ...(r.profile as MappingProfile), name: r.name, version: r.version } }))
		.filter(({ p }) => signatureTable(p, headers) !== null)
		.sort((a, b) => b.r.updatedAt.getTime() - a.r.updatedAt.getTime() || b.r.id - a.r.id);
	return hits[0]?.p ?? null;
}
