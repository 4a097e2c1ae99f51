/**
 * The import preview (parser → editable draft with units matched, doubts kept) and the ledger's Excel export
 * (frozen header, auto-filter, numbers as numbers, formula-looking text neutralised, overdue rows tinted).
 */
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { buildPreview } from '../../../src/lib/server/tasks/preview';
import { ledgerXlsx } from '../../../src/lib/server/tasks/export';
import type { TaskRow } from '../../../src/lib/tasks/types';
import type { AppDb } from '../../../src/lib/server/appdb/index';

const DEPTS = [
	{ code: 'D1', name: '临江市发展和改革委员会' },
	{ code: 'D2', name: '临江市财政局' }
];

describe('import preview', () => {
	it('turns the parsed plan into a draft: units matched (abbreviation, exact) or free text, doubts kept', async () => {
		const text = ['示范实施方案', '一、任务', '1.建立清单。', '牵头单位：市发改委', '配合单位：临江市财政局、各县区政府', '时间进度：2024年6月底前完成', '2.完善制度。', '时间进度：长期推进'].join('\n');
		const p = await buildPreview({} as AppDb, { text, sourceName: 'plan.txt', target: null, today: '2024-01-01' }, DEPTS);
		expect(p.draft.title).toBe('示范实施方案');
		expect(p.changes).toBeNull();
		expect(p.draft.tasks[0]).toMatchObject({
			number: 1,
			group: '一',
			lead: [{ name: '市发改委', deptCode: 'D1' }],
			support: [
				{ name: '临江市财政局', deptCode: 'D2' },
				{ name: '各县区政府', deptCode: null }
			],
			milestones: [{ due: '2024-06-30' }],
			ongoing: false
		});
		expect(p.draft.tasks[1]).toMatchObject({ lead: [], milestones: [], ongoing: true });
		expect(p.draft.tasks[1].issues).toContain('no_lead_unit');
		expect(Object.fromEntries(p.units.map((u) => [u.name, u.how]))).toEqual({ 市发改委: 'abbreviation', 临江市财政局: 'exact', 各县区政府: null });
	});

	it('a text without numbered tasks is refused with a clear message', async () => {
		await expect(buildPreview({} as AppDb, { text: '关于开展调研的通知\n请各单位按时报送。', sourceName: '', target: null }, DEPTS)).rejects.toMatchObject({ status: 400, message: expect.stringContaining('未识别到编号任务') });
	});
});

describe('ledger export', () => {
	it('writes one sheet with a frozen header and filter, numbers as numbers, neutralised text, tinted overdue rows', async () => {
		const row = (o: Partial<TaskRow>): TaskRow => ({
			id: 1, planId: 1, planTitle: '方案', number: 1, group: '一', groupTitle: '任务', title: '建立清单', lead: [{ name: '市发改委', deptCode: 'D1', deptName: '临江市发展和改革委员会' }], support: [],
			schedule: '2024年6月底前', ongoing: false, state: 'overdue', milestones: [], nextDue: '2024-06-30', lateSince: '2024-06-30', lastReport: null, pendingReviews: 0, ...o
		});
		const buf = await ledgerXlsx([row({}), row({ id: 2, number: 2, title: '=HYPERLINK("x")', state: 'done', lateSince: null, nextDue: null })], 'zh', '2024-07-01');
		const wb = new ExcelJS.Workbook();
		await wb.xlsx.load(buf as unknown as ArrayBuffer);
		const ws = wb.worksheets[0];
		expect(ws.getCell('A1').value).toBe('改革任务台账（截至2024-07-01）');
		expect(ws.views[0]).toMatchObject({ state: 'frozen', ySplit: 2 });
		expect(ws.autoFilter).toBeTruthy();
		expect(ws.getRow(2).values).toContain('牵头单位');
		expect(ws.getCell('C3').value).toBe(1);
		expect(ws.getCell('E3').value).toBe('临江市发展和改革委员会');
		expect(ws.getCell('J3').value).toBe('已逾期');
		expect((ws.getCell('A3').fill as ExcelJS.FillPattern).fgColor?.argb).toBe('FFFDE2E2');
		expect(ws.getCell('D4').value).toBe('\'=HYPERLINK("x")');
		expect(ws.getCell('J4').value).toBe('已完成');
	});
});
