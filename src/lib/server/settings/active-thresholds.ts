/**
 * Deployment thresholds edited by administrators (app database `threshold`, one row per key that differs
 * from the file/default). Effective value = DOMAIN.md default ← thresholds file (KPI engine's loader) ← app
 * database. `activeThresholds()` is the synchronous accessor for the KPI engine's callers — the ONE source of
 * engine thresholds for the screens, the API, the reports and the server's imports: it answers from a cache that
 * `refreshSettings()` fills at start-up, after every save and every 60 s.
 *
 * A change switches the thresholds in force only once the KPI rollups for them are built: the server registers a
 * rebuilder (`setRollupRebuilder`) that rebuilds them in one write transaction in the background; until it
 * commits, every screen keeps serving the previous consistent state (old thresholds, rollups that match them)
 * instead of falling back to scanning raw cases. Without a rebuilder (CLI, tests) a change is in force at once.
 */
import { eq } from 'drizzle-orm';
import type { AppDb } from '../appdb/index';
import { threshold } from '../appdb/schema';
import { DEFAULT_THRESHOLDS, loadThresholds, resolveThresholds, ThresholdsError, type Thresholds } from '../analytics/kpi/thresholds';

export const THRESHOLD_KEYS = Object.keys(DEFAULT_THRESHOLDS) as (keyof Thresholds)[];

let cached: Thresholds | null = null;

/** The thresholds in force (cache; before the first refresh: file/defaults). */
export function activeThresholds(): Thresholds {
	return cached ?? loadThresholds();
}

/** Builds the KPI rollups for the given thresholds (a no-op when they are current), in one transaction. */
export type RollupRebuilder = (t: Thresholds) => Promise<void>;
let rebuilder: RollupRebuilder | null = null;
let pending: { target: Thresholds; done: Promise<void> } | null = null;

const same = (a: Thresholds, b: Thresholds) => JSON.stringify(a) === JSON.stringify(b);

export function setRollupRebuilder(fn: RollupRebuilder | null): void {
	rebuilder = fn;
}

/** The thresholds whose rollups are being rebuilt (not yet in force), or null. */
export function pendingThresholds(): Thresholds | null {
	return pending?.target ?? null;
}

/** Put `next` in force: at once without a rebuilder, else when its rollups have been built. */
function switchTo(next: Thresholds): Promise<void> {
	if (!rebuilder) {
		cached = next;
		return Promise.resolve();
	}
	if (pending && same(pending.target, next)) return pending.done;
	// Start-up: nothing was in force yet — serve `next` now (raw scans until its rollups exist, as before).
	if (cached === null) cached = next;
	const done = rebuilder(next)
		.catch((e) => console.error('threshold rollup rebuild failed (screens scan raw cases until the next import):', (e as Error).message))
		.then(() => {
			cached = next;
			if (pending?.done === done) pending = null;
		});
	pending = { target: next, done };
	return done;
}

/** Resolves when the thresholds saved last are in force (tests, scripts). */
export function thresholdsSettled(): Promise<void> {
	return pending?.done ?? Promise.resolve();
}

export async function storedThresholds(db: AppDb): Promise<Partial<Thresholds>> {
	const rows = await db.select().from(threshold);
	const out: Partial<Thresholds> = {};
	for (const r of rows) if ((THRESHOLD_KEYS as string[]).includes(r.key)) out[r.key as keyof Thresholds] = r.value;
	return out;
}

export async function effectiveThresholds(db: AppDb): Promise<Thresholds> {
	return resolveThresholds({ ...loadThresholds(), ...(await storedThresholds(db)) });
}

/** Read the effective thresholds and put them in force (after their rollups, see the header); returns them. */
export async function refreshThresholds(db: AppDb): Promise<Thresholds> {
	const next = await effectiveThresholds(db);
	if (!cached || !same(cached, next) || pending) void switchTo(next);
	return next;
}

/** Validate (the KPI engine's own rules: non-negative integers, known keys) and store every key in `values`. */
export async function saveThresholds(db: AppDb, values: Record<string, unknown>, userId: number | null): Promise<Thresholds> {
	const base = loadThresholds();
	const next = resolveThresholds({ ...base, ...values });
	await db.transaction(async (tx) => {
		for (const key of THRESHOLD_KEYS) {
			if (next[key] === base[key]) await tx.delete(threshold).where(eq(threshold.key, key));
			else
				await tx
					.insert(threshold)
					.values({ key, value: next[key], updatedBy: userId, updatedAt: new Date() })
					.onConflictDoUpdate({ target: threshold.key, set: { value: next[key], updatedBy: userId, updatedAt: new Date() } });
		}
	});
	return refreshThresholds(db);
}

export async function resetThresholds(db: AppDb): Promise<Thresholds> {
	await db.delete(threshold);
	return refreshThresholds(db);
}

export { ThresholdsError };
