/**
 * Import jobs started from the admin screen or the API: uploaded files are saved under
 * $DATA_DIR/uploads/job-<id>/, imported by the ingest pipeline's `importFiles` (one job at a time in this
 * process), and deleted afterwards (they may hold raw personal data). The job row in the app database
 * (`import_job`) carries status, progress (written at most twice a second), the summary with the first rejects,
 * and the DuckDB batch id, so the page can be left and reopened, and history survives restarts.
 * Live progress goes to subscribers (server-sent events) from memory; other processes poll the row.
 * Jobs found 'queued' or 'running' at start-up were cut off by a restart and are marked failed.
 */
import { EventEmitter } from 'node:events';
import fs from 'node:fs';
import path from 'node:path';
import { desc, eq, inArray } from 'drizzle-orm';
import type { AppDb } from '../appdb/index';
import { importJob, user as userTable, type ImportJob } from '../appdb/schema';
import { getAnalytics } from '../analytics/instance';
import { auditAs } from '../auth/audit';
import { prewarmSoon } from '../dashboard/prewarm';
import { refreshProcessStepsSoon } from '../analytics/process/refresh';
import type { AuthUser } from '../auth/session';
import { getConfig } from '../config';
import { activityStages } from '../settings/activities';
import { activeThresholds } from '../settings/active-thresholds';
import { ImportFailedError, importFiles, type ImportProgress, type ImportSummary, type MappingProfile, type TextEncoding } from './index';

export interface UploadedFile {
	/** Original file name (shown in messages; never used as a path as-is). */
	name: string;
	data: ReadableStream<Uint8Array> | Uint8Array;
}

export interface JobOptions {
	table?: string;
	/** A file profile name, or a profile from the app database (given as data). */
	profile?: string | MappingProfile;
	encoding?: TextEncoding;
}

export interface JobProgress extends Partial<ImportProgress> {
	/** 0–100, an estimate across files and stages. */
	percent: number;
}

export interface JobView {
	id: number;
	status: 'queued' | 'running' | 'committed' | 'failed';
	files: { name: string; size: number }[];
	options: Record<string, unknown>;
	progress: JobProgress | null;
	summary: ImportSummary | null;
	error: string | null;
	batchId: number | null;
	createdBy: string | null;
	createdAt: string;
	startedAt: string | null;
	finishedAt: string | null;
}

const bus = new EventEmitter();
bus.setMaxListeners(0);
let queue: Promise<unknown> = Promise.resolve();

/** Keep a display name safe as a file name: no directories, no control characters, bounded length. */
export function safeFileName(name: string, index: number): string {
	// eslint-disable-next-line no-control-regex -- control characters are exactly what must go
	const base = path.basename(name.replace(/\\/g, '/')).replace(/[\u0000-\u001f<>:"|?*]/g, '_').trim();
	const clean = base && base !== '.' && base !== '..' ? base.slice(-150) : `upload-${index}`;
	return `${String(index).padStart(3, '0')}-${clean}`;
}

function uploadDir(id: number): string {
	return path.join(getConfig().dataDir, 'uploads', `job-${id}`);
}

const STAGE_SHARE = { read: 0, validate: 0.7, merge: 0.85, done: 1 } as const;

function percentOf(p: ImportProgress): number {
	let within: number = STAGE_SHARE[p.stage] ?? 0;
	if (p.stage === 'read' && p.bytes && p.totalBytes) within = Math.min(0.7, (0.7 * p.bytes) / p.totalBytes);
	return Math.round((1000 * (p.fileIndex + within)) / Math.max(1, p.files)) / 10;
}

export function toView(r: ImportJob & { createdByName?: string | null }): JobView {
	const iso = (d: Date | null) => (d ? d.toISOString() : null);
	return {
		id: r.id,
		status: r.status as JobView['status'],
		files: (r.files as JobView['files']) ?? [],
		options: (r.options as Record<string, unknown>) ?? {},
		progress: (r.progress as JobProgress | null) ?? null,
		summary: (r.summary as ImportSummary | null) ?? null,
		error: r.error,
		batchId: r.batchId,
		createdBy: r.createdByName ?? null,
		createdAt: r.createdAt.toISOString(),
		startedAt: iso(r.startedAt),
		finishedAt: iso(r.finishedAt)
	};
}

export async function getJob(db: AppDb, id: number): Promise<JobView | null> {
	// job ids are PostgreSQL integers: an id outside 1 … 2^31−1 (e.g. from a URL) is simply not a job
	if (!Number.isInteger(id) || id < 1 || id > 2_147_483_647) return null;
	const [r] = await db
		.select({ job: importJob, createdByName: userTable.username })
		.from(importJob)
		.leftJoin(userTable, eq(userTable.id, importJob.createdBy))
		.where(eq(importJob.id, id));
	return r ? toView({ ...r.job, createdByName: r.createdByName }) : null;
}

export async function listJobs(db: AppDb, limit = 50): Promise<JobView[]> {
	const rows = await db
		.select({ job: importJob, createdByName: userTable.username })
		.from(importJob)
		.leftJoin(userTable, eq(userTable.id, importJob.createdBy))
		.orderBy(desc(importJob.createdAt), desc(importJob.id))
		.limit(Math.min(Math.max(limit, 1), 500));
	return rows.map((r) => toView({ ...r.job, createdByName: r.createdByName }));
}

/** Subscribe to a job's live updates (this process only); returns the unsubscribe function. */
export function subscribe(id: number, fn: (v: JobView) => void): () => void {
	const ev = `job:${id}`;
	bus.on(ev, fn);
	return () => bus.off(ev, fn);
}

async function save(db: AppDb, id: number, set: Partial<typeof importJob.$inferInsert>): Promise<void> {
	await db.update(importJob).set(set).where(eq(importJob.id, id));
	const v = await getJob(db, id);
	if (v) bus.emit(`job:${id}`, v);
}

async function writeUpload(file: UploadedFile, target: string): Promise<number> {
	if (file.data instanceof Uint8Array) {
		await fs.promises.writeFile(target, file.data);
		return file.data.byteLength;
	}
	const out = fs.createWriteStream(target);
	let size = 0;
	try {
		const reader = file.data.getReader();
		for (;;) {
			const { value, done } = await reader.read();
			if (done) break;
			size += value.byteLength;
			if (!out.write(value)) await new Promise<void>((r) => out.once('drain', () => r()));
		}
	} finally {
		await new Promise<void>((resolve, reject) => out.end((e?: Error | null) => (e ? reject(e) : resolve())));
	}
	return size;
}

/**
 * Save the uploads, record the job and queue it; resolves with the job id as soon as it is queued.
 * The job runs in the background; its end is recorded in the row and the audit log.
 */
export async function startImportJob(db: AppDb, files: UploadedFile[], opts: JobOptions, actor: AuthUser): Promise<number> {
	if (!files.length) throw new Error('没有文件 / no files');
	const options = { table: opts.table ?? null, profile: typeof opts.profile === 'string' ? opts.profile : (opts.profile?.name ?? null), encoding: opts.encoding ?? null };
	const [row] = await db.insert(importJob).values({ status: 'queued', files: [], options, createdBy: actor.id }).returning({ id: importJob.id });
	const id = row.id;
	const dir = uploadDir(id);
	const saved: { path: string; name: string; size: number }[] = [];
	try {
		await fs.promises.mkdir(dir, { recursive: true });
		for (const [i, f] of files.entries()) {
			const target = path.join(dir, safeFileName(f.name, i));
			saved.push({ path: target, name: path.basename(f.name.replace(/\\/g, '/')) || `upload-${i}`, size: await writeUpload(f, target) });
		}
	} catch (e) {
		await fs.promises.rm(dir, { recursive: true, force: true });
		await save(db, id, { status: 'failed', error: `上传失败 / upload failed: ${(e as Error).message}`, finishedAt: new Date() });
		throw e;
	}
	await save(db, id, { files: saved.map(({ name, size }) => ({ name, size })), progress: { percent: 0 } });
	const run = () => runJob(db, id, saved, opts, actor);
	queue = queue.then(run, run);
	return id;
}

async function runJob(db: AppDb, id: number, files: { path: string; name: string }[], opts: JobOptions, actor: AuthUser): Promise<void> {
	let lastWrite = 0;
	let pending: JobProgress | null = null;
	const flush = async () => {
		if (!pending) return;
		const p = pending;
		pending = null;
		lastWrite = Date.now();
		await save(db, id, { progress: p });
	};
	try {
		await save(db, id, { status: 'running', startedAt: new Date(), progress: { percent: 0 } });
		const analytics = await getAnalytics();
		let writing: Promise<void> = Promise.resolve();
		const summary = await importFiles(
			analytics,
			files.map((f) => ({ path: f.path, displayName: f.name })),
			{
				table: opts.table,
				profile: opts.profile,
				encoding: opts.encoding,
				username: actor.username,
				thresholds: activeThresholds,
				activityStages: await activityStages(),
				onProgress: (p) => {
					pending = { ...p, percent: percentOf(p) };
					bus.emit(`job:${id}:progress`, pending);
					if (Date.now() - lastWrite > 500) writing = writing.then(flush, flush);
				}
			}
		).catch((e) => {
			if (e instanceof ImportFailedError) return e.summary;
			throw e;
		});
		await writing;
		const ok = summary.status === 'completed';
		await save(db, id, {
			status: ok ? 'committed' : 'failed',
			summary,
			batchId: summary.batchId ?? null,
			error: ok ? null : (summary.message ?? 'import failed'),
			progress: { percent: 100, stage: 'done' },
			finishedAt: new Date()
		});
		if (ok) {
			prewarmSoon();
			void refreshProcessStepsSoon(analytics); // the process view's derived tables, in the background
		}
		await auditAs(db, { id: actor.id, username: actor.username }, 'import', {
			job_id: id,
			batch_id: summary.batchId,
			status: summary.status,
			files: summary.files.map((f) => ({ file: f.file, table: f.table, read: f.rowsRead, stored: f.rowsStored, rejected: f.rowsRejected })),
			rejects: summary.rejectsTotal
		});
	} catch (e) {
		await save(db, id, { status: 'failed', error: (e as Error).message, finishedAt: new Date(), progress: { percent: 100, stage: 'done' } }).catch(() => {});
		await auditAs(db, { id: actor.id, username: actor.username }, 'import', { job_id: id, status: 'failed', error: (e as Error).message }).catch(() => {});
	} finally {
		await fs.promises.rm(uploadDir(id), { recursive: true, force: true });
	}
}

/** Live progress events of a job in this process (finer than the row's). */
export function subscribeProgress(id: number, fn: (p: JobProgress) => void): () => void {
	const ev = `job:${id}:progress`;
	bus.on(ev, fn);
	return () => bus.off(ev, fn);
}

/** Start-up: jobs a previous process left unfinished are failed (their uploads are removed). */
export async function failInterruptedJobs(db: AppDb): Promise<number> {
	const rows = await db
		.update(importJob)
		.set({ status: 'failed', error: '服务重启，导入中断，请重新导入 / interrupted by a server restart; import again', finishedAt: new Date() })
		.where(inArray(importJob.status, ['queued', 'running']))
		.returning({ id: importJob.id });
	for (const r of rows) await fs.promises.rm(uploadDir(r.id), { recursive: true, force: true });
	return rows.length;
}

/** Wait until every queued job of this process has finished (tests, shutdown). */
export function drainImportJobs(): Promise<unknown> {
	return queue;
}
