/**
 * The dashboards' chart options restyled for the cockpit's dark, far-away screen: light text, bigger type,
 * faint grid lines. A pure transform of the option the shared builders produce (formatters and data kept),
 * so the cockpit draws exactly the dashboards' charts.
 */
import type { ChartOption } from '../charts/types';

export const DARK = { text: '#e5e7eb', muted: '#cbd5e1', grid: '#334155', fontSize: 18 } as const;

type Obj = Record<string, unknown>;

function axes(a: unknown): unknown {
	const one = (x: Obj) => ({
		...x,
		axisLabel: { ...((x.axisLabel as Obj) ?? {}), color: DARK.muted, fontSize: DARK.fontSize },
		splitLine: { ...((x.splitLine as Obj) ?? {}), lineStyle: { color: DARK.grid } },
		axisLine: { ...((x.axisLine as Obj) ?? {}), lineStyle: { color: DARK.grid } },
		nameTextStyle: { color: DARK.muted, fontSize: DARK.fontSize - 2 }
	});
	if (Array.isArray(a)) return a.map((x) => one(x as Obj));
	return a ? one(a as Obj) : a;
}

export function darkOption(option: ChartOption): ChartOption {
	const o = option as Obj;
	const series = Array.isArray(o.series) ? (o.series as Obj[]) : o.series ? [o.series as Obj] : [];
	return {
		...o,
		backgroundColor: 'transparent',
		animation: false,
		textStyle: { ...((o.textStyle as Obj) ?? {}), color: DARK.text, fontSize: DARK.fontSize },
		legend: o.legend ? { ...(o.legend as Obj), textStyle: { color: DARK.text, fontSize: DARK.fontSize } } : o.legend,
		xAxis: axes(o.xAxis),
		yAxis: axes(o.yAxis),
		series: series.map((s) => ({
			...s,
			label: s.label ? { ...(s.label as Obj), color: DARK.text, fontSize: DARK.fontSize - 2 } : s.label,
			lineStyle: s.type === 'line' ? { ...((s.lineStyle as Obj) ?? {}), width: 4 } : s.lineStyle,
			data: Array.isArray(s.data)
				? (s.data as unknown[]).map((d) =>
						d && typeof d === 'object' && 'label' in (d as Obj)
							? { ...(d as Obj), label: { ...((d as Obj).label as Obj), color: DARK.text, fontSize: DARK.fontSize - 2 } }
							: d
					)
				: s.data
		}))
	} as ChartOption;
}
