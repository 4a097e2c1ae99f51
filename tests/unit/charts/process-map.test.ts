import { describe, expect, it } from 'vitest';
import {
	activityPositions,
	defaultMinCases,
	edgeColour,
	edgeKey,
	processMapOption,
	slowestPath,
	visibleTransitions,
	EDGE_SCALE,
	type MapTransition
} from '../../../src/lib/charts/process-map';
import { renderSvg } from '../../../src/lib/charts/echarts';
import { formatDays } from '../../../src/lib/format';

// Ten cases: 6 × 收件→受理→审查→决定, 3 × 收件→受理→审查→受理→审查→决定 (补正 loop), 1 × 收件→决定.
const tr = (from: string, to: string, cases: number, median: number | null): MapTransition => ({
	from,
	to,
	cases,
	pairs: cases,
	median_workdays: median,
	p90_workdays: median === null ? null : median + 1,
	median_hours: median === null ? null : median * 24
});
const activities = [
	{ activity: '收件', cases: 10, events: 10 },
	{ activity: '受理', cases: 9, events: 12 },
	{ activity: '审查', cases: 9, events: 12 },
	{ activity: '决定', cases: 10, events: 10 }
];
const transitions = [
	tr('收件', '受理', 9, 1),
	tr('受理', '审查', 9, 2),
	tr('审查', '受理', 3, 4), // loop back: never on the slowest path
	tr('审查', '决定', 9, 6),
	tr('收件', '决定', 1, 20) // rare shortcut, slow
];
const variants = [
	{ path: ['收件', '受理', '审查', '决定'], cases: 6 },
	{ path: ['收件', '受理', '审查', '受理', '审查', '决定'], cases: 3 },
	{ path: ['收件', '决定'], cases: 1 }
];
const labels = {
	activity: '环节',
	from: '从',
	to: '到',
	cases: '办件数',
	pairs: '次数',
	median: '中位工作日',
	p90: 'P90',
	hours: '中位小时',
	slowest: '最慢路径'
};

describe('activityPositions', () => {
	it('is the case-weighted mean index of the first occurrence over the variants', () => {
		const pos = activityPositions(activities, transitions, variants);
		expect(pos.get('收件')).toBe(0);
		// 受理 first at 1 in both variants that have it (the loop's second 受理 does not count)
		expect(pos.get('受理')).toBe(1);
		expect(pos.get('审查')).toBe(2);
		// 决定: (6 × 3 + 3 × 5 + 1 × 1) / 10 = 3.4
		expect(pos.get('决定')).toBeCloseTo(3.4);
	});
	it('places an activity of no listed variant after its predecessors', () => {
		const pos = activityPositions(
			[...activities, { activity: '送达', cases: 2, events: 2 }],
			[...transitions, tr('决定', '送达', 2, 1)],
			variants
		);
		expect(pos.get('送达')).toBeCloseTo(4.4);
	});
});

describe('slowestPath', () => {
	const pos = activityPositions(activities, transitions, variants);
	it('maximises the sum of medians over forward visible edges (loops excluded)', () => {
		// all edges: 收件→决定 alone is 20 > 1 + 2 + 6 = 9
		expect(slowestPath(transitions, pos).map(edgeKey)).toEqual([edgeKey({ from: '收件', to: '决定' })]);
		// above the threshold of 2 cases the shortcut is hidden: the main chain (9 days)
		const shown = visibleTransitions(transitions, 2);
		expect(slowestPath(shown, pos).map((t) => `${t.from}→${t.to}`)).toEqual(['收件→受理', '受理→审查', '审查→决定']);
	});
	it('is empty without edges', () => {
		expect(slowestPath([], pos)).toEqual([]);
	});
});

describe('processMapOption', () => {
	const spec = processMapOption({ lang: 'zh', activities, transitions, variants, minCases: 2, labels, names: { 收件: '收件登记' } });
	interface Link {
		source: string;
		target: string;
		lineStyle: { color: string; curveness: number };
		label: { show: boolean; formatter?: string };
	}
	const series = (spec.option.series as { type: string; layout: string; data: Record<string, unknown>[]; links: Link[] }[])[0];

	it('is a fixed-layout graph: nodes sized by cases, left to right by typical position', () => {
		expect(series.type).toBe('graph');
		expect(series.layout).toBe('none');
		expect((series as unknown as { coordinateSystem: string }).coordinateSystem).toBe('cartesian2d');
		const x = Object.fromEntries(series.data.map((d) => [d.id, (d.value as number[])[0]]));
		expect(x['收件']).toBeLessThan(x['受理']);
		expect(x['受理']).toBeLessThan(x['审查']);
		expect(x['审查']).toBeLessThan(x['决定']);
		const size = Object.fromEntries(series.data.map((d) => [d.id, d.symbolSize as number]));
		expect(size['收件']).toBe(40); // the largest: 14 + 26
		expect(size['受理']).toBeLessThan(size['收件']);
		expect(series.data.find((d) => d.id === '收件')!.name).toBe('收件登记');
	});
	it('hides edges below the threshold and colours the rest by median working days', () => {
		expect(series.links.map((l) => `${l.source}→${l.target}`)).toEqual(['收件→受理', '受理→审查', '审查→受理', '审查→决定']);
		expect(spec.visible).toBe(4);
		const colour = Object.fromEntries(series.links.map((l) => [`${l.source}→${l.target}`, l.lineStyle.color]));
		expect(colour['收件→受理']).toBe(EDGE_SCALE[1].colour); // 1 day: [1, 3)
		expect(colour['审查→决定']).toBe(EDGE_SCALE[3].colour); // 6 days: [5, 10)
	});
	it('highlights the slowest path with its medians as labels', () => {
		expect(spec.slowest).toHaveLength(3);
		const hot = series.links.filter((l) => l.label.show);
		expect(hot.map((l) => `${l.source}→${l.target}`)).toEqual(['收件→受理', '受理→审查', '审查→决定']);
		expect(hot.map((l) => l.label.formatter)).toEqual([formatDays(1, 'zh'), formatDays(2, 'zh'), formatDays(6, 'zh')]);
		const back = series.links.find((l) => l.source === '审查' && l.target === '受理')!;
		expect(back.lineStyle.curveness).toBeGreaterThan(0.1);
	});
	it('tabulates the visible transitions by cases, with display names', () => {
		expect(spec.table.columns.map((c) => c.key)).toEqual(['from', 'to', 'cases', 'pairs', 'median', 'p90', 'hours']);
		expect(spec.table.rows).toHaveLength(4);
		expect(spec.table.rows[0]).toEqual(['收件登记', '受理', 9, 9, 1, 2, 24]);
	});
	it('escapes imported names in tooltips and renders to SVG', () => {
		const s = processMapOption({
			lang: 'zh',
			activities: [{ activity: '<b>x</b>', cases: 1, events: 1 }],
			transitions: [],
			variants: [],
			minCases: 1,
			labels
		});
		const node = (s.option.series as { data: { tooltip: { formatter: string } }[] }[])[0].data[0];
		expect(node.tooltip.formatter).toContain('&lt;b&gt;');
		expect(renderSvg(spec.option, 640, spec.height)).toContain('<svg');
	});
});

describe('helpers', () => {
	it('edge colours step at 1, 3, 5 and 10 working days; no median is grey', () => {
		expect([0, 0.99, 1, 4.5, 5, 9.9, 10, 30].map(edgeColour)).toEqual([
			'#15803d',
			'#15803d',
			'#65a30d',
			'#d97706',
			'#ea580c',
			'#ea580c',
			'#b91c1c',
			'#b91c1c'
		]);
		expect(edgeColour(null)).toBe('#9ca3af');
	});
	it('default threshold is 2 % of the cases, at least 1', () => {
		expect(defaultMinCases(10)).toBe(1);
		expect(defaultMinCases(1000)).toBe(20);
	});
});
