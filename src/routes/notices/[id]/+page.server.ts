/**
 * /notices/[id] — one notice with its history and attachments. Department users (own departments only, else
 * 404) answer it (`respond`, with files, optionally marking it done); supervisors `accept` (close) or `return`
 * it. Every action re-checks the user and the notice's state (service.ts); errors come back as form messages.
 */
import type { Actions, PageServerLoad } from './$types';
import { getAnalytics } from '$lib/server/analytics/instance';
import { getAppDb } from '$lib/server/appdb';
import { requireUser } from '$lib/server/auth/guard';
import { UPLOAD_LIMITS, uploadedFiles } from '$lib/server/http/attachments';
import { orErrorPage, runFormAction } from '$lib/server/http/status-errors';
import { accept, getNotice, NoticeError, respond, returnNotice } from '$lib/server/notices/service';
import { canDo } from '$lib/notices/types';

export const load: PageServerLoad = async (event) => {
	const user = requireUser(event, ['supervisor', 'department']);
	const n = await orErrorPage(NoticeError, async () =>
		getNotice(await getAppDb(), await getAnalytics(), user, Number(event.params.id))
	);
	return {
		notice: n,
		can: {
			respond: canDo('respond', n.status, user.role),
			accept: canDo('accept', n.status, user.role),
			return: canDo('return', n.status, user.role)
		},
		limits: UPLOAD_LIMITS
	};
};

export const actions: Actions = {
	respond: async (event) => {
		const user = requireUser(event, ['department']);
		return runFormAction(event.request, NoticeError, async (f) =>
			respond(await getAppDb(), user, Number(event.params.id), {
				text: String(f.get('text') ?? ''),
				done: f.get('done') === 'on',
				files: await uploadedFiles(f)
			})
		);
	},
	accept: async (event) => {
		const user = requireUser(event, ['supervisor']);
		return runFormAction(event.request, NoticeError, async (f) =>
			accept(await getAppDb(), user, Number(event.params.id), String(f.get('comment') ?? ''))
		);
	},
	return: async (event) => {
		const user = requireUser(event, ['supervisor']);
		return runFormAction(event.request, NoticeError, async (f) =>
			returnNotice(await getAppDb(), user, Number(event.params.id), String(f.get('comment') ?? ''))
		);
	}
};
