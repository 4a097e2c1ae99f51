import { describe, expect, it } from 'vitest';
import { trendOption } from '../../../src/lib/charts/trend';

describe('trendOption', () => {
	const spec = trendOption({
		lang: 'zh',
		periods: ['2024-01', '2024-02', '2024-03'],
		series: [
			{ name: '实际提速率', values: [0.2, null, 0.35] },
			{ name: '按时办结率', values: [0.9, 0.95, 0.97] }
		],
		kind: 'ratio',
		periodLabel: '月份',
		target: { value: 0.3, label: '目标' }
	});

	it('draws one line per series and keeps nulls as gaps', () => {
		const series = spec.option.series as { type: string; data: unknown[]; connectNulls: boolean }[];
		expect(series).toHaveLength(2);
		expect(series.every((s) => s.type === 'line')).toBe(true);
		expect(series[0].data).toEqual([0.2, null, 0.35]);
		expect(series[0].connectNulls).toBe(false);
	});

	it('draws the target as a dashed line on the first series', () => {
		const s0 = (spec.option.series as { markLine?: { data: unknown[]; label: { formatter: string } } }[])[0];
		expect(s0.markLine?.data).toEqual([{ yAxis: 0.3 }]);
		expect(s0.markLine?.label.formatter).toBe('目标 30.0%');
		expect((spec.option.series as { markLine?: unknown }[])[1].markLine).toBeUndefined();
	});

	it('formats the axis as percentages', () => {
		const fmt = (spec.option.yAxis as { axisLabel: { formatter: (v: number) => string } }).axisLabel
			.formatter;
		expect(fmt(0.25)).toBe('25%');
	});

	it('tabulates the same numbers', () => {
		expect(spec.table.columns.map((c) => c.label)).toEqual(['月份', '实际提速率', '按时办结率']);
		expect(spec.table.rows).toEqual([
			['2024-01', 0.2, 0.9],
			['2024-02', null, 0.95],
			['2024-03', 0.35, 0.97]
		]);
	});
});

describe('niceCeil', () => {
	it('rounds axis tops up to tidy values', async () => {
		const { niceCeil } = await import('../../../src/lib/charts/trend');
		expect(niceCeil(0.15)).toBe(0.15);
		expect(niceCeil(0.33)).toBe(0.34);
		expect(niceCeil(87)).toBe(90);
		expect(niceCeil(1234)).toBe(1300);
		expect(niceCeil(0)).toBe(0);
	});
	it('keeps the target inside the axis', () => {
		const spec = trendOption({
			lang: 'en',
			periods: ['a'],
			series: [{ name: 'x', values: [0.1] }],
			kind: 'ratio',
			periodLabel: 'p',
			target: { value: 0.3, label: 't' }
		});
		const max = (spec.option.yAxis as { max: (e: { max: number }) => number }).max;
		expect(max({ max: 0.2 })).toBeGreaterThanOrEqual(0.3);
		expect(max({ max: 0.99 })).toBe(1);
	});
});
