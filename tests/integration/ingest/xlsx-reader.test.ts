import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { all, openAnalytics, type Analytics } from '../../../src/lib/server/analytics/db';
import { quoteIdent } from '../../../src/lib/server/analytics/schema';
import { IngestFileError, type StagedFile } from '../../../src/lib/server/ingest/types';
import { readXlsx, sheetTable, type XlsxLimits } from '../../../src/lib/server/ingest/xlsx';
import {
	isDateFormat,
	isDateNumFmt,
	numberText,
	rawCellText,
	serialText,
	type RawCell,
	unescapeOoxml
} from '../../../src/lib/server/ingest/xlsx-cell';
import {
	SAMPLE_CASES,
	writeLargeWorkbook,
	writeRawXlsx,
	writeSampleWorkbook
} from '../../fixtures/xlsx-fixtures';

let db: Analytics;
let dir: string;
let seq = 0;

beforeAll(async () => {
	db = await openAnalytics(':memory:');
	dir = fs.mkdtempSync(path.join(os.tmpdir(), 'xlsx-reader-'));
});
afterAll(async () => {
	await db.close();
	fs.rmSync(dir, { recursive: true, force: true });
});

type Cell = string | number | null;

/** Read a file and return the staged file plus each part's rows as arrays [c0..cN, __row]. */
async function stage(file: string, limits: Partial<XlsxLimits> = {}) {
	const prefix = `x${++seq}`;
	return db.exclusive(async (conn) => {
		const staged: StagedFile = await readXlsx(
			conn,
			file,
			{ displayName: path.basename(file), stagingPrefix: prefix },
			limits
		);
		const rows: Record<string, Cell[][]> = {};
		for (const p of staged.parts) {
			const cols = p.headers.map((_, i) => `c${i}`).join(', ');
			const rs = await all(conn, `SELECT ${cols}, __row FROM ${quoteIdent(p.stagingTable)} ORDER BY __row`);
			rows[p.label!] = rs.map((r) => Object.values(r) as Cell[]);
		}
		return { staged, rows };
	});
}

const tempTables = () =>
	db.exclusive((conn) => all(conn, `SELECT table_name FROM duckdb_tables() WHERE temporary ORDER BY 1`));

async function expectFileError(p: Promise<unknown>, pattern: RegExp): Promise<IngestFileError> {
	const e = await p.then(
		() => null,
		(x: unknown) => x
	);
	expect(e).toBeInstanceOf(IngestFileError);
	expect((e as Error).message).toMatch(pattern);
	return e as IngestFileError;
}

describe('xlsx cell text', () => {
	const cell = (c: Partial<RawCell>) =>
		rawCellText({ t: undefined, v: null, inline: null, dateStyled: false, ...c }, ['a', 'b\r'], false);
	it('prints numbers without float noise and serial dates as naive wall-clock text', () => {
		expect(numberText(0.1 + 0.2)).toBe('0.3');
		expect(numberText(-0)).toBe('0');
		expect(numberText(42)).toBe('42');
		expect(numberText(NaN)).toBeNull();
		expect(serialText(43164 + 50527.99 / 86400)).toBe('2018-03-05 14:02:08'); // 14:02:07.99 rounds to the second
		expect(serialText(43164)).toBe('2018-03-05');
		expect(serialText(0.3958333333)).toBe('09:30:00');
		expect(serialText(0, true)).toBe('00:00:00');
		expect(serialText(1, true)).toBe('1904-01-02');
	});

	it('converts each cell type', () => {
		expect(cell({ t: 's', v: '1' })).toBe('b\r');
		expect(cell({ t: 's', v: '9' })).toBeNull();
		expect(cell({ t: 'inlineStr', inline: 'x' })).toBe('x');
		expect(cell({ t: 'str', v: '' })).toBeNull();
		expect(cell({ t: 'b', v: '0' })).toBe('false');
		expect(cell({ t: 'e', v: '#REF!' })).toBeNull();
		expect(cell({ t: 'd', v: '2018-03-05T14:02:00Z' })).toBe('2018-03-05 14:02:00');
		expect(cell({ t: 'd', v: '2018-03-05T00:00:00' })).toBe('2018-03-05');
		expect(cell({ v: '43164.5', dateStyled: true })).toBe('2018-03-05 12:00:00');
		expect(cell({ v: '1E-3' })).toBe('0.001');
		expect(cell({ v: '' })).toBeNull();
		expect(unescapeOoxml('a_x000D_b_x005F_x0041_')).toBe('a\rb_x0041_');
	});

	it('tells date formats from number formats', () => {
		for (const f of [
			'yyyy-mm-dd',
			'm/d/yy h:mm',
			'yyyy"年"m"月"d"日"',
			'[$-804]yyyy/m/d',
			'[h]:mm:ss',
			'hh:mm AM/PM'
		]) {
			expect([f, isDateFormat(f)]).toEqual([f, true]);
		}
		for (const f of ['0.00', '#,##0 "天"', '[Red]0.0', '0.00E+00', '@', 'General', '0_);(0)'])
			expect([f, isDateFormat(f)]).toEqual([f, false]);
		expect(isDateNumFmt(14, undefined)).toBe(true);
		expect(isDateNumFmt(31, undefined)).toBe(true);
		expect(isDateNumFmt(2, undefined)).toBe(false);
		expect(isDateNumFmt(164, '0.000')).toBe(false);
	});

	it('recognises table names in sheet names, English or Chinese', () => {
		expect(sheetTable('办件')).toBe('cases');
		expect(sheetTable(' Ratings ')).toBe('ratings');
		expect(sheetTable('日历')).toBe('calendar');
		expect(sheetTable('Sheet1')).toBeNull();
	});
});

describe('readXlsx', () => {
	it('stages every sheet with a header row, exactly', async () => {
		const file = await writeSampleWorkbook(path.join(dir, 'sample.xlsx'));
		const { staged, rows } = await stage(file);
		expect(staged).toMatchObject({ file, displayName: 'sample.xlsx', format: 'xlsx', encoding: null });
		expect(staged.contentHash).toBe(createHash('sha256').update(fs.readFileSync(file)).digest('hex'));
		expect(staged.parts.map((p) => [p.label, p.table, p.headers, p.rows])).toEqual([
			['办件', 'cases', SAMPLE_CASES.headers, 3],
			['Sheet2', null, ['case_id', 'at', 'n'], 2],
			['Ratings', 'ratings', ['rating_id', 'score'], 1],
			['事项', 'items', ['事项编码', '事项名称'], 1]
		]);
		expect(rows['办件']).toEqual(SAMPLE_CASES.rows);
		expect(rows['Sheet2']).toEqual([
			['X1', '14:02:00', '42', 2],
			['X2', '2020-01-01', '1.5e-7', 3]
		]);
		expect(rows['Ratings']).toEqual([['R1', '5', 2]]);
		expect(rows['事项']).toEqual([['SX-01', '营业执照', 5]]);
		expect(new Set(staged.parts.map((p) => p.stagingTable)).size).toBe(4);
	});

	it('gives Date cells the same wall-clock text in a 1904-based workbook', async () => {
		const { rows } = await stage(await writeSampleWorkbook(path.join(dir, 'y1904.xlsx'), { date1904: true }));
		const [r4, , r8] = rows['办件'];
		expect([r4[2], r4[4], r8[4]]).toEqual(['2018-03-05 14:02:07', '2018-03-09', '2018-03-10 08:30:00']);
		expect(r4[3]).toBe('2022-03-06 18:00:00'); // the same serial means four years later in the 1904 system
	});

	it('reads raw SpreadsheetML: locale date formats, inline strings, typed formula results, sheet order', async () => {
		const file = writeRawXlsx(path.join(dir, 'raw.xlsx'), {
			sharedStrings: ['编号', 'ok', 'err', 'f', 'A-1'],
			sheets: [
				{
					name: 'Raw',
					rows:
						'<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="inlineStr"><is><t>受理时间</t></is></c><c r="C1" t="s"><v>1</v></c><c r="D1" t="s"><v>2</v></c><c r="E1" t="s"><v>3</v></c></row>' +
						'<row r="2"><c r="A2" t="s"><v>4</v></c><c r="B2" s="1"><v>43164</v></c><c r="C2" t="b"><v>1</v></c><c r="D2" t="e"><v>#DIV/0!</v></c><c r="E2" s="3"><f>B2+0.5</f><v>43164.5</v></c></row>' +
						'<row r="3"><c r="A3" t="inlineStr"><is><t>x&amp;y</t></is></c><c r="B3" s="2"><v>43165.25</v></c><c r="C3" t="b"><f>1=1</f><v>1</v></c><c r="D3" t="e"><f>1/0</f><v>#DIV/0!</v></c><c r="E3" t="str"><f>"a"&amp;"b"</f><v>ab</v></c></row>'
				},
				{
					name: 'B',
					// two header cells: a one-cell header row is no recognisable header (header-row.ts)
					rows: '<row r="1"><c r="A1" t="inlineStr"><is><t>h</t></is></c><c r="B1" t="inlineStr"><is><t>k</t></is></c></row><row r="2"><c r="A2"><v>1</v></c></row>'
				}
			]
		});
		const { staged, rows } = await stage(file);
		expect(staged.parts.map((p) => [p.label, p.headers])).toEqual([
			['Raw', ['编号', '受理时间', 'ok', 'err', 'f']],
			['B', ['h', 'k']]
		]);
		expect(rows['Raw']).toEqual([
			['A-1', '2018-03-05', 'true', null, '2018-03-05 12:00:00', 2],
			// a formula's cached result is typed like any cell; an error result → null
			['x&y', '2018-03-06 06:00:00', 'true', null, 'ab', 3]
		]);
		expect(rows['B']).toEqual([['1', null, 2]]);
	});

	it('caps rows, columns, shared strings and uncompressed size with a clear error', async () => {
		const file = await writeSampleWorkbook(path.join(dir, 'caps.xlsx'));
		const before = await tempTables();
		await expectFileError(stage(file, { maxRows: 5 }), /caps\.xlsx.*sheet "办件" exceeds 5 rows/);
		await expectFileError(stage(file, { maxColumns: 9 }), /caps\.xlsx.*exceeds 9 columns/);
		await expectFileError(stage(file, { maxSharedStrings: 3 }), /caps\.xlsx.*more than 3 shared strings/);
		await expectFileError(
			stage(file, { maxSharedStringChars: 10 }),
			/caps\.xlsx.*shared strings exceed 10 characters/
		);
		await expectFileError(
			stage(file, { maxUncompressedBytes: 1000 }),
			/caps\.xlsx.*uncompressed size \d+ bytes exceeds the limit 1000/
		);
		// Declared sizes that lie: the inflated bytes are metered all the same.
		const rows = Array.from(
			{ length: 200 },
			(_, i) => `<row r="${i + 1}"><c r="A${i + 1}"><v>${i}</v></c></row>`
		).join('');
		const liar = writeRawXlsx(path.join(dir, 'liar.xlsx'), {
			lieAboutSizes: true,
			sheets: [{ name: 'A', rows }]
		});
		await expect(stage(liar)).resolves.toBeTruthy();
		const afterLiar = await tempTables();
		await expectFileError(
			stage(liar, { maxUncompressedBytes: 4000 }),
			/liar\.xlsx.*uncompressed data exceeds 4000 bytes/
		);
		expect(await tempTables()).toEqual(afterLiar); // nothing half-staged is left behind
		expect(afterLiar.length).toBe(before.length + 1); // only the successful read's table
	});

	it('refuses non-zip, truncated, legacy .xls, workbook-less and corrupt files, naming the file', async () => {
		const good = fs.readFileSync(await writeSampleWorkbook(path.join(dir, 'good.xlsx')));
		const put = (name: string, data: Buffer | string) => {
			fs.writeFileSync(path.join(dir, name), data);
			return path.join(dir, name);
		};
		await expectFileError(stage(put('text.xlsx', 'case_id,item\n1,2\n')), /text\.xlsx: .*not an XLSX file/);
		await expectFileError(stage(put('empty.xlsx', '')), /empty\.xlsx: .*not an XLSX file/);
		await expectFileError(
			stage(put('half.xlsx', good.subarray(0, good.length >> 1))),
			/half\.xlsx: .*not an XLSX file/
		);
		const ole = Buffer.alloc(4096);
		Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]).copy(ole);
		await expectFileError(stage(put('old.xlsx', ole)), /old\.xlsx: .*legacy \.xls/);
		const noBook = writeRawXlsx(path.join(dir, 'nobook.xlsx'), {
			omitWorkbook: true,
			sheets: [{ name: 'A', rows: '' }]
		});
		await expectFileError(stage(noBook), /nobook\.xlsx: .*no xl\/workbook\.xml/);
		const badXml = writeRawXlsx(path.join(dir, 'badxml.xlsx'), {
			sheets: [
				{
					name: 'Bad',
					rows: '<row r="1"><c r="A1" t="inlineStr"><is><t>h</t></is></c></row><row r="2"><c r="A2"><v>1</v></row>'
				}
			]
		});
		await expectFileError(
			stage(badXml),
			/badxml\.xlsx: .*cannot read XLSX: .*sheet "Bad".*malformed XML at line 1/
		);
		// Garbage inside the compressed data, central directory intact.
		const mangled = Buffer.from(good);
		for (let i = 200; i < mangled.length >> 1; i += 7) mangled[i] ^= 0x5a;
		await expectFileError(stage(put('mangled.xlsx', mangled)), /mangled\.xlsx: /);
	});

	it('streams a large sheet', async () => {
		const n = 50_000;
		const file = await writeLargeWorkbook(path.join(dir, 'large.xlsx'), n);
		const t0 = performance.now();
		const { staged } = await db.exclusive(async (conn) => {
			const s = await readXlsx(conn, file, { displayName: 'large.xlsx', stagingPrefix: 'large' });
			return { staged: s };
		});
		const ms = performance.now() - t0;
		console.log(`xlsx: ${n} rows × 4 columns staged in ${(ms / 1000).toFixed(2)} s`);
		expect(staged.parts.map((p) => [p.label, p.table, p.rows])).toEqual([['cases', 'cases', n]]);
		const last = await db.exclusive((conn) =>
			all(
				conn,
				`SELECT c0, c2, c3, __row FROM ${quoteIdent(staged.parts[0].stagingTable)} ORDER BY __row DESC LIMIT 1`
			)
		);
		expect(last).toEqual([{ c0: `C${n}`, c2: '2020-12-26 09:00:00', c3: String(n % 3), __row: n + 1 }]);
	});

	it('imports a three-sheet Chinese workbook end to end through importFiles, times unshifted', async () => {
		const { importFiles } = await import('../../../src/lib/server/ingest/index');
		const wb = new ExcelJS.Workbook();
		const d = wb.addWorksheet('部门');
		d.addRow(['部门编码', '部门名称']);
		d.addRow(['D1', '市场监管局']);
		const i = wb.addWorksheet('事项');
		i.addRow(['事项编码', '事项名称', '承接部门编码', '法定时限', '承诺时限']);
		i.addRow(['SX-01', '营业执照', 'D1', 20, 5]);
		const c = wb.addWorksheet('办件');
		c.addRow([
			'办件编号',
			'事项编码',
			'办理部门编码',
			'申请时间',
			'受理时间',
			'办结时间',
			'办件状态',
			'跑动次数'
		]);
		c.addRow([
			'BJ-1',
			'SX-01',
			'D1',
			new Date(Date.UTC(2018, 2, 5, 14, 2, 7)),
			43164.75,
			new Date(Date.UTC(2018, 2, 9)),
			'办结',
			1
		]);
		c.getCell('E2').numFmt = 'yyyy-mm-dd hh:mm';
		const file = path.join(dir, 'e2e.xlsx');
		await wb.xlsx.writeFile(file);
		const target = await openAnalytics(':memory:');
		try {
			const summary = await importFiles(target, [{ path: file }]);
			expect(summary.files.map((f) => [f.file, f.table, f.rowsStored, f.rowsRejected])).toEqual([
				['e2e.xlsx#部门', 'departments', 1, 0],
				['e2e.xlsx#事项', 'items', 1, 0],
				['e2e.xlsx#办件', 'cases', 1, 0]
			]);
			expect(
				await target.query(
					'SELECT case_id, submitted_at, accepted_at, completed_at, status, visits FROM cases'
				)
			).toEqual([
				{
					case_id: 'BJ-1',
					submitted_at: '2018-03-05T14:02:07',
					accepted_at: '2018-03-05T18:00:00',
					completed_at: '2018-03-09T00:00:00',
					status: 'completed',
					visits: 1
				}
			]);
		} finally {
			await target.close();
		}
	});
});
