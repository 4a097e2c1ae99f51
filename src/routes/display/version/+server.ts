/**
 * GET /display/version — what the big screen polls (every layout.refreshSeconds): the analytics data version,
 * so an import shows on the wall within seconds without a reload. Only for a valid display link (the cookie is
 * scoped to /display); a revoked link gets 401 and the screen reloads into its "no longer valid" state.
 */
import { json } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import { getAnalytics } from '$lib/server/analytics/instance';
import { dataVersion } from '$lib/server/analytics/status';
import { getAppDb } from '$lib/server/appdb';
import { clientIp } from '$lib/server/auth/audit';
import { DISPLAY_COOKIE, validateDisplayToken } from '$lib/server/display/links';

export const GET: RequestHandler = async (event) => {
	const link = await validateDisplayToken(
		await getAppDb(),
		event.cookies.get(DISPLAY_COOKIE),
		clientIp(event)
	);
	const headers = { 'cache-control': 'no-store' };
	if (!link) return json({ error: 'invalid display link' }, { status: 401, headers });
	return json({ version: await dataVersion(await getAnalytics()) }, { headers });
};
