/**
 * Electronic supervision (电子监察): the eight per-case flags of DOMAIN.md, listable (paged, sorted by an
 * allow-listed column) and countable per department, plus the per-department counts the assessment deducts for.
 *
 * Populations:
 * - `period` (lists and counts): cases submitted on or before the period end that were submitted in the
 *   period, completed on or after its start, or are still in progress — the cases "live" during the period.
 * - `submitted` (assessment deductions): cases submitted in the period.
 * In-progress clocks run to the as-of date (default: the period end, or today if earlier). Every flag
 * predicate lives in predicates.ts, shared with the KPI families.
 */
import { FLAG_IDS, type FlagId } from '../../../kpi/catalog';
import type { FlagCountRow, FlagCounts, FlagPage, FlagRow, FlagSort, KpiQuery } from '../../../kpi/types';
import type { Analytics } from '../db';
import { Binder, caseSlice, frame, type Scope, type Slice } from './sql-frame';
import {
	cancelledItem,
	daysLeft,
	fakeCompletion,
	itemsWithTransition,
	midwayReturn,
	noOneTimeNotice,
	noReasonRejection,
	nominalDelegation,
	redOverdue,
	liveFloorSql,
	livePopulation,
	repeatSuspects,
	repeatWindowSql,
	yellowDueSoon
} from './predicates';
import type { Thresholds } from './thresholds';
import { localToday } from '../../clock';

export type Population = 'period' | 'submitted';

interface FlagFrame {
	from: string;
	to: string;
	asOf: string;
	scope: Scope;
	slice: Slice;
	/** false: every department (deductions are charged to all, whatever the scope filter). */
	scoped: boolean;
	population: Population;
	thresholds: Thresholds;
	flags: readonly FlagId[];
	/** earliest submission date of a live case (liveFloorSql), set by `prepared` for the 'period' population */
	floor?: string | null;
}

/** DOMAIN.md's "as-of" for in-progress flags: explicit, else the period end, or today if earlier. */
export function resolveAsOf(q: Pick<KpiQuery, 'to' | 'as_of'>, today = localToday()): string {
	return q.as_of ?? (today < q.to ? today : q.to);
}

function populationSql(b: Binder, p: FlagFrame, c: string): string {
	if (p.population === 'submitted')
		return `${c}.submitted_date BETWEEN ${b.date(p.from)} AND ${b.date(p.to)}`;
	return livePopulation(b, p.from, p.to, c, p.floor ?? null);
}

/** The earliest submission date of a case live during [from, to] (liveFloorSql; cached per data version). */
export async function liveFloor(db: Analytics, from: string, to: string): Promise<string | null> {
	const b = new Binder();
	const [r] = await db.query(liveFloorSql(b, from, to), b.params);
	return typeof r?.lo === 'string' ? r.lo : null;
}

/** The frame with its population floor, for the 'period' population. */
async function prepared(db: Analytics, p: FlagFrame): Promise<FlagFrame> {
	if (p.population === 'submitted' || p.floor !== undefined) return p;
	return { ...p, floor: await liveFloor(db, p.from, p.to) };
}

type RepeatWindow = { lo: string; hi: string } | null;

/** The repeat-application window for the population (one cheap aggregate), when fake_completion is wanted. */
async function repeatWindow(db: Analytics, p: FlagFrame): Promise<RepeatWindow> {
	if (!p.flags.includes('fake_completion_suspect')) return null;
	if (p.population === 'period' && p.floor === undefined) throw new Error('flag frame not prepared');
	const b = new Binder();
	const [r] = await db.query(repeatWindowSql(b, p.thresholds, populationSql(b, p, 'c1')), b.params);
	return r?.d_lo && r?.d_hi ? { lo: r.d_lo as string, hi: r.d_hi as string } : null;
}

/** `WITH … f AS (one row per case of the population with a boolean column per flag)`. */
function flagCte(b: Binder, p: FlagFrame, window: RepeatWindow): string {
	const head = frame(b, {
		periods: [{ key: 'p', from: p.from, to: p.to }],
		groups: [{ kind: 'total', scoped: p.scoped }],
		scope: p.scoped ? p.scope : { dept: null, region: null, peer_group: null }
	});
	const t = p.thresholds;
	const want = new Set(p.flags);
	const needRepeat = want.has('fake_completion_suspect');
	const w = 'ao.w';
	const expr: Record<FlagId, () => string> = {
		red_overdue: () => redOverdue(w),
		yellow_due_soon: () => yellowDueSoon(b, t, w),
		no_reason_rejection: () => noReasonRejection(),
		midway_return: () => midwayReturn(),
		no_one_time_notice: () => noOneTimeNotice(b, t),
		fake_completion_suspect: () => fakeCompletion('c', 'rep.case_id IS NOT NULL'),
		nominal_delegation: () => nominalDelegation(),
		cancelled_item: () => cancelledItem()
	};
	const cols = FLAG_IDS.map((f) => `${want.has(f) ? expr[f]() : 'false'} AS ${f}`).join(',\n\t\t\t');
	return `${head},
	ao AS (SELECT wd_index AS w FROM calendar WHERE date = ${b.date(p.asOf)}),
	${needRepeat ? `${repeatSuspects(b, t, populationSql(b, p, 'c1'), window)},` : ''}
	f AS (
		SELECT c.case_id, c.dept_code, c.item_code, i.name AS item_name, c.status, c.channel,
			c.submitted_at, c.accepted_at, c.completed_at, c.elapsed_wd, c.limit_days,
			${daysLeft(w)} AS days_left,
			${cols}
		FROM cases c
		CROSS JOIN ao
		JOIN gm ON gm.dept_code = c.dept_code
		LEFT JOIN ${itemsWithTransition(b, t)} i ON i.item_code = c.item_code
		${needRepeat ? 'LEFT JOIN rep ON rep.case_id = c.case_id' : ''}
		WHERE ${populationSql(b, p, 'c')}${caseSlice(b, p.slice)}
	)`;
}

const anyOf = (flags: readonly FlagId[]) => (flags.length ? `(${flags.join(' OR ')})` : 'false');

const SORT_SQL: Record<FlagSort, string> = {
	submitted_at: 'submitted_at',
	completed_at: 'completed_at',
	case_id: 'case_id',
	dept_code: 'dept_code',
	item_code: 'item_code',
	elapsed_wd: 'elapsed_wd',
	days_left: 'days_left'
};

function frameOf(
	q: KpiQuery,
	thresholds: Thresholds,
	population: Population,
	flags: readonly FlagId[],
	scoped = true
): FlagFrame {
	return {
		from: q.from,
		to: q.to,
		asOf: resolveAsOf(q),
		scope: { dept: q.dept, region: q.region, peer_group: q.peer_group },
		slice: { power_type: q.power_type, channel: q.channel, rating_channel: q.rating_channel },
		scoped,
		population,
		thresholds,
		flags
	};
}

function toFlagRow(r: Record<string, unknown>): FlagRow {
	return {
		case_id: r.case_id as string,
		dept_code: r.dept_code as string,
		item_code: r.item_code as string,
		item_name: (r.item_name as string | null) ?? null,
		status: r.status as string,
		channel: (r.channel as string | null) ?? null,
		submitted_at: r.submitted_at as string,
		accepted_at: (r.accepted_at as string | null) ?? null,
		completed_at: (r.completed_at as string | null) ?? null,
		elapsed_wd: (r.elapsed_wd as number | null) ?? null,
		limit_days: (r.limit_days as number | null) ?? null,
		days_left: (r.days_left as number | null) ?? null,
		flags: FLAG_IDS.filter((f) => r[f] === true)
	};
}

/**
 * Flagged cases of the period (any flag, or any of `q.flag`), sorted by `q.sort` / `q.order` then case_id,
 * paged by `q.limit` / `q.offset` (`all: true` ignores paging — the CLI).
 */
export async function listFlags(
	db: Analytics,
	q: KpiQuery,
	opts: { thresholds: Thresholds; all?: boolean }
): Promise<FlagPage> {
	const p = await prepared(db, frameOf(q, opts.thresholds, 'period', FLAG_IDS));
	const b = new Binder();
	const cte = flagCte(b, p, await repeatWindow(db, p));
	const filter = anyOf(q.flag ?? FLAG_IDS);
	const dir = q.order === 'desc' ? 'DESC' : 'ASC';
	const page = opts.all ? '' : ` LIMIT ${b.bind(q.limit)} OFFSET ${b.bind(q.offset)}`;
	const sql = `${cte}
	SELECT *, count(*) OVER () AS total_rows FROM f WHERE ${filter}
	ORDER BY ${SORT_SQL[q.sort]} ${dir} NULLS LAST, case_id${page}`;
	const rows = await db.query(sql, b.params);
	// A page past the end has no row to carry the window count: count separately.
	const total = rows.length
		? (rows[0].total_rows as number)
		: q.offset > 0 && !opts.all
			? await countFlagged(db, q, opts.thresholds)
			: 0;
	return {
		period: { from: q.from, to: q.to },
		as_of: p.asOf,
		total,
		limit: opts.all ? rows.length : q.limit,
		offset: opts.all ? 0 : q.offset,
		rows: rows.map(toFlagRow)
	};
}

async function countFlagged(db: Analytics, q: KpiQuery, thresholds: Thresholds): Promise<number> {
	const p = await prepared(db, frameOf(q, thresholds, 'period', FLAG_IDS));
	const b = new Binder();
	const sql = `${flagCte(b, p, await repeatWindow(db, p))} SELECT count(*) AS n FROM f WHERE ${anyOf(q.flag ?? FLAG_IDS)}`;
	const [r] = await db.query(sql, b.params);
	return (r?.n as number) ?? 0;
}

const emptyCounts = (): Record<FlagId, number> =>
	Object.fromEntries(FLAG_IDS.map((f) => [f, 0])) as Record<FlagId, number>;

async function countByDept(
	db: Analytics,
	p: FlagFrame
): Promise<Map<string, { cases: number; counts: Record<FlagId, number> }>> {
	const window = await repeatWindow(db, p);
	const b = new Binder();
	const sql = `${flagCte(b, p, window)}
	SELECT dept_code, count(*) FILTER (WHERE ${anyOf(p.flags)}) AS cases,
		${FLAG_IDS.map((f) => `count(*) FILTER (WHERE ${f}) AS ${f}`).join(', ')}
	FROM f GROUP BY dept_code`;
	const out = new Map<string, { cases: number; counts: Record<FlagId, number> }>();
	for (const r of await db.query(sql, b.params)) {
		const counts = emptyCounts();
		for (const f of FLAG_IDS) counts[f] = (r[f] as number) ?? 0;
		out.set(r.dept_code as string, { cases: r.cases as number, counts });
	}
	return out;
}

/** Per department (in scope, every one listed, ordered by dept_code) and in total: flagged cases and cases per flag. */
export async function countFlags(
	db: Analytics,
	q: KpiQuery,
	opts: { thresholds: Thresholds }
): Promise<FlagCounts> {
	const p = await prepared(db, frameOf(q, opts.thresholds, 'period', FLAG_IDS));
	const b = new Binder();
	const deptSql = `${frame(b, { periods: [{ key: 'p', from: q.from, to: q.to }], groups: [{ kind: 'total', scoped: true }], scope: p.scope })}
	SELECT d.dept_code, d.name FROM departments d JOIN scope_d USING (dept_code) ORDER BY d.dept_code`;
	const [byDept, depts] = await Promise.all([countByDept(db, p), db.query(deptSql, b.params)]);
	const total = { cases: 0, counts: emptyCounts() };
	const departments: FlagCountRow[] = depts.map((d) => {
		const c = byDept.get(d.dept_code as string) ?? { cases: 0, counts: emptyCounts() };
		total.cases += c.cases;
		for (const f of FLAG_IDS) total.counts[f] += c.counts[f];
		return { dept_code: d.dept_code as string, name: d.name as string, cases: c.cases, counts: c.counts };
	});
	departments.sort((a, z) => (a.dept_code < z.dept_code ? -1 : a.dept_code > z.dept_code ? 1 : 0));
	return { period: { from: q.from, to: q.to }, as_of: p.asOf, total, departments };
}

/** Assessment deductions: per department (all departments), cases submitted in the period carrying each of `flags`. */
export async function deductionFlagCounts(
	db: Analytics,
	q: KpiQuery,
	flags: readonly FlagId[],
	thresholds: Thresholds
): Promise<Map<string, Record<FlagId, number>>> {
	const out = new Map<string, Record<FlagId, number>>();
	if (!flags.length) return out;
	const p = frameOf(q, thresholds, 'submitted', flags, false);
	for (const [dept, c] of await countByDept(db, p)) out.set(dept, c.counts);
	return out;
}
