/**
 * The import screen. An upload is inspected first: when every file (sheet) maps — with the chosen profile, or
 * the stored profile made for its header row — the import job starts at once. Otherwise the files stay on
 * the server (ingest/pending.ts) and the page shows the mapping step (`?mapping=<id>`): proposals to correct,
 * unknown values to map, a dry-run preview, then "import and save mapping" (a new profile version + the job).
 */
import { fail, redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad, RequestEvent } from './$types';
import { t, type Lang } from '$lib/i18n';
import { getAppDb } from '$lib/server/appdb';
import { getAnalytics } from '$lib/server/analytics/instance';
import { CANONICAL_TABLES, type CanonicalTable } from '$lib/server/analytics/schema';
import { audit } from '$lib/server/auth/audit';
import { requireUser } from '$lib/server/auth/guard';
import { formFiles } from '$lib/server/http/form-files';
import {
	ImportFailedError,
	IngestFileError,
	importFiles,
	loadProfile,
	reasonText,
	type ImportSummary,
	type TextEncoding
} from '$lib/server/ingest';
import { listJobs, startImportJob } from '$lib/server/ingest/jobs';
import {
	buildProfile,
	canonicalValues,
	choosableColumns,
	inspectUpload,
	MappingChoiceError,
	type Inspection,
	type MappingChoices
} from '$lib/server/ingest/mapping-step';
import {
	discardPending,
	getPending,
	pendingAsUploads,
	savePending,
	stagePending,
	type PendingUpload
} from '$lib/server/ingest/pending';
import { columnLabel } from '$lib/server/ingest/profile';
import { activityStages } from '$lib/server/settings/activities';
import {
	PROFILE_NAME_RE,
	profileChoices,
	ProfileError,
	resolveProfile,
	saveProfile,
	validateProfile
} from '$lib/server/settings/profiles';

const ENCODINGS: TextEncoding[] = ['utf-8', 'gbk', 'gb18030'];

/** What the mapping step shows: the inspection plus the choices each select offers. */
function mappingView(p: PendingUpload<Inspection>) {
	const labels = loadProfile('default-zh');
	const insp = p.inspection!;
	const profile = p.options.profile;
	return {
		id: p.id,
		files: p.files.map((f) => f.name),
		table: p.options.table ?? '',
		profileName: typeof profile === 'string' ? profile : (profile?.name ?? null),
		suggestedName:
			typeof profile === 'object' && profile.name ? profile.name : `mapping-${p.createdAt.slice(0, 10)}`,
		skipped: insp.skipped,
		warnings: insp.warnings,
		parts: insp.parts.map((part) => {
			const table = part.table;
			return {
				...part,
				columnOptions: table
					? choosableColumns(table).map((c) => ({
							name: c.name,
							label: columnLabel(labels, table, c.name),
							required: !!c.required
						}))
					: [],
				valueOptions: table
					? Object.fromEntries(part.unknownValues.map((u) => [u.column, canonicalValues(table, u.column)]))
					: {}
			};
		})
	};
}

/** The admin's choices from the mapping form: `c.<part>.<header>`, `v.<part>.<unknown>.<value>`. */
function readChoices(form: FormData, insp: Inspection): MappingChoices {
	return {
		parts: insp.parts.map((part, pi) => {
			const values: Record<string, Record<string, string>> = {};
			part.unknownValues.forEach((u, ui) =>
				u.values.forEach((v, vi) => {
					const to = String(form.get(`v.${pi}.${ui}.${vi}`) ?? '');
					if (to) (values[u.column] ??= {})[v.value] = to;
				})
			);
			return {
				table: part.table,
				columns: part.headers.map((_, hi) => {
					const c = form.get(`c.${pi}.${hi}`);
					// a header the form did not send keeps the inspection's proposal
					if (c === null) return part.columns.find((x) => x.index === hi)?.column ?? null;
					return String(c) || null;
				}),
				values
			};
		})
	};
}

/** The preview as the page shows it: counts per file, the first rejects with readable reasons. */
function previewView(s: ImportSummary) {
	return {
		files: s.files,
		rejects: s.rejects.map((r) => ({
			file: r.file,
			row: r.row,
			column: r.column,
			value: r.value,
			reason: reasonText(r.reason, r.detail)
		})),
		rejectsTotal: s.rejectsTotal,
		warnings: s.warnings,
		message: s.message ?? null
	};
}

async function pendingOf(event: RequestEvent, form: FormData, userId: number) {
	return getPending<Inspection>(String(form.get('id') ?? ''), userId);
}

function pendingGone(lang: Lang) {
	return fail(410, { message: t(lang, 'admin.mapping.gone') });
}

export const load: PageServerLoad = async (event) => {
	const user = requireUser(event, ['admin']);
	const db = await getAppDb();
	const [jobs, profiles] = await Promise.all([listJobs(db, 50), profileChoices(db)]);
	const id = event.url.searchParams.get('mapping');
	const pending = id ? await getPending<Inspection>(id, user.id) : null;
	return {
		jobs,
		profiles,
		tables: CANONICAL_TABLES,
		encodings: ENCODINGS,
		mapping: pending?.inspection ? mappingView(pending) : null,
		mappingGone: !!id && !pending?.inspection
	};
};

export const actions: Actions = {
	// Plain form upload (works without JavaScript; with it, use:enhance posts the dropped files the same way).
	upload: async (event) => {
		const user = requireUser(event, ['admin']);
		const lang = event.locals.lang;
		const form = await event.request.formData();
		const files = formFiles(form, 'file');
		if (!files.length) return fail(400, { message: t(lang, 'admin.imports.noFiles') });
		if (files.length > 50) return fail(400, { message: t(lang, 'admin.imports.tooMany') });
		const table = String(form.get('table') ?? '');
		const encoding = String(form.get('encoding') ?? '');
		const profileName = String(form.get('profile') ?? '');
		if (table && !CANONICAL_TABLES.includes(table as never))
			return fail(400, { message: t(lang, 'admin.imports.badOption') });
		if (encoding && !ENCODINGS.includes(encoding as TextEncoding))
			return fail(400, { message: t(lang, 'admin.imports.badOption') });
		const db = await getAppDb();
		const profile = profileName ? await resolveProfile(db, profileName) : undefined;
		if (profile === null) return fail(400, { message: t(lang, 'admin.imports.badOption') });
		const options = {
			table: table || undefined,
			profile,
			encoding: (encoding || undefined) as TextEncoding | undefined
		};
		const pending = (await stagePending(
			files.map((f) => ({ name: f.name, data: f.stream() })),
			user.id,
			options
		)) as PendingUpload<Inspection>;
		let r;
		try {
			r = await inspectUpload(
				db,
				await getAnalytics(),
				pending.files.map((f) => ({ path: f.path, displayName: f.name })),
				options
			);
		} catch (e) {
			await discardPending(pending.id);
			if (e instanceof IngestFileError) return fail(400, { message: e.message });
			throw e;
		}
		if (!r.maps) {
			await savePending({
				...pending,
				options: { ...options, profile: r.profile, table: r.table },
				inspection: r.inspection
			});
			redirect(303, `/admin/imports?mapping=${pending.id}`);
		}
		let id: number;
		try {
			id = await startImportJob(
				db,
				pendingAsUploads(pending),
				{ ...options, profile: r.profile, table: r.table },
				user
			);
		} finally {
			// the job keeps its own copy of the files
			await discardPending(pending.id);
		}
		redirect(303, `/admin/imports/${id}`);
	},

	/** Inspect the pending files again as another table (the upload-wide table choice). */
	retable: async (event) => {
		const user = requireUser(event, ['admin']);
		const form = await event.request.formData();
		const p = await pendingOf(event, form, user.id);
		if (!p) return pendingGone(event.locals.lang);
		const table = String(form.get('table') ?? '');
		if (table && !CANONICAL_TABLES.includes(table as CanonicalTable))
			return fail(400, { message: t(event.locals.lang, 'admin.imports.badOption') });
		const options = { ...p.options, table: table || undefined };
		let r;
		try {
			r = await inspectUpload(
				await getAppDb(),
				await getAnalytics(),
				p.files.map((f) => ({ path: f.path, displayName: f.name })),
				options
			);
		} catch (e) {
			if (e instanceof IngestFileError) return fail(400, { message: e.message });
			throw e;
		}
		await savePending({
			...p,
			options: { ...options, profile: r.profile ?? options.profile },
			inspection: r.inspection
		});
		redirect(303, `/admin/imports?mapping=${p.id}`);
	},

	/** Dry run with the edited mapping: counts and first rejects, nothing written. */
	preview: async (event) => {
		const user = requireUser(event, ['admin']);
		const lang = event.locals.lang;
		const form = await event.request.formData();
		const p = await pendingOf(event, form, user.id);
		if (!p?.inspection) return pendingGone(lang);
		let profile;
		try {
			profile = buildProfile('preview', p.options.profile, p.inspection, readChoices(form, p.inspection));
		} catch (e) {
			if (e instanceof MappingChoiceError)
				return fail(400, { message: t(lang, 'admin.mapping.invalid'), problems: e.problems });
			throw e;
		}
		const summary = await importFiles(
			await getAnalytics(),
			p.files.map((f) => ({ path: f.path, displayName: f.name })),
			{
				profile,
				table: p.options.table,
				encoding: p.options.encoding,
				username: user.username,
				activityStages: await activityStages(),
				dryRun: true
			}
		).catch((e) => {
			if (e instanceof ImportFailedError) return e.summary;
			throw e;
		});
		return { preview: previewView(summary) };
	},

	/** Save the mapping as a new profile version and start the import job with it. */
	commit: async (event) => {
		const user = requireUser(event, ['admin']);
		const lang = event.locals.lang;
		const form = await event.request.formData();
		const p = await pendingOf(event, form, user.id);
		if (!p?.inspection) return pendingGone(lang);
		const name = String(form.get('name') ?? '').trim();
		if (!PROFILE_NAME_RE.test(name)) return fail(400, { message: t(lang, 'admin.mapping.badName') });
		const db = await getAppDb();
		let profile;
		try {
			profile = validateProfile(
				buildProfile(name, p.options.profile, p.inspection, readChoices(form, p.inspection))
			);
		} catch (e) {
			if (e instanceof MappingChoiceError || e instanceof ProfileError)
				return fail(400, { message: t(lang, 'admin.mapping.invalid'), problems: e.problems });
			throw e;
		}
		const saved = await saveProfile(db, profile, user.id);
		await audit(event, 'profile.save', { name, version: saved.version, source: 'mapping' }, { db });
		const id = await startImportJob(
			db,
			pendingAsUploads(p),
			{
				table: p.options.table,
				encoding: p.options.encoding,
				profile: { ...profile, version: saved.version }
			},
			user
		);
		await discardPending(p.id);
		redirect(303, `/admin/imports/${id}`);
	},

	discard: async (event) => {
		const user = requireUser(event, ['admin']);
		const form = await event.request.formData();
		const p = await pendingOf(event, form, user.id);
		if (p) await discardPending(p.id);
		redirect(303, '/admin/imports');
	}
};
