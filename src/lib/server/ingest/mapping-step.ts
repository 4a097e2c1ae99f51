/**
 * The mapping step of an import (admin screen and POST /api/imports): decide whether an upload maps as it is
 * (then it is imported at once), else hand the inspection to the admin; turn the admin's choices into a
 * mapping profile that later imports of the same layout use without asking.
 *
 * Invariants:
 * - A part "maps" when its table is known, no required column is missing, no two headers claim one column and
 *   no enum / bool / score value is unknown to the profile. Anything else asks.
 * - Without a chosen profile, a stored profile whose `signature` equals a part's header row is used
 *   (settings/profiles.ts `findProfileForHeaders`): the layout was mapped before.
 * - A built profile extends the shipped one (or copies the stored one it started from), records every header
 *   of the layout explicitly (`columns`, null = ignore) and the header row as its `signature`.
 */
import type { AppDb } from '../appdb/index';
import type { Analytics } from '../analytics/db';
import { CANONICAL_TABLES, type CanonicalTable, type ColumnDef } from '../analytics/schema';
import { findProfileForHeaders, signatureTable } from '../settings/profiles';
import { inspectFiles } from './inspect';
import { columnsOf, headerKey, type MappingProfile } from './profile';
import type { ImportInput } from './summary';
import type { TextEncoding } from './types';

export type Inspection = Awaited<ReturnType<typeof inspectFiles>>;
export type InspectPart = Inspection['parts'][number];

export interface InspectOptions {
	profile?: string | MappingProfile;
	table?: string;
	encoding?: TextEncoding;
}

export function partMaps(p: InspectPart): boolean {
	return (
		p.table !== null && p.missing.length === 0 && p.conflicts.length === 0 && p.unknownValues.length === 0
	);
}

export function inspectionMaps(i: Inspection): boolean {
	return i.parts.length > 0 && i.parts.every(partMaps);
}

export interface UploadInspection {
	inspection: Inspection;
	/** the profile inspected with (and to import with when it maps) */
	profile: string | MappingProfile | undefined;
	/** a table the profile's signature names, when the options did not name one */
	table?: string;
	/** name of a stored profile chosen by header signature */
	autoProfile?: string;
	maps: boolean;
}

/** Inspect an upload; without a chosen profile, try the stored profile made for its header row. */
export async function inspectUpload(
	appDb: AppDb,
	analytics: Analytics,
	inputs: ImportInput[],
	opts: InspectOptions
): Promise<UploadInspection> {
	const first = await inspectFiles(analytics, inputs, opts);
	if (opts.profile !== undefined || inspectionMaps(first))
		return { inspection: first, profile: opts.profile, table: opts.table, maps: inspectionMaps(first) };
	for (const part of first.parts) {
		if (partMaps(part) || !part.headers.length) continue;
		const found = await findProfileForHeaders(appDb, part.headers);
		if (!found) continue;
		// every part must carry the same layout's table for one `table` option to be right
		const tables = new Set(first.parts.map((p) => signatureTable(found, p.headers) ?? p.table));
		const table = opts.table ?? (tables.size === 1 && [...tables][0] ? String([...tables][0]) : undefined);
		const again = await inspectFiles(analytics, inputs, { ...opts, profile: found, table });
		return { inspection: again, profile: found, table, autoProfile: found.name, maps: inspectionMaps(again) };
	}
	return { inspection: first, profile: undefined, table: opts.table, maps: false };
}

/** Columns an admin may choose for a table (canonical and extra; `attrs` is the XES readers' own). */
export function choosableColumns(table: CanonicalTable): ColumnDef[] {
	return columnsOf(table).filter((c) => c.name !== 'attrs');
}

/** Canonical values of an enum / bool / score column, for the value selects. */
export function canonicalValues(table: CanonicalTable, column: string): string[] {
	const c = columnsOf(table).find((d) => d.name === column);
	if (!c) return [];
	if (typeof c.kind === 'object') return [...c.kind.enum];
	if (c.kind === 'bool') return ['true', 'false'];
	if (c.kind === 'score') return ['5', '4', '3', '2', '1'];
	return [];
}

export interface MappingChoices {
	/** one entry per inspected part, same order */
	parts: {
		table: CanonicalTable | null;
		/** per header index: a column of the table, or null = ignore */
		columns: (string | null)[];
		/** `column` → source label → canonical value (unmapped labels left out) */
		values: Record<string, Record<string, string>>;
	}[];
}

export class MappingChoiceError extends Error {
	constructor(readonly problems: string[]) {
		super(problems.join('\n'));
	}
}

/**
 * The profile the admin's choices describe. `base` is the profile the inspection used: a stored one is copied
 * (keeping its other layouts), otherwise the new profile extends the shipped one. Throws MappingChoiceError
 * listing every problem (unknown table or column, one column chosen twice, an invalid value); required
 * columns are the pipeline's to check (a flat export may name an item without its code), so the preview says.
 */
export function buildProfile(
	name: string,
	base: string | MappingProfile | undefined,
	inspection: Inspection,
	choices: MappingChoices
): MappingProfile {
	const problems: string[] = [];
	const start: MappingProfile =
		typeof base === 'object'
			? structuredClone({ ...base, version: undefined })
			: { name, extends: base ?? 'default-zh', tables: {}, headers: {} };
	const out: MappingProfile = {
		...start,
		name,
		description: start.description || '映射界面保存 / saved from the mapping screen',
		columns: { ...(start.columns ?? {}) },
		signature: { ...(start.signature ?? {}) },
		values: { ...(start.values ?? {}) }
	};
	delete out.version;
	inspection.parts.forEach((part, pi) => {
		const c = choices.parts[pi];
		const where = part.label ? `${part.file} / ${part.label}` : part.file;
		if (!c || !c.table) return problems.push(`${where}：请选择数据表 / choose the table`);
		if (!CANONICAL_TABLES.includes(c.table))
			return problems.push(`${where}：未知数据表 / unknown table ${c.table}`);
		const table = c.table;
		const allowed = new Set(choosableColumns(table).map((d) => d.name));
		const cols: Record<string, string | null> = { ...(out.columns![table] ?? {}) };
		const used = new Map<string, string>();
		part.headers.forEach((h, i) => {
			if (!headerKey(h ?? '')) return;
			const col = c.columns[i] ?? null;
			if (col !== null && !allowed.has(col))
				return problems.push(`${where}：${h} → 未知字段 / unknown column ${col}`);
			if (col !== null && used.has(col))
				return problems.push(`${where}：${used.get(col)} 与 ${h} 都对应 ${col} / both map to ${col}`);
			if (col !== null) used.set(col, h);
			cols[h] = col;
		});
		out.columns![table] = cols;
		out.signature![table] = part.headers.filter((h) => headerKey(h ?? ''));
		for (const [column, labels] of Object.entries(c.values)) {
			const allowedValues = canonicalValues(table, column);
			const key = `${table}.${column}`;
			for (const [label, v] of Object.entries(labels)) {
				if (!allowedValues.includes(v)) problems.push(`${where}：${label} → 无效取值 / invalid value ${v}`);
				else out.values![key] = { ...(out.values![key] ?? {}), [label]: v };
			}
		}
	});
	if (problems.length) throw new MappingChoiceError(problems);
	return out;
}
