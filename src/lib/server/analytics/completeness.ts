/**
 * What the loaded data can and cannot answer (issue 12, "Data completeness, said plainly"): counts over the
 * canonical tables, the notes that follow from them (no catalogue, cases without 受理时间, no ratings, …) and,
 * per KPI id, the reason a KPI cannot be computed at all from what was imported.
 *
 * Invariants:
 * - About the data as loaded, never about a period or a filter: a period without cases is a real empty period
 *   (the dashboards say so themselves); a database without any rating cannot answer a rating KPI in any period.
 * - Read-only, no user input reaches SQL; the result is cached by data version (`db.memo`, analytics/cache.ts).
 * - Texts are rendered by $lib/completeness (client-safe), so the data page, the cards and the import summary
 *   say the same thing in the same words.
 */
import { DELEGATION_KPI_IDS, KPI_IDS, type KpiId } from '../../kpi/catalog';
import {
	byLevel,
	noteText,
	type CompletenessNote,
	type NoteLevel,
	type ReasonCode
} from '../../completeness';
import type { Lang } from '../../i18n';
import type { Analytics } from './db';

export interface DataCompleteness {
	tables: {
		regions: number;
		departments: number;
		items: number;
		cases: number;
		events: number;
		ratings: number;
	};
	catalogue: {
		items: number;
		/** Items a flat 办件 export created (`origin = 'export'`): no catalogue row for them yet. */
		itemsFromExport: number;
		itemsWithDelegation: number;
		/** statutory_days > 0 (what 实际提速率 and 承诺时限压缩率 divide by). */
		itemsWithStatutory: number;
		itemsWithPromised: number;
		/** Not cancelled, statutory > 0 and a promise: the items 承诺时限压缩率 uses. */
		itemsWithBothLimits: number;
		departments: number;
		departmentsFromExport: number;
		departmentsWithoutPeerGroup: number;
		regionsFromExport: number;
	};
	cases: {
		total: number;
		/** No 受理时间: their clock starts at 申请时间 (DOMAIN.md, Time). */
		withoutAccepted: number;
		withoutVisits: number;
		withoutChannel: number;
		/** Their item has neither a promised nor a statutory limit: left out of 按时办结率. */
		withoutLimit: number;
		/** Their item has statutory_days > 0: the cases 实际提速率 uses. */
		withStatutory: number;
		inProgress: number;
	};
	ratings: {
		total: number;
		/** 默认评价: stored, counted by `default_ratings`, excluded from every other rating KPI. */
		defaults: number;
		/** Non-default ratings without a case_id: they cannot count for 主动评价率. */
		withoutCase: number;
	};
	notes: CompletenessNote[];
}

type Counts<K extends string> = Record<K, number>;

/** One query's counts, as numbers, under the names the query gives them (DataCompleteness's field names). */
async function counts<K extends string>(db: Analytics, sql: string): Promise<Counts<K>> {
	const [row] = await db.query(sql);
	return Object.fromEntries(Object.entries(row ?? {}).map(([k, v]) => [k, Number(v ?? 0)])) as Counts<K>;
}

/** Counts and notes of the whole database; one computation per data version. */
export function dataCompleteness(db: Analytics): Promise<DataCompleteness> {
	return db.memo('dataCompleteness:v1', () => computeCompleteness(db));
}

type Catalogue = DataCompleteness['catalogue'];

async function computeCompleteness(db: Analytics): Promise<DataCompleteness> {
	// One scan per table, run together; `is_default` null means "not default" (DOMAIN.md).
	const [rg, dp, it, cases, ev, ratings] = await Promise.all([
		counts<'regions' | 'regionsFromExport'>(
			db,
			`SELECT count(*) AS regions, count(*) FILTER (WHERE origin = 'export') AS "regionsFromExport" FROM regions`
		),
		counts<'departments' | 'departmentsFromExport' | 'departmentsWithoutPeerGroup'>(
			db,
			`SELECT count(*) AS departments, count(*) FILTER (WHERE origin = 'export') AS "departmentsFromExport",
				count(*) FILTER (WHERE peer_group IS NULL OR trim(peer_group) = '') AS "departmentsWithoutPeerGroup"
			FROM departments`
		),
		counts<
			| 'items'
			| 'itemsFromExport'
			| 'itemsWithDelegation'
			| 'itemsWithStatutory'
			| 'itemsWithPromised'
			| 'itemsWithBothLimits'
		>(
			db,
			`SELECT count(*) AS items, count(*) FILTER (WHERE origin = 'export') AS "itemsFromExport",
				count(*) FILTER (WHERE delegation_mode IS NOT NULL) AS "itemsWithDelegation",
				count(*) FILTER (WHERE statutory_days > 0) AS "itemsWithStatutory",
				count(*) FILTER (WHERE promised_days IS NOT NULL) AS "itemsWithPromised",
				count(*) FILTER (WHERE statutory_days > 0 AND promised_days IS NOT NULL
					AND coalesce(delegation_mode, '') <> 'cancelled') AS "itemsWithBothLimits"
			FROM items`
		),
		counts<keyof DataCompleteness['cases']>(
			db,
			`SELECT count(*) AS total,
				count(*) FILTER (WHERE accepted_at IS NULL) AS "withoutAccepted",
				count(*) FILTER (WHERE visits IS NULL) AS "withoutVisits",
				count(*) FILTER (WHERE channel IS NULL) AS "withoutChannel",
				count(*) FILTER (WHERE limit_days IS NULL) AS "withoutLimit",
				count(*) FILTER (WHERE item_statutory_days > 0) AS "withStatutory",
				count(*) FILTER (WHERE status = 'in_progress') AS "inProgress"
			FROM cases`
		),
		counts<'events'>(db, `SELECT count(*) AS events FROM events`),
		counts<keyof DataCompleteness['ratings']>(
			db,
			`SELECT count(*) AS total,
				count(*) FILTER (WHERE coalesce(is_default, false)) AS defaults,
				count(*) FILTER (WHERE NOT coalesce(is_default, false) AND (case_id IS NULL OR case_id = '')) AS "withoutCase"
			FROM ratings`
		)
	]);
	const catalogue: Catalogue = { ...it, ...dp, regionsFromExport: rg.regionsFromExport };
	// Each table's row count once: the groups hold those of items, departments, cases and ratings.
	const tables = {
		regions: rg.regions,
		departments: dp.departments,
		items: it.items,
		cases: cases.total,
		events: ev.events,
		ratings: ratings.total
	};
	const c: Omit<DataCompleteness, 'notes'> = { tables, catalogue, cases, ratings };
	return { ...c, notes: notesOf(c) };
}

/** The notes that hold for these counts (pure; exported for tests). */
export function notesOf(c: Omit<DataCompleteness, 'notes'>): CompletenessNote[] {
	const out: CompletenessNote[] = [];
	const add = (level: NoteLevel, code: CompletenessNote['code'], params: Record<string, number> = {}) =>
		out.push({ level, code, params });
	const { tables: tb, catalogue: cat, cases: cs, ratings: rt } = c;
	if (tb.cases + tb.items + tb.departments + tb.ratings + tb.events === 0) {
		add('missing', 'no_data');
		return out;
	}
	if (cs.total === 0) add('missing', 'no_cases');

	// Catalogue: a flat 办件 export names items but carries no delegation (DOMAIN.md, Real exports).
	const catalogueItems = cat.items - cat.itemsFromExport;
	if (catalogueItems === 0) add('missing', 'no_catalogue', { n: cat.items });
	else if (cat.itemsWithDelegation === 0) add('missing', 'no_delegation', { n: cat.items });
	if (cat.itemsFromExport > 0)
		add(catalogueItems > 0 ? 'partial' : 'info', 'items_from_export', {
			n: cat.itemsFromExport,
			total: cat.items
		});

	// Limits: 法定时限 / 承诺时限 of the items.
	if (cat.items > 0) {
		if (cat.itemsWithStatutory === 0 && cat.itemsWithPromised === 0) add('missing', 'no_limits');
		else if (cat.itemsWithStatutory === 0) add('missing', 'no_statutory');
		else if (cat.itemsWithBothLimits === 0) add('missing', 'no_promised');
	}

	if (cs.total > 0) {
		if (cs.withoutAccepted > 0)
			add('partial', 'cases_without_accepted', { n: cs.withoutAccepted, total: cs.total });
		if (cs.withoutLimit > 0 && !out.some((x) => x.code === 'no_limits'))
			add(cs.withoutLimit === cs.total ? 'missing' : 'partial', 'cases_without_limit', {
				n: cs.withoutLimit,
				total: cs.total
			});
		if (cs.withoutVisits === cs.total) add('missing', 'no_visits');
		else if (cs.withoutVisits > 0)
			add('partial', 'cases_without_visits', { n: cs.withoutVisits, total: cs.total });
		if (cs.withoutChannel === cs.total) add('missing', 'no_channel');
		else if (cs.withoutChannel > 0)
			add('partial', 'cases_without_channel', { n: cs.withoutChannel, total: cs.total });
		if (tb.events === 0) add('info', 'no_events');
	}

	// Ratings: default ratings are stored but are not the public's voice.
	const counted = rt.total - rt.defaults;
	if (rt.total === 0) add('missing', 'no_ratings');
	else if (counted === 0) add('missing', 'only_default_ratings', { n: rt.defaults });
	else if (rt.withoutCase === counted) add('missing', 'no_rating_case', { n: rt.withoutCase });
	else if (rt.withoutCase > 0) add('partial', 'ratings_without_case', { n: rt.withoutCase, total: counted });
	if (rt.defaults > 0 && counted > 0) add('info', 'default_ratings', { n: rt.defaults });

	if (cat.departmentsFromExport > 0)
		add('info', 'departments_from_export', { n: cat.departmentsFromExport, total: cat.departments });
	if (cat.departmentsWithoutPeerGroup > 0)
		add('partial', 'departments_without_peer_group', {
			n: cat.departmentsWithoutPeerGroup,
			total: cat.departments
		});
	return byLevel(out);
}

/** The KPIs that need the catalogue's delegation columns. */
const DELEGATION: readonly KpiId[] = DELEGATION_KPI_IDS;
/** Every rating KPI but rating_coverage (which also needs case ids) — and `default_ratings`. */
const RATING: KpiId[] = ['ratings', 'satisfaction_rate', 'bad_reviews', 'rectification_rate', 'mean_score'];
const DEFAULT_RATINGS: KpiId[] = ['default_ratings'];
const CASE_BASED = (KPI_IDS as readonly KpiId[]).filter(
	(id) =>
		!DELEGATION.includes(id) &&
		!RATING.includes(id) &&
		!DEFAULT_RATINGS.includes(id) &&
		id !== 'promise_compression_rate'
);

/**
 * KPI ids the loaded data cannot compute at all, with the note code that says why. KPIs absent from the map
 * can be computed (possibly from part of the rows: see the partial notes).
 */
export function kpiAvailability(c: DataCompleteness): Partial<Record<KpiId, ReasonCode>> {
	const out: Partial<Record<string, ReasonCode>> = {};
	const has = (code: string) => c.notes.some((x) => x.code === code);
	const set = (ids: readonly string[], code: ReasonCode) => {
		for (const id of ids) out[id] ??= code;
	};
	if (has('no_data')) {
		set(KPI_IDS, 'no_data');
		return out;
	}
	if (c.cases.total === 0) set(CASE_BASED, 'no_cases');
	if (c.catalogue.itemsWithDelegation === 0)
		set(DELEGATION, has('no_catalogue') ? 'no_catalogue' : 'no_delegation');

	const limitReason: ReasonCode | null = has('no_limits')
		? 'no_limits'
		: has('no_statutory')
			? 'no_statutory'
			: null;
	if (c.catalogue.itemsWithBothLimits === 0) set(['promise_compression_rate'], limitReason ?? 'no_promised');
	if (c.cases.withStatutory === 0) set(['speedup_vs_statutory'], limitReason ?? 'no_statutory');
	if (c.cases.withoutLimit === c.cases.total)
		set(['on_time_rate'], has('no_limits') ? 'no_limits' : 'cases_without_limit');
	if (has('no_visits')) set(['one_visit_rate', 'zero_visit_rate'], 'no_visits');
	if (has('no_channel')) set(['online_rate'], 'no_channel');

	const ratingReason: ReasonCode | null = has('no_ratings')
		? 'no_ratings'
		: has('only_default_ratings')
			? 'only_default_ratings'
			: null;
	if (ratingReason) set([...RATING, 'rating_coverage'], ratingReason);
	else if (has('no_rating_case')) set(['rating_coverage'], 'no_rating_case');
	// `default_ratings` counts default ratings: unknowable without any rating (only once the catalogue has the id).
	if (has('no_ratings')) set(DEFAULT_RATINGS, 'no_ratings');
	return out as Partial<Record<KpiId, ReasonCode>>;
}

/** The notes as lines for an import summary (the import orchestrator adds them after an import). */
export async function completenessNotesText(db: Analytics, lang: Lang): Promise<string[]> {
	const c = await dataCompleteness(db);
	return c.notes.map((note) => noteText(note, lang));
}
