import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
	chooseTable,
	headerKey,
	loadProfile,
	mapHeaders,
	tableFromFileName,
	tableFromHeaders,
	valueMap
} from './profile';
import { detectDelimiter } from './scan';
import { parseRecords } from './csv-layout';
import { CANONICAL } from '../analytics/schema';

const p = loadProfile('default-zh');

describe('mapping profile', () => {
	it('normalises headers: BOM, full-width spaces, case, separators, a trailing unit', () => {
		expect(headerKey('\uFEFF　法定时限（工作日） ')).toBe(headerKey('法定时限'));
		expect(headerKey('Case ID')).toBe(headerKey('case_id'));
		expect(headerKey('SUBMITTED-AT')).toBe('submittedat');
		const m = mapHeaders(p, 'items', ['事项编码', '事项名称', '承接部门编码', '法定时限(工作日)', '备注']);
		expect(Object.fromEntries(m.columns)).toEqual({ item_code: 0, name: 1, dept_code: 2, statutory_days: 3 });
		expect(m.ignored).toEqual(['备注']);
		expect(m.missing).toEqual([]);
	});

	it('finds personal-data columns and the missing required columns', () => {
		const m = mapHeaders(p, 'cases', ['办件编号', '身份证号', '手机号']);
		expect([m.idColumn, m.phoneColumn]).toEqual([1, 2]);
		expect(m.missing).toEqual(['item_code', 'dept_code', 'submitted_at', 'status']);
	});

	it('chooses the table by file name (English at word boundaries, Chinese anywhere), then by headers', () => {
		expect(tableFromFileName(p, '/x/2024年3月办件.csv')).toBe('cases');
		expect(tableFromFileName(p, 'cases-2024-03.CSV')).toBe('cases');
		expect(tableFromFileName(p, 'showcases.csv')).toBe(null);
		expect(tableFromFileName(p, '好差评.xlsx')).toBe('ratings');
		expect(tableFromHeaders(p, ['评价编号', '部门编码', '评价时间', '评价等级'])).toBe('ratings');
		expect(chooseTable(p, 'x.csv', ['region_code', 'name'])).toBe('regions');
		expect(() => chooseTable(p, 'x.csv', ['a'])).toThrow(/--table/);
		expect(() => chooseTable(p, 'x.csv', ['a'], 'nope')).toThrow(/unknown table/);
	});

	it('value maps accept labels and canonical values', () => {
		const status = CANONICAL.cases.columns.find((c) => c.name === 'status')!;
		const m = valueMap(p, 'cases', status);
		expect(m.get('办结')).toBe('completed');
		expect(m.get('in_progress')).toBe('in_progress');
		const ch = CANONICAL.ratings.columns.find((c) => c.name === 'channel')!;
		expect(valueMap(p, 'ratings', ch).get('网上')).toBe('online');
		expect(valueMap(p, 'ratings', ch).get('评价器')).toBe('window_device');
	});

	it('a deployment profile extends another and only adds its differences', () => {
		const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'profile-'));
		fs.writeFileSync(
			path.join(dir, 'county-x.json'),
			JSON.stringify({
				name: 'county-x',
				extends: 'default-zh',
				headers: { cases: { case_id: ['业务流水号'] } },
				values: { status: { 已办结: 'completed' } }
			})
		);
		process.env.PROFILE_DIR = dir;
		try {
			const x = loadProfile('county-x');
			expect(mapHeaders(x, 'cases', ['业务流水号', '办件编号']).columns.get('case_id')).toBe(0);
			const status = CANONICAL.cases.columns.find((c) => c.name === 'status')!;
			expect(valueMap(x, 'cases', status).get('已办结')).toBe('completed');
			expect(valueMap(x, 'cases', status).get('办结')).toBe('completed');
			expect(() => loadProfile('../etc/passwd')).toThrow(/invalid profile name/);
		} finally {
			delete process.env.PROFILE_DIR;
			fs.rmSync(dir, { recursive: true, force: true });
		}
	});
});

describe('CSV header helpers', () => {
	it('detects the delimiter and parses a quoted header record', () => {
		expect(detectDelimiter('a\tb\tc')).toBe('\t');
		expect(detectDelimiter('a;b;"c,d"')).toBe(';');
		expect(parseRecords('\uFEFF"a ""x""",b\r\n1,2', ',', true, 1)[0]).toEqual({
			fields: ['a "x"', 'b'],
			empty: false,
			complete: true
		});
		expect(parseRecords('"a\nb",c\n', ',', true, 1)[0].fields).toEqual(['a\nb', 'c']);
	});
});
