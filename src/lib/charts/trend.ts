/**
 * Trend lines: one line per series over periods (months, quarters, years), with an optional target
 * line (e.g. the 30 % speed-up target). Null values leave gaps rather than pretending to be zero.
 */
import { formatAxis, formatValue, type ValueKind } from '../format';
import { AXIS_LABEL, BASE, SPLIT_LINE, TARGET_COLOUR } from './theme';
import type { BaseInput, ChartSpec, TableColumn } from './types';

export interface TrendInput extends BaseInput {
	/** Period labels on the x axis, e.g. '2024-03', '2024Q1'. */
	periods: string[];
	series: { name: string; values: (number | null)[] }[];
	kind: ValueKind;
	/** Header of the period column in the table view. */
	periodLabel: string;
	target?: { value: number; label: string };
}

export function trendOption(input: TrendInput): ChartSpec {
	const { periods, series, kind, lang, target } = input;
	const fmt = (v: unknown) => formatValue(typeof v === 'number' ? v : null, kind, lang);
	const lines = series.map((s, i) => ({
		type: 'line' as const,
		name: s.name,
		data: s.values,
		connectNulls: false,
		symbolSize: 6,
		smooth: false,
		...(i === 0 && target
			? {
					markLine: {
						silent: true,
						symbol: 'none',
						lineStyle: { color: TARGET_COLOUR, type: 'dashed' as const, width: 1.5 },
						label: {
							formatter: `${target.label} ${fmt(target.value)}`,
							position: 'insideEndTop' as const,
							color: TARGET_COLOUR
						},
						data: [{ yAxis: target.value }]
					}
				}
			: {})
	}));
	const columns: TableColumn[] = [
		{ key: 'period', label: input.periodLabel, kind: 'text' },
		...series.map((s, i) => ({ key: `s${i}`, label: s.name, kind }))
	];
	const rows = periods.map((p, j) => [p, ...series.map((s) => s.values[j] ?? null)]);
	return {
		height: 280,
		option: {
			...BASE,
			grid: { left: 56, right: 24, top: series.length > 1 ? 40 : 24, bottom: 32 },
			legend: series.length > 1 ? { top: 0, type: 'scroll' } : undefined,
			tooltip: { trigger: 'axis', valueFormatter: fmt },
			xAxis: { type: 'category', data: periods, axisLabel: AXIS_LABEL, boundaryGap: false },
			yAxis: {
				type: 'value',
				axisLabel: { ...AXIS_LABEL, formatter: (v: number) => formatAxis(v, kind, lang) },
				splitLine: SPLIT_LINE,
				scale: kind !== 'ratio' && kind !== 'count',
				// Keep the target line in view; ratios never run past 100 %.
				max: (e: { max: number }) => {
					const top = Math.max(e.max, target ? target.value * 1.1 : -Infinity);
					if (kind === 'ratio') return e.max > 0.95 || top >= 1 ? 1 : niceCeil(top);
					return target ? niceCeil(top) : undefined;
				}
			},
			series: lines
		},
		table: { columns, rows }
	};
}

/** Round up to a tidy axis top with two significant digits (0.33 → 0.34, 87 → 90, 1234 → 1300). */
export function niceCeil(x: number): number {
	if (!(x > 0)) return x;
	const p = Math.pow(10, Math.floor(Math.log10(x)) - 1);
	const m = Number((x / p).toPrecision(9));
	const step = m <= 20 ? 1 : m <= 50 ? 2 : 5;
	return Number((Math.ceil(m / step) * step * p).toPrecision(12));
}
