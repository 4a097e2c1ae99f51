import { fail } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { t } from '$lib/i18n';
import { getAppDb } from '$lib/server/appdb';
import { getAnalytics } from '$lib/server/analytics/instance';
import { audit } from '$lib/server/auth/audit';
import { requireUser } from '$lib/server/auth/guard';
import { previewRanking } from '$lib/server/settings/preview';
import {
	activateSchemeVersion,
	getSchemeVersion,
	listSchemeVersions,
	parseDraft,
	saveSchemeVersion,
	SchemeError,
	storedActiveScheme,
	WEIGHT_TOTAL
} from '$lib/server/settings/schemes';
import { localToday } from '$lib/server/clock';
import { effectiveThresholds } from '$lib/server/settings/active-thresholds';

function lastYear() {
	const y = Number(localToday().slice(0, 4)) - 1;
	return { from: `${y}-01-01`, to: `${y}-12-31` };
}

export const load: PageServerLoad = async (event) => {
	requireUser(event, ['admin']);
	const db = await getAppDb();
	const [versions, active] = await Promise.all([listSchemeVersions(db), storedActiveScheme(db)]);
	// ?edit=<id> opens a stored version in the editor; otherwise the scheme in force.
	const editId = Number(event.url.searchParams.get('edit'));
	const edited = Number.isInteger(editId) && editId > 0 ? await getSchemeVersion(db, editId) : null;
	const scheme = edited?.scheme ?? active.scheme;
	return {
		versions: versions.map((v) => ({ ...v, createdAt: v.createdAt.toISOString() })),
		activeId: active.id,
		activeName: `${active.scheme.name} v${active.scheme.version}`,
		text: JSON.stringify(scheme, null, 2),
		indicators: scheme.indicators.map((i) => ({ id: i.id, kpi: i.kpi, weight: i.weight, lo: i.rule.lo, hi: i.rule.hi })),
		weightTotal: WEIGHT_TOTAL,
		period: lastYear()
	};
};

function problems(e: SchemeError): string[] {
	return e.problems;
}

export const actions: Actions = {
	preview: async (event) => {
		requireUser(event, ['admin']);
		const lang = event.locals.lang;
		const form = await event.request.formData();
		const text = String(form.get('text') ?? '');
		const period = { from: String(form.get('from') ?? ''), to: String(form.get('to') ?? '') };
		let draft;
		try {
			draft = parseDraft(text);
		} catch (e) {
			if (e instanceof SchemeError) return fail(400, { action: 'preview', text, period, problems: problems(e), message: t(lang, 'admin.schemes.invalid') });
			throw e;
		}
		const db = await getAppDb();
		const [current, thresholds] = await Promise.all([storedActiveScheme(db), effectiveThresholds(db)]);
		const rows = await previewRanking(await getAnalytics(), period, draft, current.scheme, thresholds);
		if (!Array.isArray(rows)) return fail(400, { action: 'preview', text, period, problems: [rows.message], message: t(lang, 'admin.schemes.badPeriod') });
		return { action: 'preview', ok: true, text, period, preview: rows, message: t(lang, 'admin.schemes.previewed', { n: rows.length }) };
	},
	save: async (event) => {
		const user = requireUser(event, ['admin']);
		const lang = event.locals.lang;
		const form = await event.request.formData();
		const text = String(form.get('text') ?? '');
		let draft;
		try {
			draft = parseDraft(text);
		} catch (e) {
			if (e instanceof SchemeError) return fail(400, { action: 'save', text, problems: problems(e), message: t(lang, 'admin.schemes.invalid') });
			throw e;
		}
		const db = await getAppDb();
		const activate = form.get('activate') === 'on';
		const saved = await saveSchemeVersion(db, draft, { comment: String(form.get('comment') ?? ''), userId: user.id, activate });
		await audit(event, 'scheme.save', { name: draft.name, version: saved.version, id: saved.id, activated: activate }, { db });
		return { action: 'save', ok: true, message: t(lang, 'admin.schemes.saved', { name: draft.name, version: saved.version }) };
	},
	activate: async (event) => {
		requireUser(event, ['admin']);
		const form = await event.request.formData();
		const raw = String(form.get('id') ?? '');
		const id = raw === 'default' ? null : Number(raw);
		if (id !== null && (!Number.isInteger(id) || id <= 0)) return fail(400, { action: 'activate', message: t(event.locals.lang, 'admin.error.notFound') });
		const db = await getAppDb();
		if (!(await activateSchemeVersion(db, id))) return fail(404, { action: 'activate', message: t(event.locals.lang, 'admin.error.notFound') });
		await audit(event, 'scheme.activate', { id }, { db });
		return { action: 'activate', ok: true, message: t(event.locals.lang, 'admin.schemes.activated') };
	}
};
