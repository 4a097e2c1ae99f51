/** The big screen's data (server/display/wall.ts builds it; WallScreen.svelte lays it out). Client-safe. */
import type { KpiId } from '../kpi/catalog';
import type { ProjectsSummary } from '../projects/types';
import type { RegionGeoJson, RegionValue } from '../map/types';
import type { MapKpi } from './layout';

/** The map panel: the shapes drawn (the finest layer in scope) and each region's value of the layout's KPI. */
export interface WallMap {
	kpi: MapKpi;
	geo: RegionGeoJson;
	regions: RegionValue[];
}

/** The projects panel's figures of the project engine's summary. */
export const WALL_PROJECT_FIGURES = [
	'started',
	'complete',
	'in_progress',
	'waiting',
	'median_workdays',
	'on_target_rate',
	'slowest_stage',
	'target_workdays'
] as const satisfies readonly (keyof ProjectsSummary)[];

export interface WallData {
	title: string;
	scopeName: string;
	period: { label: string; from: string; to: string };
	headline: {
		id: KpiId;
		name: string;
		unit: string;
		better: string;
		value: number | null;
		yoy: number | null;
		pop: number | null;
	}[];
	ranking: {
		peer_group: string | null;
		rows: {
			name: string;
			score: number | null;
			grade: string | null;
			rank: number | null;
			lagging: boolean;
		}[];
	}[];
	lagging: {
		dept_code: string;
		name: string;
		score: number | null;
		reasons: string[];
		notices: { open: number; overdue: number };
	}[];
	laggingTotal: number;
	notices: { open: number; overdue: number; closed: number };
	trend: { periods: string[]; series: { kpi: KpiId; name: string; values: (number | null)[] }[] } | null;
	live: {
		date: string;
		today: boolean;
		submitted: number | null;
		completed: number | null;
		overdue: number;
		badReviews: number | null;
		badUnrectified: number | null;
	};
	tasks: { total: number; done: number; on_track: number; at_risk: number; overdue: number } | null;
	projects: Pick<ProjectsSummary, (typeof WALL_PROJECT_FIGURES)[number]> | null;
	/** null: no map uploaded (or the map panel is off) */
	map: WallMap | null;
	/** the analytics data version the figures were computed at (the screen polls it) */
	version: number;
	generatedAt: string;
}
