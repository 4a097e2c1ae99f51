/**
 * Assessment schemes edited by administrators: every save is a new version in `assessment_scheme`
 * (name, version, JSON, comment, author), one version is active. The KPI engine's validator
 * (analytics/kpi/scheme.ts) decides what a valid scheme is; on top of it the weights of the indicators must
 * sum to 100, as in DOMAIN.md's default scheme (scores re-normalise over non-null KPIs, so 100 keeps weights
 * readable as percentages). Without an active version the shipped data/schemes/default.json applies.
 * `activeScheme()` is the synchronous accessor for the engine's callers (cache filled by refreshSettings()).
 */
import { desc, eq, max } from 'drizzle-orm';
import type { AppDb } from '../appdb/index';
import { assessmentScheme, user } from '../appdb/schema';
import { loadScheme, SchemeError, validateScheme, type Scheme } from '../analytics/kpi/scheme';
import { parseJsonText } from './json-text';

export const WEIGHT_TOTAL = 100;

let cached: { scheme: Scheme; id: number | null } | null = null;

/** The scheme in force (cache; before the first refresh: the shipped default file). */
export function activeScheme(): Scheme {
	return cached?.scheme ?? loadScheme();
}

/** Validate a draft: the engine's rules plus Σ weights = 100. Throws SchemeError listing every problem. */
export function validateDraft(json: unknown): Scheme {
	const s = validateScheme(json, 'draft');
	const sum = s.indicators.reduce((a, i) => a + i.weight, 0);
	if (Math.abs(sum - WEIGHT_TOTAL) > 1e-9)
		throw new SchemeError([`权重合计为 ${+sum.toFixed(6)}，应为 ${WEIGHT_TOTAL} / weights sum to ${+sum.toFixed(6)}, must be ${WEIGHT_TOTAL}`], 'draft');
	return s;
}

/** Parse the editor's text; JSON syntax errors become SchemeErrors too. */
export function parseDraft(text: string): Scheme {
	return validateDraft(parseJsonText(text, (m) => new SchemeError([m], 'draft')));
}

export async function listSchemeVersions(db: AppDb) {
	return db
		.select({
			id: assessmentScheme.id,
			name: assessmentScheme.name,
			version: assessmentScheme.version,
			comment: assessmentScheme.comment,
			active: assessmentScheme.active,
			createdAt: assessmentScheme.createdAt,
			createdBy: user.username
		})
		.from(assessmentScheme)
		.leftJoin(user, eq(user.id, assessmentScheme.createdBy))
		.orderBy(assessmentScheme.name, desc(assessmentScheme.version));
}

export async function getSchemeVersion(db: AppDb, id: number): Promise<{ id: number; scheme: Scheme; active: boolean } | null> {
	const [r] = await db.select().from(assessmentScheme).where(eq(assessmentScheme.id, id));
	return r ? { id: r.id, scheme: validateScheme(r.definition, `${r.name} v${r.version}`), active: r.active } : null;
}

/** Store a draft as the next version of its name (the version number is assigned here). */
export async function saveSchemeVersion(
	db: AppDb,
	draft: Scheme,
	opts: { comment?: string; userId: number | null; activate?: boolean }
): Promise<{ id: number; version: number }> {
	const row = await db.transaction(async (tx) => {
		const [{ v }] = await tx.select({ v: max(assessmentScheme.version) }).from(assessmentScheme).where(eq(assessmentScheme.name, draft.name));
		const version = (v ?? 0) + 1;
		const definition = { ...draft, version };
		const [r] = await tx
			.insert(assessmentScheme)
			.values({ name: draft.name, version, definition, comment: opts.comment?.slice(0, 500) ?? '', createdBy: opts.userId })
			.returning({ id: assessmentScheme.id });
		if (opts.activate) {
			await tx.update(assessmentScheme).set({ active: false }).where(eq(assessmentScheme.active, true));
			await tx.update(assessmentScheme).set({ active: true }).where(eq(assessmentScheme.id, r.id));
		}
		return { id: r.id, version };
	});
	await refreshScheme(db);
	return row;
}

/** Make one stored version the scheme in force (null: back to the shipped default). */
export async function activateSchemeVersion(db: AppDb, id: number | null): Promise<boolean> {
	const ok = await db.transaction(async (tx) => {
		if (id !== null) {
			const [r] = await tx.select({ id: assessmentScheme.id }).from(assessmentScheme).where(eq(assessmentScheme.id, id));
			if (!r) return false;
		}
		await tx.update(assessmentScheme).set({ active: false }).where(eq(assessmentScheme.active, true));
		if (id !== null) await tx.update(assessmentScheme).set({ active: true }).where(eq(assessmentScheme.id, id));
		return true;
	});
	await refreshScheme(db);
	return ok;
}

export async function storedActiveScheme(db: AppDb): Promise<{ scheme: Scheme; id: number | null }> {
	const [r] = await db.select().from(assessmentScheme).where(eq(assessmentScheme.active, true)).limit(1);
	if (!r) return { scheme: loadScheme(), id: null };
	return { scheme: validateScheme(r.definition, `${r.name} v${r.version}`), id: r.id };
}

export async function refreshScheme(db: AppDb): Promise<Scheme> {
	cached = await storedActiveScheme(db);
	return cached.scheme;
}

export { SchemeError };
