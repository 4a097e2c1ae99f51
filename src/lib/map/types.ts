/**
 * The jurisdiction map as stored and as the browser receives it: a GeoJSON FeatureCollection whose features
 * are the regions' shapes (Polygon / MultiPolygon), each naming its region by `region_code` (the analytics
 * `regions` table) and optionally `name`. Client-safe (types only): the server validates and normalises an
 * upload into this shape (src/lib/server/map/geojson.ts); the chart builder draws it (src/lib/charts/region-map.ts).
 */

/** [x, y]: longitude / latitude, or any projected easting / northing. */
export type Position = [number, number];
/** A closed ring: first position = last, at least 4 positions. */
export type Ring = Position[];

export type RegionGeometry =
	{ type: 'Polygon'; coordinates: Ring[] } | { type: 'MultiPolygon'; coordinates: Ring[][] };

export interface RegionFeature {
	type: 'Feature';
	/** cp: where ECharts puts the label (set by the server where smaller shapes cover the centre: map/label-point.ts) */
	properties: { region_code: string; name?: string; cp?: Position };
	geometry: RegionGeometry;
}

export interface RegionGeoJson {
	type: 'FeatureCollection';
	features: RegionFeature[];
}

/** One region's figure for the map: the KPI value (null = none: drawn neutral, labelled —). */
export interface RegionValue {
	region_code: string;
	name: string;
	value: number | null;
}
