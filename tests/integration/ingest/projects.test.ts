/**
 * Projects through the import paths (issue 14): a flat 办件 export (GBK, a title row, a totals row) with 项目代码
 * and 审批阶段 columns stores each case's project and fills its items' stage; a 项目信息 register keeps the owner's
 * 统一社会信用代码 only as the keyed verification hash; a catalogue's 审批阶段 wins over the export's; a bad stage
 * value is a reject naming the file, row and column. Hand-made rows around the 2024 Spring Festival (10–17 Feb off,
 * Sun 18 Feb worked).
 */
import fs from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import type { Analytics } from '../../../src/lib/server/analytics/db';
import { DEFAULT_THRESHOLDS } from '../../../src/lib/server/analytics/kpi/thresholds';
import { projectTable, projectTargets, toContract } from '../../../src/lib/server/analytics/projects/figures';
import { derivedCode } from '../../../src/lib/server/ingest/derived-code';
import { importFiles } from '../../../src/lib/server/ingest/index';
import { hashVerify } from '../../../src/lib/server/ingest/pii';
import { gbEncode } from '../../fixtures/ingest-data';
import { freshDb, tempDir, writeText } from '../helpers/ingest';

const dir = tempDir('projects');
const dbs: Analytics[] = [];
afterAll(async () => {
	for (const db of dbs) await db.close();
	fs.rmSync(dir, { recursive: true, force: true });
});

const csv = (rows: (string | number | null)[][]) => rows.map((r) => r.map((v) => v ?? '').join(',')).join('\r\n') + '\r\n';
const P = '2024-430124-26-03-000101';
const OWNER_CODE = '91430124MA4L7Q8X3K';

const FLAT = [
	['2024年工程建设项目办件明细表'],
	['申报号', '项目代码', '事项名称', '审批阶段', '实施主体', '申报时间', '受理时间', '办结时间', '办理状态', '承诺办结时限(工作日)'],
	// planning: two parallel cases across the Spring Festival — union (02-05, 02-22] = 9 working days
	['G1', P, '建设用地规划许可证核发', '立项用地规划许可', '自然资源局', '2024/2/5 09:00', '2024/2/5 10:00', '2024-02-20 16:00', '准予许可', 20],
	['G2', P, '企业投资项目备案', '立项用地规划许可阶段', '发展和改革局', '2024/2/7 09:00', '2024/2/7 10:00', '2024-02-22 16:00', '已办结', 5],
	// engineering: (03-04, 03-08] = 4
	['G3', P, '建设工程规划许可证核发', '工程建设许可', '自然资源局', '2024/3/4 09:00', '2024/3/4 10:00', '2024-03-08 16:00', '已办结', 20],
	// a case outside any project
	['G4', '', '建设工程规划许可证核发', '', '自然资源局', '2024/3/4 09:00', '2024/3/4 10:00', '2024-03-06 16:00', '已办结', 20],
	['合计', '', '', '', '', '', '', '', '', '']
];

const REGISTER = [
	['2024年重点项目清单'],
	['项目代码', '项目名称', '项目单位', '统一社会信用代码', '所属园区', '所属行业', '总投资（万元）', '计划开工时间'],
	[P, '年产十万吨新材料项目', '临江新材料有限公司', OWNER_CODE, '临江经开区', '制造业', '"52,000.5"', '2024年4月1日']
];

describe('projects through the import', () => {
	it('a GBK flat export stores each case’s project and fills its items’ stage; the engine reads it', async () => {
		const db = await freshDb(dir);
		dbs.push(db);
		const f = writeText(dir, '工程建设项目办件明细.csv', gbEncode(csv(FLAT), 'gbk'));
		const s = await importFiles(db, [{ path: f }]);
		expect(s.status).toBe('completed');
		const cases = await db.query(`SELECT case_id, project_code FROM cases ORDER BY case_id`);
		expect(cases).toEqual([
			{ case_id: 'G1', project_code: P },
			{ case_id: 'G2', project_code: P },
			{ case_id: 'G3', project_code: P },
			{ case_id: 'G4', project_code: null }
		]);
		const items = await db.query(`SELECT item_code, stage FROM items ORDER BY stage, item_code`);
		expect(items).toEqual(
			[
				{ item_code: derivedCode('item_code', '建设工程规划许可证核发'), stage: 'engineering' },
				{ item_code: derivedCode('item_code', '企业投资项目备案'), stage: 'planning' },
				{ item_code: derivedCode('item_code', '建设用地规划许可证核发'), stage: 'planning' }
			].sort((a, b) => a.stage.localeCompare(b.stage) || a.item_code.localeCompare(b.item_code))
		);
		const c = toContract(await projectTable(db, '2024-12-31', projectTargets(DEFAULT_THRESHOLDS)));
		expect(c.projects).toEqual([
			{
				project_code: P,
				complete: true,
				approval_workdays: 13,
				span_workdays: 20,
				on_target: true,
				stages: { planning: { approval_workdays: 9, span_workdays: 9 }, engineering: { approval_workdays: 4, span_workdays: 4 } }
			}
		]);
	});

	it('a 项目信息 register keeps the owner code only as its verification hash', async () => {
		const db = await freshDb(dir);
		dbs.push(db);
		const f = writeText(dir, '重点项目信息.csv', csv(REGISTER));
		const s = await importFiles(db, [{ path: f }]);
		expect(s.status).toBe('completed');
		const rows = await db.query(`SELECT * EXCLUDE (batch_id) FROM projects`);
		expect(rows).toEqual([
			{
				project_code: P,
				name: '年产十万吨新材料项目',
				owner_name: '临江新材料有限公司',
				region_code: null,
				park: '临江经开区',
				industry: '制造业',
				investment: 52000.5,
				planned_start: '2024-04-01',
				owner_verify: hashVerify(OWNER_CODE, 6)
			}
		]);
		// what the owner types: the last six characters, in any case
		expect(hashVerify('7q8x3k', 6)).toBe(rows[0].owner_verify);
		// the raw code is nowhere in the stored rows
		expect(JSON.stringify(await db.query(`SELECT * FROM projects`))).not.toContain(OWNER_CODE);
	});

	it('a catalogue’s 审批阶段 is kept over an export’s; a bad stage value is a reject naming row and column', async () => {
		const db = await freshDb(dir);
		dbs.push(db);
		const cat = writeText(
			dir,
			'事项目录.csv',
			csv([
				['事项编码', '事项名称', '承接部门编码', '审批阶段'],
				['XK01', '建筑工程施工许可证核发', 'ZJ', '施工许可'],
				['XK02', '竣工联合验收', 'ZJ', '第五阶段']
			])
		);
		const dept = writeText(dir, 'departments.csv', csv([['dept_code', 'name'], ['ZJ', '住房和城乡建设局']]));
		const s = await importFiles(db, [{ path: dept }, { path: cat }]);
		expect(s.status).toBe('completed');
		expect(await db.query(`SELECT item_code, stage FROM items`)).toEqual([{ item_code: 'XK01', stage: 'construction' }]);
		const rejects = await db.query(`SELECT file_name, row_number, column_name, value, reason FROM rejects`);
		expect(rejects).toEqual([{ file_name: '事项目录.csv', row_number: 3, column_name: '审批阶段', value: '第五阶段', reason: 'unknown_value' }]);
		// A flat export naming XK01 with another stage leaves the catalogue's stage alone.
		const flat = writeText(
			dir,
			'办件明细.csv',
			csv([
				['申报号', '项目代码', '事项编码', '事项名称', '审批阶段', '实施主体编码', '申报时间', '办结时间', '办理状态'],
				['K1', P, 'XK01', '建筑工程施工许可证核发', '竣工验收', 'ZJ', '2024-05-06 09:00', '2024-05-08 10:00', '已办结']
			])
		);
		expect((await importFiles(db, [{ path: flat }])).status).toBe('completed');
		expect(await db.query(`SELECT item_code, stage FROM items`)).toEqual([{ item_code: 'XK01', stage: 'construction' }]);
		expect(await db.query(`SELECT case_id, project_code FROM cases`)).toEqual([{ case_id: 'K1', project_code: P }]);
	});
});
