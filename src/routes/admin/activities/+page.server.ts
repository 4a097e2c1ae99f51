/**
 * Activity names (issue 17): the raw activity codes of the event logs, with a display name and a canonical stage
 * each. Stored as the `activities` section of a mapping profile named `activity-names` (a new version per save,
 * audit-logged as profile.save like the profiles screen), so the names are kept — and versioned — with the
 * mapping profiles; a section in any other profile (edited as JSON on /admin/profiles) is merged too
 * (settings/activities.ts).
 */
import { fail } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { t } from '$lib/i18n';
import { getAppDb } from '$lib/server/appdb';
import { audit } from '$lib/server/auth/audit';
import { requireUser } from '$lib/server/auth/guard';
import { getAnalytics } from '$lib/server/analytics/instance';
import { computeProcess, processQuery } from '$lib/server/analytics/process';
import type { MappingProfile } from '$lib/server/ingest/profile';
import { activityNames, refreshActivityNames, STAGES } from '$lib/server/settings/activities';
import { getStoredProfile, ProfileError, saveProfile, validateProfile } from '$lib/server/settings/profiles';

const PROFILE = 'activity-names';
type Stage = (typeof STAGES)[number];

export const load: PageServerLoad = async (event) => {
	requireUser(event, ['admin']);
	const [stored, names, result] = await Promise.all([
		getAppDb().then((db) => getStoredProfile(db, PROFILE)),
		activityNames(),
		getAnalytics().then((db) => computeProcess(db, processQuery()))
	]);
	const own = stored?.activities ?? {};
	const seen = new Map(result.activities.map((a) => [a.activity, a.events]));
	const codes = [...new Set([...seen.keys(), ...Object.keys(own)])];
	return {
		version: stored?.version ?? null,
		stages: [...STAGES],
		rows: codes.map((code) => ({
			code,
			events: seen.get(code) ?? 0,
			name: own[code]?.name ?? '',
			stage: own[code]?.stage ?? '',
			/** the name in force (this or another profile), shown as a placeholder */
			current: names[code] ?? ''
		}))
	};
};

export const actions: Actions = {
	save: async (event) => {
		const user = requireUser(event, ['admin']);
		const lang = event.locals.lang;
		const form = await event.request.formData();
		const codes = form.getAll('code').map(String);
		const names = form.getAll('name').map((v) => String(v).trim());
		const stages = form.getAll('stage').map(String);
		const activities: NonNullable<MappingProfile['activities']> = {};
		codes.forEach((code, i) => {
			const entry: { name?: string; stage?: Stage } = {};
			if (names[i]) entry.name = names[i];
			if (stages[i]) entry.stage = stages[i] as Stage;
			if (entry.name || entry.stage) activities[code] = entry;
		});
		const db = await getAppDb();
		const base = (await getStoredProfile(db, PROFILE)) ?? {
			name: PROFILE,
			description: '办件环节名称与阶段 / activity names and stages',
			extends: 'default-zh',
			tables: {},
			headers: {}
		};
		const { version: _v, ...rest } = base; // eslint-disable-line @typescript-eslint/no-unused-vars -- a save assigns the next version
		let profile: MappingProfile;
		try {
			profile = validateProfile({ ...rest, activities });
		} catch (e) {
			if (e instanceof ProfileError)
				return fail(400, { ok: false, problems: e.problems, message: t(lang, 'admin.activities.invalid') });
			throw e;
		}
		const { version } = await saveProfile(db, profile, user.id);
		await audit(event, 'profile.save', { name: PROFILE, version }, { db });
		refreshActivityNames();
		return { ok: true, message: t(lang, 'admin.activities.saved', { version }) };
	}
};
