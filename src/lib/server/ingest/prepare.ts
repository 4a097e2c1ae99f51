/**
 * Stages 1–3 for every file, outside the write transaction: read (read.ts), map each part to its table
 * (profile.ts), validate it into a typed temp table (validate.ts). Nothing persistent is written here.
 *
 * Rules:
 * - A part whose content was already imported into the same table (or twice in one batch) is skipped.
 * - In a workbook of several sheets, a sheet whose table or required columns cannot be made out is listed
 *   as skipped; the file is refused only when none of its sheets maps.
 */
import path from 'node:path';
import { all, one, type Analytics } from '../analytics/db';
import type { DuckDBConnection } from '@duckdb/node-api';
import type { CanonicalTable } from '../analytics/schema';
import { chooseTable, headerScorer, mapHeaders, xesWithActivityStages, type MappingProfile } from './profile';
import { readFile } from './read';
import type { HashKeys } from './pii';
import { validatePart, type TypedPart } from './validate';
import { IngestFileError, readerError, type StagedFile, type StagedPart } from './types';
import type { FileSummary, ImportInput, ImportOptions, ImportProgress, ImportStage } from './summary';

export interface Work {
	staged: StagedFile;
	part: TypedPart | null;
	summary: FileSummary;
	started: number;
}

export interface PrepareContext {
	profile: MappingProfile;
	prefix: string;
	tz: string;
	keys: HashKeys;
	warnings: string[];
	step: (label: string) => void;
}

async function alreadyImported(conn: DuckDBConnection, hash: string, table: string): Promise<boolean> {
	const r = await one(
		conn,
		`SELECT count(*) AS n FROM import_files f JOIN import_batches b USING (batch_id)
		 WHERE b.status = 'completed' AND f.content_hash = $1 AND f.table_name = $2`,
		[hash, table]
	);
	return Number(r?.n ?? 0) > 0;
}

function emptySummary(name: string, sf: StagedFile, profile: MappingProfile, table: CanonicalTable | null, part?: StagedPart): FileSummary {
	return {
		file: name,
		table,
		format: sf.format,
		encoding: sf.encoding,
		profile: profile.name,
		contentHash: sf.contentHash,
		headerRow: part?.headerRow,
		rowsRead: 0,
		rowsStored: 0,
		rowsUnchanged: 0,
		rowsStale: 0,
		rowsRejected: 0,
		skipped: false,
		ignoredHeaders: [],
		durationMs: 0
	};
}

/** Why a sheet of a several-sheet workbook cannot be imported, or null when it maps. */
function unmappable(profile: MappingProfile, name: string, part: StagedPart, explicit?: string): string | null {
	try {
		const table = part.table ?? chooseTable(profile, name, part.headers, explicit);
		const m = mapHeaders(profile, table, part.headers);
		return m.missing.length ? `缺少必需的列 / missing required columns: ${m.missing.join(', ')}` : null;
	} catch (e) {
		return (e as Error).message;
	}
}

/**
 * Read and validate every input; the typed parts stay as temp tables on `conn` for the commit. `works` and
 * `staged` are filled as files are read, so that the caller can clean up and report after a failure midway.
 */
export async function prepareFiles(
	conn: DuckDBConnection,
	files: ImportInput[],
	opts: ImportOptions,
	ctx: PrepareContext,
	out: { works: Work[]; staged: StagedFile[] }
): Promise<void> {
	const { profile, prefix, warnings } = ctx;
	const { works, staged } = out;
	const seen = new Set<string>();
	const xes = xesWithActivityStages(opts.xes ?? profile.xes, profile.activities, opts.activityStages);
	for (const [fi, inp] of files.entries()) {
		const name = inp.displayName ?? path.basename(inp.path);
		const started = performance.now();
		const progress = (stage: ImportStage, extra: Partial<ImportProgress> = {}) =>
			opts.onProgress?.({ file: name, stage, fileIndex: fi, files: files.length, ...extra });
		progress('read');
		const sf = await readFile(conn, inp.path, {
			displayName: name,
			stagingPrefix: `${prefix}_f${fi}`,
			encoding: opts.encoding,
			xes,
			headerScore: headerScorer(profile),
			onProgress: (p) => progress('read', { bytes: p.bytes, totalBytes: p.totalBytes, rows: p.rows })
		});
		staged.push(sf);
		ctx.step(`read ${name}`);
		for (const w of sf.warnings ?? []) warnings.push(`${name}: ${w}`);
		if (!sf.parts.length)
			throw new IngestFileError(
				name,
				(sf.skippedParts ?? []).map((s) => `${s.label}: ${s.reason}`).join('；') || '没有可导入的内容 / nothing to import'
			);
		const several = sf.parts.length + (sf.skippedParts?.length ?? 0) > 1;
		for (const s of sf.skippedParts ?? []) {
			const summary = emptySummary(`${name}#${s.label}`, sf, profile, null);
			summary.skipped = true;
			summary.message = s.reason;
			works.push({ staged: sf, part: null, summary, started });
		}
		const mapped = several ? sf.parts.filter((p) => !unmappable(profile, name, p, opts.table)) : sf.parts;
		if (several && !mapped.length && sf.parts.length) {
			const first = sf.parts[0];
			throw new IngestFileError(`${name}#${first.label ?? ''}`, unmappable(profile, name, first, opts.table)!);
		}
		for (const [pi, part] of sf.parts.entries()) {
			const label = `${name}#${part.label ?? pi + 1}`;
			if (!mapped.includes(part)) {
				const summary = emptySummary(label, sf, profile, null, part);
				summary.skipped = true;
				summary.message = `此工作表未导入 / sheet not imported: ${unmappable(profile, name, part, opts.table)}`;
				works.push({ staged: sf, part: null, summary, started });
				continue;
			}
			const table = part.table ?? chooseTable(profile, name, part.headers, opts.table);
			const summary = emptySummary(sf.parts.length > 1 || several ? label : name, sf, profile, table, part);
			const dupKey = `${sf.contentHash}:${table}:${part.label ?? ''}`;
			if (seen.has(dupKey) || (await alreadyImported(conn, sf.contentHash, table))) {
				summary.skipped = true;
				summary.message = '内容已导入，跳过 / content already imported, skipped';
				works.push({ staged: sf, part: null, summary, started });
				continue;
			}
			seen.add(dupKey);
			progress('validate');
			const validate = () =>
				validatePart(conn, part, table, profile, {
					displayName: summary.file,
					prefix: `${prefix}_f${fi}p${pi}`,
					tz: ctx.tz,
					keys: ctx.keys
				});
			let typed: TypedPart;
			try {
				typed = await validate().catch(async (e) => {
					if (e instanceof IngestFileError || !part.relax) throw e;
					await part.relax();
					warnings.push(
						`${summary.file}: 按宽松模式重新读取 / re-read in lenient CSV mode (${String((e as Error).message).split('\n')[0]})`
					);
					return validate();
				});
			} catch (e) {
				if (e instanceof IngestFileError) throw e;
				throw new IngestFileError(summary.file, `无法读取 / cannot be read: ${readerError(e, sf.file, name)}`);
			}
			ctx.step(`validate ${summary.file}`);
			summary.rowsRead = typed.rows + typed.readerRejects.length + (typed.noiseRows ?? 0);
			summary.ignoredHeaders = typed.mapping.ignored.filter((h) => h.trim() !== '');
			summary.usedHeaders = Object.fromEntries(
				[...typed.mapping.columns.entries()].map(([col, i]) => [col, part.headers[i]])
			);
			if (typed.mapping.idColumn !== null || typed.mapping.phoneColumn !== null)
				warnings.push(
					`${summary.file}: 身份证号 / 电话列已转为申请人标识哈希，原值未保存 / ID or phone column hashed into applicant_hash, raw values not stored`
				);
			progress('validate', { rows: summary.rowsRead });
			works.push({ staged: sf, part: typed, summary, started });
		}
	}
}

/** Drop this import's temp views and tables (staging and typed parts, helper tables of the merge). */
async function dropTemp(conn: DuckDBConnection, prefix: string): Promise<void> {
	const like = `${prefix}%`;
	const views = await all(
		conn,
		`SELECT view_name AS n FROM duckdb_views() WHERE temporary AND view_name LIKE $1`,
		[like]
	);
	for (const v of views) await conn.run(`DROP VIEW IF EXISTS temp.main.${JSON.stringify(String(v.n))}`);
	const tables = await all(
		conn,
		`SELECT table_name AS n FROM duckdb_tables() WHERE temporary AND table_name LIKE $1`,
		[like]
	);
	for (const t of tables) await conn.run(`DROP TABLE IF EXISTS temp.main.${JSON.stringify(String(t.n))}`);
}

/** The end of an import or an inspection, however it ended: the readers' temporary files, then the temp objects. */
export async function releaseStaged(db: Analytics, staged: readonly StagedFile[], prefix: string): Promise<void> {
	for (const sf of staged) {
		try {
			sf.cleanup?.();
		} catch {
			/* a leftover temp file is harmless */
		}
	}
	await db.exclusive((conn) => dropTemp(conn, prefix)).catch(() => undefined);
}
