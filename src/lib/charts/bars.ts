/**
 * Grouped or stacked bars over categories (departments, channels, batches): statutory vs promised vs
 * actual working days, delegated / accepted / active / idle items, channel shares. Horizontal when the
 * category names are long (department names).
 */
import { formatAxis, formatValue, type ValueKind } from '../format';
import { AXIS_LABEL, BASE, PALETTE, SPLIT_LINE } from './theme';
import type { BaseInput, ChartSpec, TableColumn } from './types';

export interface BarSeries {
	name: string;
	values: (number | null)[];
	colour?: string;
	/** Series with the same stack id are stacked. */
	stack?: string;
}

export interface BarsInput extends BaseInput {
	categories: string[];
	series: BarSeries[];
	kind: ValueKind;
	categoryLabel: string;
	horizontal?: boolean;
	/** A reference value drawn across all bars (e.g. a target rate). */
	reference?: { value: number; label: string };
}

export function barsOption(input: BarsInput): ChartSpec {
	const { categories, series, kind, lang, horizontal = false } = input;
	const fmt = (v: unknown) => formatValue(typeof v === 'number' ? v : null, kind, lang);
	const cats = horizontal ? [...categories].reverse() : categories;
	const pick = (vals: (number | null)[]) => (horizontal ? [...vals].reverse() : vals);
	const valueAxis = {
		type: 'value' as const,
		// A narrow chart (a phone) drops value labels that would run into each other.
		axisLabel: { ...AXIS_LABEL, hideOverlap: true, formatter: (v: number) => formatAxis(v, kind, lang) },
		splitLine: SPLIT_LINE,
		...(kind === 'ratio' && !series.some((s) => s.stack)
			? { max: (e: { max: number }) => (e.max > 0.9 ? 1 : undefined) }
			: {})
	};
	const catAxis = {
		type: 'category' as const,
		data: cats,
		axisLabel: horizontal
			? { ...AXIS_LABEL, color: '#1f2937', width: 160, overflow: 'truncate' as const }
			: { ...AXIS_LABEL, interval: 0, hideOverlap: true },
		axisTick: { show: false }
	};
	const rows = categories.length;
	const stacked = series.some((s) => s.stack);
	const height = horizontal ? Math.max(180, 64 + rows * (stacked ? 26 : 14 + 10 * series.length)) : 280;
	return {
		height,
		option: {
			...BASE,
			grid: horizontal
				? { left: 8, right: 32, top: series.length > 1 ? 36 : 12, bottom: 24, containLabel: true }
				: { left: 56, right: 24, top: series.length > 1 ? 36 : 16, bottom: 40 },
			legend: series.length > 1 ? { top: 0, type: 'scroll' } : undefined,
			tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' }, valueFormatter: fmt },
			xAxis: horizontal ? valueAxis : catAxis,
			yAxis: horizontal ? catAxis : valueAxis,
			series: series.map((s, i) => ({
				type: 'bar' as const,
				name: s.name,
				stack: s.stack,
				barMaxWidth: 22,
				itemStyle: { color: s.colour ?? PALETTE[i % PALETTE.length] },
				data: pick(s.values),
				...(i === 0 && input.reference
					? {
							markLine: {
								silent: true,
								symbol: 'none',
								lineStyle: { color: '#b91c1c', type: 'dashed' as const },
								label: {
									formatter: `${input.reference.label} ${fmt(input.reference.value)}`,
									color: '#b91c1c'
								},
								data: [horizontal ? { xAxis: input.reference.value } : { yAxis: input.reference.value }]
							}
						}
					: {})
			}))
		},
		table: {
			columns: [
				{ key: 'category', label: input.categoryLabel, kind: 'text' },
				...series.map((s, i): TableColumn => ({ key: `s${i}`, label: s.name, kind }))
			],
			rows: categories.map((c, j) => [c, ...series.map((s) => s.values[j] ?? null)])
		}
	};
}
