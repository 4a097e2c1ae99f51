/**
 * Layout noise in the readers: the header row is found (title rows above it skipped), blank and totals rows
 * are not data (nor rejects), row numbers stay the spreadsheet's, every sheet with a header is staged and
 * the others are listed. Files are built here; the readers are called directly on a DuckDB connection.
 */
import fs from 'node:fs';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { all, openAnalytics, type Analytics } from '../../../src/lib/server/analytics/db';
import { quoteIdent } from '../../../src/lib/server/analytics/schema';
import { readCsv } from '../../../src/lib/server/ingest/csv';
import {
	findEmptyLines,
	noiseSql,
	parseRecords,
	pickDelimiter
} from '../../../src/lib/server/ingest/csv-layout';
import {
	chooseHeaderRow,
	defaultHeaderScore,
	findHeaderRow,
	isBlankRow,
	isNoiseRow,
	isTotalsRow
} from '../../../src/lib/server/ingest/header-row';
import { timestampValue } from '../../../src/lib/server/ingest/parse';
import type { StagedPart } from '../../../src/lib/server/ingest/types';
import { readXlsx } from '../../../src/lib/server/ingest/xlsx';
import { gbEncode } from '../../fixtures/ingest-data';
import { tempDir, writeText } from '../helpers/ingest';

const dir = tempDir('layout');
let db: Analytics;
let seq = 0;

beforeAll(async () => {
	process.env.DATA_DIR = path.join(dir, 'data');
	db = await openAnalytics(':memory:');
});
afterAll(async () => {
	await db.close();
	fs.rmSync(dir, { recursive: true, force: true });
});

/** A scorer like the orchestrator's: cells naming a known column. */
const KNOWN = new Set([
	'办件编号',
	'事项编码',
	'申请时间',
	'办结时间',
	'跑动次数',
	'承诺时限(工作日)',
	'序号'
]);
const aliasScore = (cells: string[]) => cells.filter((c) => KNOWN.has(c.trim())).length;

describe('header-row', () => {
	it('picks the best-scoring of the first rows, the earlier on ties', () => {
		const rows = [
			['2018年办件明细表'],
			[],
			['导出时间：2018-04-01'],
			['办件编号', '事项编码', '备注'],
			['BJ-1', 'SX-01', '']
		];
		expect(findHeaderRow(rows, aliasScore)).toBe(3);
		expect(findHeaderRow(rows, defaultHeaderScore)).toBe(3);
		expect(
			findHeaderRow(
				[
					['办件编号', '事项编码'],
					['办件编号', '事项编码']
				],
				aliasScore
			)
		).toBe(0);
		// only the first maxScan non-empty rows are looked at: the header on the third is not seen
		expect(findHeaderRow([['t'], [], ['u'], ['办件编号', '事项编码']], aliasScore, 2)).toBe(0);
		expect(findHeaderRow([['t'], [], ['u'], ['办件编号', '事项编码']], aliasScore, 3)).toBe(3);
	});

	it('falls back to the first row with two cells when nothing scores 2 (unknown or English headers)', () => {
		const c = chooseHeaderRow([['Title'], ['foo', 'bar'], ['1', '2']], aliasScore);
		expect(c).toEqual({ index: 1, score: 0, plausible: false });
		expect(findHeaderRow([[], ['only']], aliasScore)).toBe(1);
		expect(findHeaderRow([[], ['', ' ']], aliasScore)).toBe(-1);
		expect(
			defaultHeaderScore(['case_id', 'BJ-1', '2018-03-05', '42', '-', '2018年办件明细表', '办结时间'])
		).toBe(2);
	});

	it('knows blank and totals rows', () => {
		expect(isBlankRow(['', ' ', '\u3000', null])).toBe(true);
		expect(isBlankRow(['', 'x'])).toBe(false);
		for (const r of [
			['合计', '', '6'],
			['', '总 计', '6'],
			['1', '小计', '3'],
			[' 合计：12 件'],
			['总计:', '5'],
			['', '', '合计']
		])
			expect([r, isTotalsRow(r)]).toEqual([r, true]);
		for (const r of [['BJ-1', 'SX-01', '合计'], ['合计费用', '3'], ['设计审查', '1'], []])
			expect([r, isTotalsRow(r)]).toEqual([r, false]);
	});

	it('the SQL twin flags exactly the rows isNoiseRow does', async () => {
		const rows: (string | null)[][] = [
			['合计', null, '6'],
			[null, ' 总 计 ', '6'],
			['1', '小计', null],
			['1', '2', '合计'],
			[null, null, '合计'],
			[null, null, null],
			[' ', '\u3000', ''],
			['\u3000', '\u3000', '合计：3'],
			['BJ-1', '设计', '1'],
			['合计费用', 'x', null],
			['A', null, null],
			['合计:', null, null]
		];
		const values = rows
			.map((r) => `(${r.map((v) => (v === null ? 'NULL' : `'${v}'`)).join(', ')})`)
			.join(', ');
		const got = await db.exclusive((conn) =>
			all(conn, `SELECT ${noiseSql(3)} AS noise FROM (VALUES ${values}) t(c0, c1, c2)`)
		);
		expect(got.map((r) => r.noise)).toEqual(rows.map((r) => isNoiseRow(r)));
		expect(rows.map((r) => isNoiseRow(r))).toEqual([
			true,
			true,
			true,
			false,
			true,
			true,
			true,
			true,
			false,
			false,
			false,
			true
		]);
		const one = await db.exclusive((conn) =>
			all(conn, `SELECT ${noiseSql(1)} AS noise FROM (VALUES ('合计'), (NULL), ('x')) t(c0)`)
		);
		expect(one.map((r) => r.noise)).toEqual([true, true, false]);
	});

	it('parses CSV records and finds empty lines as DuckDB counts them', async () => {
		const text = 'T,,\r\n\r\n"a\nb",c,d\r\n1,2,3';
		expect(pickDelimiter('2018年办件明细表\n办件编号\t事项编码\n')).toBe('\t');
		expect(parseRecords(text, ',', true)).toEqual([
			{ fields: ['T', '', ''], empty: false, complete: true },
			{ fields: [''], empty: true, complete: true },
			{ fields: ['a\nb', 'c', 'd'], empty: false, complete: true },
			{ fields: ['1', '2', '3'], empty: false, complete: true }
		]);
		expect(parseRecords('a,"b\n', ',', false)[0].complete).toBe(false);
		const f = writeText(dir, 'empty-lines.csv', 'h,k\n\n"x\n\ny",1\r\n\r\n2,3\n\n');
		expect(await findEmptyLines(f, 1)).toEqual([2, 4, 6]);
		expect(await findEmptyLines(writeText(dir, 'no-empty.csv', 'h,k\n1,2\n'), 1)).toEqual([]);
	});
});

/** Source row numbers of the rows a lazy ('order') CSV relation yields: rejects and empty lines are gaps. */
function orderRows(part: StagedPart, yielded: number, rejectLines: number[]): number[] {
	const gaps = [...new Set([...(part.blankRows ?? []), ...rejectLines])].sort((a, b) => a - b);
	const out: number[] = [];
	let row = part.rowBase! - 1;
	let g = 0;
	for (let k = 0; k < yielded; k++) {
		row++;
		while (g < gaps.length && gaps[g] === row) {
			row++;
			g++;
		}
		out.push(row);
	}
	return out;
}

async function stageCsv(file: string, opts: { score?: (c: string[]) => number } = {}) {
	return db.exclusive(async (conn) => {
		const staged = await readCsv(conn, file, {
			displayName: path.basename(file),
			stagingPrefix: `l${++seq}`,
			headerScore: opts.score
		});
		const p = staged.parts[0];
		const cols = p.headers.map((_, i) => `c${i}`).join(', ');
		const rows = await all(
			conn,
			`SELECT ${cols}, ${p.noiseColumn} AS noise FROM ${quoteIdent(p.stagingTable)}`
		);
		const rejects = await all(
			conn,
			`SELECT DISTINCT line, csv_line FROM ${quoteIdent(p.readerRejectsTable!)} ORDER BY line`
		);
		staged.cleanup?.();
		return { staged, part: p, rows, rejects };
	});
}

describe('CSV layout', () => {
	it('GBK export: two title lines, an empty line, a blank row, a ragged row and a 合计 line', async () => {
		const text = [
			'2018年办件明细表,,,',
			'导出时间：2018-04-01,,,',
			'办件编号,事项编码,申请时间,跑动次数',
			'BJ-1,SX-01,2018/3/5 14:02,1',
			'',
			'BJ-2,SX-01,2018-03-06,2',
			',,,',
			'BJ-3,SX-02,2018-03-07,0,多余',
			'BJ-4,SX-02,2018-03-08,1',
			'合计,,,4',
			''
		].join('\r\n');
		const file = writeText(dir, 'gbk/办件.csv', gbEncode(text, 'gbk'));
		for (const score of [undefined, aliasScore]) {
			const { staged, part, rows, rejects } = await stageCsv(file, { score });
			expect(staged.encoding).toBe('gbk');
			expect(part.headers).toEqual(['办件编号', '事项编码', '申请时间', '跑动次数']);
			expect([part.headerRow, part.rowBase, part.blankRows]).toEqual([3, 4, [5]]);
			expect(rows.map((r) => [r.c0, r.noise])).toEqual([
				['BJ-1', false],
				['BJ-2', false],
				[null, true],
				['BJ-4', false],
				['合计', true]
			]);
			expect(rejects.map((r) => Number(r.line))).toEqual([8]); // the ragged row, numbered as in the file
			const numbers = orderRows(part, rows.length, [8]);
			expect(numbers).toEqual([4, 6, 7, 9, 10]);
			const data = rows.flatMap((r, k) => (r.noise ? [] : [[r.c0, numbers[k]]]));
			expect(data).toEqual([
				['BJ-1', 4],
				['BJ-2', 6],
				['BJ-4', 9]
			]);
		}
	});

	it('a short totals line is a reader reject the part can tell is noise', async () => {
		const file = writeText(dir, 'short.csv', '办件编号,事项编码,跑动次数\nBJ-1,SX-01,1\n合计,1\n');
		const { part, rows, rejects } = await stageCsv(file);
		expect([part.headerRow, part.rowBase, part.blankRows]).toEqual([1, 2, []]);
		expect(rows.map((r) => r.c0)).toEqual(['BJ-1']);
		expect(rejects.map((r) => [Number(r.line), part.isNoiseLine!(String(r.csv_line))])).toEqual([[3, true]]);
		expect(part.isNoiseLine!('BJ-9,SX-01')).toBe(false);
	});

	it('a title line decides neither the delimiter nor the header; unknown headers fall back to the first row', async () => {
		const tsv = writeText(
			dir,
			'title.tsv',
			'导出时间：2018-04-01\n办件编号\t事项编码\t跑动次数\nBJ-1\tSX-01\t1\n'
		);
		const a = await stageCsv(tsv, { score: aliasScore });
		expect([a.part.headerRow, a.part.headers, a.rows.map((r) => r.c1)]).toEqual([
			2,
			['办件编号', '事项编码', '跑动次数'],
			['SX-01']
		]);
		const unknown = writeText(dir, 'unknown.csv', 'foo,bar\n1,2\n');
		const b = await stageCsv(unknown, { score: aliasScore });
		expect([b.part.headerRow, b.part.headers, b.rows.length]).toEqual([1, ['foo', 'bar'], 1]);
	});
});

/** Stage a workbook; rows per part as [c0.., __row]. */
async function stageXlsx(file: string, score?: (c: string[]) => number) {
	return db.exclusive(async (conn) => {
		const staged = await readXlsx(conn, file, {
			displayName: path.basename(file),
			stagingPrefix: `x${++seq}`,
			headerScore: score
		});
		const rows: Record<string, unknown[][]> = {};
		for (const p of staged.parts) {
			const cols = p.headers.map((_, i) => `c${i}`).join(', ');
			const rs = await all(conn, `SELECT ${cols}, __row FROM ${quoteIdent(p.stagingTable)} ORDER BY __row`);
			rows[p.label!] = rs.map((r) => Object.values(r));
		}
		return { staged, rows };
	});
}

describe('XLSX layout', () => {
	async function workbook(file: string): Promise<string> {
		const wb = new ExcelJS.Workbook();
		const jan = wb.addWorksheet('1月');
		jan.mergeCells('A1:E1');
		jan.getCell('A1').value = '2018年办件明细表';
		// row 2 blank; header on row 3 (with a unit in brackets)
		jan.getRow(3).values = ['序号', '办件编号', '事项编码', '申请时间', '承诺时限(工作日)'];
		jan.getRow(4).values = [1, 'BJ-1', 'SX-01', new Date(Date.UTC(2018, 2, 5, 14, 2, 0)), 5];
		jan.getRow(5).values = [2, 'BJ-2', 'SX-01', '2018/3/5 14:02', 5];
		jan.getRow(6).values = [3, 'BJ-3', 'SX-02', 43165.5, 3];
		jan.getCell('D6').numFmt = 'yyyy-mm-dd hh:mm';
		// row 7 blank, row 8 data, row 9 totals (merged label over A:B), row 10 a note below
		jan.getRow(8).values = [4, 'BJ-4', 'SX-02', '2018年3月8日', 3];
		jan.mergeCells('A9:B9');
		jan.getCell('A9').value = '合计';
		jan.getCell('E9').value = { formula: 'SUM(E4:E8)', result: 16 };
		const feb = wb.addWorksheet('2月');
		feb.getCell('A1').value = '导出时间：2018-04-01';
		feb.getRow(2).values = ['序号', '办件编号', '事项编码', '申请时间'];
		feb.getRow(3).values = [1, 'BJ-5', 'SX-01', '2018-02-01'];
		feb.getRow(4).values = ['', '小计', '', ''];
		feb.getRow(5).values = [2, 'BJ-6', 'SX-03', '2018-02-02'];
		feb.getRow(6).values = ['总计：2 件'];
		const notes = wb.addWorksheet('说明');
		notes.getCell('A1').value = '本表由政务服务平台导出';
		notes.getCell('A2').value = '时间为北京时间';
		wb.addWorksheet('空表');
		await wb.xlsx.writeFile(file);
		return file;
	}

	for (const [name, score] of [
		['orchestrator-like scorer', aliasScore],
		['default scorer', undefined]
	] as const) {
		it(`title rows, blank and totals rows, two data sheets, a notes sheet (${name})`, async () => {
			const file = await workbook(path.join(dir, `layout-${name.split(' ')[0]}.xlsx`));
			const { staged, rows } = await stageXlsx(file, score);
			expect(staged.parts.map((p) => [p.label, p.headerRow, p.headers, p.rows])).toEqual([
				['1月', 3, ['序号', '办件编号', '事项编码', '申请时间', '承诺时限(工作日)'], 4],
				['2月', 2, ['序号', '办件编号', '事项编码', '申请时间'], 2]
			]);
			expect(staged.skippedParts).toEqual([
				{ label: '说明', reason: '未找到可识别的表头 / no recognisable header row' },
				{ label: '空表', reason: '空工作表 / empty sheet' }
			]);
			expect(rows['1月']).toEqual([
				['1', 'BJ-1', 'SX-01', '2018-03-05 14:02:00', '5', 4],
				['2', 'BJ-2', 'SX-01', '2018/3/5 14:02', '5', 5],
				['3', 'BJ-3', 'SX-02', '2018-03-06 12:00:00', '3', 6],
				['4', 'BJ-4', 'SX-02', '2018年3月8日', '3', 8]
			]);
			expect(rows['2月']).toEqual([
				['1', 'BJ-5', 'SX-01', '2018-02-01', 3],
				['2', 'BJ-6', 'SX-03', '2018-02-02', 5]
			]);
		});
	}

	it('Excel date cells and text dates in one column are both text the date parser accepts', async () => {
		const file = await workbook(path.join(dir, 'dates.xlsx'));
		const { staged } = await stageXlsx(file, aliasScore);
		const jan = staged.parts[0];
		const parsed = await db.exclusive((conn) =>
			all(
				conn,
				`SELECT CAST(${timestampValue('c3', 'Asia/Shanghai')} AS VARCHAR) AS t FROM ${quoteIdent(jan.stagingTable)} ORDER BY __row`
			)
		);
		expect(parsed.map((r) => r.t)).toEqual([
			'2018-03-05 14:02:00',
			'2018-03-05 14:02:00',
			'2018-03-06 12:00:00',
			'2018-03-08 00:00:00'
		]);
	});

	it('a workbook with no recognisable header anywhere stages its sheets with the fallback header', async () => {
		const wb = new ExcelJS.Workbook();
		const s = wb.addWorksheet('Sheet1');
		s.getCell('A1').value = '报表';
		s.getRow(2).values = ['foo', 'bar'];
		s.getRow(3).values = ['x', 'y'];
		const file = path.join(dir, 'unknown.xlsx');
		await wb.xlsx.writeFile(file);
		const { staged, rows } = await stageXlsx(file, aliasScore);
		expect(staged.parts.map((p) => [p.label, p.headerRow, p.headers])).toEqual([
			['Sheet1', 2, ['foo', 'bar']]
		]);
		expect(rows['Sheet1']).toEqual([['x', 'y', 3]]);
		expect(staged.skippedParts).toEqual([]);
	});
});
