/**
 * /cockpit — the big screen for a signed-in leader (the same wall a display link shows, issue 15): the
 * jurisdiction, or `region`; `interval` (seconds between data reloads, default 300) and `rotate` (seconds per
 * ranking page, default 15). Unattended screens use a display link (/admin/displays) instead of a session.
 */
import type { PageServerLoad } from './$types';
import { getAnalytics } from '$lib/server/analytics/instance';
import { requireUser } from '$lib/server/auth/guard';
import { wallData } from '$lib/server/display/wall';
import { DEFAULT_LAYOUT } from '$lib/display/layout';

function seconds(v: string | null, dflt: number, lo: number, hi: number): number {
	const n = v === null ? NaN : Number(v);
	return Number.isFinite(n) ? Math.min(hi, Math.max(lo, n)) : dflt;
}

export const load: PageServerLoad = async (event) => {
	requireUser(event, ['leader', 'supervisor', 'admin']);
	event.depends('app:cockpit');
	const sp = event.url.searchParams;
	const interval = seconds(sp.get('interval'), 300, 0.2, 3600);
	const rotate = seconds(sp.get('rotate'), DEFAULT_LAYOUT.rotateSeconds, 0.2, 600);
	const db = await getAnalytics();
	const regions = (
		await db.query(`SELECT region_code FROM regions WHERE region_code = $1`, [sp.get('region') ?? ''])
	).length;
	const region = regions ? sp.get('region') : null;
	const layout = { ...DEFAULT_LAYOUT, rotateSeconds: rotate };
	const wall = await wallData(db, { regionCode: region, layout, lang: event.locals.lang ?? 'zh' });
	return { interval, layout, wall, generatedAt: new Date().toISOString() };
};
