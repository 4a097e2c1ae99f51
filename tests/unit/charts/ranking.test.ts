import { describe, expect, it } from 'vitest';
import { rankingOption } from '../../../src/lib/charts/ranking';
import { GRADE_COLOURS, NO_GRADE_COLOUR } from '../../../src/lib/charts/theme';

const gradeNames = { excellent: '优秀', good: '良好', pass: '合格', fail: '不合格' } as const;

describe('rankingOption', () => {
	const spec = rankingOption({
		lang: 'zh',
		kind: 'score',
		valueLabel: '得分',
		nameLabel: '部门',
		rankLabel: '名次',
		gradeLabel: '等次',
		gradeNames,
		max: 100,
		rows: [
			{ label: '乙局', value: 55.5, grade: 'fail', rank: 3 },
			{ label: '甲局', value: 92, grade: 'excellent', rank: 1 },
			{ label: '丙局', value: null, grade: null, rank: null },
			{ label: '丁局', value: 81.25, grade: 'good', rank: 2, highlight: true }
		]
	});
	const bars = (
		spec.option.series as {
			data: {
				value: number | null;
				itemStyle: { color: string; borderWidth?: number };
				label: { formatter: string };
			}[];
		}[]
	)[0].data;
	const cats = (spec.option.yAxis as { data: string[] }).data;

	it('puts the best on top (ECharts draws categories bottom-up) and unscored last', () => {
		expect(cats).toEqual(['丙局', '乙局', '丁局', '甲局']);
	});

	it('colours bars by grade with the grade written in the label', () => {
		expect(bars[3].itemStyle.color).toBe(GRADE_COLOURS.excellent);
		expect(bars[1].itemStyle.color).toBe(GRADE_COLOURS.fail);
		expect(bars[0].itemStyle.color).toBe(NO_GRADE_COLOUR);
		expect(bars[3].label.formatter).toBe('92.00 优秀');
		expect(bars[0].label.formatter).toBe('—');
		expect(bars[2].itemStyle.borderWidth).toBe(2);
	});

	it('tabulates rank, name, score and grade best first', () => {
		expect(spec.table.rows).toEqual([
			[1, '甲局', 92, '优秀'],
			[2, '丁局', 81.25, '良好'],
			[3, '乙局', 55.5, '不合格'],
			[null, '丙局', null, null]
		]);
	});

	it('grows with the number of rows', () => {
		expect(spec.height).toBeGreaterThanOrEqual(160);
		const big = rankingOption({
			...spec,
			lang: 'zh',
			kind: 'score',
			valueLabel: '',
			nameLabel: '',
			rankLabel: '',
			gradeLabel: '',
			gradeNames,
			rows: Array.from({ length: 40 }, (_, i) => ({ label: `d${i}`, value: i, grade: null }))
		});
		expect(big.height).toBeGreaterThan(1000);
	});
});
