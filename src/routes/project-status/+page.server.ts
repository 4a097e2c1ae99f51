/**
 * 项目业主查询 — the public progress lookup (docs/project-lookup.md). Outside the sign-in (policy.ts: PUBLIC);
 * the owner posts the project code and the verification value (a form action: the value never reaches a URL or
 * an access log) and gets stage-level progress as of today in TZ_LOCAL. Off (PROJECT_LOOKUP=off or
 * PROJECT_VERIFY_CHARS=0): 404 for the page and the action. Every answer: no-store, noindex, no referrer.
 */
import { error, fail } from '@sveltejs/kit';
import type { Actions, PageServerLoad, RequestEvent } from './$types';
import { t, type Lang } from '$lib/i18n';
import { getConfig } from '$lib/server/config';
import { getAnalytics } from '$lib/server/analytics/instance';
import { localToday } from '$lib/server/clock';
import { projectTargets } from '$lib/server/analytics/projects/figures';
import { getAppDb } from '$lib/server/appdb';
import { clientIp } from '$lib/server/auth/audit';
import { LOOKUP_MAX_CHARS, checkInput, lookupProject, normaliseCode } from '$lib/server/auth/project-lookup';
import { formatWait } from '$lib/server/auth/throttle';
import { activeThresholds } from '$lib/server/settings';

const HEADERS = {
	'cache-control': 'no-store',
	'x-robots-tag': 'noindex, nofollow',
	'referrer-policy': 'no-referrer'
};

/** The verification length in force; 404 when the lookup is switched off (the route does not exist then). */
function enabledChars(lang: Lang): number {
	const chars = getConfig().projectVerifyChars;
	if (chars <= 0) error(404, t(lang, 'auth.denied.404'));
	return chars;
}

export const load: PageServerLoad = async ({ locals, request, setHeaders }) => {
	const chars = enabledChars(locals.lang);
	// A form post without JavaScript runs the action and then this load in one request: the action set them.
	if (request.method !== 'POST') setHeaders(HEADERS);
	return { chars };
};

export const actions: Actions = {
	default: async (event: RequestEvent) => {
		const lang = event.locals.lang;
		const chars = enabledChars(lang);
		event.setHeaders(HEADERS);
		const form = await event.request.formData();
		const code = String(form.get('code') ?? '');
		const value = String(form.get('value') ?? '');
		const echo = normaliseCode(code).slice(0, LOOKUP_MAX_CHARS);
		// Input errors first, before a database is opened (lookupProject checks again).
		const bad = checkInput({ code, value }, chars);
		if (bad === 'missing') return fail(400, { code: echo, message: t(lang, 'lookup.missing') });
		if (bad === 'format') return fail(400, { code: echo, message: t(lang, 'lookup.format', { n: chars }) });
		const r = await lookupProject(
			await getAppDb(),
			await getAnalytics(),
			{ code, value, ip: clientIp(event) },
			{ chars, asOf: localToday(), targets: projectTargets(activeThresholds()) }
		);
		if (r.ok) return { code: r.progress.project_code, progress: r.progress };
		if (r.reason === 'missing') return fail(400, { code: echo, message: t(lang, 'lookup.missing') });
		if (r.reason === 'format')
			return fail(400, { code: echo, message: t(lang, 'lookup.format', { n: chars }) });
		if (r.reason === 'throttled') {
			const ms = r.lockedUntil.getTime() - Date.now();
			event.setHeaders({ 'retry-after': String(Math.max(1, Math.ceil(ms / 1000))) });
			return fail(429, { code: echo, message: t(lang, 'lookup.throttled', { wait: formatWait(ms, lang) }) });
		}
		const message = r.lockedUntil
			? t(lang, 'lookup.invalidLocked', {
					n: chars,
					wait: formatWait(r.lockedUntil.getTime() - Date.now(), lang)
				})
			: t(lang, 'lookup.invalid', { n: chars });
		return fail(400, { code: echo, message });
	}
};
