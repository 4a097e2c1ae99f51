/**
 * Uploads waiting for the mapping step: files an admin uploaded whose headers did not map stay on the server
 * between the steps (inspect → correct → preview → import) under $DATA_DIR/uploads/pending/<id>/, with a
 * meta.json holding the owner, the options and the last inspection.
 *
 * Invariants:
 * - The id is 128 random bits (hex) and bound to the uploading user: another user's id reads as absent.
 * - The folder may hold raw personal data: it is removed when the import starts, when the admin discards it,
 *   and by a sweep of folders older than PENDING_TTL_MS on every new upload.
 * - File names from the client are never used as paths (jobs.ts `safeFileName`).
 */
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { getConfig } from '../config';
import { safeFileName, type UploadedFile } from './jobs';
import type { MappingProfile } from './profile';
import type { TextEncoding } from './types';

export const PENDING_TTL_MS = 6 * 3600_000;
const ID_RE = /^[0-9a-f]{32}$/;

export interface PendingOptions {
	table?: string;
	encoding?: TextEncoding;
	/** the profile the last inspection used (a shipped name or a stored profile as data) */
	profile?: string | MappingProfile;
}

export interface PendingUpload<I = unknown> {
	id: string;
	userId: number;
	createdAt: string;
	files: { path: string; name: string; size: number }[];
	options: PendingOptions;
	inspection: I | null;
}

function root(): string {
	return path.join(getConfig().dataDir, 'uploads', 'pending');
}

function dirOf(id: string): string {
	if (!ID_RE.test(id)) throw new Error('invalid pending upload id');
	return path.join(root(), id);
}

async function writeFile(file: UploadedFile, target: string): Promise<number> {
	if (file.data instanceof Uint8Array) {
		await fs.promises.writeFile(target, file.data);
		return file.data.byteLength;
	}
	await pipeline(
		Readable.fromWeb(file.data as import('node:stream/web').ReadableStream<Uint8Array>),
		fs.createWriteStream(target)
	);
	return (await fs.promises.stat(target)).size;
}

/** Remove pending uploads older than the TTL (abandoned mapping steps). */
export async function sweepPending(now = Date.now()): Promise<number> {
	let n = 0;
	const entries = await fs.promises.readdir(root()).catch(() => [] as string[]);
	for (const id of entries) {
		if (!ID_RE.test(id)) continue;
		const st = await fs.promises.stat(path.join(root(), id)).catch(() => null);
		if (st && now - st.mtimeMs > PENDING_TTL_MS) {
			await fs.promises.rm(path.join(root(), id), { recursive: true, force: true });
			n++;
		}
	}
	return n;
}

/** Save the uploaded files for the mapping step; returns the pending upload (no inspection yet). */
export async function stagePending(
	files: UploadedFile[],
	userId: number,
	options: PendingOptions
): Promise<PendingUpload> {
	await sweepPending();
	const id = randomBytes(16).toString('hex');
	const dir = dirOf(id);
	await fs.promises.mkdir(dir, { recursive: true });
	try {
		const saved: PendingUpload['files'] = [];
		for (const [i, f] of files.entries()) {
			const target = path.join(dir, safeFileName(f.name, i));
			saved.push({
				path: target,
				name: path.basename(f.name.replace(/\\/g, '/')) || `upload-${i}`,
				size: await writeFile(f, target)
			});
		}
		const p: PendingUpload = {
			id,
			userId,
			createdAt: new Date().toISOString(),
			files: saved,
			options,
			inspection: null
		};
		await savePending(p);
		return p;
	} catch (e) {
		await fs.promises.rm(dir, { recursive: true, force: true });
		throw e;
	}
}

export async function savePending(p: PendingUpload): Promise<void> {
	await fs.promises.writeFile(path.join(dirOf(p.id), 'meta.json'), JSON.stringify(p));
}

/** The pending upload `id` of this user, or null (unknown, expired, malformed or someone else's). */
export async function getPending<I = unknown>(id: string, userId: number): Promise<PendingUpload<I> | null> {
	if (!ID_RE.test(id)) return null;
	try {
		const p = JSON.parse(
			await fs.promises.readFile(path.join(dirOf(id), 'meta.json'), 'utf8')
		) as PendingUpload<I>;
		if (p.userId !== userId || p.id !== id) return null;
		if (Date.now() - Date.parse(p.createdAt) > PENDING_TTL_MS) return null;
		return p;
	} catch {
		return null;
	}
}

export async function discardPending(id: string): Promise<void> {
	if (ID_RE.test(id)) await fs.promises.rm(dirOf(id), { recursive: true, force: true });
}

/** The staged files as uploads for `startImportJob` (it copies them into the job's own folder). */
export function pendingAsUploads(p: PendingUpload): UploadedFile[] {
	return p.files.map((f) => ({
		name: f.name,
		data: Readable.toWeb(fs.createReadStream(f.path)) as unknown as ReadableStream<Uint8Array>
	}));
}
