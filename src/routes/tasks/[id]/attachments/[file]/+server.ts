/** GET /tasks/[id]/attachments/[file] — a progress report's attachment, for users who may see the task (else 404). */
import { error } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import { getAppDb } from '$lib/server/appdb';
import { requireUser } from '$lib/server/auth/guard';
import { readStored } from '$lib/server/notices/attachments';
import { contentDisposition } from '$lib/server/reports/index';
import { TaskError } from '$lib/server/tasks/plan';
import { reportAttachment } from '$lib/server/tasks/reports';

export const GET: RequestHandler = async (event) => {
	const user = requireUser(event);
	try {
		const id = Number(event.params.id);
		const a = await reportAttachment(await getAppDb(), user, id, Number(event.params.file));
		const body = readStored(`task-${id}`, a.storedName);
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
		if (e instanceof TaskError) error(404, e.message);
		throw e;
	}
};
