/**
 * Inspection for the mapping screen: what a file looks like before anything is imported — per part (file or
 * sheet) the detected header row, the headers, the first rows, the table, a proposed column per header
 * (profile first, then propose.ts), the required columns still missing, headers that claim one column twice,
 * and the values of coded columns (status, channel, score …) the profile does not know, with their counts.
 *
 * Reads through the same readers as the import (read.ts), on the writer connection, into temp tables that are
 * dropped before returning; writes nothing persistent.
 */
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import type { DuckDBConnection } from '@duckdb/node-api';
import type { Analytics } from '../analytics/db';
import { all } from '../analytics/db';
import { quoteIdent, type CanonicalTable } from '../analytics/schema';
import {
	chooseTable,
	columnsOf,
	headerKey,
	headerScorer,
	loadProfile,
	mapHeaders,
	NAME_FOR_CODE,
	valueMap,
	type MappingProfile
} from './profile';
import { proposeColumns } from './propose';
import { releaseStaged } from './prepare';
import { expandInputs, readFile } from './read';
import type { StagedFile, StagedPart, TextEncoding } from './types';
import type { ImportInput } from './summary';
import type { InspectPart as InspectPartOf } from '../../ingest/inspection';

/** A part of the inspection (client-safe shape: lib/ingest/inspection.ts), its table a canonical one. */
export type InspectPart = InspectPartOf<CanonicalTable>;

export interface Inspection {
	parts: InspectPart[];
	skipped: { file: string; label?: string; reason: string }[];
	warnings: string[];
}

export interface InspectOptions {
	profile?: string | MappingProfile;
	table?: string;
	encoding?: TextEncoding;
}

const SAMPLE_ROWS = 10;
const MAX_UNKNOWN = 50;
/** Tables a file of unknown headers is most likely meant for, in the order a tie is settled. */
const GUESSABLE: CanonicalTable[] = ['cases', 'ratings', 'items', 'departments', 'regions', 'events'];

/** Missing required columns under a proposal (a code given by name counts as given). */
function missingUnder(table: CanonicalTable, mapped: Set<string>): string[] {
	return columnsOf(table)
		.filter((c) => c.required && !mapped.has(c.name) && !(NAME_FOR_CODE[table]?.[c.name] && mapped.has(NAME_FOR_CODE[table]![c.name])))
		.map((c) => c.name);
}

/** The table by name or headers, else the one whose required columns the proposals cover best. */
function guessTable(profile: MappingProfile, name: string, part: StagedPart, sample: (string | null)[][], explicit?: string): CanonicalTable | null {
	if (part.table) return part.table;
	try {
		return chooseTable(profile, name, part.headers, explicit);
	} catch {
		/* fall through to the proposals */
	}
	let best: { t: CanonicalTable; score: number } | null = null;
	for (const t of GUESSABLE) {
		const mapped = new Set(proposeColumns(profile, t, part.headers, sample).flatMap((p) => (p.column ? [p.column] : [])));
		const required = columnsOf(t).filter((c) => c.required).length;
		const score = (required - missingUnder(t, mapped).length) / required + mapped.size / 100;
		if (!best || score > best.score) best = { t, score };
	}
	return best && best.score >= 0.5 ? best.t : null;
}

async function inspectPart(
	conn: DuckDBConnection,
	sf: StagedFile,
	part: StagedPart,
	profile: MappingProfile,
	opts: InspectOptions
): Promise<InspectPart> {
	const rel = quoteIdent(part.stagingTable);
	const cols = (await all(conn, `DESCRIBE SELECT * FROM ${rel}`)).map((r) => String(r.column_name));
	const noise = cols.includes('__noise') ? 'WHERE NOT coalesce(__noise, false)' : '';
	const order = cols.includes('__row') ? 'ORDER BY __row' : '';
	const n = part.headers.length;
	const sampleRows = await all(
		conn,
		`SELECT ${part.headers.map((_, i) => quoteIdent(`c${i}`)).join(', ')} FROM ${rel} ${noise} ${order} LIMIT ${SAMPLE_ROWS}`
	);
	const sample = sampleRows.map((r) => Array.from({ length: n }, (_, i) => (r[`c${i}`] === null ? null : String(r[`c${i}`]))));
	const [{ rows }] = await all(conn, `SELECT count(*) AS rows FROM ${rel} ${noise}`);
	const table = guessTable(profile, sf.displayName, part, sample, opts.table);
	const out: InspectPart = {
		file: sf.displayName,
		label: sf.parts.length > 1 || sf.format === 'xlsx' ? part.label : undefined,
		table,
		headerRow: part.headerRow ?? 1,
		headers: part.headers,
		sample,
		rows: Number(rows),
		columns: [],
		missing: [],
		conflicts: [],
		unknownValues: []
	};
	if (!table) {
		out.columns = part.headers.map((header, index) => ({ index, header, column: null, source: 'none', confidence: 0 }));
		return out;
	}
	const explicit = new Set(Object.keys(profile.columns?.[table] ?? {}).map(headerKey));
	const proposals = proposeColumns(profile, table, part.headers, sample);
	out.columns = part.headers.map((header, index) => {
		const p = proposals[index];
		const source = !p.column ? 'none' : explicit.has(headerKey(header)) ? 'explicit' : p.reason === 'alias' ? 'alias' : 'proposed';
		return { index, header, column: p.column, source, confidence: p.confidence };
	});
	out.missing = missingUnder(table, new Set(out.columns.flatMap((c) => (c.column ? [c.column] : []))));
	out.conflicts = mapHeaders(profile, table, part.headers).conflicts;
	// Coded columns: the values the profile does not know (the admin maps them on the screen).
	for (const c of out.columns) {
		const def = columnsOf(table).find((d) => d.name === c.column);
		if (!def || !(typeof def.kind === 'object' || def.kind === 'bool' || def.kind === 'score')) continue;
		const known = valueMap(profile, table, def);
		const counted = await all(
			conn,
			`SELECT v, count(*) AS n FROM (SELECT nullif(trim(${quoteIdent(`c${c.index}`)}), '') AS v FROM ${rel} ${noise})
			 WHERE v IS NOT NULL GROUP BY v ORDER BY n DESC, v LIMIT 500`
		);
		const values = counted
			.map((r) => ({ value: String(r.v), count: Number(r.n) }))
			.filter((v) => !known.has(v.value.toLowerCase()) && !(def.kind === 'score' && /^[1-5]$/.test(v.value)))
			.slice(0, MAX_UNKNOWN);
		if (values.length) out.unknownValues.push({ column: def.name, header: c.header, values });
	}
	return out;
}

/** Inspect files for the mapping screen (see the header); nothing is written. */
export async function inspectFiles(db: Analytics, inputs: ImportInput[], opts: InspectOptions = {}): Promise<Inspection> {
	const profile = loadProfile(opts.profile ?? 'default-zh');
	const { inputs: files, warnings } = expandInputs(inputs);
	const prefix = `insp_${randomBytes(6).toString('hex')}`;
	const result: Inspection = { parts: [], skipped: [], warnings };
	const staged: StagedFile[] = [];
	try {
		await db.exclusive(async (conn) => {
			for (const [fi, inp] of files.entries()) {
				const name = inp.displayName ?? path.basename(inp.path);
				const sf = await readFile(conn, inp.path, {
					displayName: name,
					stagingPrefix: `${prefix}_f${fi}`,
					encoding: opts.encoding,
					headerScore: headerScorer(profile)
				});
				staged.push(sf);
				for (const w of sf.warnings ?? []) warnings.push(`${name}: ${w}`);
				for (const s of sf.skippedParts ?? []) result.skipped.push({ file: name, label: s.label, reason: s.reason });
				for (const part of sf.parts) result.parts.push(await inspectPart(conn, sf, part, profile, opts));
			}
		});
		return result;
	} finally {
		await releaseStaged(db, staged, prefix);
	}
}
