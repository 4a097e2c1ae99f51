/**
 * The big screen's layout (issue 15), saved per display link: which KPI colours the map, which panels show,
 * how fast the ranking pages rotate and how often the screen checks for new data. Client-safe; `parseLayout`
 * is the one validator (admin form, stored JSON, preview query).
 */
import type { KpiId } from '../kpi/catalog';

export const WALL_PANELS = [
	'headline',
	'map',
	'ranking',
	'lagging',
	'live',
	'trend',
	'tasks',
	'projects'
] as const;
export type WallPanel = (typeof WALL_PANELS)[number];

/** KPIs a region can be coloured by: defined for any set of departments, so for a region's subtree. */
export const MAP_KPIS = [
	'on_time_rate',
	'satisfaction_rate',
	'online_rate',
	'one_visit_rate',
	'mean_elapsed_workdays',
	'speedup_vs_statutory',
	'acceptance_rate',
	'cases'
] as const satisfies readonly KpiId[];
export type MapKpi = (typeof MAP_KPIS)[number];

export interface WallLayout {
	mapKpi: MapKpi;
	panels: WallPanel[];
	/** seconds per ranking page (peer group) */
	rotateSeconds: number;
	/** seconds between checks of the data version */
	refreshSeconds: number;
}

export const DEFAULT_LAYOUT: Readonly<WallLayout> = Object.freeze({
	mapKpi: 'on_time_rate',
	panels: [...WALL_PANELS],
	rotateSeconds: 15,
	refreshSeconds: 5
});

const clamp = (v: unknown, lo: number, hi: number, dflt: number) => {
	const n = typeof v === 'number' ? v : typeof v === 'string' && v.trim() !== '' ? Number(v) : NaN;
	return Number.isFinite(n) ? Math.min(hi, Math.max(lo, Math.round(n))) : dflt;
};

/** A layout from stored JSON or form values: unknown keys dropped, bad values replaced by the defaults. */
export function parseLayout(x: unknown): WallLayout {
	const o = (x && typeof x === 'object' ? x : {}) as Record<string, unknown>;
	const kpi = (MAP_KPIS as readonly string[]).includes(String(o.mapKpi))
		? (o.mapKpi as MapKpi)
		: DEFAULT_LAYOUT.mapKpi;
	const panels = Array.isArray(o.panels)
		? WALL_PANELS.filter((p) => (o.panels as unknown[]).includes(p))
		: [...DEFAULT_LAYOUT.panels];
	return {
		mapKpi: kpi,
		panels,
		rotateSeconds: clamp(o.rotateSeconds, 5, 600, DEFAULT_LAYOUT.rotateSeconds),
		refreshSeconds: clamp(o.refreshSeconds, 2, 600, DEFAULT_LAYOUT.refreshSeconds)
	};
}
