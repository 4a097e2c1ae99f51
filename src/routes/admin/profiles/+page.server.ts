/**
 * Mapping profiles screen: the stored (versioned) and shipped profiles; a JSON editor whose save is a new
 * version; export of any stored version as a JSON file ([name]/export) and import of one (validated like a save).
 * Every change is audit-logged (profile.save, profile.import, profile.delete).
 */
import { fail } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { t } from '$lib/i18n';
import { getAppDb } from '$lib/server/appdb';
import { audit } from '$lib/server/auth/audit';
import { requireUser } from '$lib/server/auth/guard';
import { listProfiles, loadProfile } from '$lib/server/ingest';
import {
	deleteProfile,
	getStoredProfile,
	listProfileVersions,
	parseProfile,
	ProfileError,
	saveProfile
} from '$lib/server/settings/profiles';

const TEMPLATE = {
	name: 'my-county',
	description: '',
	extends: 'default-zh',
	tables: {},
	headers: { cases: { case_id: ['业务流水号'] } },
	values: {}
};
const MAX_JSON_BYTES = 1024 * 1024;

export const load: PageServerLoad = async (event) => {
	requireUser(event, ['admin']);
	const db = await getAppDb();
	const versions = await listProfileVersions(db);
	const edit = event.url.searchParams.get('edit');
	const view = event.url.searchParams.get('view');
	const editing = edit ? await getStoredProfile(db, edit) : null;
	let shipped: string | null = null;
	if (view && listProfiles().includes(view)) shipped = JSON.stringify(loadProfile(view), null, 2);
	// one row per name (its latest version), the older versions beside it
	const byName = new Map<
		string,
		{
			name: string;
			description: string;
			version: number;
			savedAt: string;
			savedBy: string | null;
			older: { version: number; savedAt: string; savedBy: string | null }[];
		}
	>();
	for (const v of versions) {
		const row = { version: v.version, savedAt: v.savedAt.toISOString(), savedBy: v.savedBy };
		const cur = byName.get(v.name);
		if (cur) cur.older.push(row);
		else byName.set(v.name, { name: v.name, description: v.description, ...row, older: [] });
	}
	let text = JSON.stringify(TEMPLATE, null, 2);
	if (editing) {
		const { version: _v, ...rest } = editing; // eslint-disable-line @typescript-eslint/no-unused-vars -- a save assigns the next version
		text = JSON.stringify(rest, null, 2);
	}
	return {
		stored: [...byName.values()],
		shippedNames: listProfiles(),
		view: shipped ? view : null,
		shipped,
		text
	};
};

export const actions: Actions = {
	save: async (event) => {
		const user = requireUser(event, ['admin']);
		const lang = event.locals.lang;
		const text = String((await event.request.formData()).get('text') ?? '');
		let profile;
		try {
			profile = parseProfile(text);
		} catch (e) {
			if (e instanceof ProfileError)
				return fail(400, {
					ok: false,
					text,
					problems: e.problems,
					message: t(lang, 'admin.profiles.invalid')
				});
			throw e;
		}
		const db = await getAppDb();
		const { version } = await saveProfile(db, profile, user.id);
		await audit(event, 'profile.save', { name: profile.name, version }, { db });
		return { ok: true, text, message: t(lang, 'admin.profiles.saved', { name: profile.name }) };
	},
	/** A profile exported elsewhere (or by hand) as a .json file: validated, stored as the next version of its name. */
	import: async (event) => {
		const user = requireUser(event, ['admin']);
		const lang = event.locals.lang;
		const file = (await event.request.formData()).get('file');
		if (!file || typeof file !== 'object' || !('text' in file) || (file as File).size === 0)
			return fail(400, { ok: false, message: t(lang, 'admin.profiles.noFile') });
		if ((file as File).size > MAX_JSON_BYTES)
			return fail(400, { ok: false, message: t(lang, 'admin.profiles.invalid'), problems: ['> 1 MB'] });
		let profile;
		try {
			profile = parseProfile(await (file as File).text());
		} catch (e) {
			if (e instanceof ProfileError)
				return fail(400, { ok: false, problems: e.problems, message: t(lang, 'admin.profiles.invalid') });
			throw e;
		}
		const db = await getAppDb();
		const { version } = await saveProfile(db, profile, user.id);
		await audit(event, 'profile.import', { name: profile.name, version, file: (file as File).name }, { db });
		return { ok: true, message: t(lang, 'admin.profiles.imported', { name: profile.name, version }) };
	},
	delete: async (event) => {
		requireUser(event, ['admin']);
		const name = String((await event.request.formData()).get('name') ?? '');
		const db = await getAppDb();
		if (!(await deleteProfile(db, name)))
			return fail(404, { ok: false, message: t(event.locals.lang, 'admin.error.notFound') });
		await audit(event, 'profile.delete', { name }, { db });
		return { ok: true, message: t(event.locals.lang, 'admin.profiles.deleted', { name }) };
	}
};
