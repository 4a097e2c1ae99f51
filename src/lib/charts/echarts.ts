/**
 * ECharts, registered modularly: only the charts, components and the SVG renderer the builders use,
 * so the browser bundle stays lean. Shared by the Chart component (browser) and `renderSvg` (server:
 * first paint and report images, issue 6).
 */
import * as echarts from 'echarts/core';
import { BarChart, GraphChart, LineChart, MapChart, PieChart } from 'echarts/charts';
import {
	GridComponent,
	LegendComponent,
	MarkLineComponent,
	TooltipComponent,
	DataZoomComponent,
	VisualMapComponent
} from 'echarts/components';
import { SVGRenderer } from 'echarts/renderers';
import type { ChartOption, MapRegistration } from './types';

echarts.use([
	BarChart,
	GraphChart,
	LineChart,
	MapChart,
	PieChart,
	GridComponent,
	LegendComponent,
	MarkLineComponent,
	TooltipComponent,
	DataZoomComponent,
	VisualMapComponent,
	SVGRenderer
]);

export { echarts };

/**
 * Register the GeoJSON maps an option's map series names (region-map.ts). Process-wide in ECharts; names are
 * derived from the regions drawn, and registering again replaces the shapes (a new upload).
 */
export function registerMaps(maps: readonly MapRegistration[] | undefined): void {
	// the stored map is valid GeoJSON; ECharts' own GeoJSON type is looser about properties
	for (const m of maps ?? []) echarts.registerMap(m.name, m.geoJson as unknown as Parameters<typeof echarts.registerMap>[1]);
}

/** Render an option to an SVG string without a DOM (server-side rendering, reports). */
export function renderSvg(option: ChartOption, width: number, height: number, maps?: readonly MapRegistration[]): string {
	registerMaps(maps);
	const chart = echarts.init(null, null, { renderer: 'svg', ssr: true, width, height });
	try {
		chart.setOption({ ...option, animation: false });
		return chart.renderToSVGString();
	} finally {
		chart.dispose();
	}
}
