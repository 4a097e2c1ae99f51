/** GET /api/imports/[id]/rejects — every reject of the import's batch as CSV (UTF-8 with BOM); audit-logged. */
import { error } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import { getAppDb } from '$lib/server/appdb';
import { getAnalytics } from '$lib/server/analytics/instance';
import { audit } from '$lib/server/auth/audit';
import { requireUser } from '$lib/server/auth/guard';
import { getJob } from '$lib/server/ingest/jobs';
import { rejectsCsv } from '$lib/server/ingest/rejects-csv';

export const GET: RequestHandler = async (event) => {
	requireUser(event, ['admin']);
	const id = Number(event.params.id);
	const db = await getAppDb();
	const job = Number.isInteger(id) && id > 0 ? await getJob(db, id) : null;
	if (!job || job.batchId === null) error(404, event.locals.lang === 'en' ? 'no rejects for this import' : '该导入没有拒收记录');
	const csv = await rejectsCsv(await getAnalytics(), job.batchId);
	await audit(event, 'export', { kind: 'import_rejects', job_id: id, batch_id: job.batchId }, { db });
	return new Response(csv, {
		headers: {
			'content-type': 'text/csv; charset=utf-8',
			'content-disposition': `attachment; filename="import-${id}-rejects.csv"`,
			'cache-control': 'no-store'
		}
	});
};
