import { error } from '@sveltejs/kit';
import type { PageServerLoad } from './$types';
import { getAppDb } from '$lib/server/appdb';
import { requireUser } from '$lib/server/auth/guard';
import { getJob } from '$lib/server/ingest/jobs';
import { reasonText } from '$lib/server/ingest';

export const load: PageServerLoad = async (event) => {
	requireUser(event, ['admin']);
	const id = Number(event.params.id);
	const job = Number.isInteger(id) && id > 0 ? await getJob(await getAppDb(), id) : null;
	if (!job) error(404, event.locals.lang === 'en' ? 'No such import.' : '导入任务不存在。');
	return { job, reasons: Object.fromEntries((job.summary?.rejects ?? []).map((r) => [`${r.reason}|${r.detail ?? ''}`, reasonText(r.reason, r.detail)])) };
};
