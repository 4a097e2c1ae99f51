/** Unit names as plans write them → departments: exact, unambiguous abbreviation, ambiguity, collectives. */
import { describe, expect, it } from 'vitest';
import { matchUnits } from '../../../src/lib/server/tasks/units';

const DEPTS = [
	{ dept_code: 'BW', name: '盘锦市机构编制委员会办公室' },
	{ dept_code: 'FG', name: '盘锦市发展和改革委员会' },
	{ dept_code: 'RS', name: '盘锦市人力资源和社会保障局' },
	{ dept_code: 'ZW', name: '盘锦市政务服务中心' },
	{ dept_code: 'ZWF', name: '盘锦市政务服务中心分中心' },
	{ dept_code: 'SJ', name: '盘锦市市场监督管理局' },
	{ dept_code: 'GS', name: '盘锦市工商行政管理局' },
	{ dept_code: 'ZF', name: '盘锦市人民政府办公室' },
	{ dept_code: 'XJY', name: '盘山县教育局' },
	{ dept_code: 'SJY', name: '盘锦市教育局' },
	{ dept_code: 'LDW', name: '辽东湾新区管委会' }
];

const one = (name: string) => matchUnits([name], DEPTS)[0];

describe('matchUnits', () => {
	it('exact names first (bracket widths and spaces ignored)', () => {
		expect(one('盘锦市发展和改革委员会')).toEqual({ name: '盘锦市发展和改革委员会', dept_code: 'FG', how: 'exact', candidates: [] });
		expect(one('辽东湾新区管委会').how).toBe('exact');
		expect(matchUnits(['X（甲）'], [{ dept_code: 'X', name: 'X(甲)' }])[0].dept_code).toBe('X');
	});

	it('abbreviations whose characters appear in order in one department, level aligned', () => {
		expect(one('市编委办')).toEqual({ name: '市编委办', dept_code: 'BW', how: 'abbreviation', candidates: [] });
		expect(one('市发改委').dept_code).toBe('FG');
		expect(one('市人社局').dept_code).toBe('RS');
		expect(one('市市场监管局').dept_code).toBe('SJ');
		expect(one('市政府办公室').dept_code).toBe('ZF');
		// 市 vs 县: the level must agree.
		expect(one('县教育局').dept_code).toBe('XJY');
		expect(one('市教育局').dept_code).toBe('SJY');
		// The same words after the place name win over a longer name containing them.
		expect(one('市政务服务中心')).toMatchObject({ dept_code: 'ZW', how: 'abbreviation' });
		expect(one('盘锦市编委办').dept_code).toBe('BW');
	});

	it('ambiguous → not matched, with the candidates; unknown → no candidates', () => {
		const r = one('市管理局');
		expect(r.dept_code).toBeNull();
		expect(r.how).toBeNull();
		expect(r.candidates.sort()).toEqual(['GS', 'SJ']);
		expect(one('市综合执法局')).toEqual({ name: '市综合执法局', dept_code: null, how: null, candidates: [] });
		expect(one('营口市编委办').dept_code).toBeNull(); // another city's office
	});

	it('collective names are never matched', () => {
		for (const n of ['各县区政府', '市直有关部门', '市政府有关部门', '具有行政许可、行政确认职能的成员单位'])
			expect(one(n)).toEqual({ name: n, dept_code: null, how: null, candidates: [] });
	});

	it('keeps the input order', () => {
		expect(matchUnits(['市人社局', '市编委办'], DEPTS).map((m) => m.dept_code)).toEqual(['RS', 'BW']);
	});
});
