/**
 * Every format and encoding the ingest owns lands the same rows: the Chinese twin (DOMAIN.md headers and
 * values, mixed date forms) in GBK / GB18030 / UTF-8 ± BOM equals its canonical UTF-8 twin table for
 * table; Parquet, JSON and NDJSON equal CSV; every documented date form parses.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Analytics } from '../../../src/lib/server/analytics/db';
import { importFiles } from '../../../src/lib/server/ingest/index';
import { dataset, gbEncode, writeCanonical, writeChinese, type ZhEncoding } from '../../fixtures/ingest-data';
import { CASE_HEADER, freshDb, REFS, snapshot, tempDir, writeText } from '../helpers/ingest';

const dir = tempDir('formats');
const dbs: Analytics[] = [];
let canonical: Awaited<ReturnType<typeof snapshot>>;

async function db(): Promise<Analytics> {
	const d = await freshDb(dir);
	dbs.push(d);
	return d;
}

beforeAll(async () => {
	process.env.DATA_DIR = path.join(dir, 'data');
	const d = await db();
	const s = await importFiles(d, [{ path: path.dirname(writeCanonical(path.join(dir, 'en'))[0]) }]);
	expect(s.rejectsTotal).toBe(0);
	canonical = await snapshot(d);
});
afterAll(async () => {
	for (const d of dbs) await d.close();
	fs.rmSync(dir, { recursive: true, force: true });
});

describe('Chinese twin in every encoding', () => {
	it('has all the data it should', () => {
		const ds = dataset();
		expect(canonical.cases).toHaveLength(ds.cases.length);
		expect(canonical.events).toHaveLength(ds.events.length);
		expect(canonical.ratings).toHaveLength(ds.ratings.length);
		expect(canonical.cases.every((c) => c.start_wdi !== null)).toBe(true);
	});

	for (const enc of ['gbk', 'gb18030', 'utf-8', 'utf-8-bom'] as ZhEncoding[]) {
		it(`${enc}: imports to exactly the rows of the canonical UTF-8 twin`, async () => {
			const d = await db();
			const files = writeChinese(path.join(dir, `zh-${enc}`), enc);
			const s = await importFiles(d, [{ path: path.dirname(files[0]) }]);
			expect(s.rejects).toEqual([]);
			const expected = enc.startsWith('utf-8') ? 'utf-8' : 'gbk'; // no 4-byte sequence in this data
			expect(new Set(s.files.map((f) => f.encoding))).toEqual(new Set([expected]));
			expect(s.files.every((f) => f.ignoredHeaders.join() === '备注')).toBe(true);
			expect(await snapshot(d)).toEqual(canonical);
		});
	}

	it('GB18030 with 4-byte characters is detected and decoded', async () => {
		const d = await db();
		const text = 'dept_code,name\nD01,㐀城区审批局\n';
		const f = writeText(dir, 'gb18030/departments.csv', gbEncode(text, 'gb18030'));
		const s = await importFiles(d, [{ path: f }]);
		expect(s.files[0].encoding).toBe('gb18030');
		expect(await d.query(`SELECT name FROM departments`)).toEqual([{ name: '㐀城区审批局' }]);
	});

	it('an encoding override skips detection', async () => {
		const d = await db();
		const f = writeText(dir, 'override/departments.csv', gbEncode('dept_code,name\nD01,市局\n', 'gbk'));
		const s = await importFiles(d, [{ path: f }], { encoding: 'gb18030' });
		expect(s.files[0].encoding).toBe('gb18030');
		expect(await d.query(`SELECT name FROM departments`)).toEqual([{ name: '市局' }]);
	});
});

describe('Parquet, JSON, NDJSON, delimiters', () => {
	it('Parquet with typed columns (DATE, TIMESTAMP, INTEGER, BOOLEAN) equals the CSV import', async () => {
		const d = await db();
		const out = path.join(dir, 'pq');
		fs.mkdirSync(out, { recursive: true });
		const en = path.join(dir, 'en');
		await d.exclusive(async (c) => {
			for (const t of ['regions', 'departments', 'items', 'cases', 'events', 'ratings'])
				await c.run(
					`COPY (SELECT * FROM read_csv('${en}/${t}.csv')) TO '${out}/${t}.parquet' (FORMAT parquet)`
				);
		});
		const s = await importFiles(d, [{ path: out }]);
		expect(s.files.every((f) => f.format === 'parquet')).toBe(true);
		expect(s.rejects).toEqual([]);
		expect(await snapshot(d)).toEqual(canonical);
	});

	it('JSON arrays and NDJSON equal the CSV import', async () => {
		const d = await db();
		const out = path.join(dir, 'json');
		fs.mkdirSync(out, { recursive: true });
		const ds = dataset();
		const tables = ['regions', 'departments', 'items', 'cases', 'events', 'ratings'] as const;
		tables.forEach((t, i) => {
			if (i % 2) fs.writeFileSync(path.join(out, `${t}.json`), JSON.stringify(ds[t], null, 1));
			else
				fs.writeFileSync(
					path.join(out, `${t}.ndjson`),
					ds[t].map((r) => JSON.stringify(r)).join('\n') + '\n'
				);
		});
		const s = await importFiles(d, [{ path: out }]);
		expect(new Set(s.files.map((f) => f.format))).toEqual(new Set(['json', 'ndjson']));
		expect(s.rejects).toEqual([]);
		expect(await snapshot(d)).toEqual(canonical);
	});

	it('tab- and semicolon-separated files', async () => {
		const d = await db();
		writeText(dir, 'delims/regions.tsv', 'region_code\tname\n430100\t长沙市\n');
		writeText(dir, 'delims/departments.csv', 'dept_code;name;region_code\nD01;"市;局";430100\n');
		await importFiles(d, [{ path: path.join(dir, 'delims') }]);
		expect(await d.query(`SELECT dept_code, name, region_code FROM departments`)).toEqual([
			{ dept_code: 'D01', name: '市;局', region_code: '430100' }
		]);
	});
});

describe('awkward CSV', () => {
	it('mixed line endings are re-read leniently (with a note) instead of failing the file', async () => {
		const d = await db();
		const f = writeText(dir, 'mixed/regions.csv', 'region_code,name\n430100,长沙市\r\n430102,芙蓉区\n');
		const s = await importFiles(d, [{ path: f }]);
		expect(s.warnings.join()).toMatch(/lenient/);
		expect(await d.query(`SELECT region_code, name FROM regions ORDER BY 1`)).toEqual([
			{ region_code: '430100', name: '长沙市' },
			{ region_code: '430102', name: '芙蓉区' }
		]);
	});
});

describe('dates and timestamps', () => {
	const forms: [string, string | null, string?][] = [
		['2018-03-05', '2018-03-05T00:00:00'],
		['2018/3/5', '2018-03-05T00:00:00'],
		['20180305', '2018-03-05T00:00:00'],
		['2018年3月5日', '2018-03-05T00:00:00'],
		['2018.3.5', '2018-03-05T00:00:00'],
		['2018-03-05 14:02', '2018-03-05T14:02:00'],
		['2018/3/5 14:02', '2018-03-05T14:02:00'], // Excel's zh-CN CSV export
		['2018/3/5 9:02:07', '2018-03-05T09:02:07'],
		['2018年3月5日 14:02:07', '2018-03-05T14:02:07'],
		['20180305 14:02', '2018-03-05T14:02:00'],
		['2018-03-05T14:02:07', '2018-03-05T14:02:07'],
		['2018-03-05T14:02:07.250', '2018-03-05T14:02:07.25'],
		['2018-03-05T14:02:07+08:00', '2018-03-05T14:02:07'],
		['2018-03-05T06:02:07Z', '2018-03-05T14:02:07'],
		['2018-03-05T01:02:07.5-05:00', '2018-03-05T14:02:07.5'],
		['2018-03-05 14:02:07 +0800', '2018-03-05T14:02:07'],
		['2018-03-05T14:02+08:00', '2018-03-05T14:02:00'],
		['43164', '2018-03-05T00:00:00'], // Excel serial day
		['43164.584722222', '2018-03-05T14:02:00'],
		['\u30002018-03-05 14:02\u3000', '2018-03-05T14:02:00'],
		['2018-02-30', null, 'bad_date'],
		['2018-13-01', null, 'bad_date'],
		['yesterday', null, 'bad_date'],
		['1999-12-31 23:59', null, 'date_out_of_range'],
		['2036-01-01', null, 'date_out_of_range']
	];

	it('parses every documented form to local time and rejects the rest', async () => {
		const d = await db();
		for (const [t, text] of Object.entries(REFS)) writeText(dir, `dates/refs/${t}.csv`, text);
		await importFiles(d, [{ path: path.join(dir, 'dates/refs') }]);
		const lines = forms.map(([v], i) => `T${i},I001,D02,430102,online,person,"${v}",,,在办,0`);
		const f = writeText(dir, 'dates/cases.csv', `${CASE_HEADER}\n${lines.join('\n')}\n`);
		const s = await importFiles(d, [{ path: f }]);
		const stored = new Map(
			(await d.query(`SELECT case_id, submitted_at FROM cases`)).map((r) => [r.case_id, r.submitted_at])
		);
		const rejects = new Map(
			(await d.query(`SELECT row_number, reason FROM rejects WHERE batch_id = $1`, [s.batchId])).map((r) => [
				r.row_number,
				r.reason
			])
		);
		forms.forEach(([v, want, reason], i) => {
			expect([v, stored.get(`T${i}`) ?? null], v).toEqual([v, want]);
			expect([v, rejects.get(i + 2) ?? undefined], v).toEqual([v, reason]);
		});
	});

	it('date columns take date-only and date-time forms; booleans and scores take every label', async () => {
		const d = await db();
		for (const [t, text] of Object.entries(REFS)) writeText(dir, `dates2/refs/${t}.csv`, text);
		await importFiles(d, [{ path: path.join(dir, 'dates2/refs') }]);
		writeText(
			dir,
			'dates2/in/items.csv',
			'item_code,name,dept_code,delegated_on,online_capable\nB1,a,D02,2018/3/5 0:00,是\nB2,b,D02,20180305,N\nB3,c,D02,2018年3月5日,1\nB4,d,D02,2018-03-05,TRUE\nB5,e,D02,,maybe\n'
		);
		writeText(
			dir,
			'dates2/in/ratings.csv',
			'rating_id,dept_code,rated_at,score\nS1,D02,2018-03-05,非常不满意\nS2,D02,2018-03-05,基本满意\nS3,D02,2018-03-05,4\nS4,D02,2018-03-05,6\n'
		);
		const s = await importFiles(d, [{ path: path.join(dir, 'dates2/in') }]);
		expect(
			await d.query(
				`SELECT item_code, delegated_on, online_capable FROM items WHERE item_code LIKE 'B%' ORDER BY 1`
			)
		).toEqual([
			{ item_code: 'B1', delegated_on: '2018-03-05', online_capable: true },
			{ item_code: 'B2', delegated_on: '2018-03-05', online_capable: false },
			{ item_code: 'B3', delegated_on: '2018-03-05', online_capable: true },
			{ item_code: 'B4', delegated_on: '2018-03-05', online_capable: true }
		]);
		expect(await d.query(`SELECT rating_id, score FROM ratings ORDER BY 1`)).toEqual([
			{ rating_id: 'S1', score: 1 },
			{ rating_id: 'S2', score: 3 },
			{ rating_id: 'S3', score: 4 }
		]);
		expect(s.rejects.map((r) => [r.file, r.row, r.column, r.reason])).toEqual([
			['items.csv', 6, 'online_capable', 'unknown_value'],
			['ratings.csv', 5, 'score', 'unknown_value']
		]);
	});
});
