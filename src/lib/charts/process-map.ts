/**
 * The process map (issue 17): activities as nodes sized by their cases, directly-follows transitions as
 * arrows coloured by their median working days and as wide as their cases, rare transitions hidden below a
 * case threshold (Disco's "paths" slider), and the slowest path drawn bold.
 *
 * Layout is computed, never a force simulation (which would move every render and differ between the
 * server's SVG and the browser): x = the activity's typical position in its cases (the case-weighted mean
 * index of the activity's first occurrence in the variants' paths), y = a lane chosen so that activities at close positions
 * do not overlap, the busiest near the middle.
 *
 * Slowest path: among the visible transitions that go forward (to an activity with a later typical
 * position — loops such as 补正 back to 受理 cannot be part of it, so the path is well defined), the chain
 * with the largest sum of median working days. A supervision office reads it as "where a typical case
 * spends its working days"; the table of transitions lists every edge either way.
 */
import { formatValue } from '../format';
import { BASE } from './theme';
import type { BaseInput, ChartSpec } from './types';
import type { ProcessActivity, ProcessTransition, ProcessVariant } from '../process/types';

/** What the map draws of the process engine's result (lib/process/types.ts). */
export type MapActivity = ProcessActivity;
export type MapTransition = Omit<ProcessTransition, 'mean_workdays'>;
export type MapVariant = Pick<ProcessVariant, 'path' | 'cases'>;

export interface ProcessMapInput extends BaseInput {
	activities: MapActivity[];
	transitions: MapTransition[];
	variants: MapVariant[];
	/** Transitions followed by fewer cases are hidden (the slider). */
	minCases: number;
	/** Display names of raw activity codes (activity mapping); the code itself when absent. */
	names?: Record<string, string>;
	labels: {
		activity: string;
		from: string;
		to: string;
		cases: string;
		pairs: string;
		median: string;
		p90: string;
		hours: string;
		slowest: string;
	};
}

/** Colour steps of an edge by its median working days (also the legend the component draws). */
export const EDGE_SCALE: { below: number; colour: string }[] = [
	{ below: 1, colour: '#15803d' },
	{ below: 3, colour: '#65a30d' },
	{ below: 5, colour: '#d97706' },
	{ below: 10, colour: '#ea580c' },
	{ below: Infinity, colour: '#b91c1c' }
];
export const NO_MEDIAN_COLOUR = '#9ca3af';

export function edgeColour(median: number | null): string {
	if (median === null || !Number.isFinite(median)) return NO_MEDIAN_COLOUR;
	return EDGE_SCALE.find((s) => median < s.below)!.colour;
}

/** Tooltips are HTML: imported activity names are escaped. */
const esc = (s: string) =>
	s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

export const edgeKey = (t: { from: string; to: string }) => `${t.from}\u0000${t.to}`;

/** A sensible first threshold: 2 % of the cases (at least 1), so one-off detours do not clutter the map. */
export function defaultMinCases(cases: number): number {
	return Math.max(1, Math.ceil(cases * 0.02));
}

export function visibleTransitions<T extends MapTransition>(transitions: T[], minCases: number): T[] {
	return transitions.filter((t) => t.cases >= minCases);
}

/**
 * Typical position of each activity: the case-weighted mean of the index of its first occurrence in the
 * variants' paths (a loop back to 审查 must not move 审查 after the steps that follow it). Activities in no listed variant get one more than the case-weighted mean position of
 * their predecessors (repeated a few rounds), else 0.
 */
export function activityPositions(
	activities: MapActivity[],
	transitions: MapTransition[],
	variants: MapVariant[]
): Map<string, number> {
	const sum = new Map<string, number>();
	const weight = new Map<string, number>();
	for (const v of variants)
		v.path.forEach((a, i) => {
			if (v.path.indexOf(a) !== i) return; // first occurrence only: loops must not drag an activity later
			sum.set(a, (sum.get(a) ?? 0) + i * v.cases);
			weight.set(a, (weight.get(a) ?? 0) + v.cases);
		});
	const pos = new Map<string, number>();
	for (const a of activities) if (weight.get(a.activity)) pos.set(a.activity, sum.get(a.activity)! / weight.get(a.activity)!);
	const missing = activities.filter((a) => !pos.has(a.activity)).map((a) => a.activity);
	for (let round = 0; round < 3 && missing.length; round++)
		for (const a of missing) {
			let s = 0;
			let w = 0;
			for (const t of transitions)
				if (t.to === a && t.from !== a && pos.has(t.from)) {
					s += (pos.get(t.from)! + 1) * t.cases;
					w += t.cases;
				}
			if (w > 0) pos.set(a, s / w);
		}
	for (const a of missing) if (!pos.has(a)) pos.set(a, 0);
	return pos;
}

/** The slowest forward path over the given (visible) transitions; see the module header. */
export function slowestPath(transitions: MapTransition[], pos: Map<string, number>): MapTransition[] {
	const forward = transitions.filter((t) => (pos.get(t.to) ?? 0) > (pos.get(t.from) ?? 0));
	const nodes = [...new Set(forward.flatMap((t) => [t.from, t.to]))].sort(
		(a, b) => pos.get(a)! - pos.get(b)! || a.localeCompare(b)
	);
	// Longest path in the DAG of forward edges; on equal days the path with more steps (so a chain starts at the
	// first activity rather than after a run of 0-day steps).
	const best = new Map<string, { days: number; steps: number; via: MapTransition | null }>();
	const better = (a: { days: number; steps: number }, b: { days: number; steps: number }) =>
		a.days > b.days + 1e-9 || (Math.abs(a.days - b.days) <= 1e-9 && a.steps > b.steps);
	for (const n of nodes) {
		let cur = best.get(n) ?? { days: 0, steps: 0, via: null };
		for (const t of forward)
			if (t.to === n) {
				const p = best.get(t.from) ?? { days: 0, steps: 0 };
				const c = { days: p.days + (t.median_workdays ?? 0), steps: p.steps + 1, via: t };
				if (better(c, cur)) cur = c;
			}
		best.set(n, cur);
	}
	let end: string | null = null;
	for (const n of nodes) if (end === null || better(best.get(n)!, best.get(end)!)) end = n;
	const path: MapTransition[] = [];
	for (let at = end; at !== null && best.get(at)?.via; ) {
		const via: MapTransition = best.get(at)!.via!;
		path.unshift(via);
		at = via.from;
	}
	return path;
}

/** Lanes from the middle outwards: 0, −1, 1, −2, 2 … */
const LANES = [0, -1, 1, -2, 2, -3, 3];

function layout(activities: MapActivity[], pos: Map<string, number>): Map<string, { x: number; y: number }> {
	const out = new Map<string, { x: number; y: number }>();
	// Busier activities pick their lane first, so the main flow runs along the middle.
	const byCases = [...activities].sort((a, b) => b.cases - a.cases || a.activity.localeCompare(b.activity));
	const taken: { lane: number; x: number }[] = [];
	for (const a of byCases) {
		const x = pos.get(a.activity)! * 100;
		const lane = LANES.find((l) => !taken.some((t) => t.lane === l && Math.abs(t.x - x) < 70)) ?? LANES.at(-1)!;
		taken.push({ lane, x });
		out.set(a.activity, { x, y: lane * 60 });
	}
	return out;
}

export interface ProcessMap extends ChartSpec {
	/** Edge keys (edgeKey) of the slowest path, in order. */
	slowest: string[];
	visible: number;
}

export function processMapOption(input: ProcessMapInput): ProcessMap {
	const { activities, transitions, variants, minCases, lang, labels } = input;
	const name = (a: string) => input.names?.[a] || a;
	const days = (v: number | null) => formatValue(v, 'days', lang);
	const shown = visibleTransitions(transitions, minCases);
	const pos = activityPositions(activities, transitions, variants);
	const path = slowestPath(shown, pos);
	const onPath = new Set(path.map(edgeKey));
	const xy = layout(activities, pos);
	const maxNode = Math.max(1, ...activities.map((a) => a.cases));
	const maxEdge = Math.max(1, ...shown.map((t) => t.cases));
	const pathNodes = new Set(path.flatMap((t) => [t.from, t.to]));
	const ys = [...xy.values()].map((p) => p.y);
	const xs = [...xy.values()].map((p) => p.x);
	const lanes = new Set(ys).size;
	const height = Math.max(260, 120 + lanes * 70);
	// On hidden value axes, not in a 'view' box: a view scales x and y separately to fill the box and shrinks
	// the symbols by the x scale only, so on a narrow screen the nodes became tall ellipses.
	const axis = (vs: number[], pad: number) => ({
		type: 'value' as const,
		show: false,
		min: Math.min(0, ...vs) - pad,
		max: Math.max(0, ...vs) + pad
	});
	return {
		height,
		slowest: path.map(edgeKey),
		visible: shown.length,
		option: {
			...BASE,
			tooltip: { trigger: 'item', confine: true },
			grid: { left: 36, right: 36, top: 24, bottom: 36 },
			xAxis: axis(xs, 10),
			yAxis: axis(ys, 20),
			series: [
				{
					type: 'graph',
					layout: 'none',
					coordinateSystem: 'cartesian2d',
					roam: false,
					edgeSymbol: ['none', 'arrow'],
					edgeSymbolSize: 8,
					label: { show: true, position: 'bottom', fontSize: 12, color: '#1f2937' },
					data: activities.map((a) => ({
						id: a.activity,
						name: name(a.activity),
						value: [xy.get(a.activity)!.x, xy.get(a.activity)!.y],
						symbolSize: Math.round(14 + 26 * Math.sqrt(a.cases / maxNode)),
						itemStyle: {
							color: '#dbeafe',
							borderColor: pathNodes.has(a.activity) ? '#b91c1c' : '#2563eb',
							borderWidth: pathNodes.has(a.activity) ? 3 : 1.5
						},
						tooltip: { formatter: `${esc(name(a.activity))}<br/>${labels.cases} ${a.cases}` }
					})),
					links: shown.map((t) => {
						const hot = onPath.has(edgeKey(t));
						return {
							source: t.from,
							target: t.to,
							value: t.cases,
							lineStyle: {
								color: edgeColour(t.median_workdays),
								width: Math.round((1 + 5 * Math.sqrt(t.cases / maxEdge) + (hot ? 2 : 0)) * 10) / 10,
								opacity: hot || path.length === 0 ? 0.95 : 0.55,
								// Back edges (loops such as 补正 → 受理) curve away from the forward ones.
								curveness: t.from === t.to ? 0.6 : (pos.get(t.to) ?? 0) < (pos.get(t.from) ?? 0) ? 0.35 : 0.1
							},
							label: hot
								? { show: true, formatter: days(t.median_workdays), color: '#7f1d1d', fontWeight: 'bold' as const }
								: { show: false },
							tooltip: {
								formatter: `${esc(name(t.from))} → ${esc(name(t.to))}<br/>${labels.cases} ${t.cases} · ${labels.median} ${days(t.median_workdays)} · ${labels.p90} ${days(t.p90_workdays)}${hot ? `<br/>${labels.slowest}` : ''}`
							}
						};
					})
				}
			]
		},
		table: {
			columns: [
				{ key: 'from', label: labels.from, kind: 'text' },
				{ key: 'to', label: labels.to, kind: 'text' },
				{ key: 'cases', label: labels.cases, kind: 'count' },
				{ key: 'pairs', label: labels.pairs, kind: 'count' },
				{ key: 'median', label: labels.median, kind: 'days' },
				{ key: 'p90', label: labels.p90, kind: 'days' },
				{ key: 'hours', label: labels.hours, kind: 'number' }
			],
			rows: [...shown]
				.sort((a, b) => b.cases - a.cases || pos.get(a.from)! - pos.get(b.from)! || pos.get(a.to)! - pos.get(b.to)!)
				.map((t) => [name(t.from), name(t.to), t.cases, t.pairs, t.median_workdays, t.p90_workdays, t.median_hours])
		}
	};
}
