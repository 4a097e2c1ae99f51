/**
 * Drill-down queries the KPI engine does not offer: the case list behind a department, item or flag count
 * (Arrow for the browser, rows for CSV / XLSX), one case with its timeline, and the per-item table (whose KPIs
 * are the engine's breakdown per item; this module adds the items' case status).
 *
 * Invariants: filters arrive parsed by the engine's parseKpiQuery (plus the few list-only parameters parsed
 * here); the department scope uses the engine's SQL frame, the flags the engine's predicates (predicates.ts),
 * so a flag means exactly what the flag engine counts; values are bound parameters; sort columns come from
 * an allow-list. The `live` basis is the flag engine's "period" population, so a list opened from a flag
 * count shows exactly the counted cases.
 */
import { listValue } from '@duckdb/node-api';
import { FLAG_IDS, type FlagId } from '../../kpi/catalog';
import type { ItemRow } from '../../kpi/item-row';
import type { KpiQuery } from '../../kpi/types';
import type { Analytics, Params } from './db';
import { all } from './db';
import { arrowTable, toIpc, type ArrowKind } from './arrow';
import { computeKpiBreakdown } from './kpi/breakdown';
import { Binder, caseSlice, frame } from './kpi/sql-frame';
import { liveFloor, resolveAsOf } from './kpi/flags';
import {
	cancelledItem,
	daysLeft,
	itemsWithTransition,
	fakeCompletion,
	midwayReturn,
	noOneTimeNotice,
	noReasonRejection,
	nominalDelegation,
	redOverdue,
	livePopulation,
	repeatSuspects,
	repeatWindowSql,
	usedDays,
	yellowDueSoon
} from './kpi/predicates';
import { QueryError } from './kpi/query';
import { casesWithSql, parseCasesWith, type CasesWith } from './process/cases-with';
import type { Thresholds } from './kpi/thresholds';
import { CASE_STATUSES } from './schema';
import { tableFromIPC, type Table } from 'apache-arrow';
import type { Row } from './convert';

/** Which cases of the period a list shows. */
export const CASE_BASES = ['submitted', 'completed', 'live'] as const;
export type CaseBasis = (typeof CASE_BASES)[number];
export type CaseStatus = (typeof CASE_STATUSES)[number];

export interface CaseListQuery {
	q: KpiQuery;
	basis: CaseBasis;
	item: string | null;
	status: CaseStatus | null;
	/** cases with a process transition or hand-off (process/cases-with.ts); absent = no such filter */
	with?: CasesWith | null;
}

const CODE_RE = /^[\p{L}\p{N}_.\-() （）·]{1,64}$/u;

/** List-only parameters (item, status, basis) on top of the engine's query. */
export function parseCaseList(q: KpiQuery, params: URLSearchParams): CaseListQuery | QueryError {
	const item = params.get('item')?.trim() || null;
	if (item !== null && !CODE_RE.test(item))
		return new QueryError(
			'item',
			`事项编码含非法字符或过长：${item}`,
			`item has invalid characters or is too long: ${item}`
		);
	const status = params.get('status')?.trim() || null;
	if (status !== null && !(CASE_STATUSES as readonly string[]).includes(status))
		return new QueryError(
			'status',
			`参数 status 取值无效：${status}（可选：${CASE_STATUSES.join(', ')}）`,
			`invalid status: ${status} (allowed: ${CASE_STATUSES.join(', ')})`
		);
	const basis = params.get('basis')?.trim() || (q.flag ? 'live' : 'submitted');
	if (!(CASE_BASES as readonly string[]).includes(basis))
		return new QueryError(
			'basis',
			`参数 basis 取值无效：${basis}（可选：${CASE_BASES.join(', ')}）`,
			`invalid basis: ${basis} (allowed: ${CASE_BASES.join(', ')})`
		);
	const w = parseCasesWith(params);
	if (w instanceof QueryError) return w;
	return { q, basis: basis as CaseBasis, item, status: status as CaseStatus | null, with: w };
}

const SORT_SQL: Record<KpiQuery['sort'], string> = {
	submitted_at: 'c.submitted_at',
	completed_at: 'c.completed_at',
	case_id: 'c.case_id',
	dept_code: 'c.dept_code',
	item_code: 'c.item_code',
	elapsed_wd: 'c.elapsed_wd',
	days_left: 'days_left'
};

/** Arrow column kinds of the case list (the allow-list of what leaves the server). */
export const CASE_COLUMNS: Record<string, ArrowKind> = {
	case_id: 'text',
	dept_code: 'dict',
	dept_name: 'dict',
	item_code: 'dict',
	item_name: 'dict',
	status: 'dict',
	channel: 'dict',
	applicant_type: 'dict',
	submitted_ms: 'ms',
	accepted_ms: 'ms',
	completed_ms: 'ms',
	elapsed_wd: 'int',
	limit_days: 'int',
	days_left: 'int',
	visits: 'int',
	supplement_requests: 'int',
	/** Bit i set = FLAG_IDS[i]. */
	flag_bits: 'int'
};

function population(
	b: Binder,
	basis: CaseBasis,
	from: string,
	to: string,
	c = 'c',
	floor: string | null = null
): string {
	// (each branch binds only the parameters it uses)
	if (basis === 'submitted') return `${c}.submitted_date BETWEEN ${b.date(from)} AND ${b.date(to)}`;
	if (basis === 'completed')
		return `${c}.status = 'completed' AND ${c}.completed_date BETWEEN ${b.date(from)} AND ${b.date(to)}`;
	// The flag engine's "period" population: live during the period (with its submission-date floor).
	return livePopulation(b, from, to, c, floor);
}

/** Each flag's SQL over alias c (and rep for repeat suspects), with the as-of working-day index `w`. */
function flagExprs(b: Binder, t: Thresholds, w: string): Record<FlagId, string> {
	return {
		red_overdue: redOverdue(w),
		yellow_due_soon: yellowDueSoon(b, t, w),
		no_reason_rejection: noReasonRejection(),
		midway_return: midwayReturn(),
		no_one_time_notice: noOneTimeNotice(b, t),
		fake_completion_suspect: fakeCompletion('c', 'rep.case_id IS NOT NULL'),
		nominal_delegation: nominalDelegation(),
		cancelled_item: cancelledItem()
	};
}

type RepeatWindow = { lo: string; hi: string } | null;

/**
 * The submission-date window the repeat-application rule needs for the candidates selected by `where`
 * (the flag engine's repeatWindowSql, one cheap aggregate), so the main query reads only that window.
 */
async function repeatWindow(
	db: Analytics,
	t: Thresholds,
	where: (b: Binder) => string
): Promise<RepeatWindow> {
	const b = new Binder();
	const [r] = await db.query(repeatWindowSql(b, t, where(b)), b.params);
	return r?.d_lo && r?.d_hi ? { lo: String(r.d_lo), hi: String(r.d_hi) } : null;
}

/**
 * `WITH … l AS (the listed cases with their flag bits)`. `flags = false` (a count without a flag filter) leaves
 * out the flag columns and the repeat-application self-join, which cost most of a long list's time.
 */
function listCte(
	b: Binder,
	cq: CaseListQuery,
	t: Thresholds,
	prep: ListPrep,
	flags = true,
	page: { limit: number; offset: number } | null = null
): string {
	const { q } = cq;
	const head = frame(b, {
		periods: [{ key: 'p', from: q.from, to: q.to }],
		groups: [{ kind: 'total', scoped: true }],
		scope: { dept: q.dept, region: q.region, peer_group: q.peer_group }
	});
	const w = 'ao.w';
	let where = `${population(b, cq.basis, q.from, q.to, 'c', prep.floor)}${caseSlice(b, { power_type: q.power_type, channel: q.channel, rating_channel: null })}`;
	if (cq.item) where += ` AND c.item_code = ${b.bind(cq.item)}`;
	if (cq.status) where += ` AND c.status = ${b.bind(cq.status)}`;
	if (cq.with) where += ` AND ${casesWithSql(b, cq.with)}`;
	const sliceJoin = q.power_type ? 'LEFT JOIN items i ON i.item_code = c.item_code' : '';
	if (!flags)
		return `${head},
	l AS (SELECT c.case_id FROM cases c JOIN gm ON gm.dept_code = c.dept_code ${sliceJoin} WHERE ${where})`;
	const ao = `ao AS (SELECT wd_index AS w FROM calendar WHERE date = ${b.date(resolveAsOf(q))})`;
	const flagSql = flagExprs(b, t, w);
	const bits = FLAG_IDS.map((f, i) => `(CASE WHEN ${flagSql[f]} THEN ${1 << i} ELSE 0 END)`).join(' + ');
	const popC1 = population(b, cq.basis, q.from, q.to, 'c1', prep.floor);
	const columns = `c.case_id, c.dept_code, d.name AS dept_name, c.item_code, i.name AS item_name, c.status, c.channel,
			c.applicant_type, c.submitted_at, c.accepted_at, c.completed_at, c.elapsed_wd, c.limit_days,
			${page ? 'c.days_left' : `${daysLeft(w)} AS days_left`}, c.visits, c.supplement_requests, c.reject_reason,
			${bits} AS flag_bits`;
	if (page) {
		// Page first: the sort keys need no flag, so the page is chosen by a plain top-N over the population and
		// the flags (with the repeat-application self-join) are computed for its rows only — at 100 M cases a
		// whole-history list took minutes the other way round. Same rows, same bits (a page case's repeat flag
		// depends only on cases of its own applicant and item, all of which c2 keeps).
		return `${head},
	${ao},
	page AS (
		SELECT c.*, ${daysLeft(w)} AS days_left
		FROM cases c CROSS JOIN ao JOIN gm ON gm.dept_code = c.dept_code ${sliceJoin}
		WHERE ${where}
		ORDER BY ${order(q)} LIMIT ${b.bind(page.limit)} OFFSET ${b.bind(page.offset)}
	),
	${repeatSuspects(b, t, `(${popC1}) AND c1.case_id IN (SELECT case_id FROM page)`, prep.window, 'c2.applicant_hash IN (SELECT applicant_hash FROM page)')},
	l AS (
		SELECT ${columns}
		FROM page c
		CROSS JOIN ao
		LEFT JOIN departments d ON d.dept_code = c.dept_code
		LEFT JOIN ${itemsWithTransition(b, t)} i ON i.item_code = c.item_code
		LEFT JOIN rep ON rep.case_id = c.case_id
	)`;
	}
	return `${head},
	${ao},
	${repeatSuspects(b, t, popC1, prep.window)},
	l AS (
		SELECT ${columns}
		FROM cases c
		CROSS JOIN ao
		JOIN gm ON gm.dept_code = c.dept_code
		LEFT JOIN departments d ON d.dept_code = c.dept_code
		LEFT JOIN ${itemsWithTransition(b, t)} i ON i.item_code = c.item_code
		LEFT JOIN rep ON rep.case_id = c.case_id
		WHERE ${where}
	)`;
}

/** The list's SQL selecting `cols` from `l`: page first when no flag filter is set (see listCte). */
function listSql(
	b: Binder,
	cq: CaseListQuery,
	t: Thresholds,
	prep: ListPrep,
	cols: string,
	limit: number,
	offset: number
): string {
	if (!cq.q.flag?.length)
		return `${listCte(b, cq, t, prep, true, { limit, offset })} SELECT ${cols} FROM l ORDER BY ${order(cq.q)}`;
	const cte = listCte(b, cq, t, prep);
	return `${cte} SELECT ${cols} FROM l WHERE ${flagFilter(b, cq.q.flag)} ORDER BY ${order(cq.q)}
	LIMIT ${b.bind(limit)} OFFSET ${b.bind(offset)}`;
}

function flagFilter(b: Binder, flags: FlagId[] | null): string {
	if (!flags?.length) return 'TRUE';
	const mask = flags.reduce((m, f) => m | (1 << FLAG_IDS.indexOf(f)), 0);
	return `(flag_bits & ${b.bind(mask)}) <> 0`;
}

function order(q: KpiQuery): string {
	const dir = q.order === 'asc' ? 'ASC' : 'DESC';
	return `${SORT_SQL[q.sort].replace('c.', '')} ${dir} NULLS LAST, case_id`;
}

export interface CaseListPage {
	table: Table;
	total: number;
	offset: number;
	limit: number;
	asOf: string;
}

interface ListPrep {
	window: RepeatWindow;
	/** population floor for the live basis (liveFloorSql), else null */
	floor: string | null;
}

async function listPrep(db: Analytics, cq: CaseListQuery, t: Thresholds): Promise<ListPrep> {
	const floor = cq.basis === 'live' ? await liveFloor(db, cq.q.from, cq.q.to) : null;
	const window = await repeatWindow(db, t, (b) => population(b, cq.basis, cq.q.from, cq.q.to, 'c1', floor));
	return { window, floor };
}

/** One page of the list as an Arrow table (offset / limit / sort / order from the engine's query). */
export async function caseListArrow(db: Analytics, cq: CaseListQuery, t: Thresholds): Promise<CaseListPage> {
	const prep = await listPrep(db, cq, t);
	const b = new Binder();
	const sql = listSql(
		b,
		cq,
		t,
		prep,
		`case_id, dept_code, dept_name, item_code, item_name, status, channel, applicant_type,
		epoch_ms(submitted_at)::DOUBLE AS submitted_ms, epoch_ms(accepted_at)::DOUBLE AS accepted_ms,
		epoch_ms(completed_at)::DOUBLE AS completed_ms, elapsed_wd, limit_days, days_left, visits,
		supplement_requests, flag_bits`,
		cq.q.limit,
		cq.q.offset
	);
	const cb = new Binder();
	const withFlags = !!cq.q.flag?.length;
	const countSql = `${listCte(cb, cq, t, prep, withFlags)} SELECT count(*) AS n FROM l WHERE ${flagFilter(cb, cq.q.flag)}`;
	const [table, [count]] = await Promise.all([
		// Pages repeat (a department's first page, the pages a supervisor flips through): kept per data version
		// in the server's result cache as IPC bytes (analytics/cache.ts; the count goes through db.query's cache).
		db
			.memo(
				`caseListArrow:${sql}:${JSON.stringify(b.params)}`,
				async () => toIpc(await db.read((c) => arrowTable(c, sql, b.params as Params, CASE_COLUMNS))),
				(ipc) => ipc.byteLength / 8
			)
			.then((ipc) => tableFromIPC(ipc)),
		db.query(countSql, cb.params)
	]);
	return {
		table,
		total: Number(count?.n ?? 0),
		offset: cq.q.offset,
		limit: cq.q.limit,
		asOf: resolveAsOf(cq.q)
	};
}

/** Every listed case as rows (exports), at most `max`; personal fields only when `personal`. */
export async function caseListRows(
	db: Analytics,
	cq: CaseListQuery,
	t: Thresholds,
	max: number,
	personal: boolean
): Promise<{ rows: Row[]; truncated: boolean }> {
	const prep = await listPrep(db, cq, t);
	const b = new Binder();
	const sql = listSql(
		b,
		cq,
		t,
		prep,
		`case_id, dept_code, dept_name, item_code, item_name, status, channel, applicant_type, submitted_at,
		accepted_at, completed_at, elapsed_wd, limit_days, days_left, visits, supplement_requests,
		${personal ? 'reject_reason' : 'NULL AS reject_reason'}, flag_bits`,
		max + 1,
		0
	);
	const rows = await db.read((c) => all(c, sql, b.params as Params));
	return { rows: rows.slice(0, max), truncated: rows.length > max };
}

export function flagsOf(bits: number): FlagId[] {
	return FLAG_IDS.filter((_, i) => (bits & (1 << i)) !== 0);
}

export interface CaseDetail {
	case: Row;
	item: Row | null;
	dept: Row | null;
	events: Row[];
	ratings: Row[];
	flags: FlagId[];
	asOf: string;
	/** Working days used so far (in progress) or elapsed (completed), net of suspended days. */
	used: number | null;
	/** Working days on the calendar between start and completion / as-of, before suspension. */
	gross: number | null;
}

/** One case with its item, department, timeline, ratings, flags and working-day clock (null if unknown). */
export async function caseDetail(
	db: Analytics,
	caseId: string,
	asOf: string,
	t: Thresholds
): Promise<CaseDetail | null> {
	const [c] = await db.query(
		`SELECT c.*, r.name AS region_name FROM cases c LEFT JOIN regions r ON r.region_code = c.region_code WHERE c.case_id = $1`,
		[caseId]
	);
	if (!c) return null;
	// The flag columns come from the list query restricted to this case (the engine's predicates, as-of clock).
	const window = await repeatWindow(db, t, (wb) => `c1.case_id = ${wb.bind(caseId)}`);
	const b = new Binder();
	const w = 'ao.w';
	const sql = `WITH ao AS (SELECT wd_index AS w FROM calendar WHERE date = ${b.date(asOf)}),
	${repeatSuspects(b, t, `c1.case_id = ${b.bind(caseId)}`, window)}
	SELECT
		${Object.entries(flagExprs(b, t, w))
			.map(([f, e]) => `${e} AS ${f}`)
			.join(', ')},
		CASE WHEN c.status = 'in_progress' THEN ${usedDays(w)} ELSE c.elapsed_wd END AS used,
		CASE WHEN c.completed_at IS NOT NULL THEN cc.wd_index - c.start_wdi
			WHEN c.status = 'in_progress' THEN ${w} - c.start_wdi END AS gross
	FROM cases c CROSS JOIN ao
	LEFT JOIN ${itemsWithTransition(b, t)} i ON i.item_code = c.item_code
	LEFT JOIN calendar cc ON cc.date = c.completed_date
	LEFT JOIN rep ON rep.case_id = c.case_id
	WHERE c.case_id = ${b.bind(caseId)}`;
	const [[f], [item], [dept], events, ratings] = await Promise.all([
		db.query(sql, b.params),
		db.query(`SELECT * FROM items WHERE item_code = $1`, [c.item_code as string]),
		db.query(
			`SELECT d.*, r.name AS region_name FROM departments d LEFT JOIN regions r ON r.region_code = d.region_code WHERE d.dept_code = $1`,
			[c.dept_code as string]
		),
		db.query(
			`SELECT e.activity, e.ts, e.actor, e.dept_code, d.name AS dept_name FROM events e
			 LEFT JOIN departments d ON d.dept_code = e.dept_code WHERE e.case_id = $1 ORDER BY e.ts, e.seq`,
			[caseId]
		),
		db.query(
			// is_default: a default rating (默认评价) is listed, marked, though no rating KPI counts it
			`SELECT rating_id, channel, rated_at, score, reason, rectified_at, rectified_wd, coalesce(is_default, false) AS is_default
			 FROM ratings WHERE case_id = $1 ORDER BY rated_at`,
			[caseId]
		)
	]);
	return {
		case: c,
		item: item ?? null,
		dept: dept ?? null,
		events,
		ratings,
		flags: FLAG_IDS.filter((x) => f?.[x] === true),
		asOf,
		used: (f?.used as number | null) ?? null,
		gross: (f?.gross as number | null) ?? null
	};
}

/** The engine's KPIs an item row shows (kpi/breakdown.ts runs the volume and timeliness families for them). */
const ITEM_KPIS = ['cases', 'completed', 'on_time_rate', 'mean_elapsed_workdays'] as const;

const ITEM_COLUMNS =
	'i.item_code, i.name, i.power_type, i.delegation_mode, i.statutory_days, i.promised_days';

/**
 * Per item of the scope, the case status as of the period end — in progress, overdue (the red flag over the flag
 * engine's live population, as-of clock) and the last submission — with the item's attributes and whether one of
 * the scope's departments receives it (`own`). Items with a case of the scope by the period end, and the
 * scope's own items.
 */
async function itemStatus(db: Analytics, q: KpiQuery, t: Thresholds, item: string | null): Promise<Row[]> {
	const b = new Binder();
	const head = frame(b, {
		periods: [{ key: 'p', from: q.from, to: q.to }],
		groups: [{ kind: 'total', scoped: true }],
		scope: { dept: q.dept, region: q.region, peer_group: q.peer_group }
	});
	const to = b.date(q.to);
	const w = 'ao.w';
	const slice = caseSlice(b, { power_type: q.power_type, channel: q.channel, rating_channel: null });
	const itemCond = item ? ` AND c.item_code = ${b.bind(item)}` : '';
	const itemCondI = item ? ` AND i.item_code = ${b.bind(item)}` : '';
	const pt = q.power_type ? ` AND i.power_type = ${b.bind(q.power_type)}` : '';
	const sql = `${head},
	ao AS (SELECT wd_index AS w FROM calendar WHERE date = ${b.date(resolveAsOf(q))}),
	st AS (
		SELECT c.item_code,
			count(*) FILTER (WHERE c.status = 'in_progress') AS in_progress,
			count(*) FILTER (WHERE ${population(b, 'live', q.from, q.to, 'c')} AND ${redOverdue(w)}) AS overdue,
			max(c.submitted_date) AS last_case
		FROM cases c CROSS JOIN ao
		JOIN gm ON gm.dept_code = c.dept_code
		LEFT JOIN items i ON i.item_code = c.item_code
		WHERE c.submitted_date <= ${to}${slice}${itemCond}
		GROUP BY c.item_code
	),
	own AS (SELECT i.item_code FROM items i JOIN gm ON gm.dept_code = i.dept_code WHERE TRUE${pt}${itemCondI})
	SELECT ${ITEM_COLUMNS}, coalesce(st.in_progress, 0) AS in_progress, coalesce(st.overdue, 0) AS overdue,
		st.last_case, i.item_code IN (SELECT item_code FROM own) AS own
	FROM (SELECT item_code FROM st UNION SELECT item_code FROM own) l
	JOIN items i USING (item_code) LEFT JOIN st USING (item_code)`;
	return db.query(sql, b.params);
}

/**
 * Per item handled by the scope (e.g. one department): cases submitted and completed in the period, on-time rate
 * and mean elapsed days — the engine's KPIs per item (kpi/breakdown.ts), not a second definition — and the case
 * status as of the period end (`itemStatus`). Listed: items with a case in the period, in progress or overdue,
 * and every item of the scope's departments (zero rows), so idle items show. Busiest first.
 */
export async function itemTable(
	db: Analytics,
	q: KpiQuery,
	t: Thresholds,
	item: string | null = null
): Promise<ItemRow[]> {
	const [perItem, status] = await Promise.all([
		computeKpiBreakdown(db, q, { thresholds: t, by: 'item', kpis: ITEM_KPIS, only: item ? [item] : null }),
		itemStatus(db, q, t, item)
	]);
	const kpis = new Map(perItem.map((r) => [r.key, r]));
	const byCode = new Map(status.map((r) => [r.item_code as string, r]));
	// An item counted by the engine but without a case submitted by the period end (a completion dated before its
	// submission): its attributes still come from the catalogue.
	const missing = perItem.flatMap((r) => (r.key !== null && !byCode.has(r.key) ? [r.key] : []));
	if (missing.length)
		for (const r of await db.query(
			`SELECT ${ITEM_COLUMNS}, 0 AS in_progress, 0 AS overdue, NULL AS last_case, false AS own
			 FROM items i WHERE i.item_code IN (SELECT unnest($1::VARCHAR[]))`,
			[listValue(missing)]
		))
			byCode.set(r.item_code as string, r);
	const rows: ItemRow[] = [];
	for (const [code, r] of byCode) {
		const k = kpis.get(code);
		const cases = k?.counts.volume?.cases ?? 0;
		const completed = k?.counts.timeliness?.completed ?? 0;
		const in_progress = Number(r.in_progress);
		const overdue = Number(r.overdue);
		if (!(r.own === true || cases > 0 || completed > 0 || in_progress > 0 || overdue > 0)) continue;
		rows.push({
			item_code: code,
			name: r.name as string,
			power_type: (r.power_type as string) ?? null,
			delegation_mode: (r.delegation_mode as string) ?? null,
			statutory_days: (r.statutory_days as number) ?? null,
			promised_days: (r.promised_days as number) ?? null,
			cases,
			completed,
			in_progress,
			on_time_rate: k?.kpis.on_time_rate ?? null,
			mean_elapsed_workdays: k?.kpis.mean_elapsed_workdays ?? null,
			overdue,
			last_case: (r.last_case as string) ?? null
		});
	}
	return rows.sort(
		(a, z) => z.cases - a.cases || (a.item_code < z.item_code ? -1 : a.item_code > z.item_code ? 1 : 0)
	);
}

/** Display names for codes shown in a list's context line (unknown codes are simply absent). */
export async function codeNames(
	db: Analytics,
	items: string[],
	depts: string[]
): Promise<{ items: Record<string, string>; depts: Record<string, string> }> {
	const bi = new Binder();
	const bd = new Binder();
	const [ir, dr] = await Promise.all([
		items.length
			? db.query(`SELECT item_code, name FROM items WHERE item_code IN (${bi.list(items)})`, bi.params)
			: [],
		depts.length
			? db.query(`SELECT dept_code, name FROM departments WHERE dept_code IN (${bd.list(depts)})`, bd.params)
			: []
	]);
	return {
		items: Object.fromEntries(ir.map((r) => [r.item_code as string, r.name as string])),
		depts: Object.fromEntries(dr.map((r) => [r.dept_code as string, r.name as string]))
	};
}
/** A catalogue item with its departments' names and the handover lag in working days (null if not handed over). */
export async function itemInfo(db: Analytics, code: string): Promise<Row | null> {
	const [r] = await db.query(
		`SELECT i.*, d.name AS dept_name, s.name AS source_dept_name,
			ka.wd_index - kd.wd_index AS handover_wd
		 FROM items i
		 LEFT JOIN departments d ON d.dept_code = i.dept_code
		 LEFT JOIN departments s ON s.dept_code = i.source_dept_code
		 LEFT JOIN calendar kd ON kd.date = i.delegated_on
		 LEFT JOIN calendar ka ON ka.date = i.accepted_on
		 WHERE i.item_code = $1`,
		[code]
	);
	return r ?? null;
}
