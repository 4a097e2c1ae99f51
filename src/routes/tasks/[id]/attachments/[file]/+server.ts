/** GET /tasks/[id]/attachments/[file] — a progress report's attachment, for users who may see the task (else 404). */
import type { RequestHandler } from './$types';
import { getAppDb } from '$lib/server/appdb';
import { requireUser } from '$lib/server/auth/guard';
import { attachmentDownload } from '$lib/server/http/attachments';
import { orErrorPage } from '$lib/server/http/status-errors';
import { TaskError } from '$lib/server/tasks/plan';
import { reportAttachment } from '$lib/server/tasks/reports';

export const GET: RequestHandler = async (event) => {
	const user = requireUser(event);
	const id = Number(event.params.id);
	return orErrorPage(
		TaskError,
		async () =>
			attachmentDownload(
				`task-${id}`,
				await reportAttachment(await getAppDb(), user, id, Number(event.params.file))
			),
		404
	);
};
