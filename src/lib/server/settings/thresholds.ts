/**
 * Deployment thresholds edited by administrators (app database `threshold`, one row per key that differs
 * from the file/default). Effective value = DOMAIN.md default ← thresholds file (KPI engine's loader) ← app
 * database. `activeThresholds()` is the synchronous accessor for the KPI engine's callers: it answers from a
 * cache that `refreshSettings()` fills at start-up, after every save and every 60 s (several processes on one
 * PostgreSQL converge within a minute).
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

export async function storedThresholds(db: AppDb): Promise<Partial<Thresholds>> {
	const rows = await db.select().from(threshold);
	const out: Partial<Thresholds> = {};
	for (const r of rows) if ((THRESHOLD_KEYS as string[]).includes(r.key)) out[r.key as keyof Thresholds] = r.value;
	return out;
}

export async function effectiveThresholds(db: AppDb): Promise<Thresholds> {
	return resolveThresholds({ ...loadThresholds(), ...(await storedThresholds(db)) });
}

export async function refreshThresholds(db: AppDb): Promise<Thresholds> {
	cached = await effectiveThresholds(db);
	return cached;
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
