/**
 * /display — the big screen behind a display link (issue 15). No sign-in: `?key=rpd_…` is exchanged once for an
 * httpOnly cookie valid only under /display (links.ts), then every load validates it against the database — a
 * revoked or expired link gets the "link no longer valid" screen at its next refresh. Bad keys are throttled
 * per IP and audit-logged. The page shows the wall of the link's scope and layout, nothing else.
 */
import { redirect } from '@sveltejs/kit';
import type { PageServerLoad } from './$types';
import { getAnalytics } from '$lib/server/analytics/instance';
import { getAppDb } from '$lib/server/appdb';
import { audit, clientIp } from '$lib/server/auth/audit';
import { formatWait, lockedUntil, recordFailure } from '$lib/server/auth/throttle';
import {
	DISPLAY_COOKIE,
	DISPLAY_IP_POLICY,
	DISPLAY_PATH,
	displayIpKey,
	validateDisplayToken
} from '$lib/server/display/links';
import { wallData } from '$lib/server/display/wall';
import { DEFAULT_LAYOUT } from '$lib/display/layout';

export const load: PageServerLoad = async (event) => {
	event.depends('app:display');
	event.setHeaders({ 'cache-control': 'no-store', 'x-robots-tag': 'noindex' });
	const lang = event.locals.lang ?? 'zh';
	const app = await getAppDb();
	const ip = clientIp(event);
	const key = event.url.searchParams.get('key');
	const base = { lang, layout: DEFAULT_LAYOUT, wall: null, generatedAt: new Date().toISOString() };

	const locked = await lockedUntil(app, [displayIpKey(ip)]);
	if (locked)
		return { ...base, state: 'throttled' as const, wait: formatWait(locked.getTime() - Date.now(), lang) };

	if (key !== null) {
		const link = await validateDisplayToken(app, key, ip);
		if (!link) {
			await recordFailure(app, displayIpKey(ip), DISPLAY_IP_POLICY);
			await audit(event, 'display.rejected', { path: DISPLAY_PATH }, { db: app });
			return { ...base, state: 'invalid' as const };
		}
		event.cookies.set(DISPLAY_COOKIE, key, {
			path: DISPLAY_PATH,
			httpOnly: true,
			sameSite: 'lax',
			secure: event.url.protocol === 'https:',
			expires: link.expiresAt
		});
		await audit(event, 'display.open', { link: link.id, name: link.name }, { db: app });
		redirect(303, DISPLAY_PATH);
	}

	const link = await validateDisplayToken(app, event.cookies.get(DISPLAY_COOKIE), ip);
	if (!link) {
		if (event.cookies.get(DISPLAY_COOKIE)) event.cookies.delete(DISPLAY_COOKIE, { path: DISPLAY_PATH });
		return { ...base, state: 'invalid' as const };
	}
	const db = await getAnalytics();
	const wall = await wallData(db, { regionCode: link.regionCode, layout: link.layout, lang });
	return { ...base, state: 'ok' as const, layout: link.layout, wall };
};
