/**
 * Data completeness (analytics/completeness.ts): counts, notes and the KPI availability map on small databases
 * built here — empty; a flat 办件 export only (items and departments of origin 'export', no delegation, no
 * ratings); a catalogue with default ratings; default ratings only — plus the card reasons the dashboards attach
 * (dashboard/availability.ts) and the lines for an import summary.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { openAnalytics, type Analytics } from '../../../src/lib/server/analytics/db';
import { refreshAll } from '../../../src/lib/server/analytics/derive';
import {
	completenessNotesText,
	dataCompleteness,
	kpiAvailability,
	notesOf
} from '../../../src/lib/server/analytics/completeness';
import { markUnavailable } from '../../../src/lib/server/dashboard/availability';
import { KPI_IDS } from '../../../src/lib/kpi/catalog';
import { noteText, reasonShort } from '../../../src/lib/completeness';

const open: Analytics[] = [];
async function memDb(cache = false): Promise<Analytics> {
	const db = await openAnalytics(':memory:', { cache });
	open.push(db);
	return db;
}
afterEach(async () => {
	for (const db of open.splice(0)) await db.close();
});

const DELEGATION = [
	'delegated_items',
	'acceptance_rate',
	'handover_on_time_rate',
	'activation_rate',
	'idle_items',
	'nominal_delegation_cases',
	'cancelled_item_cases'
];
const RATING = [
	'ratings',
	'satisfaction_rate',
	'bad_reviews',
	'rectification_rate',
	'mean_score',
	'rating_coverage'
];

/**
 * What a flat 办件 export leaves: a department and two items created by the export (origin 'export', no
 * delegation), 5 cases of which 2 without 受理时间, none with 跑动次数, 1 without 办理渠道, 2 of an item without limits.
 */
async function flatExport(db: Analytics): Promise<void> {
	await db.write(async (c) => {
		await c.run(`INSERT INTO departments (dept_code, name, origin) VALUES ('X01', '行政审批局', 'export')`);
		await c.run(
			`INSERT INTO items (item_code, name, dept_code, statutory_days, promised_days, origin) VALUES
				('I1', '食品经营许可', 'X01', 20, 10, 'export'),
				('I2', '个体工商户登记', 'X01', NULL, NULL, 'export')`
		);
		await c.run(
			`INSERT INTO cases (case_id, item_code, dept_code, channel, submitted_at, accepted_at, completed_at, status) VALUES
				('C1', 'I1', 'X01', 'online', '2024-03-01 09:00', '2024-03-01 10:00', '2024-03-05 10:00', 'completed'),
				('C2', 'I1', 'X01', 'window', '2024-03-02 09:00', NULL, '2024-03-06 10:00', 'completed'),
				('C3', 'I1', 'X01', NULL, '2024-03-03 09:00', '2024-03-04 09:00', NULL, 'in_progress'),
				('C4', 'I2', 'X01', 'online', '2024-03-04 09:00', NULL, '2024-03-04 15:00', 'completed'),
				('C5', 'I2', 'X01', 'window', '2024-03-05 09:00', '2024-03-05 09:30', '2024-03-07 10:00', 'completed')`
		);
		await refreshAll(c);
	});
}

/** A catalogue over the export: the department gets a peer group, I1 becomes a delegated catalogue item. */
async function catalogue(db: Analytics): Promise<void> {
	await db.write(async (c) => {
		await c.run(`INSERT INTO departments (dept_code, name, peer_group) VALUES ('S01', '市场监管局', 'city')`);
		await c.run(`UPDATE departments SET peer_group = 'county', origin = NULL WHERE dept_code = 'X01'`);
		await c.run(
			`UPDATE items SET delegation_mode = 'devolved', source_dept_code = 'S01', delegated_on = DATE '2024-01-02',
				origin = NULL WHERE item_code = 'I1'`
		);
		await c.run(`UPDATE cases SET visits = 1`);
	});
}

async function ratings(
	db: Analytics,
	rows: [id: string, caseId: string | null, isDefault: boolean | null][]
) {
	await db.write(async (c) => {
		for (const [id, caseId, isDefault] of rows)
			await c.run(
				`INSERT INTO ratings (rating_id, case_id, dept_code, channel, rated_at, score, is_default)
				VALUES ($1, $2, 'X01', 'online', TIMESTAMP '2024-03-08 10:00', 5, $3)`,
				[id, caseId, isDefault]
			);
		await refreshAll(c);
	});
}

const codes = (notes: { code: string }[]) => notes.map((n) => n.code);

describe('data completeness', () => {
	it('empty database: no_data, every KPI unavailable for that reason', async () => {
		const db = await memDb();
		const c = await dataCompleteness(db);
		expect(c.tables).toEqual({ regions: 0, departments: 0, items: 0, cases: 0, events: 0, ratings: 0 });
		expect(c.notes).toEqual([{ level: 'missing', code: 'no_data', params: {} }]);
		const a = kpiAvailability(c);
		expect(Object.keys(a).sort()).toEqual([...KPI_IDS].sort());
		expect(new Set(Object.values(a))).toEqual(new Set(['no_data']));
		expect(await completenessNotesText(db, 'zh')).toEqual(['尚未导入数据：请先导入办件导出文件']);
	});

	it('a flat 办件 export only: no catalogue, exact counts, delegation / rating / visit KPIs unavailable', async () => {
		const db = await memDb();
		await flatExport(db);
		const c = await dataCompleteness(db);
		expect(c.tables).toMatchObject({ departments: 1, items: 2, cases: 5, events: 0, ratings: 0 });
		expect(c.catalogue).toMatchObject({
			items: 2,
			itemsFromExport: 2,
			itemsWithDelegation: 0,
			itemsWithStatutory: 1,
			itemsWithPromised: 1,
			itemsWithBothLimits: 1,
			departmentsFromExport: 1,
			departmentsWithoutPeerGroup: 1
		});
		expect(c.cases).toEqual({
			total: 5,
			withoutAccepted: 2,
			withoutVisits: 5,
			withoutChannel: 1,
			withoutLimit: 2,
			withStatutory: 3,
			inProgress: 1
		});
		expect(
			c.notes
				.filter((n) => n.level === 'missing')
				.map((n) => n.code)
				.sort()
		).toEqual(['no_catalogue', 'no_ratings', 'no_visits'].sort());
		expect(c.notes.find((n) => n.code === 'cases_without_accepted')).toEqual({
			level: 'partial',
			code: 'cases_without_accepted',
			params: { n: 2, total: 5 }
		});
		expect(codes(c.notes)).toEqual(
			expect.arrayContaining([
				'items_from_export',
				'cases_without_limit',
				'cases_without_channel',
				'no_events',
				'departments_from_export',
				'departments_without_peer_group'
			])
		);
		// missing first, then partial, then info
		const order = c.notes.map((n) => ['missing', 'partial', 'info'].indexOf(n.level));
		expect(order).toEqual([...order].sort());

		const a = kpiAvailability(c);
		for (const id of DELEGATION) expect(a[id as keyof typeof a], id).toBe('no_catalogue');
		for (const id of RATING) expect(a[id as keyof typeof a], id).toBe('no_ratings');
		expect(a.one_visit_rate).toBe('no_visits');
		expect(a.zero_visit_rate).toBe('no_visits');
		// computable, from part of the rows (partial notes), or with real values
		for (const id of [
			'cases',
			'completed',
			'on_time_rate',
			'online_rate',
			'speedup_vs_statutory',
			'promise_compression_rate'
		])
			expect(a[id as keyof typeof a], id).toBeUndefined();

		const en = await completenessNotesText(db, 'en');
		expect(en).toContain('No catalogue imported: delegation screens need a 权力清单 (事项) file');
		expect(en).toContain('2 cases have no 受理时间: their clock starts at 申请时间');
		expect(await completenessNotesText(db, 'zh')).toContain('2 件办件没有受理时间：按申请时间起算');
	});

	it('a catalogue and ratings with defaults: delegation and rating KPIs come back; defaults are a note', async () => {
		const db = await memDb();
		await flatExport(db);
		await catalogue(db);
		await ratings(db, [
			['R1', 'C1', false],
			['R2', null, null],
			['R3', 'C2', true],
			['R4', null, true]
		]);
		const c = await dataCompleteness(db);
		expect(c.ratings).toEqual({ total: 4, defaults: 2, withoutCase: 1 });
		expect(c.catalogue).toMatchObject({
			itemsFromExport: 1,
			itemsWithDelegation: 1,
			departmentsWithoutPeerGroup: 0
		});
		const byCode = Object.fromEntries(c.notes.map((n) => [n.code, n]));
		expect(byCode.default_ratings).toEqual({ level: 'info', code: 'default_ratings', params: { n: 2 } });
		expect(byCode.ratings_without_case).toEqual({
			level: 'partial',
			code: 'ratings_without_case',
			params: { n: 1, total: 2 }
		});
		expect(byCode.items_from_export).toEqual({
			level: 'partial',
			code: 'items_from_export',
			params: { n: 1, total: 2 }
		});
		for (const gone of [
			'no_catalogue',
			'no_delegation',
			'no_ratings',
			'no_visits',
			'departments_without_peer_group'
		])
			expect(byCode[gone], gone).toBeUndefined();
		expect(kpiAvailability(c)).toEqual({});
		expect(noteText(byCode.default_ratings, 'zh')).toBe('2 条默认评价不计入满意度类指标');
	});

	it('default ratings only: every rating KPI unavailable (only_default_ratings)', async () => {
		const db = await memDb();
		await flatExport(db);
		await ratings(db, [
			['R1', 'C1', true],
			['R2', 'C2', true]
		]);
		const c = await dataCompleteness(db);
		expect(c.notes.find((n) => n.code === 'only_default_ratings')).toEqual({
			level: 'missing',
			code: 'only_default_ratings',
			params: { n: 2 }
		});
		const a = kpiAvailability(c);
		for (const id of RATING) expect(a[id as keyof typeof a], id).toBe('only_default_ratings');
	});

	it('catalogue without limits or channels: on-time, speed-up, compression and online rate unavailable', () => {
		const base = {
			tables: { regions: 0, departments: 1, items: 1, cases: 3, events: 3, ratings: 0 },
			catalogue: {
				items: 1,
				itemsFromExport: 0,
				itemsWithDelegation: 1,
				itemsWithStatutory: 0,
				itemsWithPromised: 0,
				itemsWithBothLimits: 0,
				departments: 1,
				departmentsFromExport: 0,
				departmentsWithoutPeerGroup: 0,
				regionsFromExport: 0
			},
			cases: {
				total: 3,
				withoutAccepted: 0,
				withoutVisits: 0,
				withoutChannel: 3,
				withoutLimit: 3,
				withStatutory: 0,
				inProgress: 0
			},
			ratings: { total: 0, defaults: 0, withoutCase: 0 }
		};
		const c = { ...base, notes: notesOf(base) };
		expect(codes(c.notes)).toEqual(expect.arrayContaining(['no_limits', 'no_channel', 'no_ratings']));
		expect(codes(c.notes)).not.toContain('cases_without_limit');
		const a = kpiAvailability(c);
		expect(a).toMatchObject({
			on_time_rate: 'no_limits',
			speedup_vs_statutory: 'no_limits',
			promise_compression_rate: 'no_limits',
			online_rate: 'no_channel'
		});
		expect(a.delegated_items).toBeUndefined();
		// statutory limits but no promise: only the compression rate
		const withStatutory = {
			...base,
			catalogue: { ...base.catalogue, itemsWithStatutory: 1 },
			cases: { ...base.cases, withoutLimit: 0, withStatutory: 3 }
		};
		const a2 = kpiAvailability({ ...withStatutory, notes: notesOf(withStatutory) });
		expect(a2.promise_compression_rate).toBe('no_promised');
		expect(a2.on_time_rate).toBeUndefined();
		expect(a2.speedup_vs_statutory).toBeUndefined();
	});

	it('large counts use the formatter (万 in Chinese, separators in English)', () => {
		const note = {
			level: 'partial' as const,
			code: 'cases_without_accepted' as const,
			params: { n: 23140, total: 44349 }
		};
		expect(noteText(note, 'zh')).toBe('2.31万 件办件没有受理时间：按申请时间起算');
		expect(noteText(note, 'en')).toBe('23,140 cases have no 受理时间: their clock starts at 申请时间');
	});

	it('cached by data version: a write changes the answer', async () => {
		const db = await memDb(true);
		await flatExport(db);
		expect(codes((await dataCompleteness(db)).notes)).toContain('no_ratings');
		await ratings(db, [['R1', 'C1', false]]);
		expect(codes((await dataCompleteness(db)).notes)).not.toContain('no_ratings');
	});

	it('dashboard cards of unavailable KPIs carry the reason; others stay as they are', async () => {
		const db = await memDb();
		await flatExport(db);
		const card = (id: string) => ({ id, value: 0, yoy: null, pop: null }) as never;
		const r = await markUnavailable(db, {
			frame: null,
			data: {
				cards: [card('acceptance_rate'), card('cases'), card('satisfaction_rate'), card('one_visit_rate')],
				other: 1
			}
		});
		const [acc, cases, sat, visit] = r.data!.cards as { unavailable?: { code: string; params: object } }[];
		expect(acc.unavailable).toMatchObject({ code: 'no_catalogue' });
		expect(cases.unavailable).toBeUndefined();
		expect(sat.unavailable).toMatchObject({ code: 'no_ratings' });
		expect(visit.unavailable).toMatchObject({ code: 'no_visits' });
		expect(reasonShort('no_catalogue', 'zh')).toBe('需导入权力清单');
		expect((await markUnavailable(db, { frame: null, data: null })).data).toBeNull();
	});

	it('a screen none of whose KPIs the data answers is not an "empty period"; a merely empty period stays so', async () => {
		const db = await memDb();
		await flatExport(db);
		const card = (id: string) => ({ id, value: null, yoy: null, pop: null }) as never;
		const noRatings = await markUnavailable(db, {
			frame: null,
			data: { cards: [card('ratings'), card('satisfaction_rate')], emptyPeriod: true }
		});
		expect(noRatings.data!.emptyPeriod).toBe(false);
		const quietMonth = await markUnavailable(db, {
			frame: null,
			data: { cards: [card('cases'), card('online_rate')], emptyPeriod: true }
		});
		expect(quietMonth.data!.emptyPeriod).toBe(true);
	});
});
