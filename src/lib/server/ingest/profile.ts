/**
 * Mapping profiles: data files (data/profiles/<name>.json) that say how a source's file names, headers
 * and values map to the canonical tables of schema.ts. A deployment adds a profile by dropping a JSON file
 * there (optionally `"extends": "default-zh"` and only its differences); no code changes.
 *
 * Invariants:
 * - Canonical English column names are always recognised, whatever the profile says.
 * - Header matching is on a normalised key (NFKC, BOM and whitespace removed, `_`/`-` ignored,
 *   case-insensitive, a trailing unit in parentheses dropped: 法定时限（工作日） → 法定时限).
 * - Only names from CANONICAL ever become SQL identifiers; profile text is only ever bound or quoted.
 */
import fs from 'node:fs';
import path from 'node:path';
import {
	CANONICAL,
	CANONICAL_TABLES,
	isCanonicalTable,
	type CanonicalTable,
	type ColumnDef
} from '../analytics/schema';
import { ACTIVITY_STAGES, IngestFileError, type ActivityStage, type XesMapping } from './types';
import { getConfig } from '../config';
import { shippedPaths } from '../shipped';

export interface MappingProfile {
	name: string;
	version?: number;
	description?: string;
	/** Another profile this one starts from; its maps are merged under this one's. */
	extends?: string;
	/** table → file-name words that select it (English or Chinese). */
	tables: Partial<Record<CanonicalTable, string[]>>;
	/** table → canonical column → header aliases. */
	headers: Partial<Record<CanonicalTable, Record<string, string[]>>>;
	/** Personal-data columns: never stored; an ID number (or, without one, a phone) feeds applicant_hash. */
	pii?: { id_number?: string[]; phone?: string[] };
	/** Value maps: key `table.column`, `column`, or a kind (`bool`, `score`); label → canonical value. */
	values?: Record<string, Record<string, string>>;
	/**
	 * table → source header (as the file writes it) → canonical column, or null to ignore the column. Wins over
	 * the aliases, and settles a header row that names one canonical column twice (the mapping screen writes it).
	 */
	columns?: Partial<Record<CanonicalTable, Record<string, string | null>>>;
	/** table → the source headers of the layout this profile was made for (an import picks the profile by them). */
	signature?: Partial<Record<CanonicalTable, string[]>>;
	/** Event logs: where a trace's unit / region / item come from (see types.ts XesMapping). */
	xes?: XesMapping;
	/** Event activities (issue 17): raw activity code → display name and canonical stage (settings/activities.ts). */
	activities?: Record<string, { name?: string; stage?: ActivityStage }>;
}

/**
 * Catalogue columns of a flat export (DOMAIN.md "Real exports"): never stored in the fact table; they name and
 * describe the item / unit / region a row refers to (ingest/catalogue.ts creates and completes those rows), so
 * the item's own columns keep the item's kinds.
 */
const CATALOGUE_DEFS: readonly ColumnDef[] = [
	{ name: 'item_name', kind: 'text' },
	{ name: 'dept_name', kind: 'text' },
	{ name: 'region_name', kind: 'text' },
	...CANONICAL.items.columns.filter((c) => ['statutory_days', 'promised_days', 'handling', 'stage'].includes(c.name))
];
export const CATALOGUE_COLUMNS: ReadonlySet<string> = new Set(CATALOGUE_DEFS.map((c) => c.name));

/**
 * Extra, non-canonical columns a table accepts: stored in schema.ts's derived columns of the same name
 * (`calendar.name`, `attrs`), or — the catalogue columns above — feeding the rows a flat export creates.
 */
export const EXTRA_COLUMNS: Partial<Record<CanonicalTable, ColumnDef[]>> = {
	calendar: [{ name: 'name', kind: 'text' }],
	// Source attributes as JSON text (XES trace / event attributes); stored in the derived `attrs` column.
	cases: [{ name: 'attrs', kind: 'text' }, ...CATALOGUE_DEFS],
	// The project owner's 统一社会信用代码 (or a 查询码): never stored; its last characters become owner_verify.
	projects: [{ name: 'owner_code', kind: 'text' }],
	events: [{ name: 'attrs', kind: 'text' }],
	ratings: [{ name: 'dept_name', kind: 'text' }]
};

/** A required code column may be given by name instead: the code is then found by name or derived from it. */
export const NAME_FOR_CODE: Partial<Record<CanonicalTable, Record<string, string>>> = {
	cases: { item_code: 'item_name', dept_code: 'dept_name' },
	ratings: { dept_code: 'dept_name' }
};

export function columnsOf(table: CanonicalTable): ColumnDef[] {
	return [...(CANONICAL[table].columns as readonly ColumnDef[]), ...(EXTRA_COLUMNS[table] ?? [])];
}

export function profileDirs(): string[] {
	return shippedPaths('data/profiles', getConfig().profileDir);
}

export function listProfiles(): string[] {
	const names = new Set<string>();
	for (const d of profileDirs()) {
		if (!fs.existsSync(d)) continue;
		for (const f of fs.readdirSync(d)) if (f.endsWith('.json')) names.add(f.slice(0, -5));
	}
	return [...names].sort();
}

function mergeProfiles(base: MappingProfile, over: MappingProfile): MappingProfile {
	const out: MappingProfile = {
		...base,
		...over,
		tables: { ...base.tables },
		headers: {},
		pii: {},
		values: { ...base.values }
	};
	for (const [t, v] of Object.entries(over.tables ?? {}))
		out.tables[t as CanonicalTable] = [...(base.tables[t as CanonicalTable] ?? []), ...v];
	for (const t of CANONICAL_TABLES) {
		const b = base.headers[t] ?? {};
		const o = over.headers?.[t] ?? {};
		const merged: Record<string, string[]> = { ...b };
		for (const [c, a] of Object.entries(o)) merged[c] = [...(b[c] ?? []), ...a];
		out.headers[t] = merged;
	}
	out.pii = {
		id_number: [...(base.pii?.id_number ?? []), ...(over.pii?.id_number ?? [])],
		phone: [...(base.pii?.phone ?? []), ...(over.pii?.phone ?? [])]
	};
	for (const [k, m] of Object.entries(over.values ?? {}))
		out.values![k] = { ...(base.values?.[k] ?? {}), ...m };
	out.columns = { ...base.columns };
	for (const [t, m] of Object.entries(over.columns ?? {}))
		out.columns[t as CanonicalTable] = { ...(base.columns?.[t as CanonicalTable] ?? {}), ...m };
	out.signature = { ...base.signature, ...over.signature };
	out.xes = base.xes || over.xes ? { ...base.xes, ...over.xes } : undefined;
	return out;
}

/** Load a profile by name (a file under data/profiles) or accept one given as data (e.g. from the app DB). */
export function loadProfile(
	nameOrProfile: string | MappingProfile = 'default-zh',
	seen: string[] = []
): MappingProfile {
	if (typeof nameOrProfile !== 'string') {
		const p = nameOrProfile;
		return p.extends ? mergeProfiles(loadProfile(p.extends, [...seen, p.name]), p) : p;
	}
	const name = nameOrProfile;
	if (!/^[\w.-]+$/.test(name)) throw new Error(`invalid profile name: ${name}`);
	if (seen.includes(name)) throw new Error(`profile ${name} extends itself (${[...seen, name].join(' → ')})`);
	for (const d of profileDirs()) {
		const f = path.join(d, `${name}.json`);
		if (!fs.existsSync(f)) continue;
		const p = JSON.parse(fs.readFileSync(f, 'utf8')) as MappingProfile;
		p.name ??= name;
		p.tables ??= {};
		p.headers ??= {};
		return p.extends ? mergeProfiles(loadProfile(p.extends, [...seen, name]), p) : p;
	}
	throw new Error(
		`映射配置 ${name} 不存在 / mapping profile ${name} not found (available: ${listProfiles().join(', ') || 'none'})`
	);
}

/** Normalised header key: NFKC, no BOM / whitespace / `_` / `-`, lower case, trailing (unit) removed. */
export function headerKey(h: string): string {
	let s = h
		.normalize('NFKC')
		.replace(/\uFEFF/g, '')
		.trim();
	s = s.replace(/\s*\([^()]*\)\s*$/, '');
	return s.replace(/[\s_-]+/g, '').toLowerCase();
}

export interface ColumnMapping {
	/** canonical (or extra) column → index of the source column */
	columns: Map<string, number>;
	/** source index of an ID-number column (hashed, never stored) */
	idColumn: number | null;
	/** source index of a phone column (hashed only when no ID column exists, else dropped) */
	phoneColumn: number | null;
	/** source headers that map to nothing (listed in the summary) */
	ignored: string[];
	/** required canonical columns that no header maps to (nor, for a code, its name: NAME_FOR_CODE) */
	missing: string[];
	/** canonical columns that two or more headers name (the file is ambiguous unless a profile settles it) */
	conflicts: { column: string; headers: string[] }[];
}

function aliasIndex(profile: MappingProfile, table: CanonicalTable): Map<string, string> {
	const idx = new Map<string, string>();
	// Canonical names first: they always win over an alias that happens to look the same.
	for (const c of columnsOf(table)) idx.set(headerKey(c.name), c.name);
	for (const [col, aliases] of Object.entries(profile.headers[table] ?? {})) {
		if (!columnsOf(table).some((c) => c.name === col)) continue;
		for (const a of aliases) if (!idx.has(headerKey(a))) idx.set(headerKey(a), col);
	}
	return idx;
}

/** The profile's explicit choices for a table: normalised source header → column (null = ignore). */
function explicitIndex(profile: MappingProfile, table: CanonicalTable): Map<string, string | null> {
	const known = new Set(columnsOf(table).map((c) => c.name));
	const idx = new Map<string, string | null>();
	for (const [h, col] of Object.entries(profile.columns?.[table] ?? {}))
		if (col === null || known.has(col)) idx.set(headerKey(h), col);
	return idx;
}

/** The canonical column a header maps to under a profile (explicit choice, then alias), or null. */
export function headerColumn(profile: MappingProfile, table: CanonicalTable, header: string): string | null {
	const k = headerKey(header ?? '');
	const explicit = explicitIndex(profile, table);
	if (explicit.has(k)) return explicit.get(k) ?? null;
	return aliasIndex(profile, table).get(k) ?? null;
}

export function mapHeaders(profile: MappingProfile, table: CanonicalTable, headers: string[]): ColumnMapping {
	const idx = aliasIndex(profile, table);
	const explicit = explicitIndex(profile, table);
	const idKeys = new Set((profile.pii?.id_number ?? []).map(headerKey));
	const phoneKeys = new Set((profile.pii?.phone ?? []).map(headerKey));
	const out: ColumnMapping = {
		columns: new Map(),
		idColumn: null,
		phoneColumn: null,
		ignored: [],
		missing: [],
		conflicts: []
	};
	const named = new Map<string, string[]>();
	// Explicit choices first, so a header the profile names wins over another that only matches an alias.
	const order = headers.map((h, i) => ({ h: h ?? '', i, k: headerKey(h ?? '') }));
	const choice = (k: string) => (explicit.has(k) ? explicit.get(k)! : (idx.get(k) ?? null));
	for (const { h, i, k } of [
		...order.filter((o) => explicit.has(o.k)),
		...order.filter((o) => !explicit.has(o.k))
	]) {
		const col = choice(k);
		if (explicit.has(k) && col === null) out.ignored.push(h);
		else if (col) {
			named.set(col, [...(named.get(col) ?? []), h]);
			if (!out.columns.has(col)) out.columns.set(col, i);
			else if (!explicit.has(k) && explicit.has(headerKey(headers[out.columns.get(col)!] ?? '')))
				out.ignored.push(h);
			else out.conflicts.push({ column: col, headers: [] });
		} else if (idKeys.has(k) && out.idColumn === null) out.idColumn = i;
		else if (phoneKeys.has(k) && out.phoneColumn === null) out.phoneColumn = i;
		else out.ignored.push(h);
	}
	// One entry per ambiguous column, naming every header that claims it.
	const ambiguous = new Set(out.conflicts.map((c) => c.column));
	out.conflicts = [...ambiguous].map((column) => ({ column, headers: named.get(column)! }));
	for (const c of columnsOf(table)) {
		const byName = NAME_FOR_CODE[table]?.[c.name];
		if (c.required && !out.columns.has(c.name) && !(byName && out.columns.has(byName)))
			out.missing.push(c.name);
	}
	return out;
}

/**
 * Scores a candidate header row for the readers' header detection: the number of its cells that name a
 * column of some table under this profile (explicit choices, aliases, canonical names).
 */
export function headerScorer(profile: MappingProfile): (cells: string[]) => number {
	const keys = new Set<string>();
	for (const t of CANONICAL_TABLES) {
		for (const k of aliasIndex(profile, t).keys()) keys.add(k);
		for (const [k, col] of explicitIndex(profile, t)) if (col) keys.add(k);
	}
	for (const a of [...(profile.pii?.id_number ?? []), ...(profile.pii?.phone ?? [])]) keys.add(headerKey(a));
	return (cells) => cells.reduce((n, c) => n + (c && keys.has(headerKey(c)) ? 1 : 0), 0);
}

/** The first Chinese alias of a canonical column, for messages ("办件编号 case_id"). */
export function columnLabel(profile: MappingProfile, table: CanonicalTable, col: string): string {
	const zh = (profile.headers[table]?.[col] ?? []).find((a) => /[\u4e00-\u9fff]/.test(a));
	return zh ? `${zh} ${col}` : col;
}

function fileStem(file: string): string {
	let b = path.basename(file).normalize('NFKC').toLowerCase();
	b = b.replace(/(\.(gz|zip))$/, '');
	b = b.replace(/\.[a-z0-9]{1,8}$/, '');
	return b;
}

/** Table named by the file name: an English word at word boundaries or a Chinese word anywhere. */
export function tableFromFileName(profile: MappingProfile, file: string): CanonicalTable | null {
	const stem = fileStem(file);
	const hits = new Map<CanonicalTable, number>();
	for (const t of CANONICAL_TABLES) {
		const words = [t, ...(profile.tables[t] ?? [])];
		for (const w of words) {
			const k = w.normalize('NFKC').toLowerCase();
			const ascii = /^[a-z0-9 _.-]+$/.test(k);
			const found = ascii
				? new RegExp(`(^|[^a-z])${k.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}($|[^a-z])`).test(stem)
				: stem.includes(k);
			if (found) hits.set(t, Math.max(hits.get(t) ?? 0, k.length));
		}
	}
	if (hits.size === 0) return null;
	const ranked = [...hits.entries()].sort((a, b) => b[1] - a[1]);
	if (ranked.length > 1 && ranked[0][1] === ranked[1][1]) return null;
	return ranked[0][0];
}

/** Table whose required columns all appear among the headers, best match first; null if none or a tie. */
export function tableFromHeaders(profile: MappingProfile, headers: string[]): CanonicalTable | null {
	const scored: { t: CanonicalTable; n: number }[] = [];
	for (const t of CANONICAL_TABLES) {
		const m = mapHeaders(profile, t, headers);
		if (m.missing.length === 0) scored.push({ t, n: m.columns.size });
	}
	scored.sort((a, b) => b.n - a.n);
	if (!scored.length || (scored.length > 1 && scored[0].n === scored[1].n)) return null;
	return scored[0].t;
}

export function chooseTable(
	profile: MappingProfile,
	displayName: string,
	headers: string[],
	explicit?: string | null
): CanonicalTable {
	if (explicit) {
		if (!isCanonicalTable(explicit))
			throw new IngestFileError(
				displayName,
				`未知的表 / unknown table "${explicit}" (${CANONICAL_TABLES.join(', ')})`
			);
		return explicit;
	}
	const t = tableFromFileName(profile, displayName) ?? tableFromHeaders(profile, headers);
	if (!t)
		throw new IngestFileError(
			displayName,
			`无法从文件名或表头判断数据表，请指定 --table / cannot tell the table from the file name or headers; choose one with --table (${CANONICAL_TABLES.join(', ')})`
		);
	return t;
}

/** Value map for a column: profile label (lower-cased) → canonical value; canonical values map to themselves. */
export function valueMap(
	profile: MappingProfile,
	table: CanonicalTable,
	col: ColumnDef
): Map<string, string> {
	const m = new Map<string, string>();
	const kind = col.kind;
	if (typeof kind === 'object') for (const v of kind.enum) m.set(v.toLowerCase(), v);
	const keys = [`${table}.${col.name}`, col.name];
	if (kind === 'bool') keys.push('bool');
	if (kind === 'score') keys.push('score');
	const vals = profile.values ?? {};
	for (const k of keys.reverse())
		for (const [label, v] of Object.entries(vals[k] ?? {})) m.set(label.trim().toLowerCase(), v);
	return m;
}

/**
 * The XES mapping an import uses: the import's or the profile's `xes`, with every stage it gives no activity list
 * for filled from the activity stages (the profile's `activities`, then `extra` — the activity names screen's —
 * winning). An explicit list in the mapping always wins; a stage no activity marks keeps xes.ts's default.
 */
export function xesWithActivityStages(
	xes: XesMapping | undefined,
	activities: MappingProfile['activities'],
	extra: Record<string, ActivityStage> = {}
): XesMapping | undefined {
	const stageOf: Record<string, ActivityStage> = {};
	for (const [code, m] of Object.entries(activities ?? {})) if (m.stage) stageOf[code] = m.stage;
	Object.assign(stageOf, extra);
	const out: XesMapping = { ...xes };
	let filled = false;
	for (const stage of ACTIVITY_STAGES) {
		if (out[stage]?.length) continue;
		const codes = Object.keys(stageOf)
			.filter((c) => stageOf[c] === stage)
			.sort();
		if (codes.length) {
			out[stage] = codes;
			filled = true;
		}
	}
	return filled ? out : xes;
}
