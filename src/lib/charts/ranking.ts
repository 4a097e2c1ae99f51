/**
 * Ranking bars: one horizontal bar per department, best on top, coloured by assessment grade (traffic
 * lights) with the grade written in the label, so colour is never the only carrier. Departments
 * without a score are listed last with an empty bar.
 */
import { formatValue, type ValueKind } from '../format';
import { AXIS_LABEL, BASE, SPLIT_LINE, gradeColour } from './theme';
import type { BaseInput, ChartSpec, Grade } from './types';

export interface RankingRow {
	label: string;
	value: number | null;
	grade: Grade | null;
	rank?: number | null;
	/** Drawn with a dark outline (e.g. the user's own department among anonymous positions). */
	highlight?: boolean;
}

export interface RankingInput extends BaseInput {
	rows: RankingRow[];
	kind: ValueKind;
	valueLabel: string;
	nameLabel: string;
	rankLabel: string;
	gradeLabel: string;
	gradeNames: Record<Grade, string>;
	/** Fixed axis maximum (100 for scores). */
	max?: number;
}

const ROW_PX = 26;

export function rankingOption(input: RankingInput): ChartSpec {
	const { kind, lang, gradeNames } = input;
	const sorted = [...input.rows].sort((a, b) => {
		if (a.value === null && b.value === null) return a.label.localeCompare(b.label);
		if (a.value === null) return 1;
		if (b.value === null) return -1;
		return b.value - a.value || a.label.localeCompare(b.label);
	});
	// ECharts draws category axes bottom-up: reverse so the best sits on top.
	const drawn = [...sorted].reverse();
	const fmt = (v: number | null) => formatValue(v, kind, lang);
	return {
		height: Math.max(160, 48 + drawn.length * ROW_PX),
		option: {
			...BASE,
			grid: { left: 8, right: 96, top: 8, bottom: 24, containLabel: true },
			tooltip: {
				trigger: 'axis',
				axisPointer: { type: 'shadow' },
				valueFormatter: (v) => fmt(typeof v === 'number' ? v : null)
			},
			xAxis: {
				type: 'value',
				max: input.max,
				axisLabel: { ...AXIS_LABEL, hideOverlap: true },
				splitLine: SPLIT_LINE
			},
			yAxis: {
				type: 'category',
				data: drawn.map((r) => r.label),
				axisLabel: { ...AXIS_LABEL, color: '#1f2937', width: 160, overflow: 'truncate' },
				axisTick: { show: false }
			},
			series: [
				{
					type: 'bar',
					name: input.valueLabel,
					barMaxWidth: 18,
					data: drawn.map((r) => ({
						value: r.value,
						itemStyle: {
							color: gradeColour(r.grade),
							...(r.highlight ? { borderColor: '#111827', borderWidth: 2 } : {})
						},
						label: {
							show: true,
							position: 'right' as const,
							formatter:
								r.value === null ? '—' : `${fmt(r.value)} ${r.grade ? gradeNames[r.grade] : ''}`.trim(),
							color: '#374151'
						}
					}))
				}
			]
		},
		table: {
			columns: [
				{ key: 'rank', label: input.rankLabel, kind: 'number' },
				{ key: 'name', label: input.nameLabel, kind: 'text' },
				{ key: 'value', label: input.valueLabel, kind },
				{ key: 'grade', label: input.gradeLabel, kind: 'text' }
			],
			rows: sorted.map((r) => [r.rank ?? null, r.label, r.value, r.grade ? gradeNames[r.grade] : null])
		}
	};
}
