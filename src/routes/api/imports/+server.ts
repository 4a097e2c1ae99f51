/**
 * GET /api/imports — import history (JSON). POST /api/imports — start an import:
 * - multipart/form-data (the admin screen): fields `file` (one or more), `table`, `profile`, `encoding`;
 * - any other body (scripts with a Bearer token): the file itself, with `?filename=…[&table=…&profile=…&encoding=…]`
 *   (a non-form content type, so SvelteKit's origin check does not need an Origin header).
 * Without `profile`, the upload is inspected first (ingest/mapping-step.ts): a stored profile whose signature is the
 * file's header row is used; if the files still do not map (unknown table, missing or doubly mapped columns,
 * unknown values) the answer is 422 `{ error, inspection }` — header row, first rows, proposed columns, unknown
 * values — and nothing is imported: save a profile (admin screen, or /admin/profiles) and post again with
 * `?profile=NAME`. With `profile`, the import starts as given.
 * Answers 202 `{ id }`; progress at /api/imports/[id]/events, result at /api/imports/[id]. Admins only.
 */
import { json } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import { getAppDb } from '$lib/server/appdb';
import { CANONICAL_TABLES } from '$lib/server/analytics/schema';
import { requireUser } from '$lib/server/auth/guard';
import { formFiles } from '$lib/server/http/form-files';
import { getAnalytics } from '$lib/server/analytics/instance';
import { listJobs, startImportJob, type UploadedFile } from '$lib/server/ingest/jobs';
import { inspectUpload } from '$lib/server/ingest/mapping-step';
import { discardPending, pendingAsUploads, stagePending } from '$lib/server/ingest/pending';
import { IngestFileError } from '$lib/server/ingest';
import { resolveProfile } from '$lib/server/settings/profiles';
import type { TextEncoding } from '$lib/server/ingest';

const ENCODINGS: TextEncoding[] = ['utf-8', 'gbk', 'gb18030'];
const MAX_FILES = 50;

export const GET: RequestHandler = async (event) => {
	requireUser(event, ['admin']);
	const limit = Number(event.url.searchParams.get('limit') ?? 50);
	return json({ jobs: await listJobs(await getAppDb(), Number.isFinite(limit) ? limit : 50) });
};

export const POST: RequestHandler = async (event) => {
	const user = requireUser(event, ['admin']);
	const lang = event.locals.lang;
	const bad = (zh: string, en: string) => json({ error: lang === 'en' ? en : zh }, { status: 400 });
	const type = event.request.headers.get('content-type') ?? '';
	let fields: Record<string, string>;
	let files: UploadedFile[];
	if (type.startsWith('multipart/form-data')) {
		const form = await event.request.formData();
		files = formFiles(form, 'file').map((f) => ({ name: f.name, data: f.stream() }));
		fields = {
			table: String(form.get('table') ?? ''),
			profile: String(form.get('profile') ?? ''),
			encoding: String(form.get('encoding') ?? '')
		};
	} else {
		const q = event.url.searchParams;
		const filename = q.get('filename') ?? '';
		if (!filename) return bad('缺少参数 filename', 'missing parameter filename');
		if (!event.request.body) return bad('请求体为空', 'empty body');
		files = [{ name: filename, data: event.request.body }];
		fields = {
			table: q.get('table') ?? '',
			profile: q.get('profile') ?? '',
			encoding: q.get('encoding') ?? ''
		};
	}
	if (!files.length) return bad('请选择要导入的文件', 'choose the files to import');
	if (files.length > MAX_FILES)
		return bad(`一次最多导入 ${MAX_FILES} 个文件`, `at most ${MAX_FILES} files at once`);
	if (fields.table && !CANONICAL_TABLES.includes(fields.table as never))
		return bad(`未知数据表：${fields.table}`, `unknown table: ${fields.table}`);
	if (fields.encoding && !ENCODINGS.includes(fields.encoding as TextEncoding))
		return bad(`未知编码：${fields.encoding}`, `unknown encoding: ${fields.encoding}`);
	const db = await getAppDb();
	const profile = fields.profile ? await resolveProfile(db, fields.profile) : undefined;
	if (profile === null)
		return bad(`映射配置不存在：${fields.profile}`, `no such mapping profile: ${fields.profile}`);
	const options = {
		table: fields.table || undefined,
		profile,
		encoding: (fields.encoding || undefined) as TextEncoding | undefined
	};
	if (profile !== undefined) {
		const id = await startImportJob(db, files, options, user);
		return json({ id }, { status: 202, headers: { location: `/api/imports/${id}` } });
	}
	// No profile: inspect first; the staged copy is removed whatever the outcome (the job keeps its own copy).
	const pending = await stagePending(files, user.id, options);
	try {
		const r = await inspectUpload(
			db,
			await getAnalytics(),
			pending.files.map((f) => ({ path: f.path, displayName: f.name })),
			options
		);
		if (!r.maps)
			return json(
				{
					error:
						lang === 'en'
							? 'The file does not map to the canonical tables; save a mapping profile and import with ?profile=NAME.'
							: '文件无法对应到标准数据表，请先保存映射配置，再以 ?profile=NAME 导入。',
					inspection: r.inspection
				},
				{ status: 422 }
			);
		const id = await startImportJob(
			db,
			pendingAsUploads(pending),
			{ ...options, profile: r.profile, table: r.table },
			user
		);
		return json(
			{ id, ...(r.autoProfile ? { profile: r.autoProfile } : {}) },
			{ status: 202, headers: { location: `/api/imports/${id}` } }
		);
	} catch (e) {
		if (e instanceof IngestFileError) return bad(e.message, e.message);
		throw e;
	} finally {
		await discardPending(pending.id);
	}
};
