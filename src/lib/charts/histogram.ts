/**
 * Distribution histograms (elapsed working days, handover lag, …) from bins the server counted.
 * An optional rule (e.g. the 15-working-day handover rule or a time limit) is drawn as a vertical
 * line at the boundary after the last bin within it, and bins beyond it are coloured as warnings.
 */
import { formatValue } from '../format';
import { AXIS_LABEL, BASE, OK_COLOUR, SPLIT_LINE, TARGET_COLOUR, WARN_COLOUR } from './theme';
import type { BaseInput, ChartSpec } from './types';

export interface Bin {
	/** Inclusive lower bound. */
	lo: number;
	/** Inclusive upper bound; null = open-ended (e.g. "> 30"). */
	hi: number | null;
	count: number;
}

export interface HistogramInput extends BaseInput {
	bins: Bin[];
	xLabel: string;
	yLabel: string;
	/** Header of the share column in the table view. */
	shareLabel: string;
	/** Values ≤ at comply with the rule. */
	rule?: { at: number; label: string };
}

export function binLabel(b: Bin): string {
	if (b.hi === null) return `≥${b.lo}`;
	return b.lo === b.hi ? String(b.lo) : `${b.lo}–${b.hi}`;
}

/**
 * Bins from inclusive upper bounds: [5, 10, 15] → 0–5, 6–10, 11–15, ≥16. Values are whole working
 * days; negative values count in the first bin.
 */
export function binCounts(counts: { value: number; count: number }[], upper: number[]): Bin[] {
	const bins: Bin[] = [];
	let lo = 0;
	for (const hi of upper) {
		bins.push({ lo, hi, count: 0 });
		lo = hi + 1;
	}
	bins.push({ lo, hi: null, count: 0 });
	for (const { value, count } of counts) {
		const v = Math.floor(value);
		const i = bins.findIndex((b) => b.hi === null || v <= b.hi);
		bins[i].count += count;
	}
	return bins;
}

/** Edges that put `rule` on a bin boundary, about `n` bins up to `max`. */
export function ruleEdges(rule: number, max: number, n = 8): number[] {
	const step = Math.max(1, Math.ceil(max / n));
	const edges = new Set<number>([rule]);
	for (let e = step - 1; e < max; e += step) edges.add(e);
	return [...edges].filter((e) => e >= 0 && e < max).sort((a, b) => a - b);
}

export function histogramOption(input: HistogramInput): ChartSpec {
	const { bins, rule, lang } = input;
	const labels = bins.map(binLabel);
	const within = (b: Bin) => !rule || (b.hi !== null && b.hi <= rule.at);
	// The rule line sits between the last complying bin and the next one (category index + 0.5).
	const lastOk = rule ? bins.reduce((k, b, i) => (within(b) ? i : k), -1) : -1;
	const total = bins.reduce((s, b) => s + b.count, 0);
	const fmt = (v: unknown) => formatValue(typeof v === 'number' ? v : null, 'count', lang);
	return {
		height: 260,
		option: {
			...BASE,
			grid: { left: 56, right: 24, top: 28, bottom: 44 },
			tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' }, valueFormatter: fmt },
			xAxis: {
				type: 'category',
				data: labels,
				name: input.xLabel,
				nameLocation: 'middle',
				nameGap: 28,
				axisLabel: AXIS_LABEL
			},
			yAxis: {
				type: 'value',
				name: input.yLabel,
				axisLabel: AXIS_LABEL,
				splitLine: SPLIT_LINE,
				minInterval: 1
			},
			series: [
				{
					type: 'bar',
					name: input.yLabel,
					barCategoryGap: '12%',
					data: bins.map((b) => ({
						value: b.count,
						itemStyle: { color: within(b) ? OK_COLOUR : WARN_COLOUR }
					})),
					...(rule && lastOk >= 0 && lastOk < bins.length - 1
						? {
								markLine: {
									silent: true,
									symbol: 'none',
									lineStyle: { color: TARGET_COLOUR, type: 'dashed' as const, width: 1.5 },
									label: { formatter: rule.label, color: TARGET_COLOUR, position: 'insideEndTop' as const },
									data: [{ xAxis: lastOk + 0.5 }]
								}
							}
						: {})
				}
			]
		},
		table: {
			columns: [
				{ key: 'bin', label: input.xLabel, kind: 'text' },
				{ key: 'count', label: input.yLabel, kind: 'count' },
				{ key: 'share', label: input.shareLabel, kind: 'ratio' }
			],
			rows: bins.map((b, i) => [labels[i], b.count, total ? b.count / total : null])
		}
	};
}

export interface HandoverLagInput extends BaseInput {
	/** Lag in working days (delegated_on → accepted_on) → number of items. */
	lags: { value: number; count: number }[];
	ruleDays: number;
	xLabel: string;
	yLabel: string;
	shareLabel: string;
	ruleLabel: string;
}

/** Handover lag of delegated items against the N-working-day rule (default 15). */
export function handoverLagOption(input: HandoverLagInput): ChartSpec {
	const r = input.ruleDays;
	const upper = [...new Set([0, Math.round(r / 3), Math.round((2 * r) / 3), r, r + 5, 2 * r, 3 * r])].sort(
		(a, b) => a - b
	);
	return histogramOption({
		lang: input.lang,
		bins: binCounts(input.lags, upper),
		xLabel: input.xLabel,
		yLabel: input.yLabel,
		shareLabel: input.shareLabel,
		rule: { at: r, label: input.ruleLabel }
	});
}
