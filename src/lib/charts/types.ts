/**
 * What every chart option builder returns: the ECharts option and the same numbers as a table (the
 * Chart component's "table" view, CSV-able, readable by screen readers). Types only from echarts, so the
 * builders stay pure and run in Node (unit tests, server-side SVG for reports).
 */
import type { ComposeOption } from 'echarts/core';
import type { BarSeriesOption, GraphSeriesOption, LineSeriesOption, MapSeriesOption, PieSeriesOption } from 'echarts/charts';
import type {
	GridComponentOption,
	LegendComponentOption,
	MarkLineComponentOption,
	TooltipComponentOption,
	DataZoomComponentOption,
	VisualMapComponentOption
} from 'echarts/components';
import type { ValueKind } from '../format';
import type { Lang } from '../i18n';
import type { RegionGeoJson } from '../map/types';

export type ChartOption = ComposeOption<
	| BarSeriesOption
	| LineSeriesOption
	| PieSeriesOption
	| GraphSeriesOption
	| MapSeriesOption
	| GridComponentOption
	| LegendComponentOption
	| MarkLineComponentOption
	| TooltipComponentOption
	| DataZoomComponentOption
	| VisualMapComponentOption
>;

export type Cell = string | number | null;

export interface TableColumn {
	key: string;
	label: string;
	kind: ValueKind;
}

export interface ChartTable {
	columns: TableColumn[];
	rows: Cell[][];
}

export interface ChartSpec {
	option: ChartOption;
	table: ChartTable;
	/** Suggested height in CSS pixels (rankings grow with their rows). */
	height: number;
	/** GeoJSON maps the option's map series name; registered before `setOption` (region-map.ts). */
	maps?: MapRegistration[];
}

export interface MapRegistration {
	name: string;
	geoJson: RegionGeoJson;
}

export type Grade = 'excellent' | 'good' | 'pass' | 'fail';

export interface BaseInput {
	lang: Lang;
}
