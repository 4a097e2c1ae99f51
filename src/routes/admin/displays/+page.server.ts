/**
 * /admin/displays — display links for the meeting-room big screen (issue 15): create (name, scope, life, layout;
 * the link is shown once), edit a link's layout, revoke. Every change audit-logged. Preview: /admin/displays/[id].
 */
import { fail, type RequestEvent } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { t } from '$lib/i18n';
import { getAnalytics } from '$lib/server/analytics/instance';
import { dimensionOptions } from '$lib/server/analytics/dimensions';
import { getAppDb } from '$lib/server/appdb';
import { audit } from '$lib/server/auth/audit';
import { requireUser } from '$lib/server/auth/guard';
import { createDisplayLink, DISPLAY_PATH, listDisplayLinks, MAX_DAYS, revokeDisplayLink, saveDisplayLayout } from '$lib/server/display/links';
import { MAP_KPIS, parseLayout, WALL_PANELS } from '$lib/display/layout';

const ADMIN = ['admin'] as const;

export const load: PageServerLoad = async (event) => {
	requireUser(event, ADMIN);
	const [links, dims] = await Promise.all([listDisplayLinks(await getAppDb()), dimensionOptions(await getAnalytics())]);
	const now = Date.now();
	return {
		links: links.map((l) => ({
			id: l.id,
			name: l.name,
			prefix: l.prefix,
			regionCode: l.regionCode,
			layout: l.layout,
			createdAt: l.createdAt.toISOString(),
			expiresAt: l.expiresAt.toISOString(),
			lastSeenAt: l.lastSeenAt?.toISOString() ?? null,
			state: l.revokedAt ? ('revoked' as const) : l.expiresAt.getTime() <= now ? ('expired' as const) : ('active' as const)
		})),
		regions: dims.regions.map((r) => ({ code: r.code, name: r.name, depth: r.depth })),
		panels: [...WALL_PANELS],
		kpis: [...MAP_KPIS],
		maxDays: MAX_DAYS
	};
};

const field = (f: FormData, k: string) => String(f.get(k) ?? '').trim();

function layoutOf(f: FormData) {
	return parseLayout({
		mapKpi: field(f, 'mapKpi'),
		panels: f.getAll('panels').map(String),
		rotateSeconds: field(f, 'rotateSeconds'),
		refreshSeconds: field(f, 'refreshSeconds')
	});
}

async function linkId(f: FormData): Promise<number | null> {
	const id = Number(field(f, 'id'));
	return Number.isInteger(id) && id > 0 && id < 2_147_483_647 ? id : null;
}

async function act(event: RequestEvent, action: string, fn: (f: FormData) => Promise<{ message: string; link?: string } | { error: string }>) {
	requireUser(event, ADMIN);
	const r = await fn(await event.request.formData());
	if ('error' in r) return fail(400, { action, ok: false as const, message: r.error, link: null });
	return { action, ok: true as const, message: r.message, link: r.link ?? null };
}

export const actions: Actions = {
	create: (event) =>
		act(event, 'create', async (f) => {
			const lang = event.locals.lang;
			const name = field(f, 'name').slice(0, 100);
			if (!name) return { error: t(lang, 'displays.nameRequired') };
			const region = field(f, 'region') || null;
			if (region) {
				const dims = await dimensionOptions(await getAnalytics());
				if (!dims.regions.some((r) => r.code === region)) return { error: t(lang, 'displays.unknownRegion') };
			}
			const days = Number(field(f, 'days') || 180);
			if (!Number.isInteger(days) || days < 1 || days > MAX_DAYS) return { error: t(lang, 'displays.badDays', { max: MAX_DAYS }) };
			const db = await getAppDb();
			const layout = layoutOf(f);
			const created = await createDisplayLink(db, { name, regionCode: region, layout, days, createdBy: event.locals.user?.id ?? null });
			await audit(event, 'display.create', { link: created.id, name, region, days, prefix: created.prefix }, { db });
			// Shown once: only in this action's result; the database keeps the SHA-256.
			return { message: t(lang, 'displays.created', { name }), link: `${event.url.origin}${DISPLAY_PATH}?key=${created.token}` };
		}),
	layout: (event) =>
		act(event, 'layout', async (f) => {
			const lang = event.locals.lang;
			const id = await linkId(f);
			const db = await getAppDb();
			const layout = layoutOf(f);
			if (id === null || !(await saveDisplayLayout(db, id, layout))) return { error: t(lang, 'displays.notFound') };
			await audit(event, 'display.layout', { link: id, layout }, { db });
			return { message: t(lang, 'displays.layoutSaved') };
		}),
	revoke: (event) =>
		act(event, 'revoke', async (f) => {
			const lang = event.locals.lang;
			const id = await linkId(f);
			const db = await getAppDb();
			if (id === null || !(await revokeDisplayLink(db, id))) return { error: t(lang, 'displays.notFound') };
			await audit(event, 'display.revoke', { link: id }, { db });
			return { message: t(lang, 'displays.revoked') };
		})
};
