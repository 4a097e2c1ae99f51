import { describe, expect, it } from 'vitest';
import { parseNotice } from '../../../src/lib/server/settings/holiday-notice';

describe('holiday notice lines', () => {
	it('accepts 休/班 (and true/false) with names, skips headers and comments', () => {
		const r = parseNotice(
			'日期,类型,名称\n# 2031 年\n2031-01-01,休,元旦\n2031-01-26，班，春节调休上班\n2031-01-27\t休\t春节\n2031-02-01,true\n'
		);
		expect(r.problems).toEqual([]);
		expect(r.rows).toEqual([
			{ date: '2031-01-01', is_workday: false, name: '元旦' },
			{ date: '2031-01-26', is_workday: true, name: '春节调休上班' },
			{ date: '2031-01-27', is_workday: false, name: '春节' },
			{ date: '2031-02-01', is_workday: true, name: '' }
		]);
	});

	it('reports every bad line with its number', () => {
		const r = parseNotice('2031-02-30,休\n2031-03-01,maybe\n2031-03-02,休\n2031-03-02,班\n');
		expect(r.problems).toHaveLength(3);
		expect(r.problems[0]).toMatch(/^第 1 行/);
		expect(r.problems[1]).toMatch(/^第 2 行.*休 或 班/);
		expect(r.problems[2]).toMatch(/^第 4 行.*重复/);
		expect(parseNotice('\n\n').problems).toEqual(['没有日期 / no dates']);
	});
});
