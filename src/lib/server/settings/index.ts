/**
 * Administrator-edited settings the KPI engine's callers read: `activeScheme()` and `activeThresholds()`
 * (synchronous, cached). `startSettingsRefresh()` (server start-up) fills the cache and refreshes it every
 * minute; saves refresh it at once in the process that saved.
 */
import { getAppDb } from '../appdb/index';
import { refreshScheme } from './schemes';
import { refreshThresholds } from './active-thresholds';

export { activeScheme } from './schemes';
export { activeThresholds } from './active-thresholds';

export async function refreshSettings(): Promise<void> {
	const db = await getAppDb();
	await Promise.all([refreshScheme(db), refreshThresholds(db)]);
}

let timer: NodeJS.Timeout | null = null;

export async function startSettingsRefresh(everyMs = 60_000): Promise<void> {
	await refreshSettings();
	if (timer) return;
	timer = setInterval(() => {
		refreshSettings().catch((e) => console.error('settings refresh failed:', (e as Error).message));
	}, everyMs);
	timer.unref();
}

export function stopSettingsRefresh(): void {
	if (timer) clearInterval(timer);
	timer = null;
}
