/**
 * ECharts, registered modularly: only the charts, components and the SVG renderer the builders use,
 * so the browser bundle stays lean. Shared by the Chart component (browser) and `renderSvg` (server:
 * first paint and report images, issue 6).
 */
import * as echarts from 'echarts/core';
import { BarChart, GraphChart, LineChart, PieChart } from 'echarts/charts';
import {
	GridComponent,
	LegendComponent,
	MarkLineComponent,
	TooltipComponent,
	DataZoomComponent,
	VisualMapComponent
} from 'echarts/components';
import { SVGRenderer } from 'echarts/renderers';
import type { ChartOption } from './types';

echarts.use([
	BarChart,
	GraphChart,
	LineChart,
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

/** Render an option to an SVG string without a DOM (server-side rendering, reports). */
export function renderSvg(option: ChartOption, width: number, height: number): string {
	const chart = echarts.init(null, null, { renderer: 'svg', ssr: true, width, height });
	try {
		chart.setOption({ ...option, animation: false });
		return chart.renderToSVGString();
	} finally {
		chart.dispose();
	}
}
