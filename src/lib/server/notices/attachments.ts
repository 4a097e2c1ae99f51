/**
 * Files attached to notice responses: stored under $DATA_DIR/attachments/<notice id>/<random name> (never the
 * uploader's name — that is metadata only), with limits: at most MAX_FILES per response, MAX_BYTES each, and
 * only the office / image / text types listed, recognised by extension AND by content (magic bytes), so a
 * renamed executable is refused. Served back with the stored type, as an attachment, nosniff.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { getConfig } from '../config';

export const MAX_FILES = 5;
export const MAX_BYTES = 10 * 1024 * 1024;

interface AllowedType {
	contentType: string;
	/** Does the content look like this type? */
	sniff: (b: Buffer) => boolean;
}

const starts = (b: Buffer, sig: number[]) => sig.every((x, i) => b[i] === x);
const ZIP = (b: Buffer) => starts(b, [0x50, 0x4b, 0x03, 0x04]);
const OLE = (b: Buffer) => starts(b, [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]);
const TEXT = (b: Buffer) => {
	if (b.includes(0)) return false;
	try {
		new TextDecoder('utf-8', { fatal: true }).decode(b.subarray(0, 64 * 1024));
		return true;
	} catch {
		// GBK text is common in Chinese offices: accept if it decodes as GB18030 without replacement characters.
		return !new TextDecoder('gb18030').decode(b.subarray(0, 64 * 1024)).includes('\ufffd');
	}
};

export const ALLOWED: Readonly<Record<string, AllowedType>> = {
	pdf: { contentType: 'application/pdf', sniff: (b) => starts(b, [0x25, 0x50, 0x44, 0x46]) },
	png: { contentType: 'image/png', sniff: (b) => starts(b, [0x89, 0x50, 0x4e, 0x47]) },
	jpg: { contentType: 'image/jpeg', sniff: (b) => starts(b, [0xff, 0xd8, 0xff]) },
	jpeg: { contentType: 'image/jpeg', sniff: (b) => starts(b, [0xff, 0xd8, 0xff]) },
	docx: { contentType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document', sniff: ZIP },
	xlsx: { contentType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', sniff: ZIP },
	doc: { contentType: 'application/msword', sniff: OLE },
	xls: { contentType: 'application/vnd.ms-excel', sniff: OLE },
	ofd: { contentType: 'application/ofd', sniff: ZIP },
	txt: { contentType: 'text/plain; charset=utf-8', sniff: TEXT },
	csv: { contentType: 'text/csv; charset=utf-8', sniff: TEXT }
};

export class AttachmentError extends Error {}

export interface IncomingFile {
	name: string;
	bytes: Buffer;
}

export interface CheckedFile {
	fileName: string;
	contentType: string;
	bytes: Buffer;
	size: number;
	sha256: string;
}

/** A safe display name: no directories, no control characters, at most 120 characters. */
export function cleanFileName(name: string): string {
	const base = name.split(/[\\/]/).pop() ?? '';
	// eslint-disable-next-line no-control-regex -- removing control characters is the point
	const clean = base.replace(/[\u0000-\u001f\u007f"<>|:*?]/g, '_').trim();
	return (clean || 'file').slice(-120);
}

export function checkFiles(files: readonly IncomingFile[]): CheckedFile[] {
	const real = files.filter((f) => f.bytes.length > 0 || f.name);
	if (real.length > MAX_FILES) throw new AttachmentError(`最多上传 ${MAX_FILES} 个附件 / at most ${MAX_FILES} attachments`);
	return real.map((f) => {
		const fileName = cleanFileName(f.name);
		const ext = path.extname(fileName).slice(1).toLowerCase();
		const type = ALLOWED[ext];
		if (!type)
			throw new AttachmentError(`不支持的附件类型：${fileName}（可上传：${Object.keys(ALLOWED).join('、')}） / file type not allowed: ${fileName}`);
		if (f.bytes.length === 0) throw new AttachmentError(`附件为空：${fileName} / empty file: ${fileName}`);
		if (f.bytes.length > MAX_BYTES)
			throw new AttachmentError(`附件超过 ${MAX_BYTES / 1024 / 1024} MB：${fileName} / file larger than ${MAX_BYTES / 1024 / 1024} MB: ${fileName}`);
		if (!type.sniff(f.bytes)) throw new AttachmentError(`附件内容与类型不符：${fileName} / content does not match the file type: ${fileName}`);
		return {
			fileName,
			contentType: type.contentType,
			bytes: f.bytes,
			size: f.bytes.length,
			sha256: crypto.createHash('sha256').update(f.bytes).digest('hex')
		};
	});
}

/** The folder under attachments/: a notice id, or `task-<id>` for the reform task ledger's reports (issue 13). */
export type AttachmentFolder = number | `task-${number}`;

export function attachmentsDir(): string {
	return path.join(getConfig().dataDir, 'attachments');
}

function storedPath(noticeId: AttachmentFolder, storedName: string): string {
	if (!/^[a-f0-9-]{36}$/.test(storedName)) throw new AttachmentError('invalid stored name');
	return path.join(attachmentsDir(), String(noticeId), storedName);
}

/** Write the files; returns their stored names (random UUIDs). Removes what it wrote if one write fails. */
export function storeFiles(noticeId: AttachmentFolder, files: readonly CheckedFile[]): string[] {
	const dir = path.join(attachmentsDir(), String(noticeId));
	fs.mkdirSync(dir, { recursive: true });
	const written: string[] = [];
	try {
		for (const f of files) {
			const name = crypto.randomUUID();
			fs.writeFileSync(storedPath(noticeId, name), f.bytes, { flag: 'wx', mode: 0o640 });
			written.push(name);
		}
		return written;
	} catch (e) {
		removeFiles(noticeId, written);
		throw e;
	}
}

export function removeFiles(noticeId: AttachmentFolder, storedNames: readonly string[]): void {
	for (const n of storedNames) fs.rmSync(storedPath(noticeId, n), { force: true });
}

export function readStored(noticeId: AttachmentFolder, storedName: string): Buffer {
	return fs.readFileSync(storedPath(noticeId, storedName));
}
