/**
 * /admin/map: the deployment's jurisdiction map — what is stored and which regions lack a shape, a preview of
 * one layer filled by region level or a KPI (map/preview.ts), upload (validated by map/geojson.ts against the
 * analytics regions) and removal. Both changes are audit-logged (map.upload, map.remove). The product ships no
 * map data: a deployment uploads its own approved map (审图号).
 */
import { fail } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { t } from '$lib/i18n';
import { getAnalytics } from '$lib/server/analytics/instance';
import { listRegions } from '$lib/server/analytics/regions';
import { getAppDb } from '$lib/server/appdb';
import { audit } from '$lib/server/auth/audit';
import { requireUser } from '$lib/server/auth/guard';
import { MAP_LIMITS, MapError, parseJurisdictionMap } from '$lib/server/map/geojson';
import { MAP_FILL_KPIS, mapPreview } from '$lib/server/map/preview';
import { removeJurisdictionMap, saveJurisdictionMap } from '$lib/server/map/store';
import { activeThresholds } from '$lib/server/settings';

export const load: PageServerLoad = async (event) => {
	requireUser(event, ['admin']);
	const [analytics, appDb] = await Promise.all([getAnalytics(), getAppDb()]);
	const preview = await mapPreview(analytics, appDb, event.url, {
		thresholds: activeThresholds(),
		lang: event.locals.lang
	});
	return { ...preview, fillKpis: MAP_FILL_KPIS, limits: MAP_LIMITS };
};

export const actions: Actions = {
	upload: async (event) => {
		const user = requireUser(event, ['admin']);
		const lang = event.locals.lang;
		const file = (await event.request.formData()).get('file');
		if (!(file instanceof File) || file.size === 0)
			return fail(400, { action: 'upload', ok: false, message: t(lang, 'admin.map.noFile') });
		const regions = await listRegions(await getAnalytics());
		let parsed;
		try {
			parsed = parseJurisdictionMap(
				Buffer.from(await file.arrayBuffer()),
				new Set(regions.map((r) => r.code))
			);
		} catch (e) {
			if (e instanceof MapError)
				return fail(400, {
					action: 'upload',
					ok: false,
					message: t(lang, 'admin.map.invalid', { file: file.name }),
					problems: e.lines(lang)
				});
			throw e;
		}
		const db = await getAppDb();
		const stored = await saveJurisdictionMap(db, parsed, { fileName: file.name, userId: user.id });
		await audit(
			event,
			'map.upload',
			{
				file: file.name,
				features: stored.features,
				vertices: stored.vertices,
				bytes: stored.bytes,
				sha256: stored.sha256
			},
			{ db }
		);
		return { action: 'upload', ok: true, message: t(lang, 'admin.map.saved', { n: stored.features }) };
	},
	remove: async (event) => {
		requireUser(event, ['admin']);
		const lang = event.locals.lang;
		// An explicit confirmation field: a bare POST (a stray form, the authorization matrix) removes nothing.
		if ((await event.request.formData()).get('confirm') !== 'yes')
			return fail(400, { action: 'remove', ok: false, message: t(lang, 'admin.map.confirmMissing') });
		const db = await getAppDb();
		if (!(await removeJurisdictionMap(db)))
			return fail(404, { action: 'remove', ok: false, message: t(lang, 'admin.map.nothingToRemove') });
		await audit(event, 'map.remove', {}, { db });
		return { action: 'remove', ok: true, message: t(lang, 'admin.map.removed') };
	}
};
