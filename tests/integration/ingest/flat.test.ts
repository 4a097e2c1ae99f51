/**
 * Flat platform exports (DOMAIN.md "Real exports"): a 办件 export naming items and units by code and/or name
 * and a 好差评 export naming units by name, imported into an empty database, give the same case- and rating-
 * based KPIs as the canonical tables of the same cases; a later catalogue completes the delegation KPIs and
 * changes none of the others. Hand-made fixture around the 2024 Spring Festival (holidays 10–17 Feb, make-up
 * working days Sun 4 Feb and Sun 18 Feb).
 */
import { afterAll, describe, expect, it } from 'vitest';
import { openAnalytics, type Analytics } from '../../../src/lib/server/analytics/db';
import { computeKpiReport } from '../../../src/lib/server/analytics/kpi/compute-report';
import { periodQuery } from '../../../src/lib/server/analytics/kpi/query';
import { importFiles, ImportFailedError } from '../../../src/lib/server/ingest/index';
import { derivedCode } from '../../../src/lib/server/ingest/derived-code';
import { gbEncode } from '../../fixtures/ingest-data';
import { opts } from '../../unit/kpi/fixture';
import { tempDir, writeText } from '../helpers/ingest';

const dir = tempDir('flat');
const FOOD = derivedCode('item_code', '食品经营许可');
const csv = (rows: (string | number | null)[][]) => rows.map((r) => r.map((v) => v ?? '').join(',')).join('\r\n') + '\r\n';

// ---- the flat exports ----
const FLAT_CASES_HEAD = ['申报号', '事项编码', '事项名称', '实施主体', '实施主体编码', '申报方式', '申报时间', '受理时间', '办结时间', '办理状态', '法定办结时限(工作日)', '承诺办结时限(工作日)', '跑动次数'];
const FLAT_CASES = [
	['C1', 'I1', '个体工商户登记', '市场监督管理局', 'D1', '网上申报', '2024/2/5 09:00', '2024/2/5 10:00', '2024-02-19 16:00', '准予许可', 20, 10, 0],
	['C2', 'I1', '个体工商户登记', '市场监督管理局', 'D1', '窗口申报', '2024/3/1 09:00', '2024/3/1 09:30', '2024-03-20 11:00', '不予许可', 20, 10, 1],
	['C3', '', '食品经营许可', '市场监督管理局', 'D1', '网上申报', '2024/3/5 09:00', '2024/3/5 09:10', '2024-03-06 15:00', '已办结', 20, 8, 0],
	['C4', 'I2', '道路运输经营许可', '交通运输局', 'D2', '窗口申报', '2024/3/10 10:00', '', '', '不予受理', 20, 15, 2],
	['C5', 'I2', '道路运输经营许可', '交通运输局', 'D2', '自助终端', '2024/4/1 10:00', '2024/4/1 11:00', '', '在办', 20, 15, 1],
	['C6', 'I2', '道路运输经营许可', '交通运输局', 'D2', '窗口申报', '2024/4/2 10:00', '2024/4/2 10:30', '2024-04-03 17:00', '退件', 20, 15, 1],
	['C7', '', '无效事项', '无效部门', '', '网上申报', '2024/2/30 10:00', '', '', '在办', 5, 5, 0],
	['C8', 'I1', '个体工商户登记', '市场监督管理局', 'D1', '网上申报', '2024/4/8 09:00', '2024/4/8 09:05', '2024-04-08 16:00', '已办结', 20, 12, 0]
];
const FLAT_RATINGS_HEAD = ['评价编号', '办件编号', '评价部门', '评价渠道', '评价时间', '评价等级', '评价方式', '差评原因', '整改时间'];
const FLAT_RATINGS = [
	['R1', 'C1', '市场监督管理局', 'PC端', '2024-02-20 10:00', '非常满意', '主动评价', '', ''],
	['R2', 'C2', '市场监督管理局', '窗口评价器', '2024-03-21 10:00', '不满意', '主动评价', '等待太久', '2024-03-25 10:00'],
	['R3', 'C3', '市场监督管理局', '移动端', '2024-03-20 10:00', '非常满意', '默认评价', '', ''],
	['R4', 'C6', '交通运输局', '短信', '2024-04-05 10:00', '非常不满意', '默认评价', '', ''],
	['R5', '', '交通运输局', '12345热线', '2024-04-10 10:00', '满意', '主动评价', '', '']
];

// ---- the canonical twin of the same cases ----
const DEPARTMENTS = [['dept_code', 'name', 'peer_group'], ['D1', '市场监督管理局', 'A'], ['D2', '交通运输局', 'A']];
const ITEMS = [
	['item_code', 'name', 'dept_code', 'delegation_mode', 'delegated_on', 'accepted_on', 'statutory_days', 'promised_days'],
	['I1', '个体工商户登记', 'D1', 'devolved', '2023-06-01', '2023-06-20', 20, 10],
	['I2', '道路运输经营许可', 'D2', 'entrusted', '2023-07-01', '', 20, 15],
	[FOOD, '食品经营许可', 'D1', 'retained', '', '', 20, 8]
];
const CASES = [
	['case_id', 'item_code', 'dept_code', 'channel', 'submitted_at', 'accepted_at', 'completed_at', 'status', 'visits'],
	['C1', 'I1', 'D1', 'online', '2024-02-05 09:00', '2024-02-05 10:00', '2024-02-19 16:00', 'completed', 0],
	['C2', 'I1', 'D1', 'window', '2024-03-01 09:00', '2024-03-01 09:30', '2024-03-20 11:00', 'completed', 1],
	['C3', FOOD, 'D1', 'online', '2024-03-05 09:00', '2024-03-05 09:10', '2024-03-06 15:00', 'completed', 0],
	['C4', 'I2', 'D2', 'window', '2024-03-10 10:00', '', '', 'rejected', 2],
	['C5', 'I2', 'D2', 'self_service', '2024-04-01 10:00', '2024-04-01 11:00', '', 'in_progress', 1],
	['C6', 'I2', 'D2', 'window', '2024-04-02 10:00', '2024-04-02 10:30', '2024-04-03 17:00', 'returned', 1],
	['C8', 'I1', 'D1', 'online', '2024-04-08 09:00', '2024-04-08 09:05', '2024-04-08 16:00', 'completed', 0]
];
const RATINGS = [
	['rating_id', 'case_id', 'dept_code', 'channel', 'rated_at', 'score', 'is_default', 'reason', 'rectified_at'],
	['R1', 'C1', 'D1', 'online', '2024-02-20 10:00', 5, 'false', '', ''],
	['R2', 'C2', 'D1', 'window_device', '2024-03-21 10:00', 2, 'false', '等待太久', '2024-03-25 10:00'],
	['R3', 'C3', 'D1', 'app', '2024-03-20 10:00', 5, 'true', '', ''],
	['R4', 'C6', 'D2', 'sms', '2024-04-05 10:00', 1, 'true', '', ''],
	['R5', '', 'D2', 'hotline', '2024-04-10 10:00', 4, 'false', '', '']
];

const flatCases = writeText(dir, 'flat/办件明细.csv', gbEncode(csv([FLAT_CASES_HEAD, ...FLAT_CASES]), 'gbk'));
const flatRatings = writeText(dir, 'flat/好差评导出.csv', gbEncode(csv([FLAT_RATINGS_HEAD, ...FLAT_RATINGS]), 'gbk'));
const canon = (name: string, rows: (string | number | null)[][], set = 'canon') => ({ path: writeText(dir, `${set}/${name}.csv`, csv(rows)) });
const catalogueItems = canon('items', ITEMS);
const catalogueDepts = canon('departments', DEPARTMENTS);

/** KPIs that a flat export carries everything for (case- and rating-based). */
const CASE_AND_RATING_KPIS = [
	'cases', 'completed', 'on_time_rate', 'mean_elapsed_workdays', 'immediate_rate', 'speedup_vs_statutory',
	'online_rate', 'one_visit_rate', 'zero_visit_rate', 'rejection_rate', 'return_rate', 'ratings',
	'satisfaction_rate', 'bad_reviews', 'rectification_rate', 'rating_coverage', 'mean_score', 'promise_compression_rate'
] as const;

const q = periodQuery('2024-01-01', '2024-12-31');
const pick = (k: Record<string, unknown>) => Object.fromEntries(CASE_AND_RATING_KPIS.map((id) => [id, k[id]]));
const dbs: Analytics[] = [];
async function fresh(): Promise<Analytics> {
	const db = await openAnalytics(':memory:');
	dbs.push(db);
	return db;
}

afterAll(async () => {
	for (const db of dbs) await db.close();
});

describe('flat exports create their catalogue', () => {
	it('an empty database takes a flat 办件 export and a flat 好差评 export as they are', async () => {
		const db = await fresh();
		const s = await importFiles(db, [{ path: flatCases }, { path: flatRatings }]);
		expect(s.status).toBe('completed');
		const [cases, ratings] = s.files;
		expect(cases).toMatchObject({ table: 'cases', encoding: 'gbk', rowsRead: 8, rowsStored: 7, rowsRejected: 1 });
		expect(ratings).toMatchObject({ table: 'ratings', rowsStored: 5, rowsRejected: 0 });
		expect(s.rejects.map((r) => [r.row, r.column, r.reason])).toEqual([[8, '申报时间', 'bad_date']]);
		// Items and units the rows name, with their most frequent limits; nothing from the rejected row.
		const items = await db.query(`SELECT item_code, name, dept_code, statutory_days, promised_days, origin FROM items ORDER BY item_code`);
		expect(items).toEqual([
			{ item_code: 'I1', name: '个体工商户登记', dept_code: 'D1', statutory_days: 20, promised_days: 10, origin: 'export' },
			{ item_code: 'I2', name: '道路运输经营许可', dept_code: 'D2', statutory_days: 20, promised_days: 15, origin: 'export' },
			{ item_code: FOOD, name: '食品经营许可', dept_code: 'D1', statutory_days: 20, promised_days: 8, origin: 'export' }
		]);
		expect(await db.query(`SELECT dept_code, name, origin FROM departments ORDER BY dept_code`)).toEqual([
			{ dept_code: 'D1', name: '市场监督管理局', origin: 'export' },
			{ dept_code: 'D2', name: '交通运输局', origin: 'export' }
		]);
		// The rating export named its units by name only: they resolved to the units of the 办件 export.
		expect(await db.query(`SELECT rating_id, dept_code, channel, is_default FROM ratings ORDER BY rating_id`)).toEqual([
			{ rating_id: 'R1', dept_code: 'D1', channel: 'online', is_default: false },
			{ rating_id: 'R2', dept_code: 'D1', channel: 'window_device', is_default: false },
			{ rating_id: 'R3', dept_code: 'D1', channel: 'app', is_default: true },
			{ rating_id: 'R4', dept_code: 'D2', channel: 'sms', is_default: true },
			{ rating_id: 'R5', dept_code: 'D2', channel: 'hotline', is_default: false }
		]);
		// 不予许可 is a decision (completed); C1 across the Spring Festival: 6 working days.
		const c = await db.query(`SELECT case_id, status, elapsed_wd, limit_days, on_time FROM cases WHERE case_id IN ('C1', 'C2') ORDER BY 1`);
		expect(c).toEqual([
			{ case_id: 'C1', status: 'completed', elapsed_wd: 6, limit_days: 10, on_time: true },
			{ case_id: 'C2', status: 'completed', elapsed_wd: 13, limit_days: 10, on_time: false }
		]);
		// I1's rows disagree on 承诺时限 (10, 10, 12): said, and the most frequent kept.
		expect(s.warnings.join('\n')).toMatch(/I1（10 天 ×2，12 天 ×1，采用 10 天）/);
	});

	it('gives the case- and rating-based KPIs of the canonical tables, total and per department', async () => {
		const flat = await fresh();
		await importFiles(flat, [{ path: flatCases }, { path: flatRatings }]);
		const canonical = await fresh();
		await importFiles(canonical, [catalogueDepts, catalogueItems, canon('cases', CASES), canon('ratings', RATINGS)]);
		const [a, b] = await Promise.all([computeKpiReport(canonical, q, opts()), computeKpiReport(flat, q, opts())]);
		expect(pick(b.total.kpis)).toEqual(pick(a.total.kpis));
		for (const d of a.departments)
			expect(pick(b.departments.find((x) => x.dept_code === d.dept_code)!.kpis)).toEqual(pick(d.kpis));
		// Hand-computed: 7 cases; completed C1 C2 C3 C8 (C2 late) → on time 3/4; default ratings left out: 3 ratings,
		// 1 bad (R2, rectified in 2 working days), satisfaction 2/3; coverage: C1, C2 rated of 4 completed.
		expect(a.total.kpis.cases).toEqual(7);
		expect(a.total.kpis.completed).toEqual(4);
		expect(a.total.kpis.on_time_rate).toBeCloseTo(0.75, 10);
		expect(a.total.kpis.ratings).toEqual(3);
		expect(a.total.kpis.bad_reviews).toEqual(1);
		expect(a.total.kpis.satisfaction_rate).toBeCloseTo(2 / 3, 10);
		expect(a.total.kpis.rating_coverage).toBeCloseTo(0.5, 10);
		// Delegation cannot be known from a flat export: null, not 0.
		expect(b.total.kpis.acceptance_rate).toBeNull();
	});

	it('a later catalogue completes delegation KPIs and changes none of the others; the flat file again changes nothing', async () => {
		const flat = await fresh();
		await importFiles(flat, [{ path: flatCases }, { path: flatRatings }]);
		const before = await computeKpiReport(flat, q, opts());
		const s = await importFiles(flat, [catalogueDepts, catalogueItems]);
		expect(s.status).toBe('completed');
		expect(await flat.query(`SELECT count(*) AS n FROM items WHERE origin IS NOT NULL`)).toEqual([{ n: 0 }]);
		const canonical = await fresh();
		await importFiles(canonical, [catalogueDepts, catalogueItems, canon('cases', CASES), canon('ratings', RATINGS)]);
		const [a, b] = await Promise.all([computeKpiReport(canonical, q, opts()), computeKpiReport(flat, q, opts())]);
		expect(JSON.stringify(b)).toBe(JSON.stringify(a));
		expect(pick(b.total.kpis)).toEqual(pick(before.total.kpis));
		expect(a.total.kpis.delegated_items).toEqual(2);
		// Re-importing the flat export (content changed: one more case) never overwrites catalogue values.
		await flat.write((c) => c.run(`UPDATE items SET promised_days = 9 WHERE item_code = 'I1'`));
		const again = writeText(dir, 'flat2/办件明细.csv', gbEncode(csv([FLAT_CASES_HEAD, ...FLAT_CASES, ['C9', 'I1', '个体工商户登记', '市场监督管理局', 'D1', '网上申报', '2024/5/6 09:00', '', '', '在办', 20, 10, 0]]), 'gbk'));
		await importFiles(flat, [{ path: again }]);
		expect(await flat.query(`SELECT promised_days, origin FROM items WHERE item_code = 'I1'`)).toEqual([{ promised_days: 9, origin: null }]);
	});

	it('a catalogue that lists a name-only item under its real code takes its cases over', async () => {
		const flat = await fresh();
		await importFiles(flat, [{ path: flatCases }, { path: flatRatings }]);
		const real = ITEMS.map((r) => (r[0] === FOOD ? ['I3', ...r.slice(1)] : r));
		const s = await importFiles(flat, [catalogueDepts, canon('items', real, 'real')]);
		expect(s.warnings.join('\n')).toMatch(/1 items known only by name were folded/);
		expect(await flat.query(`SELECT item_code FROM cases WHERE case_id = 'C3'`)).toEqual([{ item_code: 'I3' }]);
		expect(await flat.query(`SELECT count(*) AS n FROM items WHERE item_code = '${FOOD}'`)).toEqual([{ n: 0 }]);
		const canonical = await fresh();
		const cases = CASES.map((r) => r.map((v) => (v === FOOD ? 'I3' : v)));
		await importFiles(canonical, [catalogueDepts, canon('items', real, 'real'), canon('cases', cases, 'real'), canon('ratings', RATINGS)], {});
		const [a, b] = await Promise.all([computeKpiReport(canonical, q, opts()), computeKpiReport(flat, q, opts())]);
		expect(JSON.stringify(b)).toBe(JSON.stringify(a));
	});

	it('names without codes get the same derived code at every import', async () => {
		const a = await fresh();
		const b = await fresh();
		await importFiles(a, [{ path: flatCases }]);
		await importFiles(b, [{ path: flatCases }]);
		const codes = (db: Analytics) => db.query(`SELECT item_code FROM items WHERE name = '食品经营许可'`);
		expect(await codes(a)).toEqual([{ item_code: FOOD }]);
		expect(await codes(b)).toEqual(await codes(a));
		expect(FOOD).toMatch(/^SX-[0-9A-F]{10}$/);
	});

	it('a name-only unit resolves to a stored unit of exactly that name', async () => {
		const db = await fresh();
		await importFiles(db, [catalogueDepts]);
		const s = await importFiles(db, [{ path: flatRatings }]);
		expect(s.files[0].rowsStored).toBe(5);
		expect(await db.query(`SELECT DISTINCT dept_code FROM ratings ORDER BY 1`)).toEqual([{ dept_code: 'D1' }, { dept_code: 'D2' }]);
		expect(await db.query(`SELECT count(*) AS n FROM departments`)).toEqual([{ n: 2 }]);
	});
});

describe('hostile flat files', () => {
	it('a header row that names one field twice is refused naming both columns; a profile settles it', async () => {
		const db = await fresh();
		const f = writeText(dir, 'dup/办件.csv', '办件编号,申报号,事项编码,办理部门编码,申请时间,办件状态\nX1,Y1,I1,D1,2024-03-01,在办\n');
		const err = await importFiles(db, [{ path: f }]).catch((e) => e);
		expect(err).toBeInstanceOf(ImportFailedError);
		expect(err.message).toMatch(/「办件编号」「申报号」→ 办件编号 case_id/);
		await importFiles(db, [catalogueDepts, catalogueItems]);
		const s = await importFiles(db, [{ path: f }], {
			profile: { name: 'pick', extends: 'default-zh', tables: {}, headers: {}, columns: { cases: { 申报号: 'case_id' } } }
		});
		expect(s.status).toBe('completed');
		expect(await db.query(`SELECT case_id FROM cases`)).toEqual([{ case_id: 'Y1' }]);
	});

	it('a non-empty file of which nothing could be stored fails, keeps its rejects and stores nothing', async () => {
		const db = await fresh();
		const f = writeText(dir, 'none/办件.csv', '申报号,事项名称,实施主体,申报时间,办理状态\nZ1,某事项,某部门,2024-02-30,在办\nZ2,某事项,某部门,,在办\n');
		const err = await importFiles(db, [{ path: f }]).catch((e) => e);
		expect(err).toBeInstanceOf(ImportFailedError);
		expect(err.message).toMatch(/all 2 rows were rejected, nothing was stored/);
		expect(err.summary.rejectsTotal).toBe(2);
		expect(await db.query(`SELECT (SELECT count(*) FROM items) AS i, (SELECT count(*) FROM departments) AS d, (SELECT count(*) FROM cases) AS c`)).toEqual([{ i: 0, d: 0, c: 0 }]);
		const [batch] = await db.query(`SELECT status, rows_rejected FROM import_batches ORDER BY batch_id DESC LIMIT 1`);
		expect(batch).toEqual({ status: 'failed', rows_rejected: 2 });
		expect(await db.query(`SELECT count(*) AS n FROM rejects WHERE reason IN ('bad_date', 'missing_value')`)).toEqual([{ n: 2 }]);
	});

	it('a later duplicate of a case id is rejected and the item only it named is not created', async () => {
		const db = await fresh();
		const f = writeText(
			dir,
			'dups/办件.csv',
			'申报号,事项名称,实施主体,申报时间,办理状态\nD1,甲事项,甲局,2024-03-01,在办\nD1,乙事项,乙局,2024-03-02,在办\nD2,甲事项,甲局,2024-03-03,在办\n'
		);
		const s = await importFiles(db, [{ path: f }]);
		expect(s.rejects.map((r) => [r.row, r.reason, r.detail])).toEqual([[3, 'duplicate_key', '2']]);
		expect(await db.query(`SELECT name FROM items ORDER BY name`)).toEqual([{ name: '甲事项' }]);
		expect(await db.query(`SELECT name FROM departments ORDER BY name`)).toEqual([{ name: '甲局' }]);
	});

	it('a dry run answers the counts and first rejects and writes nothing', async () => {
		const db = await fresh();
		const s = await importFiles(db, [{ path: flatCases }, { path: flatRatings }], { dryRun: true });
		expect(s.status).toBe('preview');
		expect(s.files.map((f) => [f.rowsStored, f.rowsRejected])).toEqual([[7, 1], [5, 0]]);
		expect(s.rejects[0]).toMatchObject({ row: 8, reason: 'bad_date' });
		expect(await db.query(`SELECT (SELECT count(*) FROM cases) AS c, (SELECT count(*) FROM items) AS i, (SELECT count(*) FROM import_batches) AS b`)).toEqual([{ c: 0, i: 0, b: 0 }]);
	});
});
