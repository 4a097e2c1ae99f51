/**
 * Ingest pipeline: rejects with exact row / column / reason, refused files, batch atomicity, idempotent
 * re-import, newer and stale exports, personal data, table choice, events, calendar, derived columns.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Analytics } from '../../../src/lib/server/analytics/db';
import { importFiles, ImportFailedError } from '../../../src/lib/server/ingest/index';
import { hashApplicant, hashKeys, normaliseId, normalisePhone } from '../../../src/lib/server/ingest/pii';
import { CASE_HEADER, freshDb, REFS, snapshot, tempDir, writeText } from '../helpers/ingest';

const dir = tempDir('core');
const dbs: Analytics[] = [];
beforeAll(() => {
	process.env.DATA_DIR = path.join(dir, 'data');
});
afterAll(async () => {
	for (const db of dbs) await db.close();
	fs.rmSync(dir, { recursive: true, force: true });
});

async function withRefs(label: string): Promise<Analytics> {
	const db = await freshDb(dir);
	dbs.push(db);
	const d = path.join(dir, label, 'refs');
	for (const [t, text] of Object.entries(REFS)) writeText(d, `${t}.csv`, text);
	await importFiles(db, [{ path: d }]);
	return db;
}

describe('rejects', () => {
	it('lists every failing (row, column) with its reason and stores only the good rows', async () => {
		const db = await withRefs('rejects');
		const f = writeText(
			dir,
			'rejects/cases.csv',
			[
				CASE_HEADER,
				'C1,I001,D02,430102,online,person,2018-03-05 09:00,2018-03-05 10:00,2018-03-07 10:00,completed,1', // row 2 good
				'C2,I001,D02,430102,online,person,2018-02-30 09:00,,,in_progress,0', // 3 bad_date
				'C3,I999,D02,430102,online,person,2018-03-05,,,in_progress,-1', // 4 unknown_code + negative_value
				'C4,I001,D02,430102,飞鸽,person,2018-03-05,,,在办,2.5', // 5 unknown_value + bad_number
				',I001,D02,430102,online,person,2018-03-05,,,在办,0', // 6 missing_value
				'C1,I001,D02,430102,online,person,2018-03-06,,,在办,0', // 7 duplicate_key of row 2
				'C5,I001,D02,430102,online,person,1999-12-31,,,在办', // 8 ragged (10 fields)
				'C6,I001,D02,430102,window,enterprise,2018/3/6 8:05,,,在办,0' // 9 good
			].join('\n') + '\n'
		);
		const s = await importFiles(db, [{ path: f }]);
		const rejects = await db.query(
			`SELECT row_number, column_name, value, reason, detail FROM rejects WHERE batch_id = $1 ORDER BY row_number, column_name`,
			[s.batchId]
		);
		expect(rejects).toEqual([
			{
				row_number: 3,
				column_name: 'submitted_at',
				value: '2018-02-30 09:00',
				reason: 'bad_date',
				detail: null
			},
			{ row_number: 4, column_name: 'item_code', value: 'I999', reason: 'unknown_code', detail: null },
			{ row_number: 4, column_name: 'visits', value: '-1', reason: 'negative_value', detail: null },
			{ row_number: 5, column_name: 'channel', value: '飞鸽', reason: 'unknown_value', detail: null },
			{ row_number: 5, column_name: 'visits', value: '2.5', reason: 'bad_number', detail: null },
			{ row_number: 6, column_name: 'case_id', value: null, reason: 'missing_value', detail: null },
			{ row_number: 7, column_name: 'case_id', value: 'C1', reason: 'duplicate_key', detail: '2' },
			expect.objectContaining({ row_number: 8, reason: 'ragged_row' })
		]);
		const file = s.files[0];
		expect(file).toMatchObject({ rowsRead: 8, rowsStored: 2, rowsRejected: 6 });
		expect(s.rejectsTotal).toBe(8);
		expect(s.rejects[0]).toMatchObject({
			file: 'cases.csv',
			row: 3,
			column: 'submitted_at',
			reason: 'bad_date'
		});
		expect(s.rejects[0].message).toMatch(/日期.*date/);
		const cases = await db.query(`SELECT case_id, submitted_at, status FROM cases ORDER BY case_id`);
		expect(cases).toEqual([
			{ case_id: 'C1', submitted_at: '2018-03-05T09:00:00', status: 'completed' },
			{ case_id: 'C6', submitted_at: '2018-03-06T08:05:00', status: 'in_progress' }
		]);
	});

	it('reports the source header text and out-of-range dates', async () => {
		const db = await withRefs('rejects-zh');
		const f = writeText(
			dir,
			'rejects-zh/办件.csv',
			'办件编号,事项编码,办理部门编码,申请时间,办件状态\nZ1,I001,D02,1999-12-31,在办\nZ2,I001,D02,2036-01-01 00:00,办结\nZ3,I001,D02,20180305,办结\n'
		);
		const s = await importFiles(db, [{ path: f }]);
		expect(s.rejects.map((r) => [r.row, r.column, r.reason])).toEqual([
			[2, '申请时间', 'date_out_of_range'],
			[3, '申请时间', 'date_out_of_range']
		]);
		expect(s.files[0]).toMatchObject({ table: 'cases', rowsStored: 1 });
	});

	it('rows that follow refused ragged rows and quoted newlines keep their source row numbers', async () => {
		const db = await withRefs('ragged');
		const f = writeText(
			dir,
			'ragged/cases.csv',
			[
				'case_id,item_code,dept_code,submitted_at,status,reject_reason',
				'R1,I001,D02,2018-03-05,在办,"two',
				'lines"',
				'R2,I001,D02,2018-03-05',
				'R3,I001,D02,2018-03-05,在办,,extra',
				'R4,I001,D02,2018-02-31,在办,'
			].join('\n') + '\n'
		);
		const s = await importFiles(db, [{ path: f }]);
		expect(s.rejects.map((r) => [r.row, r.reason])).toEqual([
			[3, 'ragged_row'],
			[4, 'ragged_row'],
			[5, 'bad_date']
		]);
		expect(await db.query(`SELECT case_id, reject_reason FROM cases`)).toEqual([
			{ case_id: 'R1', reject_reason: 'two\nlines' }
		]);
	});
});

describe('refused files and atomicity', () => {
	it('a file missing required columns is refused with one message and the database is unchanged', async () => {
		const db = await withRefs('refused');
		const before = await snapshot(db);
		const f = writeText(dir, 'refused/办件-缺列.csv', '办件编号,申请时间\nX1,2018-03-05\n');
		const err = await importFiles(db, [{ path: f }]).catch((e) => e);
		expect(err).toBeInstanceOf(ImportFailedError);
		expect(err.message).toContain('办件-缺列.csv');
		expect(err.message).toMatch(/事项编码 item_code/);
		expect(err.message).toMatch(/办理部门编码 dept_code/);
		expect(err.message).toMatch(/办件状态 status/);
		expect(await snapshot(db)).toEqual(before);
		const [b] = await db.query(`SELECT status, message FROM import_batches ORDER BY batch_id DESC LIMIT 1`);
		expect(b.status).toBe('failed');
		expect(String(b.message)).toContain('item_code');
	});

	it('a batch with one refused file stores nothing of its other files', async () => {
		const db = await withRefs('atomic');
		const before = await snapshot(db);
		const d = path.join(dir, 'atomic/batch');
		writeText(d, 'departments.csv', 'dept_code,name\nD09,新部门\n');
		writeText(d, 'cases.csv', `${CASE_HEADER}\nA1,I001,D02,430102,online,person,2018-03-05,,,在办,0\n`);
		writeText(d, 'ratings.csv', 'rating_id,dept_code,rated_at\nP1,D02,2018-03-05\n'); // no score column
		await expect(importFiles(db, [{ path: d }])).rejects.toThrow(/ratings\.csv.*score/s);
		expect(await snapshot(db)).toEqual(before);
	});

	it('an unreadable file refuses the batch too', async () => {
		const db = await withRefs('atomic2');
		const before = await snapshot(db);
		const d = path.join(dir, 'atomic2/batch');
		writeText(d, 'cases.csv', `${CASE_HEADER}\nA1,I001,D02,430102,online,person,2018-03-05,,,在办,0\n`);
		writeText(d, 'items.parquet', 'this is not parquet');
		await expect(importFiles(db, [{ path: d }])).rejects.toThrow(/items\.parquet/);
		expect(await snapshot(db)).toEqual(before);
	});
});

describe('re-import', () => {
	it('the same files again change nothing and are recorded as skipped', async () => {
		const db = await withRefs('idem');
		const f = writeText(
			dir,
			'idem/cases.csv',
			`${CASE_HEADER}\nI1,I001,D02,430102,online,person,2018-03-05,,,在办,0\n`
		);
		await importFiles(db, [{ path: f }]);
		const once = await snapshot(db);
		const s = await importFiles(db, [{ path: f }]);
		expect(s.files[0]).toMatchObject({ skipped: true, rowsStored: 0 });
		expect(await snapshot(db)).toEqual(once);
		// Same rows under another file name (different bytes): unchanged, not rewritten.
		const g = writeText(
			dir,
			'idem/cases-copy.csv',
			`${CASE_HEADER}\r\nI1,I001,D02,430102,online,person,2018-03-05,,,在办,0\r\n`
		);
		const s2 = await importFiles(db, [{ path: g }]);
		expect(s2.files[0]).toMatchObject({ skipped: false, rowsStored: 0, rowsUnchanged: 1 });
		expect(await snapshot(db)).toEqual(once);
	});

	it('a newer export replaces in_progress with completed; an older one is ignored as stale', async () => {
		const db = await withRefs('newer');
		const day1 = writeText(
			dir,
			'newer/cases-0305.csv',
			`${CASE_HEADER}\nN1,I001,D02,430102,online,person,2018-03-05 09:00,2018-03-05 10:00,,在办,1\n`
		);
		const day3 = writeText(
			dir,
			'newer/cases-0307.csv',
			`${CASE_HEADER}\nN1,I001,D02,430102,online,person,2018-03-05 09:00,2018-03-05 10:00,2018-03-07 16:00,办结,1\n`
		);
		await importFiles(db, [{ path: day1 }]);
		const s = await importFiles(db, [{ path: day3 }]);
		expect(s.files[0]).toMatchObject({ rowsStored: 1, rowsUnchanged: 0 });
		const after = await db.query(
			`SELECT status, completed_at, elapsed_wd, limit_days, on_time, batch_id FROM cases`
		);
		expect(after).toEqual([
			{
				status: 'completed',
				completed_at: '2018-03-07T16:00:00',
				elapsed_wd: 2,
				limit_days: 10,
				on_time: true,
				batch_id: s.batchId
			}
		]);
		// The day-1 export again under a new name (so not skipped by hash): older than the stored row.
		const again = writeText(dir, 'newer/cases-0305-again.csv', fs.readFileSync(day1, 'utf8') + '\n');
		const stale = await importFiles(db, [{ path: again }]);
		expect(stale.files[0]).toMatchObject({ rowsStored: 0, rowsStale: 1, rowsUnchanged: 1 });
		expect(await db.query(`SELECT status FROM cases`)).toEqual([{ status: 'completed' }]);
	});

	it("a case's events are replaced by the batch's events for that case", async () => {
		const db = await withRefs('events');
		const h = 'case_id,activity,ts';
		await importFiles(db, [
			{
				path: writeText(
					dir,
					'events/events-1.csv',
					`${h}\nE1,申请,2018-03-05 09:00\nE1,受理,2018-03-05 10:00\nE2,申请,2018-03-05 09:00\n`
				)
			}
		]);
		await importFiles(db, [
			{
				path: writeText(
					dir,
					'events/events-2.csv',
					`${h}\nE1,办结,2018-03-07 10:00\nE1,申请,2018-03-05 09:00\n`
				)
			}
		]);
		expect(await db.query(`SELECT case_id, activity, seq FROM events ORDER BY case_id, seq`)).toEqual([
			{ case_id: 'E1', activity: '申请', seq: 1 },
			{ case_id: 'E1', activity: '办结', seq: 2 },
			{ case_id: 'E2', activity: '申请', seq: 1 }
		]);
	});
});

describe('personal data', () => {
	it('ID and phone numbers become keyed hashes and never reach the database file', async () => {
		const db = await withRefs('pii');
		const id = '43010219800101123X';
		const phone = '13912345678';
		const d = path.join(dir, 'pii/in');
		writeText(
			d,
			'办件.csv',
			`办件编号,事项编码,办理部门编码,申请时间,办件状态,身份证号,手机号\nP1,I001,D02,2018-03-05,在办,${id.toLowerCase()},${phone}\nP2,I001,D02,2018-03-05,在办,,${phone}\n`
		);
		writeText(
			d,
			'cases-phone.csv',
			`case_id,item_code,dept_code,submitted_at,status,phone\nP3,I001,D02,2018-03-05,in_progress,+86 139-1234-5678\n`
		);
		writeText(
			d,
			'cases-raw-hash.csv',
			`case_id,item_code,dept_code,submitted_at,status,applicant_hash\nP4,I001,D02,2018-03-05,in_progress,${id}\nP5,I001,D02,2018-03-05,in_progress,already-a-token\n`
		);
		await importFiles(db, [{ path: d }]);
		const keys = hashKeys();
		const rows = await db.query(`SELECT case_id, applicant_hash FROM cases ORDER BY case_id`);
		expect(rows).toEqual([
			{ case_id: 'P1', applicant_hash: hashApplicant(normaliseId(id), keys) },
			{ case_id: 'P2', applicant_hash: null }, // phone is dropped when an ID column exists
			{ case_id: 'P3', applicant_hash: hashApplicant(normalisePhone(phone), keys) },
			{ case_id: 'P4', applicant_hash: hashApplicant(normaliseId(id), keys) },
			{ case_id: 'P5', applicant_hash: 'already-a-token' }
		]);
		await db.write(async (c) => void (await c.run('CHECKPOINT')).rowsChanged).catch(() => undefined);
		await db.exclusive((c) => c.run('CHECKPOINT'));
		const bytes = fs.readFileSync(db.path);
		const wal = fs.existsSync(db.path + '.wal') ? fs.readFileSync(db.path + '.wal') : Buffer.alloc(0);
		for (const raw of [id, id.toLowerCase(), phone, '1234-5678'])
			expect(bytes.includes(raw) || wal.includes(raw), `raw value ${raw} in the database file`).toBe(false);
		// and not in any table either
		for (const t of ['cases', 'rejects', 'import_files', 'import_batches']) {
			const all = JSON.stringify(await db.query(`SELECT * FROM ${t}`));
			expect(all.includes(id) || all.includes(phone)).toBe(false);
		}
	});
});

describe('table choice, calendar and derived columns', () => {
	it('takes the table from Chinese or English file names, the headers, or the explicit option', async () => {
		const db = await withRefs('names');
		const d = path.join(dir, 'names');
		const a = writeText(
			d,
			'2018年3月好差评.csv',
			'评价编号,部门编码,评价时间,评价等级\nV1,D02,2018-03-05 10:00,非常满意\n'
		);
		const b = writeText(d, 'export-0305.csv', 'rating_id,dept_code,rated_at,score\nV2,D02,2018-03-05,2\n');
		const c = writeText(d, 'misc.csv', 'id,dept_code,rated_at,score\n');
		const s = await importFiles(db, [{ path: a }, { path: b }]);
		expect(s.files.map((f) => f.table)).toEqual(['ratings', 'ratings']);
		expect(await db.query(`SELECT rating_id, score FROM ratings ORDER BY 1`)).toEqual([
			{ rating_id: 'V1', score: 5 },
			{ rating_id: 'V2', score: 2 }
		]);
		await expect(importFiles(db, [{ path: c }])).rejects.toThrow(/--table/);
		await expect(importFiles(db, [{ path: c }], { table: 'ratings' })).rejects.toThrow(/rating_id/);
	});

	it('a calendar file overrides days and recomputes the working days of stored cases', async () => {
		const db = await withRefs('calendar');
		// Mon 2018-03-05 → Wed 03-07: 2 working days; declare Tue 03-06 a holiday → 1.
		await importFiles(db, [
			{
				path: writeText(
					dir,
					'calendar/cases.csv',
					`${CASE_HEADER}\nK1,I001,D02,430102,online,person,2018-03-05 09:00,2018-03-05 09:00,2018-03-07 16:00,办结,1\n`
				)
			}
		]);
		expect((await db.query(`SELECT elapsed_wd FROM cases`))[0].elapsed_wd).toBe(2);
		const s = await importFiles(db, [
			{
				path: writeText(
					dir,
					'calendar/工作日历.csv',
					'日期,是否工作日,名称\n2018/3/6,否,测试假日\n2018-03-05,是,\n'
				)
			}
		]);
		expect(s.files[0]).toMatchObject({ table: 'calendar', rowsStored: 1, rowsUnchanged: 1 });
		expect((await db.query(`SELECT elapsed_wd FROM cases`))[0].elapsed_wd).toBe(1);
		expect(await db.query(`SELECT is_workday, name FROM calendar WHERE date = '2018-03-06'`)).toEqual([
			{ is_workday: false, name: '测试假日' }
		]);
	});

	it('items imported after their cases refresh those cases’ limits', async () => {
		const db = await withRefs('items-later');
		await importFiles(db, [
			{
				path: writeText(
					dir,
					'items-later/cases.csv',
					`${CASE_HEADER}\nL1,I002,D02,430102,online,person,2018-03-05,,2018-03-07,办结,0\n`
				)
			}
		]);
		expect((await db.query(`SELECT limit_days FROM cases`))[0].limit_days).toBe(15);
		await importFiles(db, [
			{
				path: writeText(
					dir,
					'items-later/items.csv',
					'item_code,name,dept_code,statutory_days,promised_days\nI002,事项二,D02,15,5\n'
				)
			}
		]);
		expect((await db.query(`SELECT limit_days FROM cases`))[0].limit_days).toBe(5);
	});
});

describe('progress', () => {
	it('reports read, validate, merge and done per file', async () => {
		const db = await withRefs('progress');
		const seen: string[] = [];
		const f = writeText(
			dir,
			'progress/cases.csv',
			`${CASE_HEADER}\nG1,I001,D02,430102,online,person,2018-03-05,,,在办,0\n`
		);
		await importFiles(db, [{ path: f }], { onProgress: (p) => seen.push(`${p.file}:${p.stage}`) });
		expect([...new Set(seen)]).toEqual([
			'cases.csv:read',
			'cases.csv:validate',
			'cases.csv:merge',
			'cases.csv:done'
		]);
	});
});

const BPIC = path.resolve('../shared/data/eventlogs/BPIC15_1.xes.gz');
describe('XES through the pipeline', () => {
	// Skip reason: BPIC15_1 (4TU, CC BY 4.0) is only read from ../shared, which the project must not need or commit;
	// where ../shared exists (this machine, CI) it runs. The generated XES fixtures cover the reader everywhere.
	it.runIf(fs.existsSync(BPIC))(
		'imports BPIC15_1: 1199 cases, 52217 events',
		async () => {
			const db = await freshDb(dir);
			dbs.push(db);
			const s = await importFiles(db, [{ path: BPIC }]);
			const counts = await db.query(
				`SELECT (SELECT count(*) FROM cases) AS cases, (SELECT count(*) FROM events) AS events`
			);
			expect(counts).toEqual([{ cases: 1199, events: 52217 }]);
			expect(s.rejectsTotal).toBe(0);
		},
		120_000
	);
});
