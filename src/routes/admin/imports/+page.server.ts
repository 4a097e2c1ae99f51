import { fail, redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { t } from '$lib/i18n';
import { getAppDb } from '$lib/server/appdb';
import { CANONICAL_TABLES } from '$lib/server/analytics/schema';
import { requireUser } from '$lib/server/auth/guard';
import { listJobs, startImportJob } from '$lib/server/ingest/jobs';
import type { TextEncoding } from '$lib/server/ingest';
import { profileChoices, resolveProfile } from '$lib/server/settings/profiles';

const ENCODINGS: TextEncoding[] = ['utf-8', 'gbk', 'gb18030'];

export const load: PageServerLoad = async (event) => {
	requireUser(event, ['admin']);
	const db = await getAppDb();
	const [jobs, profiles] = await Promise.all([listJobs(db, 50), profileChoices(db)]);
	return { jobs, profiles, tables: CANONICAL_TABLES, encodings: ENCODINGS };
};

export const actions: Actions = {
	// Plain form upload (works without JavaScript; with it, use:enhance posts the dropped files the same way).
	upload: async (event) => {
		const user = requireUser(event, ['admin']);
		const lang = event.locals.lang;
		const form = await event.request.formData();
		const files = form.getAll('file').filter((f): f is File => typeof f === 'object' && f !== null && 'arrayBuffer' in f && (f as File).size > 0);
		if (!files.length) return fail(400, { message: t(lang, 'admin.imports.noFiles') });
		if (files.length > 50) return fail(400, { message: t(lang, 'admin.imports.tooMany') });
		const table = String(form.get('table') ?? '');
		const encoding = String(form.get('encoding') ?? '');
		const profileName = String(form.get('profile') ?? '');
		if (table && !CANONICAL_TABLES.includes(table as never)) return fail(400, { message: t(lang, 'admin.imports.badOption') });
		if (encoding && !ENCODINGS.includes(encoding as TextEncoding)) return fail(400, { message: t(lang, 'admin.imports.badOption') });
		const db = await getAppDb();
		const profile = profileName ? await resolveProfile(db, profileName) : undefined;
		if (profile === null) return fail(400, { message: t(lang, 'admin.imports.badOption') });
		const id = await startImportJob(
			db,
			files.map((f) => ({ name: f.name, data: f.stream() })),
			{ table: table || undefined, profile, encoding: (encoding || undefined) as TextEncoding | undefined },
			user
		);
		redirect(303, `/admin/imports/${id}`);
	}
};
