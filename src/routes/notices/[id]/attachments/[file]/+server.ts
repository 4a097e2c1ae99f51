/** GET /notices/[id]/attachments/[file] — a response's attachment, for users who may see the notice (else 404). */
import type { RequestHandler } from './$types';
import { getAppDb } from '$lib/server/appdb';
import { requireUser } from '$lib/server/auth/guard';
import { attachmentDownload } from '$lib/server/http/attachments';
import { orErrorPage } from '$lib/server/http/status-errors';
import { attachmentFor, NoticeError } from '$lib/server/notices/service';

export const GET: RequestHandler = async (event) => {
	const user = requireUser(event, ['supervisor', 'department']);
	return orErrorPage(
		NoticeError,
		async () => {
			const a = await attachmentFor(
				await getAppDb(),
				user,
				Number(event.params.id),
				Number(event.params.file)
			);
			return attachmentDownload(a.noticeId, a);
		},
		404
	);
};
