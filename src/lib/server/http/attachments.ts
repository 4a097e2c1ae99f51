/**
 * Notice and task attachments over HTTP: the posted files as the attachment store takes them, the limits as
 * the upload form states them, and a stored file served back as a download — its stored type, nosniff, never
 * cached (notices/attachments.ts owns the checks and the storage).
 */
import {
	ALLOWED,
	MAX_BYTES,
	MAX_FILES,
	readStored,
	type AttachmentFolder,
	type IncomingFile
} from '../notices/attachments';
import { contentDisposition } from '../reports/index';
import { formFiles } from './form-files';

/** What the upload form tells the user (and its file input accepts). */
export const UPLOAD_LIMITS = { files: MAX_FILES, mb: MAX_BYTES / 1024 / 1024, types: Object.keys(ALLOWED) };

/** The form's `files` with their bytes. */
export async function uploadedFiles(form: FormData): Promise<IncomingFile[]> {
	return Promise.all(
		formFiles(form, 'files').map(async (f) => ({ name: f.name, bytes: Buffer.from(await f.arrayBuffer()) }))
	);
}

export function attachmentDownload(
	folder: AttachmentFolder,
	a: { storedName: string; contentType: string; fileName: string }
): Response {
	const body = readStored(folder, a.storedName);
	return new Response(new Uint8Array(body), {
		headers: {
			'content-type': a.contentType,
			'content-disposition': contentDisposition(a.fileName),
			'content-length': String(body.length),
			'x-content-type-options': 'nosniff',
			'cache-control': 'private, no-store'
		}
	});
}
