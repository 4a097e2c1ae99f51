/* eslint-disable @typescript-eslint/no-explicit-any -- poking into ECharts option objects */
/** The cockpit's dark chart transform (pure). */
import { describe, expect, it } from 'vitest';
import { rankingOption, trendOption } from '../../../src/lib/charts';
import { renderSvg } from '../../../src/lib/charts/echarts';
import { darkOption, DARK } from '../../../src/lib/cockpit/dark';

describe('darkOption', () => {
	const trend = trendOption({
		lang: 'zh',
		periods: ['2025-01', '2025-02'],
		series: [{ name: '网办率', values: [0.5, 0.6] }],
		kind: 'ratio',
		periodLabel: '月份'
	});
	it('lightens text and grid, keeps data and formatters', () => {
		const o = darkOption(trend.option) as Record<string, any>;
		expect(o.textStyle.color).toBe(DARK.text);
		expect(o.yAxis.axisLabel.color).toBe(DARK.muted);
		expect(typeof o.yAxis.axisLabel.formatter).toBe('function');
		expect(o.series[0].data).toEqual([0.5, 0.6]);
		expect((trend.option as Record<string, any>).textStyle.color).not.toBe(DARK.text); // input untouched
	});
	it('renders, with the per-bar labels of a ranking recoloured', () => {
		const spec = rankingOption({
			lang: 'zh',
			kind: 'score',
			valueLabel: '得分',
			nameLabel: '单位',
			rankLabel: '排名',
			gradeLabel: '等级',
			gradeNames: { excellent: '优秀', good: '良好', pass: '合格', fail: '不合格' },
			rows: [
				{ label: '甲局', value: 95, grade: 'excellent', rank: 1 },
				{ label: '乙局', value: 55, grade: 'fail', rank: 2 }
			]
		});
		const o = darkOption(spec.option) as Record<string, any>;
		expect(o.series[0].data.every((d: any) => d.label.color === DARK.text)).toBe(true);
		expect(renderSvg(o, 600, 300)).toContain('甲局');
	});
});
