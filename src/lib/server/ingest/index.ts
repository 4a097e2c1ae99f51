/**
 * Import orchestration: files → read (read.ts) → map + validate into typed temp tables (prepare.ts,
 * validate.ts) → ONE write transaction that merges every table, records rejects and history and brings the
 * derived columns and KPI rollups up to date (commit.ts, history.ts). The batch lands whole or not at all: a
 * refused file, a file of which every row was rejected, or any error rolls everything back, and a 'failed'
 * import_batches row is then written on its own. A dry run goes through the same stages and rolls back.
 *
 * Invariants:
 * - Staging and typed tables are TEMP objects on the writer connection, named with a per-import prefix,
 *   dropped in `finally`; raw personal data never reaches a persistent table.
 * - No per-row JavaScript on the hot path: readers stream into DuckDB; everything after is SQL.
 */
import { randomBytes } from 'node:crypto';
import type { Analytics } from '../analytics/db';
import { getConfig } from '../config';
import { loadProfile } from './profile';
import { hashKeys } from './pii';
import { commitParts, emptyResults } from './commit';
import { prepareFiles, releaseStaged, type Work } from './prepare';
import { expandInputs } from './read';
import {
	collectRejects,
	firstRejects,
	nextBatchId,
	recordBatch,
	recordFailure,
	type RejectRow
} from './history';
import { localTimestamp } from '../clock';
import { IngestFileError, type StagedFile } from './types';
import { ImportFailedError, type ImportInput, type ImportOptions, type ImportSummary } from './summary';

export { IngestFileError } from './types';
export type { TextEncoding, SourceFormat, XesMapping } from './types';
export { REJECT_REASONS, reasonText } from './reasons';
export { listProfiles, loadProfile, type MappingProfile } from './profile';
export { detectFormat, expandInputs } from './read';
export * from './summary';

/** INGEST_DEBUG=1: step timings on stderr (for measuring, see docs/ingest.md). */
function stepTimer(): (label: string) => void {
	if (!getConfig().ingestDebug) return () => {};
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

/** What the data as now loaded can and cannot answer, one bilingual line per note. */
async function completenessLines(db: Analytics): Promise<string[]> {
	const { completenessNotesText } = await import('../analytics/completeness');
	const [zh, en] = await Promise.all([completenessNotesText(db, 'zh'), completenessNotesText(db, 'en')]);
	return zh.map((z, i) => `${z} / ${en[i]}`);
}

/** Thrown inside the write transaction to roll a dry run back with its summary. */
class Preview {
	constructor(readonly summary: Pick<ImportSummary, 'batchId' | 'rejects' | 'rejectsTotal'>) {}
}

/** Thrown inside the write transaction when a file stored nothing: roll back, keep its rejects for the record. */
class NothingStored extends Error {
	constructor(
		message: string,
		readonly rejects: RejectRow[]
	) {
		super(message);
	}
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
	const prefix = `ing_${randomBytes(6).toString('hex')}`;
	const warnings: string[] = [];
	const works: Work[] = [];
	const staged: StagedFile[] = [];
	const startedAt = localTimestamp();
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

		// 1–3. Read, map and validate every file outside the transaction (temp tables on the writer connection).
		await db.exclusive((conn) =>
			prepareFiles(
				conn,
				files,
				opts,
				{ profile, prefix, tz: cfg.tzLocal, keys: hashKeys(cfg.applicantHashKey), warnings, step },
				{ works, staged }
			)
		);

		// 4–5. One transaction: merge in TABLE_ORDER, rejects, derived columns, rollups, history, data version.
		const result = await db
			.write(async (conn) => {
				const batchId = await nextBatchId(conn);
				await commitParts(conn, works, {
					batchId,
					prefix,
					warnings,
					thresholds: opts.thresholds,
					onProgress: opts.onProgress,
					step
				});
				const empty = emptyResults(works);
				if (empty.length)
					throw new NothingStored(
						empty
							.map(
								(w) =>
									`${w.summary.file}: 全部 ${w.summary.rowsRejected} 行均被拒绝，未导入任何数据 / all ${w.summary.rowsRejected} rows were rejected, nothing was stored`
							)
							.join('\n'),
						await collectRejects(conn, batchId)
					);
				if (opts.dryRun) throw new Preview({ batchId, ...(await firstRejects(conn, batchId)) });
				await recordBatch(conn, works, {
					batchId,
					startedAt,
					finishedAt: localTimestamp(),
					files: files.length,
					durationMs: Math.round(performance.now() - t0),
					username: opts.username ?? null,
					warnings
				});
				return { batchId, ...(await firstRejects(conn, batchId)) };
			})
			.catch((e) => {
				if (e instanceof Preview) return e.summary;
				throw e;
			});
		step('history + commit');
		const completeness = opts.dryRun ? undefined : await completenessLines(db);
		for (const w of works)
			opts.onProgress?.({
				file: w.summary.file,
				stage: 'done',
				fileIndex: 0,
				files: works.length,
				rows: w.summary.rowsRead
			});
		return {
			...result,
			batchId: opts.dryRun ? 0 : result.batchId,
			status: opts.dryRun ? 'preview' : 'completed',
			files: works.map((w) => w.summary),
			warnings,
			completeness,
			durationMs: Math.round(performance.now() - t0)
		};
	} catch (e) {
		const message = e instanceof Error ? e.message : String(e);
		const durationMs = Math.round(performance.now() - t0);
		const rejects = e instanceof NothingStored ? e.rejects : undefined;
		let batchId = 0;
		if (!opts.dryRun)
			batchId = await recordFailure(db, {
				startedAt,
				finishedAt: localTimestamp(),
				files: files.length || inputs.length,
				durationMs,
				username: opts.username ?? null,
				message,
				rejects
			}).catch(() => 0); // recording the failure must not hide the failure itself
		const shown = (rejects ?? []).slice(0, 20);
		const { reasonText } = await import('./reasons');
		throw new ImportFailedError(message, {
			batchId,
			status: 'failed',
			files: works.map((w) => w.summary),
			rejects: shown.map((r) => ({
				file: r[0],
				table: r[1],
				row: r[2],
				column: r[3],
				value: r[4],
				reason: r[5],
				detail: r[6],
				message: reasonText(r[5], r[6])
			})),
			rejectsTotal: rejects?.length ?? 0,
			warnings,
			durationMs,
			message
		});
	} finally {
		await releaseStaged(db, staged, prefix);
	}
}
