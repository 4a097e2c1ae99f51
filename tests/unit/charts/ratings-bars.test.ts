import { describe, expect, it } from 'vitest';
import { ratingStackOption } from '../../../src/lib/charts/ratings';
import { barsOption } from '../../../src/lib/charts/bars';
import { RATING_COLOURS } from '../../../src/lib/charts/theme';

describe('ratingStackOption', () => {
	const spec = ratingStackOption({
		lang: 'zh',
		levelNames: ['非常不满意', '不满意', '基本满意', '满意', '非常满意'],
		nameLabel: '部门',
		totalLabel: '合计',
		rows: [
			{ label: '甲局', counts: [1, 1, 2, 6, 10] },
			{ label: '乙局', counts: [0, 0, 0, 0, 0] }
		]
	});
	const series = spec.option.series as {
		name: string;
		stack: string;
		data: number[];
		itemStyle: { color: string };
	}[];

	it('stacks five levels, very satisfied first, as shares of each row', () => {
		expect(series.map((s) => s.name)).toEqual(['非常满意', '满意', '基本满意', '不满意', '非常不满意']);
		expect(series.every((s) => s.stack === 'ratings')).toBe(true);
		// rows drawn bottom-up: index 1 is 甲局
		expect(series[0].data[1]).toBeCloseTo(0.5);
		expect(series[4].data[1]).toBeCloseTo(0.05);
		expect(series[0].itemStyle.color).toBe(RATING_COLOURS[4]);
	});
	it('shows zero-rating rows as empty, not NaN', () => {
		expect(series.map((s) => s.data[0])).toEqual([0, 0, 0, 0, 0]);
	});
	it('tabulates counts with a total', () => {
		expect(spec.table.rows[0]).toEqual(['甲局', 10, 6, 2, 1, 1, 20]);
	});
});

describe('barsOption', () => {
	it('groups series per category and tabulates them', () => {
		const spec = barsOption({
			lang: 'zh',
			categories: ['甲局', '乙局'],
			series: [
				{ name: '法定', values: [20, 10] },
				{ name: '承诺', values: [10, 5] },
				{ name: '实际', values: [4.5, null] }
			],
			kind: 'days',
			categoryLabel: '部门',
			horizontal: true
		});
		const series = spec.option.series as { data: (number | null)[] }[];
		expect((spec.option.yAxis as { data: string[] }).data).toEqual(['乙局', '甲局']);
		expect(series[2].data).toEqual([null, 4.5]);
		expect(spec.table.rows).toEqual([
			['甲局', 20, 10, 4.5],
			['乙局', 10, 5, null]
		]);
	});
	it('stacks series that share a stack id', () => {
		const spec = barsOption({
			lang: 'en',
			categories: ['A'],
			series: [
				{ name: 'active', values: [3], stack: 'x' },
				{ name: 'idle', values: [1], stack: 'x' }
			],
			kind: 'count',
			categoryLabel: 'Dept'
		});
		expect((spec.option.series as { stack?: string }[]).map((s) => s.stack)).toEqual(['x', 'x']);
	});
});
