import { describe, expect, it } from 'vitest';
import {
	binCounts,
	binLabel,
	handoverLagOption,
	histogramOption,
	ruleEdges
} from '../../../src/lib/charts/histogram';
import { OK_COLOUR, WARN_COLOUR } from '../../../src/lib/charts/theme';

describe('binCounts', () => {
	it('bins by inclusive upper bounds with an open last bin', () => {
		const bins = binCounts(
			[
				{ value: 0, count: 2 },
				{ value: 5, count: 1 },
				{ value: 6, count: 4 },
				{ value: 15, count: 3 },
				{ value: 16, count: 1 },
				{ value: 99, count: 5 }
			],
			[5, 10, 15]
		);
		expect(bins).toEqual([
			{ lo: 0, hi: 5, count: 3 },
			{ lo: 6, hi: 10, count: 4 },
			{ lo: 11, hi: 15, count: 3 },
			{ lo: 16, hi: null, count: 6 }
		]);
		expect(bins.map(binLabel)).toEqual(['0–5', '6–10', '11–15', '≥16']);
		expect(binLabel({ lo: 0, hi: 0, count: 0 })).toBe('0');
	});
	it('puts the rule on a boundary', () => {
		const e = ruleEdges(15, 40);
		expect(e).toContain(15);
		expect([...e].sort((a, b) => a - b)).toEqual(e);
		expect(Math.max(...e)).toBeLessThan(40);
	});
});

describe('histogramOption', () => {
	const spec = histogramOption({
		lang: 'zh',
		xLabel: '工作日',
		yLabel: '事项数',
		shareLabel: '占比',
		rule: { at: 15, label: '15个工作日' },
		bins: [
			{ lo: 0, hi: 5, count: 6 },
			{ lo: 6, hi: 15, count: 2 },
			{ lo: 16, hi: null, count: 2 }
		]
	});
	const series = (
		spec.option.series as {
			data: { value: number; itemStyle: { color: string } }[];
			markLine?: { data: { xAxis: number }[] };
		}[]
	)[0];

	it('colours bins beyond the rule as warnings', () => {
		expect(series.data.map((d) => d.itemStyle.color)).toEqual([OK_COLOUR, OK_COLOUR, WARN_COLOUR]);
	});
	it('draws the rule between the last complying bin and the next', () => {
		expect(series.markLine?.data).toEqual([{ xAxis: 1.5 }]);
	});
	it('tabulates counts and shares', () => {
		expect(spec.table.rows).toEqual([
			['0–5', 6, 0.6],
			['6–15', 2, 0.2],
			['≥16', 2, 0.2]
		]);
	});
});

describe('handoverLagOption', () => {
	it('uses the 15-working-day rule as a bin boundary', () => {
		const spec = handoverLagOption({
			lang: 'en',
			lags: [
				{ value: 3, count: 4 },
				{ value: 15, count: 1 },
				{ value: 16, count: 2 }
			],
			ruleDays: 15,
			xLabel: 'working days',
			yLabel: 'items',
			shareLabel: 'share',
			ruleLabel: '15-day rule'
		});
		const labels = spec.table.rows.map((r) => r[0]);
		expect(labels).toContain('11–15');
		expect(labels).toContain('16–20');
		const within = spec.table.rows.filter((r) => ['0', '1–5', '6–10', '11–15'].includes(String(r[0])));
		expect(within.reduce((s, r) => s + Number(r[1]), 0)).toBe(5);
	});
});
