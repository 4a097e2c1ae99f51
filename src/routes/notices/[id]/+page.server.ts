/**
 * /notices/[id] — one notice with its history and attachments. Department users (own departments only, else
 * 404) answer it (`respond`, with files, optionally marking it done); supervisors `accept` (close) or `return`
 * it. Every action re-checks the user and the notice's state (service.ts); errors come back as form messages.
 */
import { error, fail } from '@sveltejs/kit';
import type { Actions, PageServerLoad, RequestEvent } from './$types';
import { getAnalytics } from '$lib/server/analytics/instance';
import { getAppDb } from '$lib/server/appdb';
import { requireUser } from '$lib/server/auth/guard';
import { AttachmentError, MAX_BYTES, MAX_FILES, ALLOWED } from '$lib/server/notices/attachments';
import { accept, getNotice, NoticeError, respond, returnNotice } from '$lib/server/notices/service';
import { canDo } from '$lib/notices/types';

export const load: PageServerLoad = async (event) => {
	const user = requireUser(event, ['supervisor', 'department']);
	try {
		const n = await getNotice(await getAppDb(), await getAnalytics(), user, Number(event.params.id));
		return {
			notice: n,
			can: {
				respond: canDo('respond', n.status, user.role),
				accept: canDo('accept', n.status, user.role),
				return: canDo('return', n.status, user.role)
			},
			limits: { files: MAX_FILES, mb: MAX_BYTES / 1024 / 1024, types: Object.keys(ALLOWED) }
		};
	} catch (e) {
		if (e instanceof NoticeError) error(e.status, e.message);
		throw e;
	}
};

async function run(event: RequestEvent, fn: (f: FormData) => Promise<unknown>) {
	try {
		await fn(await event.request.formData());
		return { ok: true };
	} catch (e) {
		if (e instanceof NoticeError) {
			if (e.status === 404) error(404, e.message);
			return fail(e.status, { error: e.message });
		}
		if (e instanceof AttachmentError) return fail(400, { error: e.message });
		throw e;
	}
}

export const actions: Actions = {
	respond: async (event) => {
		const user = requireUser(event, ['department']);
		return run(event, async (f) => {
			const files = await Promise.all(
				f
					.getAll('files')
					.filter((x): x is File => typeof x === 'object' && x !== null && 'arrayBuffer' in x && (x as File).size > 0)
					.map(async (x) => ({ name: x.name, bytes: Buffer.from(await x.arrayBuffer()) }))
			);
			await respond(await getAppDb(), user, Number(event.params.id), { text: String(f.get('text') ?? ''), done: f.get('done') === 'on', files });
		});
	},
	accept: async (event) => {
		const user = requireUser(event, ['supervisor']);
		return run(event, async (f) => accept(await getAppDb(), user, Number(event.params.id), String(f.get('comment') ?? '')));
	},
	return: async (event) => {
		const user = requireUser(event, ['supervisor']);
		return run(event, async (f) => returnNotice(await getAppDb(), user, Number(event.params.id), String(f.get('comment') ?? '')));
	}
};
