import { fail } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { t } from '$lib/i18n';
import { getAppDb } from '$lib/server/appdb';
import { audit } from '$lib/server/auth/audit';
import { requireUser } from '$lib/server/auth/guard';
import { listProfiles, loadProfile } from '$lib/server/ingest';
import { deleteProfile, listStoredProfiles, ProfileError, saveProfile, validateProfile } from '$lib/server/settings/profiles';

const TEMPLATE = { name: 'my-county', description: '', extends: 'default-zh', tables: {}, headers: { cases: { case_id: ['业务流水号'] } }, values: {} };

export const load: PageServerLoad = async (event) => {
	requireUser(event, ['admin']);
	const stored = await listStoredProfiles(await getAppDb());
	const edit = event.url.searchParams.get('edit');
	const view = event.url.searchParams.get('view');
	const editing = edit ? stored.find((p) => p.name === edit) : null;
	let shipped: string | null = null;
	if (view && listProfiles().includes(view)) shipped = JSON.stringify(loadProfile(view), null, 2);
	return {
		stored: stored.map((p) => ({ name: p.name, description: p.description, updatedAt: p.updatedAt.toISOString() })),
		shippedNames: listProfiles(),
		view: shipped ? view : null,
		shipped,
		text: JSON.stringify(editing ? editing.profile : TEMPLATE, null, 2)
	};
};

export const actions: Actions = {
	save: async (event) => {
		const user = requireUser(event, ['admin']);
		const lang = event.locals.lang;
		const text = String((await event.request.formData()).get('text') ?? '');
		let json: unknown;
		try {
			json = JSON.parse(text);
		} catch (e) {
			return fail(400, { ok: false, text, problems: [(e as Error).message], message: t(lang, 'admin.profiles.invalid') });
		}
		let profile;
		try {
			profile = validateProfile(json);
		} catch (e) {
			if (e instanceof ProfileError) return fail(400, { ok: false, text, problems: e.problems, message: t(lang, 'admin.profiles.invalid') });
			throw e;
		}
		const db = await getAppDb();
		await saveProfile(db, profile, user.id);
		await audit(event, 'profile.save', { name: profile.name }, { db });
		return { ok: true, text, message: t(lang, 'admin.profiles.saved', { name: profile.name }) };
	},
	delete: async (event) => {
		requireUser(event, ['admin']);
		const name = String((await event.request.formData()).get('name') ?? '');
		const db = await getAppDb();
		if (!(await deleteProfile(db, name))) return fail(404, { ok: false, message: t(event.locals.lang, 'admin.error.notFound') });
		await audit(event, 'profile.delete', { name }, { db });
		return { ok: true, message: t(event.locals.lang, 'admin.profiles.deleted', { name }) };
	}
};
