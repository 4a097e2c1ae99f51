/**
 * The wall's map panel (issue 15): the deployment's stored map (map/store.ts), the shapes within the screen's scope
 * (a region scope keeps the shapes of that region's subtree; see below which ones), each region's value of the
 * layout's KPI for the wall's period — from the KPI engine (`kpiByRegion`: a region counts its whole subtree).
 * null when no map was uploaded: the panel then says where to upload one.
 */
import { mapLayers, selectFeatures } from '../../charts/region-map';
import type { MapKpi } from '../../display/layout';
import { labelPoint } from '../../map/label-point';
import type { RegionGeoJson } from '../../map/types';
import type { WallMap } from '../../display/types';
import type { Analytics } from '../analytics/db';
import { kpiByRegion } from '../analytics/kpi/by-region';
import { listRegions } from '../analytics/regions';
import type { Thresholds } from '../analytics/kpi/thresholds';
import type { AppDb } from '../appdb/index';
import { getJurisdictionMap, type StoredMap } from '../map/store';

export async function wallMap(
	analytics: Analytics,
	app: AppDb,
	opts: { regionCode: string | null; kpi: MapKpi; from: string; to: string; thresholds: Thresholds }
): Promise<WallMap | null> {
	const [stored, regions] = await Promise.all([getJurisdictionMap(app), listRegions(analytics)]);
	if (!stored) return null;
	let within: Set<string> | null = null;
	if (opts.regionCode) {
		within = new Set([opts.regionCode]);
		for (let grew = true; grew; ) {
			grew = false;
			for (const r of regions)
				if (r.parent && within.has(r.parent) && !within.has(r.code)) {
					within.add(r.code);
					grew = true;
				}
		}
	}
	// Every shaped region in scope, parents before children (ECharts draws later shapes on top), except a region
	// divided into two or more shaped children: it is drawn through them. A district with one shaped street keeps
	// its own shape around the street, so no part of the jurisdiction is left blank.
	const depthOf = new Map(mapLayers(stored.geo, regions).flatMap((l) => l.codes.map((c) => [c, l.depth] as const)));
	const shaped = new Set(stored.codes);
	const parentOf = new Map(regions.map((r) => [r.code, r.parent]));
	const children = new Map<string, number>();
	for (const c of shaped) {
		const p = parentOf.get(c);
		if (p && shaped.has(p)) children.set(p, (children.get(p) ?? 0) + 1);
	}
	const codes = [...shaped]
		.filter((c) => (!within || within.has(c)) && (children.get(c) ?? 0) < 2)
		.sort((a, b) => (depthOf.get(a) ?? 0) - (depthOf.get(b) ?? 0) || a.localeCompare(b));
	if (!codes.length) return null;
	const values = await kpiByRegion(analytics, { from: opts.from, to: opts.to, kpi: opts.kpi, codes, thresholds: opts.thresholds });
	return { kpi: opts.kpi, geo: drawnShapes(stored, codes, parentOf), regions: values };
}

/**
 * The shapes drawn, a region with drawn children labelled off them (labelAroundChildren: tens of milliseconds
 * of geometry at a county's detail), kept per stored map (getJurisdictionMap returns the same object until the map
 * changes) and per drawn set with its parents, so a wall's refresh does not recompute them.
 */
const drawnCache = new WeakMap<StoredMap, Map<string, RegionGeoJson>>();
function drawnShapes(stored: StoredMap, codes: string[], parentOf: Map<string, string | null>): RegionGeoJson {
	const key = codes.map((c) => `${c}<${parentOf.get(c) ?? ''}`).join(',');
	let byKey = drawnCache.get(stored);
	if (!byKey) drawnCache.set(stored, (byKey = new Map()));
	let geo = byKey.get(key);
	if (!geo) {
		geo = labelAroundChildren(selectFeatures(stored.geo, codes), parentOf);
		if (byKey.size >= 64) byKey.clear(); // region scopes × parent changes: a handful in practice
		byKey.set(key, geo);
	}
	return geo;
}

/** A drawn region with drawn children gets its label moved off them (ECharts would centre it under them). */
function labelAroundChildren(geo: RegionGeoJson, parentOf: Map<string, string | null>): RegionGeoJson {
	return {
		...geo,
		features: geo.features.map((f) => {
			const covers = geo.features.filter((c) => parentOf.get(c.properties.region_code) === f.properties.region_code);
			const cp = covers.length ? labelPoint(f.geometry, covers.map((c) => c.geometry)) : null;
			return cp ? { ...f, properties: { ...f.properties, cp } } : f;
		})
	};
}
