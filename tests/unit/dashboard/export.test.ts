import { describe, expect, it } from 'vitest';
import ExcelJS from 'exceljs';
import { neutralise, toCsv, toXlsx, type ExportColumn } from '../../../src/lib/server/dashboard/export';

const columns: ExportColumn[] = [
	{ key: 'id', header: '办件编号', kind: 'text' },
	{ key: 'name', header: '事项', kind: 'text' },
	{ key: 'left', header: '剩余', kind: 'number' },
	{ key: 'at', header: '申请时间', kind: 'datetime' }
];
const rows = [
	{ id: 'BJ1', name: '=HYPERLINK("http://x","点我")', left: -2, at: '2024-03-05T14:02:00' },
	{ id: '+86', name: '含,逗号"引号', left: null, at: null },
	{ id: '@SUM(A1)', name: '-1+1', left: 3, at: '2024-03-06T08:00:00' }
];

describe('neutralise', () => {
	it('prefixes text that a spreadsheet would run as a formula', () => {
		expect(neutralise('=1+1')).toBe("'=1+1");
		expect(neutralise('+86 123')).toBe("'+86 123");
		expect(neutralise('-x')).toBe("'-x");
		expect(neutralise('@A1')).toBe("'@A1");
		expect(neutralise('普通文本')).toBe('普通文本');
	});
});

describe('toCsv', () => {
	const csv = toCsv(columns, rows);
	it('starts with a UTF-8 BOM and a Chinese header', () => {
		expect(csv.charCodeAt(0)).toBe(0xfeff);
		expect(csv.slice(1).split('\r\n')[0]).toBe('办件编号,事项,剩余,申请时间');
	});
	it('neutralises formulas in text cells, keeps numbers, quotes separators', () => {
		const lines = csv.slice(1).split('\r\n');
		expect(lines[1]).toBe(`BJ1,"'=HYPERLINK(""http://x"",""点我"")",-2,2024-03-05 14:02:00`);
		expect(lines[2]).toBe(`'+86,"含,逗号""引号",,`);
		expect(lines[3]).toBe(`'@SUM(A1),'-1+1,3,2024-03-06 08:00:00`);
	});
});

describe('toXlsx', () => {
	it('writes real numbers, neutralised text, a frozen header and a filter', async () => {
		const buf = await toXlsx('办件', columns, rows);
		const wb = new ExcelJS.Workbook();
		await wb.xlsx.load(Buffer.from(buf) as unknown as ArrayBuffer);
		const ws = wb.getWorksheet('办件')!;
		expect(ws.getRow(1).getCell(1).value).toBe('办件编号');
		expect(ws.getRow(2).getCell(2).value).toBe(`'=HYPERLINK("http://x","点我")`);
		expect(ws.getRow(2).getCell(3).value).toBe(-2);
		expect(ws.getRow(4).getCell(1).value).toBe(`'@SUM(A1)`);
		expect(ws.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
		expect(ws.autoFilter).toBeTruthy();
		// No cell holds a formula.
		ws.eachRow((row) => row.eachCell((cell) => expect(cell.formula).toBeUndefined()));
	});
});
