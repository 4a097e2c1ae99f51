/**
 * Threshold change on a running server (issue 16): an admin saves a changed threshold; the views are measured
 * right after (the screens keep the previous thresholds and their rollups while the rollups for the new ones are
 * rebuilt in the background), the time until the change is in force, and the views again once it is (cold
 * answers for the new thresholds, read from the rebuilt rollups). The thresholds are reset afterwards.
 */
export interface ThresholdFigures {
	/** seconds from the save until the new thresholds were in force (the background rebuild) */
	switch_s: number | null;
	/** view → p50 / cold p50 (ms) right after the save, and after the switch */
	right_after: Record<string, { p50_ms: number | null; cold_p50_ms: number | null }>;
	after_switch: Record<string, { p50_ms: number | null; cold_p50_ms: number | null }>;
}

type Views = Record<string, { p50_ms: number | null; cold_p50_ms: number | null }>;

async function post(base: string, cookie: string, action: string, form: Record<string, string>): Promise<number> {
	const r = await fetch(`${base}/admin/thresholds?/${action}`, {
		method: 'POST',
		headers: { cookie, origin: base, 'content-type': 'application/x-www-form-urlencoded' },
		body: new URLSearchParams(form).toString(),
		redirect: 'manual'
	});
	await r.arrayBuffer();
	return r.status;
}

/** Whether the admin screen still says the rollups for the saved thresholds are being rebuilt. */
async function rebuilding(base: string, cookie: string): Promise<boolean> {
	const r = await fetch(`${base}/admin/thresholds`, { headers: { cookie } });
	const html = await r.text();
	return html.includes('正在按新阈值重建') || html.includes('being rebuilt');
}

async function waitSwitched(base: string, cookie: string, t0: number, limitS = 1800): Promise<number | null> {
	while (await rebuilding(base, cookie)) {
		if ((performance.now() - t0) / 1000 > limitS) return null;
		await new Promise((r) => setTimeout(r, 200));
	}
	return Math.round((performance.now() - t0) / 10) / 100;
}

const pick = (v: Views) => Object.fromEntries(Object.entries(v).map(([k, x]) => [k, { p50_ms: x.p50_ms, cold_p50_ms: x.cold_p50_ms }]));

export async function thresholdChangePhase(
	base: string,
	adminCookie: string,
	measure: (round: number) => Promise<Views>,
	log: (s: string) => void
): Promise<ThresholdFigures> {
	log('threshold change: save rectification_days = 14 as an admin, views right after …');
	const t0 = performance.now();
	const status = await post(base, adminCookie, 'save', { rectificationDays: '14' });
	if (status >= 400) throw new Error(`saving thresholds answered HTTP ${status}`);
	const rightAfter = await measure(1);
	const switch_s = await waitSwitched(base, adminCookie, t0);
	log(`  in force after ${switch_s ?? '> limit'} s; views with the new thresholds …`);
	const afterSwitch = await measure(2);
	const t1 = performance.now();
	await post(base, adminCookie, 'reset', {});
	await waitSwitched(base, adminCookie, t1);
	return { switch_s, right_after: pick(rightAfter), after_switch: pick(afterSwitch) };
}
