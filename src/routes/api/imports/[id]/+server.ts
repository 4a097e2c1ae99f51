/** GET /api/imports/[id] — one import job: status, progress, summary with the first rejects (JSON). */
import { error, json } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import { getAppDb } from '$lib/server/appdb';
import { requireUser } from '$lib/server/auth/guard';
import { getJob } from '$lib/server/ingest/jobs';

export const GET: RequestHandler = async (event) => {
	requireUser(event, ['admin']);
	const id = Number(event.params.id);
	const job = Number.isInteger(id) && id > 0 ? await getJob(await getAppDb(), id) : null;
	if (!job) error(404, event.locals.lang === 'en' ? 'no such import' : '导入任务不存在');
	return json(job);
};
