/**
 * Five-level ratings (非常不满意 … 非常满意) as 100 % stacked horizontal bars, one per department or
 * channel, red → green; tooltips and the table carry the counts, the bars the shares.
 */
import { formatCount, formatPercent } from '../format';
import { AXIS_LABEL, BASE, RATING_COLOURS, SPLIT_LINE } from './theme';
import type { BaseInput, ChartSpec, TableColumn } from './types';

export interface RatingRow {
	label: string;
	/** Counts of scores 1…5. */
	counts: [number, number, number, number, number];
}

export interface RatingInput extends BaseInput {
	rows: RatingRow[];
	/** Names of scores 1…5. */
	levelNames: [string, string, string, string, string];
	nameLabel: string;
	totalLabel: string;
}

export function ratingStackOption(input: RatingInput): ChartSpec {
	const { rows, levelNames, lang } = input;
	const drawn = [...rows].reverse();
	const totals = drawn.map((r) => r.counts.reduce((a, b) => a + b, 0));
	// Highest score first in the legend and stack so green reads from the left.
	const levels = [4, 3, 2, 1, 0];
	return {
		height: Math.max(160, 72 + drawn.length * 28),
		option: {
			...BASE,
			grid: { left: 8, right: 24, top: 36, bottom: 24, containLabel: true },
			legend: { top: 0, data: levels.map((l) => levelNames[l]) },
			tooltip: {
				trigger: 'axis',
				axisPointer: { type: 'shadow' },
				formatter: (ps: unknown) => {
					const list = ps as { dataIndex: number; seriesIndex: number; marker: string; seriesName: string }[];
					if (!list.length) return '';
					const i = list[0].dataIndex;
					const lines = list.map((p) => {
						const n = drawn[i].counts[levels[p.seriesIndex]];
						return `${p.marker}${p.seriesName} ${formatCount(n, lang)} (${formatPercent(totals[i] ? n / totals[i] : null)})`;
					});
					return [drawn[i].label, ...lines].join('<br/>');
				}
			},
			xAxis: {
				type: 'value',
				max: 1,
				axisLabel: { ...AXIS_LABEL, hideOverlap: true, formatter: (v: number) => `${Math.round(v * 100)}%` },
				splitLine: SPLIT_LINE
			},
			yAxis: {
				type: 'category',
				data: drawn.map((r) => r.label),
				axisLabel: { ...AXIS_LABEL, color: '#1f2937' },
				axisTick: { show: false }
			},
			series: levels.map((l) => ({
				type: 'bar' as const,
				name: levelNames[l],
				stack: 'ratings',
				barMaxWidth: 20,
				itemStyle: { color: RATING_COLOURS[l] },
				data: drawn.map((r, i) => (totals[i] ? r.counts[l] / totals[i] : 0))
			}))
		},
		table: {
			columns: [
				{ key: 'name', label: input.nameLabel, kind: 'text' },
				...levels.map((l): TableColumn => ({ key: `s${l + 1}`, label: levelNames[l], kind: 'count' })),
				{ key: 'total', label: input.totalLabel, kind: 'count' }
			],
			rows: rows.map((r) => [r.label, ...levels.map((l) => r.counts[l]), r.counts.reduce((a, b) => a + b, 0)])
		}
	};
}
