/**
 * Request pipeline: language first (every page needs it), then authentication (issue: accounts).
 * Each handle fills typed `event.locals`; authorisation is checked again in every load/action/endpoint.
 */
import type { Handle, ServerInit } from '@sveltejs/kit';
import { sequence } from '@sveltejs/kit/hooks';
import { building } from '$app/environment';
import { parseLang } from '$lib/i18n';
import { closeAppDb, getAppDb } from '$lib/server/appdb';
import { handleAuth } from '$lib/server/auth/handle';
import { startSettingsRefresh, stopSettingsRefresh } from '$lib/server/settings';
import { failInterruptedJobs } from '$lib/server/ingest/jobs';
import { prewarmSoon, startPrewarm, stopPrewarm } from '$lib/server/dashboard/prewarm';
import { setRollupRebuilder } from '$lib/server/settings/active-thresholds';
import { getAnalytics } from '$lib/server/analytics/instance';
import { refreshProcessStepsSoon } from '$lib/server/analytics/process/refresh';

/** Start-up: open the app database and apply its migrations before the first request is served. */
export const init: ServerInit = async () => {
	if (building) return;
	const db = await getAppDb();
	// Imports a previous process left unfinished cannot resume (their uploads are gone with it).
	await failInterruptedJobs(db);
	// A threshold change is put in force once the KPI rollups for it are rebuilt (in the background, one
	// transaction); until then the screens keep the previous consistent state (settings/active-thresholds.ts).
	setRollupRebuilder(async (t) => {
		const { ensureKpiRollups } = await import('$lib/server/analytics/kpi/rollup');
		if (await ensureKpiRollups(await getAnalytics(), t)) prewarmSoon();
	});
	// Admin-edited scheme and thresholds; a broken stored scheme must not keep the server down.
	await startSettingsRefresh().catch((e) => console.error('settings:', (e as Error).message));
	// Default screens computed in the background (dashboard/prewarm.ts), again after imports and every minute.
	startPrewarm();
	// The process view's derived tables, if an import (e.g. the CLI's) left them behind the data.
	void getAnalytics().then((a) => refreshProcessStepsSoon(a));
	// adapter-node emits this on SIGINT / SIGTERM after in-flight requests finished.
	(process as NodeJS.EventEmitter).once('sveltekit:shutdown', () => {
		stopSettingsRefresh();
		stopPrewarm();
		void closeAppDb();
	});
};

const handleLang: Handle = async ({ event, resolve }) => {
	const q = event.url.searchParams.get('lang');
	const lang = parseLang(q ?? event.cookies.get('lang'));
	if (q && q !== event.cookies.get('lang')) {
		event.cookies.set('lang', lang, {
			path: '/',
			httpOnly: false,
			sameSite: 'lax',
			maxAge: 60 * 60 * 24 * 365
		});
	}
	event.locals.lang = lang;
	return resolve(event, {
		transformPageChunk: ({ html }) => html.replace('%lang%', lang === 'zh' ? 'zh-CN' : 'en')
	});
};

export const handle: Handle = sequence(handleLang, handleAuth);
