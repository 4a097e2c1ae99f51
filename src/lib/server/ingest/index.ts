/**
 * Import orchestration: files → readers (staging) → mapping + validation (typed temp tables) → ONE write
 * transaction that merges every table in TABLE_ORDER, records rejects and history, refreshes the derived
 * columns and bumps data_version. The batch lands whole or not at all: a refused file or any error rolls
 * everything back, and a 'failed' import_batches row is then written on its own.
 *
 * Invariants:
 * - Staging and typed tables are TEMP objects on the writer connection, named with a per-import prefix,
 *   dropped in `finally`; raw personal data never reaches a persistent table.
 * - A file whose content hash was already imported successfully into the same table is skipped.
 * - No per-row JavaScript on the hot path: readers stream into DuckDB; everything after is SQL.
 */
import fs from 'node:fs';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import type { DuckDBConnection } from '@duckdb/node-api';
import type { Analytics } from '../analytics/db';
import { all, one } from '../analytics/db';
import { bumpDataVersion, TABLE_ORDER, type CanonicalTable } from '../analytics/schema';
import { refreshAll, refreshCases } from '../analytics/derive';
import { getConfig } from '../config';
import { readCsv } from './csv';
import { readParquet } from './parquet';
import { readJson } from './json';
import { chooseTable, loadProfile, type MappingProfile } from './profile';
import { hashKeys } from './pii';
import { validatePart, type TypedPart } from './validate';
import {
	checkDuplicates,
	checkRefs,
	createLogReferences,
	isKeyed,
	mergeCalendar,
	mergeEvents,
	upsertPart,
	writeRejects,
	type MergeCounts
} from './merge';
import { reasonText } from './reasons';
import {
	IngestFileError,
	readerError,
	type ReaderOptions,
	type SourceFormat,
	type StagedFile,
	type TextEncoding,
	type XesMapping
} from './types';

export { IngestFileError } from './types';
export type { TextEncoding, SourceFormat, XesMapping } from './types';
export { REJECT_REASONS, reasonText } from './reasons';
export { listProfiles, loadProfile, type MappingProfile } from './profile';

export interface ImportInput {
	path: string;
	/** Name shown in messages and history (an upload's original file name); default: the file name. */
	displayName?: string;
}

export type ImportStage = 'read' | 'validate' | 'merge' | 'done';

export interface ImportProgress {
	file: string;
	stage: ImportStage;
	fileIndex: number;
	files: number;
	rows?: number;
	bytes?: number;
	totalBytes?: number;
}

export interface ImportOptions {
	/** Target table for sources that do not name one (default: by file name, then by headers). */
	table?: string;
	/** Mapping profile name under data/profiles, or a profile object (default `default-zh`). */
	profile?: string | MappingProfile;
	/** Text encoding override for CSV (default: detected). */
	encoding?: TextEncoding;
	username?: string;
	xes?: XesMapping;
	onProgress?: (p: ImportProgress) => void;
}

export interface FileSummary {
	file: string;
	table: CanonicalTable | null;
	format: SourceFormat | null;
	encoding: TextEncoding | null;
	profile: string;
	contentHash: string | null;
	rowsRead: number;
	rowsStored: number;
	rowsUnchanged: number;
	/** cases older than the stored row (part of rowsUnchanged) */
	rowsStale: number;
	rowsRejected: number;
	skipped: boolean;
	ignoredHeaders: string[];
	durationMs: number;
	message?: string;
}

export interface RejectSummary {
	file: string;
	table: string;
	row: number;
	column: string;
	value: string | null;
	reason: string;
	detail: string | null;
	message: string;
}

export interface ImportSummary {
	batchId: number;
	status: 'completed' | 'failed';
	files: FileSummary[];
	/** the first 20 rejects (rows of the rejects table) */
	rejects: RejectSummary[];
	rejectsTotal: number;
	warnings: string[];
	durationMs: number;
	message?: string;
}

/** The import failed and nothing of it was stored; `summary` holds the recorded failed batch. */
export class ImportFailedError extends Error {
	constructor(
		message: string,
		readonly summary: ImportSummary
	) {
		super(message);
	}
}

const EXTENSIONS: [RegExp, SourceFormat][] = [
	[/\.xes(\.gz)?$/i, 'xes'],
	[/\.xlsx$/i, 'xlsx'],
	[/\.parquet$/i, 'parquet'],
	[/\.(ndjson|jsonl)$/i, 'ndjson'],
	[/\.json$/i, 'json'],
	[/\.(csv|tsv|txt)$/i, 'csv']
];

/** Format from the name, else from the first bytes (PK zip → xlsx, PAR1 → parquet, gzip / XML → xes, [ { → json). */
export function detectFormat(file: string, name = file): SourceFormat | null {
	for (const [re, f] of EXTENSIONS) if (re.test(name)) return f;
	let head: Buffer;
	try {
		const fd = fs.openSync(file, 'r');
		head = Buffer.alloc(16);
		const n = fs.readSync(fd, head, 0, 16, 0);
		fs.closeSync(fd);
		head = head.subarray(0, n);
	} catch {
		return null;
	}
	if (head.subarray(0, 2).toString('latin1') === 'PK') return 'xlsx';
	if (head.subarray(0, 4).toString('latin1') === 'PAR1') return 'parquet';
	if (head[0] === 0x1f && head[1] === 0x8b) return 'xes';
	const text = head
		.toString('utf8')
		.replace(/^\uFEFF/, '')
		.trimStart();
	if (text.startsWith('<')) return 'xes';
	if (text.startsWith('[')) return 'json';
	if (text.startsWith('{')) return 'ndjson';
	return 'csv';
}

/** Directories expand to their files (sorted, hidden files and unknown extensions left out). */
export function expandInputs(inputs: ImportInput[]): { inputs: ImportInput[]; warnings: string[] } {
	const out: ImportInput[] = [];
	const warnings: string[] = [];
	for (const inp of inputs) {
		let st: fs.Stats;
		try {
			st = fs.statSync(inp.path);
		} catch {
			throw new IngestFileError(inp.displayName ?? inp.path, '文件不存在 / file not found');
		}
		if (!st.isDirectory()) {
			out.push(inp);
			continue;
		}
		const names = fs
			.readdirSync(inp.path)
			.filter((n) => !n.startsWith('.'))
			.sort();
		for (const n of names) {
			const p = path.join(inp.path, n);
			if (!fs.statSync(p).isFile()) continue;
			if (EXTENSIONS.some(([re]) => re.test(n))) out.push({ path: p });
			else warnings.push(`${n}: 不支持的文件类型，已跳过 / unsupported file type, skipped`);
		}
	}
	return { inputs: out, warnings };
}

type Reader = (conn: DuckDBConnection, file: string, opts: ReaderOptions) => Promise<StagedFile>;
const READERS: Record<SourceFormat, Reader> = {
	csv: readCsv,
	// XLSX and XES readers load on first use (their dependencies are heavier than the text readers').
	xlsx: async (c, f, o) => (await import('./xlsx')).readXlsx(c, f, o),
	parquet: readParquet,
	json: readJson,
	ndjson: readJson,
	xes: async (c, f, o) => (await import('./xes')).readXes(c, f, o)
};

interface Work {
	staged: StagedFile;
	part: TypedPart | null;
	summary: FileSummary;
	started: number;
}

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

/** Wall-clock time in the local zone as 'YYYY-MM-DD HH:MM:SS' (timestamps are stored as local time). */
export function localTimestamp(tz: string, d = new Date()): string {
	return new Intl.DateTimeFormat('sv-SE', {
		timeZone: tz,
		year: 'numeric',
		month: '2-digit',
		day: '2-digit',
		hour: '2-digit',
		minute: '2-digit',
		second: '2-digit',
		hourCycle: 'h23'
	}).format(d);
}

/** INGEST_DEBUG=1: step timings on stderr (for measuring, see docs/ingest.md). */
function stepTimer(): (label: string) => void {
	if (!process.env.INGEST_DEBUG) return () => {};
	let last = performance.now();
	let cpu = process.cpuUsage();
	return (label) => {
		const now = performance.now();
		const used = process.cpuUsage(cpu);
		console.error(
			`[ingest] ${label}: ${Math.round(now - last)} ms (cpu ${Math.round((used.user + used.system) / 1000)} ms)`
		);
		last = now;
		cpu = process.cpuUsage();
	};
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

export async function importFiles(
	db: Analytics,
	inputs: ImportInput[],
	opts: ImportOptions = {}
): Promise<ImportSummary> {
	const t0 = performance.now();
	const step = stepTimer();
	const profile = loadProfile(opts.profile ?? 'default-zh');
	const cfg = getConfig();
	const keys = hashKeys(cfg.applicantHashKey);
	const prefix = `ing_${randomBytes(6).toString('hex')}`;
	const works: Work[] = [];
	const warnings: string[] = [];
	const staged: StagedFile[] = [];
	const startedAt = localTimestamp(cfg.tzLocal);
	let files: ImportInput[] = [];
	try {
		const ex = expandInputs(inputs);
		files = ex.inputs;
		warnings.push(...ex.warnings);
		if (!files.length)
			throw new IngestFileError(
				inputs.map((i) => i.path).join(', '),
				'没有可导入的文件 / no files to import'
			);

		// 1. Read and validate every file outside the transaction (temp tables on the writer connection).
		await db.exclusive(async (conn) => {
			const seen = new Set<string>();
			for (const [fi, inp] of files.entries()) {
				const name = inp.displayName ?? path.basename(inp.path);
				const started = performance.now();
				const progress = (stage: ImportStage, extra: Partial<ImportProgress> = {}) =>
					opts.onProgress?.({ file: name, stage, fileIndex: fi, files: files.length, ...extra });
				progress('read');
				const format = detectFormat(inp.path, name);
				if (!format) throw new IngestFileError(name, '无法识别的文件格式 / unrecognised file format');
				const sf = await READERS[format](conn, inp.path, {
					displayName: name,
					stagingPrefix: `${prefix}_f${fi}`,
					encoding: opts.encoding,
					xes: opts.xes,
					onProgress: (p) => progress('read', { bytes: p.bytes, totalBytes: p.totalBytes, rows: p.rows })
				});
				staged.push(sf);
				step(`read ${name}`);
				for (const w of sf.warnings ?? []) warnings.push(`${name}: ${w}`);
				for (const [pi, part] of sf.parts.entries()) {
					const table = part.table ?? chooseTable(profile, name, part.headers, opts.table);
					const summary: FileSummary = {
						file: sf.parts.length > 1 ? `${name}#${part.label ?? table}` : name,
						table,
						format: sf.format,
						encoding: sf.encoding,
						profile: profile.name,
						contentHash: sf.contentHash,
						rowsRead: 0,
						rowsStored: 0,
						rowsUnchanged: 0,
						rowsStale: 0,
						rowsRejected: 0,
						skipped: false,
						ignoredHeaders: [],
						durationMs: 0
					};
					const dupKey = `${sf.contentHash}:${table}`;
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
							tz: cfg.tzLocal,
							keys
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
					step(`validate ${summary.file}`);
					summary.rowsRead = typed.rows + typed.readerRejects.length;
					summary.ignoredHeaders = typed.mapping.ignored.filter((h) => h.trim() !== '');
					if (typed.mapping.idColumn !== null || typed.mapping.phoneColumn !== null)
						warnings.push(
							`${summary.file}: 身份证号 / 电话列已转为申请人标识哈希，原值未保存 / ID or phone column hashed into applicant_hash, raw values not stored`
						);
					progress('validate', { rows: summary.rowsRead });
					works.push({ staged: sf, part: typed, summary, started });
				}
			}
		});

		// 2. One transaction: merge in TABLE_ORDER, rejects, history, derived columns, data version.
		const result = await db.write(async (conn) => {
			const [{ id }] = await all(conn, `SELECT CAST(nextval('import_batch_seq') AS INTEGER) AS id`);
			const batchId = Number(id);
			const changed = new Set<CanonicalTable>();
			const { beginRollupTouch, rebuildKpiRollups, refreshKpiRollups } = await import('../analytics/kpi/rollup');
			const { loadThresholds } = await import('../analytics/kpi/thresholds');
			const touch = await beginRollupTouch(conn, `${prefix}_roll`);
			const [{ v: previousVersion }] = await all(conn, `SELECT value AS v FROM meta WHERE key = 'data_version'`);
			for (const table of TABLE_ORDER) {
				const mine = works.filter((w) => w.part && w.part.table === table);
				if (!mine.length) continue;
				for (const [i, w] of mine.entries()) {
					const part = w.part!;
					opts.onProgress?.({ file: w.summary.file, stage: 'merge', fileIndex: i, files: works.length });
					if (w.staged.format === 'xes' && table === 'cases') {
						const created = await createLogReferences(conn, part, batchId);
						if (created) {
							warnings.push(
								`${w.summary.file}: 为事件日志新建了 ${created} 个事项/部门 / created ${created} items / departments named by the event log`
							);
							changed.add('items');
						}
					}
					await checkRefs(conn, part);
					step(`refs ${w.summary.file}`);
					if (isKeyed(table) || table === 'calendar')
						await checkDuplicates(conn, part, `${prefix}_m${works.indexOf(w)}`);
					step(`duplicates ${w.summary.file}`);
					w.summary.rowsRejected = await writeRejects(conn, part, {
						batchId,
						fileName: w.summary.file,
						prefix
					});
					step(`rejects ${w.summary.file}`);
					if (table === 'events') continue;
					const ctx = { batchId, fileName: w.summary.file, prefix: `${prefix}_m${works.indexOf(w)}`, touch };
					const counts: MergeCounts =
						table === 'calendar' ? await mergeCalendar(conn, part, ctx) : await upsertPart(conn, part, ctx);
					step(`merge ${w.summary.file}`);
					w.summary.rowsStored = counts.stored;
					w.summary.rowsUnchanged = counts.unchanged + counts.stale;
					w.summary.rowsStale = counts.stale;
					if (counts.stale)
						w.summary.message = `${counts.stale} 行早于已存数据，已忽略 / ${counts.stale} rows older than the stored ones were ignored`;
					if (counts.stored) changed.add(table);
				}
				if (table === 'events') {
					const stored = await mergeEvents(
						conn,
						mine.map((w) => w.part!),
						{ batchId, fileName: '', prefix: `${prefix}_ev` }
					);
					mine.forEach((w, i) => (w.summary.rowsStored = stored[i]));
					if (stored.some((n) => n > 0)) changed.add('events');
				}
			}
			// New and replaced cases / ratings got their derived columns in the merge; what remains is
			// whatever depends on rows this batch changed elsewhere: the calendar, or items' limits.
			if (changed.has('calendar')) await refreshAll(conn);
			else if (changed.has('items'))
				// Cases stored by this batch were derived against the items merged just before them (TABLE_ORDER):
				// only older cases of the changed items need the UPDATE (1 M cases + their items: 33 s → 0).
				await refreshCases(
					conn,
					'c.item_code IN (SELECT item_code FROM items WHERE batch_id = $1) AND c.batch_id IS DISTINCT FROM $1',
					[batchId]
				);
			step('derived columns');
			const now = performance.now();
			for (const w of works) {
				w.summary.durationMs = Math.round(now - w.started);
				const s = w.summary;
				await conn.run(
					`INSERT INTO import_files VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)`,
					[
						batchId,
						s.file,
						s.contentHash,
						s.table,
						s.format,
						s.encoding,
						s.profile,
						s.rowsRead,
						s.rowsStored,
						s.rowsUnchanged,
						s.rowsRejected,
						s.durationMs,
						s.skipped,
						s.message ?? null
					]
				);
			}
			const sum = (k: 'rowsRead' | 'rowsStored' | 'rowsRejected') =>
				works.reduce((a, w) => a + w.summary[k], 0);
			await conn.run(
				`INSERT INTO import_batches VALUES ($1, $2::TIMESTAMP, $3::TIMESTAMP, 'completed', $4, $5, $6, $7, $8, $9, $10)`,
				[
					batchId,
					startedAt,
					localTimestamp(cfg.tzLocal),
					files.length,
					sum('rowsRead'),
					sum('rowsStored'),
					sum('rowsRejected'),
					Math.round(performance.now() - t0),
					opts.username ?? null,
					warnings.length ? warnings.join('\n').slice(0, 2000) : null
				]
			);
			if (changed.size) {
				await bumpDataVersion(conn);
				// The KPI engine's pre-aggregates change in the same transaction, so they are never stale: the days
				// this batch touched, or everything when the calendar or items moved every case's working days / limits.
				const thresholds = loadThresholds();
				if (changed.has('calendar') || changed.has('items')) await rebuildKpiRollups(conn, thresholds);
				else
					await refreshKpiRollups(
						conn,
						thresholds,
						touch,
						batchId,
						previousVersion === null || previousVersion === undefined ? null : String(previousVersion)
					);
				step('kpi rollups');
			}
			const rejects = await all(
				conn,
				`SELECT file_name, table_name, row_number, column_name, value, reason, detail FROM rejects
				 WHERE batch_id = $1 ORDER BY file_name, row_number, column_name LIMIT 20`,
				[batchId]
			);
			const [{ n }] = await all(conn, `SELECT count(*) AS n FROM rejects WHERE batch_id = $1`, [batchId]);
			return { batchId, rejects, rejectsTotal: Number(n) };
		});
		step('history + commit');
		for (const w of works)
			opts.onProgress?.({
				file: w.summary.file,
				stage: 'done',
				fileIndex: 0,
				files: works.length,
				rows: w.summary.rowsRead
			});
		return {
			batchId: result.batchId,
			status: 'completed',
			files: works.map((w) => w.summary),
			rejects: result.rejects.map((r) => ({
				file: String(r.file_name),
				table: String(r.table_name),
				row: Number(r.row_number),
				column: String(r.column_name ?? ''),
				value: r.value === null ? null : String(r.value),
				reason: String(r.reason),
				detail: r.detail === null ? null : String(r.detail),
				message: reasonText(String(r.reason), r.detail === null ? null : String(r.detail))
			})),
			rejectsTotal: result.rejectsTotal,
			warnings,
			durationMs: Math.round(performance.now() - t0)
		};
	} catch (e) {
		const message = e instanceof Error ? e.message : String(e);
		const durationMs = Math.round(performance.now() - t0);
		let batchId = 0;
		try {
			batchId = await db.write(async (conn) => {
				const [{ id }] = await all(conn, `SELECT CAST(nextval('import_batch_seq') AS INTEGER) AS id`);
				await conn.run(
					`INSERT INTO import_batches VALUES ($1, $2::TIMESTAMP, $3::TIMESTAMP, 'failed', $4, 0, 0, 0, $5, $6, $7)`,
					[
						Number(id),
						startedAt,
						localTimestamp(cfg.tzLocal),
						files.length || inputs.length,
						durationMs,
						opts.username ?? null,
						message.slice(0, 2000)
					]
				);
				return Number(id);
			});
		} catch {
			/* recording the failure must not hide the failure itself */
		}
		throw new ImportFailedError(message, {
			batchId,
			status: 'failed',
			files: works.map((w) => w.summary),
			rejects: [],
			rejectsTotal: 0,
			warnings,
			durationMs,
			message
		});
	} finally {
		for (const sf of staged) {
			try {
				sf.cleanup?.();
			} catch {
				/* a leftover temp file is harmless */
			}
		}
		await db.exclusive((conn) => dropTemp(conn, prefix)).catch(() => undefined);
	}
}
