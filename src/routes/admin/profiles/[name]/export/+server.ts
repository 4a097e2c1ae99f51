/** GET /admin/profiles/<name>/export[?version=N] — a stored mapping profile version as a JSON download (admins). */
import { error } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import { getAppDb } from '$lib/server/appdb';
import { requireUser } from '$lib/server/auth/guard';
import { getStoredProfile, PROFILE_NAME_RE } from '$lib/server/settings/profiles';

export const GET: RequestHandler = async (event) => {
	requireUser(event, ['admin']);
	const name = event.params.name;
	const v = event.url.searchParams.get('version');
	const version = v === null ? undefined : Number(v);
	if (
		!PROFILE_NAME_RE.test(name) ||
		(version !== undefined && (!Number.isInteger(version) || version < 1 || version > 2_147_483_647))
	)
		error(404, 'not found');
	const p = await getStoredProfile(await getAppDb(), name, version);
	if (!p) error(404, event.locals.lang === 'en' ? 'No such mapping profile.' : '映射配置不存在。');
	return new Response(JSON.stringify(p, null, 2) + '\n', {
		headers: {
			'content-type': 'application/json; charset=utf-8',
			'content-disposition': `attachment; filename="${name}-v${p.version}.json"`
		}
	});
};
