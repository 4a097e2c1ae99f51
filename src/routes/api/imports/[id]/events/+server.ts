/**
 * GET /api/imports/[id]/events — server-sent events for one import: `job` (the whole job, at once and on every
 * change) and `progress` (live stage / rows / percent); the stream ends after the job is committed or failed.
 * A job running in another process is followed by polling its row each second.
 */
import { error } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import { getAppDb } from '$lib/server/appdb';
import { requireUser } from '$lib/server/auth/guard';
import { getJob, subscribe, subscribeProgress, type JobView } from '$lib/server/ingest/jobs';

const finished = (j: JobView) => j.status === 'committed' || j.status === 'failed';

export const GET: RequestHandler = async (event) => {
	requireUser(event, ['admin']);
	const id = Number(event.params.id);
	const db = await getAppDb();
	const first = Number.isInteger(id) && id > 0 ? await getJob(db, id) : null;
	if (!first) error(404, event.locals.lang === 'en' ? 'no such import' : '导入任务不存在');
	const enc = new TextEncoder();
	let cleanup = () => {};
	const stream = new ReadableStream<Uint8Array>({
		start(controller) {
			let open = true;
			const send = (ev: string, data: unknown) => {
				if (open) controller.enqueue(enc.encode(`event: ${ev}\ndata: ${JSON.stringify(data)}\n\n`));
			};
			const close = () => {
				if (!open) return;
				open = false;
				cleanup();
				controller.close();
			};
			const onJob = (j: JobView) => {
				send('job', j);
				if (finished(j)) close();
			};
			const offJob = subscribe(id, onJob);
			const offProgress = subscribeProgress(id, (p) => send('progress', p));
			// Polling covers jobs of other processes and any event missed between the first read and subscribing.
			let last = JSON.stringify(first);
			const poll = setInterval(async () => {
				const j = await getJob(db, id).catch(() => null);
				if (j && JSON.stringify(j) !== last) {
					last = JSON.stringify(j);
					onJob(j);
				}
			}, 1000);
			const ping = setInterval(() => open && controller.enqueue(enc.encode(': ping\n\n')), 15_000);
			cleanup = () => {
				offJob();
				offProgress();
				clearInterval(poll);
				clearInterval(ping);
			};
			onJob(first);
		},
		cancel() {
			cleanup();
		}
	});
	return new Response(stream, {
		headers: { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-store', 'x-accel-buffering': 'no' }
	});
};
