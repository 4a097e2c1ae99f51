import { fail } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { t } from '$lib/i18n';
import { getAppDb } from '$lib/server/appdb';
import { DEFAULT_THRESHOLDS } from '$lib/server/analytics/kpi/thresholds';
import { audit } from '$lib/server/auth/audit';
import { requireUser } from '$lib/server/auth/guard';
import { effectiveThresholds, pendingThresholds, resetThresholds, saveThresholds, storedThresholds, THRESHOLD_KEYS, ThresholdsError } from '$lib/server/settings/active-thresholds';

export const load: PageServerLoad = async (event) => {
	requireUser(event, ['admin']);
	const db = await getAppDb();
	const [effective, stored] = await Promise.all([effectiveThresholds(db), storedThresholds(db)]);
	return {
		rows: THRESHOLD_KEYS.map((key) => ({ key, default: DEFAULT_THRESHOLDS[key], value: effective[key], changed: key in stored })),
		rebuilding: pendingThresholds() !== null
	};
};

export const actions: Actions = {
	save: async (event) => {
		const user = requireUser(event, ['admin']);
		const lang = event.locals.lang;
		const form = await event.request.formData();
		const values: Record<string, unknown> = {};
		for (const key of THRESHOLD_KEYS) {
			const raw = String(form.get(key) ?? '').trim();
			if (raw === '') continue;
			values[key] = /^\d+$/.test(raw) ? Number(raw) : raw;
		}
		const db = await getAppDb();
		try {
			const next = await saveThresholds(db, values, user.id);
			await audit(event, 'threshold.save', { values: next }, { db });
		} catch (e) {
			if (e instanceof ThresholdsError) return fail(400, { ok: false, message: t(lang, 'admin.thresholds.invalid') });
			throw e;
		}
		return { ok: true, message: t(lang, pendingThresholds() ? 'admin.thresholds.rebuilding' : 'admin.thresholds.saved') };
	},
	reset: async (event) => {
		requireUser(event, ['admin']);
		const db = await getAppDb();
		const next = await resetThresholds(db);
		await audit(event, 'threshold.save', { reset: true, values: next }, { db });
		const lang = event.locals.lang;
		return { ok: true, message: t(lang, pendingThresholds() ? 'admin.thresholds.rebuilding' : 'admin.thresholds.resetDone') };
	}
};
