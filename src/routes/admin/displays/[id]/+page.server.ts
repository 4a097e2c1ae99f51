/** /admin/displays/[id] — an admin's preview of a display link's screen (its scope and layout) at a chosen resolution. */
import { error } from '@sveltejs/kit';
import type { PageServerLoad } from './$types';
import { getAnalytics } from '$lib/server/analytics/instance';
import { getAppDb } from '$lib/server/appdb';
import { requireUser } from '$lib/server/auth/guard';
import { getDisplayLink } from '$lib/server/display/links';
import { wallData } from '$lib/server/display/wall';

export const load: PageServerLoad = async (event) => {
	requireUser(event, ['admin']);
	const id = Number(event.params.id);
	if (!Number.isInteger(id) || id < 1 || id > 2_147_483_647) error(404, '未找到 / not found');
	const link = await getDisplayLink(await getAppDb(), id);
	if (!link) error(404, '未找到 / not found');
	const lang = event.locals.lang ?? 'zh';
	const wall = await wallData(await getAnalytics(), { regionCode: link.regionCode, layout: link.layout, lang });
	return { link: { id: link.id, name: link.name, layout: link.layout }, wall, generatedAt: new Date().toISOString() };
};
