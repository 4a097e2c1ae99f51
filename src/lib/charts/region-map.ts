/**
 * The jurisdiction map (issue 15): regions' shapes from the deployment's uploaded GeoJSON, filled by a KPI
 * (or by a category such as the region level), each region labelled with its name and value, a legend
 * (piecewise: five ranges of the values shown, each written out). Light theme for the admin preview, dark
 * for the meeting-room wall (legend and labels readable from 5 m; no roaming).
 *
 * Pure: returns the ECharts option, the same numbers as a table, and the map to register. ECharts draws every
 * feature of a registered map, so the builder registers only the features of the regions it was given, under a
 * name derived from their codes (`maps`: Chart.svelte calls `echarts.registerMap` before `setOption`). Features
 * match data by `region_code` (`nameProperty`). A region whose value is null is drawn neutral and labelled —.
 */
import type { KpiDirection, KpiUnit } from '../kpi/catalog';
import { DASH, formatValue, type ValueKind } from '../format';
import type { Lang } from '../i18n';
import type { RegionGeoJson, RegionValue } from '../map/types';
import { FONT, PALETTE } from './theme';
import type { ChartSpec, MapRegistration } from './types';

export type MapTheme = 'light' | 'dark';

export interface RegionMapInput {
	geo: RegionGeoJson;
	/** The regions to draw (only these shapes), with their values; the table lists them in this order. */
	regions: RegionValue[];
	/** What the value is, e.g. 按时办结率 (legend title, table header, tooltip). */
	label: string;
	/** ratio → percent, days, score, count. Ignored with `categories`. */
	unit: KpiUnit;
	/** Which way is better: green for good, red for bad; `neutral` uses one blue ramp. Default `higher`. */
	better?: KpiDirection;
	/** Category fill: each region's value is an index into these labels (e.g. 县 / 区 / 园区 / 乡镇). */
	categories?: string[];
	theme?: MapTheme;
	lang: Lang;
	/** Header of the table's first column; default 区划 / Region. */
	regionLabel?: string;
	/** Pan and zoom with the mouse (admin preview); never on the wall. Default false. */
	roam?: boolean;
	/** Legend beside the map (default) or under it (narrow screens: the map keeps the full width). */
	legend?: 'left' | 'bottom';
}

export interface RegionMapSpec extends ChartSpec {
	maps: MapRegistration[];
}

const RAMPS: Record<MapTheme, { good: string[]; neutral: string[]; none: string; line: string }> = {
	// bad → good (traffic lights, as grades); neutral volumes: light → dark blue
	light: {
		good: ['#b91c1c', '#ea580c', '#d97706', '#65a30d', '#15803d'],
		neutral: ['#dbeafe', '#93c5fd', '#60a5fa', '#2563eb', '#1e3a8a'],
		none: '#e5e7eb',
		line: '#ffffff'
	},
	dark: {
		good: ['#dc2626', '#f97316', '#eab308', '#84cc16', '#22c55e'],
		neutral: ['#1e3a8a', '#1d4ed8', '#3b82f6', '#60a5fa', '#93c5fd'],
		none: '#475569',
		line: '#0b1220'
	}
};

const SIZES: Record<MapTheme, { name: number; value: number; legend: number; item: number; height: number }> =
	{
		light: { name: 12, value: 13, legend: 12, item: 14, height: 420 },
		dark: { name: 26, value: 36, legend: 28, item: 32, height: 640 }
	};

const UNIT_KIND: Record<KpiUnit, ValueKind> = {
	ratio: 'ratio',
	days: 'days',
	score: 'score',
	count: 'count'
};

/** cyrb53-style string hash → short base-36 id (map names only; not security). */
function hash(s: string): string {
	let h1 = 0xdeadbeef;
	let h2 = 0x41c6ce57;
	for (let i = 0; i < s.length; i++) {
		const c = s.charCodeAt(i);
		h1 = Math.imul(h1 ^ c, 2654435761);
		h2 = Math.imul(h2 ^ c, 1597334677);
	}
	h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
	h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
	return (4294967296 * (2097151 & h2) + (h1 >>> 0)).toString(36);
}

function positions(geo: RegionGeoJson): Iterable<[number, number]> {
	return (function* () {
		for (const f of geo.features) {
			const polys = f.geometry.type === 'Polygon' ? [f.geometry.coordinates] : f.geometry.coordinates;
			for (const p of polys) for (const r of p) for (const pt of r) yield pt;
		}
	})();
}

/** True when every coordinate is a plausible longitude / latitude (else: projected units). */
export function isLonLat(geo: RegionGeoJson): boolean {
	for (const [x, y] of positions(geo)) if (Math.abs(x) > 180 || Math.abs(y) > 90) return false;
	return true;
}

/** Width / height correction: cos(latitude) for lon/lat (ECharts' default 0.75 suits 41°), 1 for projected maps. */
function aspectScale(geo: RegionGeoJson): number {
	if (!isLonLat(geo)) return 1;
	let lo = Infinity;
	let hi = -Infinity;
	for (const [, y] of positions(geo)) {
		lo = Math.min(lo, y);
		hi = Math.max(hi, y);
	}
	if (!Number.isFinite(lo)) return 0.75;
	return Math.max(0.2, Math.cos((((lo + hi) / 2) * Math.PI) / 180));
}

interface Piece {
	gte?: number;
	lt?: number;
	lte?: number;
	value?: number;
	label: string;
	color: string;
}

/** Up to five equal ranges over the values' span, each labelled in the KPI's unit. */
function valuePieces(values: number[], kind: ValueKind, lang: Lang, ramp: string[]): Piece[] {
	const fmt = (v: number) => formatValue(v, kind, lang);
	const distinct = [...new Set(values)].sort((a, b) => a - b);
	if (distinct.length === 0) return [];
	// one value alone has nothing to compare with: the middle colour, neither good nor bad
	const colourAt = (i: number, n: number) =>
		ramp[n === 1 ? Math.floor(ramp.length / 2) : Math.round((i * (ramp.length - 1)) / (n - 1))];
	if (distinct.length <= 5) {
		// few distinct values (a handful of regions): one piece each, exact
		return distinct.map((v, i) => ({ value: v, label: fmt(v), color: colourAt(i, distinct.length) }));
	}
	const lo = distinct[0];
	const hi = distinct[distinct.length - 1];
	const n = 5;
	const edges = Array.from({ length: n + 1 }, (_, i) => (i === n ? hi : lo + ((hi - lo) * i) / n));
	return edges.slice(0, n).map((e, i) => ({
		gte: e,
		...(i === n - 1 ? { lte: hi } : { lt: edges[i + 1] }),
		label: `${fmt(e)} – ${fmt(edges[i + 1])}`,
		color: colourAt(i, n)
	}));
}

/** Only the features of `codes`, in the order of `codes` (a code without a shape is skipped). */
export function selectFeatures(geo: RegionGeoJson, codes: readonly string[]): RegionGeoJson {
	const byCode = new Map(geo.features.map((f) => [f.properties.region_code, f]));
	return { type: 'FeatureCollection', features: codes.flatMap((c) => byCode.get(c) ?? []) };
}

export function regionMapOption(input: RegionMapInput): RegionMapSpec {
	const { lang, categories } = input;
	const theme = input.theme ?? 'light';
	const size = SIZES[theme];
	const ramp = RAMPS[theme];
	const kind: ValueKind = categories ? 'text' : UNIT_KIND[input.unit];
	const better = input.better ?? 'higher';
	const scale =
		better === 'neutral' ? ramp.neutral : better === 'lower' ? [...ramp.good].reverse() : ramp.good;

	const geo = selectFeatures(
		input.geo,
		input.regions.map((r) => r.region_code)
	);
	const shaped = new Set(geo.features.map((f) => f.properties.region_code));
	const regions = input.regions.filter((r) => shaped.has(r.region_code));
	const mapName = `region-map-${hash(regions.map((r) => r.region_code).join('\u0000'))}`;

	const show = (v: number | null): string => {
		if (v === null || !Number.isFinite(v)) return DASH;
		return categories ? (categories[v] ?? DASH) : formatValue(v, kind, lang);
	};
	const byCode = new Map(regions.map((r) => [r.region_code, r]));
	const values = regions.map((r) => r.value).filter((v): v is number => v !== null && Number.isFinite(v));
	const pieces: Piece[] = categories
		? categories.map((label, i) => ({ value: i, label, color: PALETTE[i % PALETTE.length] }))
		: valuePieces(values, kind, lang, scale);
	const textColour = theme === 'dark' ? '#f8fafc' : '#1f2937';
	const halo = theme === 'dark' ? 'rgba(2, 6, 23, 0.85)' : 'rgba(255, 255, 255, 0.9)';
	const legendWidth = theme === 'dark' ? 300 : 132;
	const under = input.legend === 'bottom';
	const itemHeight = Math.round(size.item * 0.75);
	const itemGap = Math.round(size.item * 0.45);
	const legendHeight = pieces.length
		? Math.round(size.legend * 1.6) + pieces.length * (itemHeight + itemGap)
		: 0;

	return {
		height: under ? size.height - 60 + legendHeight : size.height,
		maps: [{ name: mapName, geoJson: geo }],
		option: {
			textStyle: { fontFamily: FONT, color: textColour },
			animation: false,
			tooltip: {
				trigger: 'item',
				formatter: (p: unknown) => {
					const r = byCode.get((p as { name: string }).name);
					return r
						? `${escapeHtml(r.name)}<br/>${escapeHtml(input.label)}：${escapeHtml(show(r.value))}`
						: '';
				}
			},
			visualMap: pieces.length
				? {
						type: 'piecewise',
						seriesIndex: 0,
						pieces,
						left: 8,
						bottom: 8,
						orient: 'vertical',
						// vertical pieces are listed last-first: ranges ascend, so the highest is on top; categories in order
						inverse: !!categories,
						text: [input.label],
						showLabel: true,
						itemWidth: size.item,
						itemHeight,
						itemGap,
						textGap: Math.round(size.item * 0.4),
						textStyle: { color: textColour, fontSize: size.legend, fontFamily: FONT },
						selectedMode: false,
						hoverLink: false
					}
				: undefined,
			series: [
				{
					type: 'map',
					map: mapName,
					nameProperty: 'region_code',
					roam: input.roam ?? false,
					selectedMode: false,
					aspectScale: aspectScale(geo),
					preserveAspect: 'contain',
					left: under ? 8 : legendWidth,
					right: 8,
					top: 8,
					bottom: under ? legendHeight + 16 : 8,
					itemStyle: { areaColor: ramp.none, borderColor: ramp.line, borderWidth: theme === 'dark' ? 2 : 1 },
					// hover: the tooltip tells the value; on the wall nothing reacts to a pointer
					emphasis:
						theme === 'dark'
							? { disabled: true }
							: { label: { show: true }, itemStyle: { areaColor: '#fde68a' } },
					label: {
						show: true,
						formatter: (p: unknown) => {
							const r = byCode.get((p as { name: string }).name);
							return r ? `{n|${r.name}}\n{v|${show(r.value)}}` : '';
						},
						rich: {
							n: {
								fontSize: size.name,
								color: textColour,
								textBorderColor: halo,
								textBorderWidth: 3,
								fontFamily: FONT,
								lineHeight: size.name * 1.3
							},
							v: {
								fontSize: size.value,
								fontWeight: 'bold',
								color: textColour,
								textBorderColor: halo,
								textBorderWidth: 3,
								fontFamily: FONT,
								lineHeight: size.value * 1.2
							}
						}
					},
					data: regions.map((r) =>
						r.value === null || !Number.isFinite(r.value)
							? { name: r.region_code, value: NaN, itemStyle: { areaColor: ramp.none } }
							: { name: r.region_code, value: r.value }
					)
				}
			]
		},
		table: {
			columns: [
				{ key: 'region', label: input.regionLabel ?? (lang === 'zh' ? '区划' : 'Region'), kind: 'text' },
				{ key: 'value', label: input.label, kind }
			],
			rows: regions.map((r) => [r.name, categories ? show(r.value) : r.value])
		}
	};
}

function escapeHtml(s: string): string {
	return s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** A set of regions that can be drawn together: shapes at one depth of the region tree. */
export interface MapLayer {
	/** 0 = the largest shapes (no shaped ancestor), 1 = their shaped children, … */
	depth: number;
	codes: string[];
}

/**
 * The stored map's layers. A map may hold shapes at several levels (a county and its towns); drawing them
 * together would overlap, so each layer holds the shapes with `depth` shaped ancestors, plus shallower shapes
 * with no shaped descendant (a park without towns stays on the town layer). A region whose shaped children
 * do not cover it leaves the uncovered part empty on the deeper layer.
 */
export function mapLayers(
	geo: RegionGeoJson,
	regions: readonly { code: string; parent: string | null }[]
): MapLayer[] {
	const parent = new Map(regions.map((r) => [r.code, r.parent]));
	const shaped = geo.features.map((f) => f.properties.region_code);
	const has = new Set(shaped);
	const ancestors = (code: string): string[] => {
		const out: string[] = [];
		const seen = new Set([code]);
		for (let p = parent.get(code) ?? null; p && !seen.has(p); p = parent.get(p) ?? null) {
			seen.add(p);
			if (has.has(p)) out.push(p);
		}
		return out;
	};
	const depth = new Map(shaped.map((c) => [c, ancestors(c).length]));
	const hasShapedChild = new Set(shaped.flatMap((c) => ancestors(c)));
	const max = Math.max(0, ...depth.values());
	const layers: MapLayer[] = [];
	for (let d = 0; d <= max && shaped.length; d++)
		layers.push({
			depth: d,
			codes: shaped.filter((c) => depth.get(c) === d || (depth.get(c)! < d && !hasShapedChild.has(c)))
		});
	return layers;
}
