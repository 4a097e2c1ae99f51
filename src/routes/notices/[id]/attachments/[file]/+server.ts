/** GET /notices/[id]/attachments/[file] — a response's attachment, for users who may see the notice (else 404). */
import { error } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import { getAppDb } from '$lib/server/appdb';
import { requireUser } from '$lib/server/auth/guard';
import { readStored } from '$lib/server/notices/attachments';
import { attachmentFor, NoticeError } from '$lib/server/notices/service';
import { contentDisposition } from '$lib/server/reports/index';

export const GET: RequestHandler = async (event) => {
	const user = requireUser(event, ['supervisor', 'department']);
	try {
		const a = await attachmentFor(await getAppDb(), user, Number(event.params.id), Number(event.params.file));
		const body = readStored(a.noticeId, a.storedName);
		return new Response(new Uint8Array(body), {
			headers: {
				'content-type': a.contentType,
				'content-disposition': contentDisposition(a.fileName),
				'content-length': String(body.length),
				'x-content-type-options': 'nosniff',
				'cache-control': 'private, no-store'
			}
		});
	} catch (e) {
		if (e instanceof NoticeError) error(404, e.message);
		throw e;
	}
};
