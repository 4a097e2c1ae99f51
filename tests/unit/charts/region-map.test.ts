/** The jurisdiction map's option builder: only the given regions' shapes, labels, legend, null regions, layers; SVG. */
import { describe, expect, it } from 'vitest';
import { renderSvg } from '../../../src/lib/charts/echarts';
import { isLonLat, mapLayers, regionMapOption, selectFeatures } from '../../../src/lib/charts/region-map';
import type { RegionGeoJson } from '../../../src/lib/map/types';

const cell = (code: string, x: number, y = 28, d = 0.1) => ({
	type: 'Feature' as const,
	properties: { region_code: code },
	geometry: {
		type: 'Polygon' as const,
		coordinates: [
			[
				[x, y],
				[x + d, y],
				[x + d, y + d],
				[x, y + d],
				[x, y]
			] as [number, number][]
		]
	}
});
// county C with towns T1, T2 (covering it), district D, park P
const GEO: RegionGeoJson = {
	type: 'FeatureCollection',
	features: [
		cell('C', 112.8, 28, 0.2),
		cell('T1', 112.8, 28, 0.1),
		cell('T2', 112.9, 28, 0.1),
		cell('D', 113, 28),
		cell('P', 113.1, 28)
	]
};
const TREE = [
	{ code: 'CITY', parent: null },
	{ code: 'C', parent: 'CITY' },
	{ code: 'D', parent: 'CITY' },
	{ code: 'P', parent: 'CITY' },
	{ code: 'T1', parent: 'C' },
	{ code: 'T2', parent: 'C' }
];
type MapSeries = {
	type: string;
	map: string;
	nameProperty: string;
	roam: boolean;
	data: { name: string; value: number; itemStyle?: { areaColor: string } }[];
	label: { formatter: (p: unknown) => string };
};

describe('regionMapOption', () => {
	const spec = regionMapOption({
		geo: GEO,
		regions: [
			{ region_code: 'C', name: '江源县', value: 0.95 },
			{ region_code: 'D', name: '河西区', value: 0.8 },
			{ region_code: 'P', name: '开发区', value: null },
			{ region_code: 'X', name: '无形状', value: 0.5 }
		],
		label: '按时办结率',
		unit: 'ratio',
		lang: 'zh'
	});
	const series = (spec.option.series as MapSeries[])[0];

	it('registers only the given regions’ shapes, matched by region_code', () => {
		expect(spec.maps).toHaveLength(1);
		expect(spec.maps[0].geoJson.features.map((f) => f.properties.region_code)).toEqual(['C', 'D', 'P']);
		expect(series).toMatchObject({
			type: 'map',
			map: spec.maps[0].name,
			nameProperty: 'region_code',
			roam: false
		});
	});

	it('labels every region with its name and value; null → — on the neutral colour', () => {
		expect(series.data.map((d) => d.name)).toEqual(['C', 'D', 'P']);
		expect(series.label.formatter({ name: 'C' })).toBe('{n|江源县}\n{v|95.0%}');
		expect(series.label.formatter({ name: 'P' })).toBe('{n|开发区}\n{v|—}');
		expect(series.data[2].value).toBeNaN();
		expect(series.data[2].itemStyle?.areaColor).toBe('#e5e7eb');
	});

	it('has a legend of the values in the KPI’s unit, good values green', () => {
		const vm = spec.option.visualMap as {
			type: string;
			pieces: { value: number; label: string; color: string }[];
			text: string[];
		};
		expect(vm.type).toBe('piecewise');
		expect(vm.text).toEqual(['按时办结率']);
		expect(vm.pieces).toEqual([
			{ value: 0.8, label: '80.0%', color: '#b91c1c' },
			{ value: 0.95, label: '95.0%', color: '#15803d' }
		]);
	});

	it('tabulates the drawn regions', () => {
		expect(spec.table.columns.map((c) => [c.label, c.kind])).toEqual([
			['区划', 'text'],
			['按时办结率', 'ratio']
		]);
		expect(spec.table.rows).toEqual([
			['江源县', 0.95],
			['河西区', 0.8],
			['开发区', null]
		]);
	});

	it('ranges five equal steps over many values; lower-is-better reverses the colours; dark theme has big text', () => {
		const many = regionMapOption({
			geo: { type: 'FeatureCollection', features: Array.from({ length: 8 }, (_, i) => cell(`R${i}`, i)) },
			regions: Array.from({ length: 8 }, (_, i) => ({ region_code: `R${i}`, name: `R${i}`, value: 2 + i })),
			label: '平均办理用时',
			unit: 'days',
			better: 'lower',
			theme: 'dark',
			lang: 'zh'
		});
		const vm = many.option.visualMap as {
			pieces: { gte: number; lt?: number; lte?: number; label: string; color: string }[];
			textStyle: { fontSize: number };
		};
		expect(vm.pieces.map((p) => p.label)).toEqual([
			'2天 – 3.4天',
			'3.4天 – 4.8天',
			'4.8天 – 6.2天',
			'6.2天 – 7.6天',
			'7.6天 – 9天'
		]);
		expect(vm.pieces[0].color).toBe('#22c55e'); // short = good
		expect(vm.pieces[4]).toMatchObject({ gte: 7.6, lte: 9, color: '#dc2626' });
		expect(vm.textStyle.fontSize).toBeGreaterThanOrEqual(24);
		expect(many.height).toBeGreaterThan(600);
	});

	it('keeps the map’s aspect; a legend under the map leaves it the full width; one value alone is neither good nor bad', () => {
		expect(series).toMatchObject({ preserveAspect: 'contain', left: 132 });
		const under = regionMapOption({
			geo: GEO,
			regions: [{ region_code: 'C', name: '江源县', value: 0.5 }],
			label: '按时办结率',
			unit: 'ratio',
			lang: 'zh',
			legend: 'bottom'
		});
		const s = (under.option.series as (MapSeries & { left: number; bottom: number })[])[0];
		expect(s.left).toBe(8);
		expect(s.bottom).toBeGreaterThan(30);
		expect((under.option.visualMap as { pieces: { color: string }[] }).pieces[0].color).toBe('#d97706');
	});

	it('fills by category (region level) with its labels', () => {
		const lv = regionMapOption({
			geo: GEO,
			regions: [
				{ region_code: 'C', name: '江源县', value: 0 },
				{ region_code: 'P', name: '开发区', value: 1 }
			],
			label: '区划级别',
			unit: 'count',
			categories: ['县', '园区'],
			lang: 'zh'
		});
		expect((lv.option.series as MapSeries[])[0].label.formatter({ name: 'P' })).toBe('{n|开发区}\n{v|园区}');
		expect(lv.table.rows).toEqual([
			['江源县', '县'],
			['开发区', '园区']
		]);
	});

	it('renders to SVG on the server with the region names, values and fills', () => {
		const svg = renderSvg(spec.option, 640, spec.height, spec.maps);
		expect(svg.startsWith('<svg')).toBe(true);
		for (const s of ['江源县', '95.0%', '河西区', '80.0%', '开发区', '—']) expect(svg).toContain(s);
		expect(svg).toContain('#15803d');
		expect(svg).toContain('#e5e7eb');
	});
});

describe('map helpers', () => {
	it('knows lon/lat from projected coordinates', () => {
		expect(isLonLat(GEO)).toBe(true);
		expect(isLonLat({ type: 'FeatureCollection', features: [cell('A', 500000, 3100000, 1000)] })).toBe(false);
	});

	it('selects features in the order asked, skipping codes without a shape', () => {
		expect(selectFeatures(GEO, ['P', 'Q', 'C']).features.map((f) => f.properties.region_code)).toEqual([
			'P',
			'C'
		]);
	});

	it('splits nested shapes into layers; a shape without shaped children stays on deeper layers', () => {
		expect(mapLayers(GEO, TREE)).toEqual([
			{ depth: 0, codes: ['C', 'D', 'P'] },
			{ depth: 1, codes: ['T1', 'T2', 'D', 'P'] }
		]);
		expect(mapLayers({ type: 'FeatureCollection', features: [] }, TREE)).toEqual([]);
	});
});
