/**
 * What /admin/map shows: the stored map's coverage of the regions table (regions with / without a shape),
 * its layers (map/region-map.ts `mapLayers`), and one layer filled by region level or by a KPI for a period —
 * the KPI values from the engine (`kpiByRegion`). The URL is the state: `layer`, `fill` (`level` or a KPI id),
 * `from`, `to` (default: the latest month with data, as the dashboards); bad values answer with a message and
 * the defaults.
 */
import { KPI_IDS, type KpiId } from '../../kpi/catalog';
import { mapLayers, selectFeatures } from '../../charts/region-map';
import type { RegionGeoJson, RegionValue } from '../../map/types';
import type { Analytics } from '../analytics/db';
import { coverage } from '../analytics/dimensions';
import { kpiByRegion } from '../analytics/kpi/by-region';
import { QueryError, periodQuery } from '../analytics/kpi/query';
import type { Thresholds } from '../analytics/kpi/thresholds';
import { REGION_LEVELS } from '../analytics/schema';
import { listRegions, type RegionRow } from '../analytics/regions';
import type { AppDb } from '../appdb/index';
import { defaultRange } from '../dashboard/page-filters';
import { getJurisdictionMap } from './store';
import { localTimestamp } from '../clock';

/** KPIs the preview can fill by (speed-up against a baseline needs a baseline period: not offered). */
export const MAP_FILL_KPIS: KpiId[] = KPI_IDS.filter((k) => k !== 'speedup_vs_baseline');
export type MapFill = 'level' | KpiId;

export interface MapPreview {
	map: {
		features: number;
		vertices: number;
		bytes: number;
		fileName: string;
		updatedAt: string;
		/** `YYYY-MM-DD HH:mm` in TZ_LOCAL, for display. */
		updatedAtLocal: string;
		updatedBy: string | null;
	} | null;
	/** Every region of the regions table, with whether the map has its shape. */
	regions: (RegionRow & { shaped: boolean })[];
	layers: { depth: number; codes: string[]; levels: string[] }[];
	layer: number;
	fill: MapFill;
	period: { from: string; to: string };
	/** The chosen layer's features only (what the chart registers). */
	geo: RegionGeoJson | null;
	/** The chosen layer's regions; with fill=level the value is an index into `levels`. */
	values: RegionValue[];
	/** Levels present in the chosen layer (REGION_LEVELS order): the categories of fill=level. */
	levels: string[];
	/** A bad URL value, in the user's language (defaults were used instead). */
	invalid: string | null;
}

/** 'YYYY-MM-DD HH:mm' in the local zone. */
const localTime = (d: Date) => localTimestamp(d).slice(0, 16);

const levelOrder = (l: string | null) => {
	const i = REGION_LEVELS.indexOf((l ?? '') as (typeof REGION_LEVELS)[number]);
	return i < 0 ? REGION_LEVELS.length : i;
};

export async function mapPreview(
	analytics: Analytics,
	appDb: AppDb,
	url: URL,
	opts: { thresholds: Thresholds; lang: 'zh' | 'en' }
): Promise<MapPreview> {
	const [regions, cov, stored] = await Promise.all([
		listRegions(analytics),
		coverage(analytics),
		getJurisdictionMap(appDb)
	]);
	const shaped = new Set(stored?.codes ?? []);
	const byCode = new Map(regions.map((r) => [r.code, r]));
	const problems: string[] = [];
	const q = url.searchParams;

	const layers = stored
		? mapLayers(stored.geo, regions).map((l) => ({
				...l,
				levels: [...new Set(l.codes.map((c) => byCode.get(c)?.level ?? ''))].sort(
					(a, b) => levelOrder(a) - levelOrder(b)
				)
			}))
		: [];
	let layer = 0;
	if (q.has('layer')) {
		const n = Number(q.get('layer'));
		if (Number.isInteger(n) && n >= 0 && n < layers.length) layer = n;
		else problems.push(opts.lang === 'zh' ? `没有第 ${q.get('layer')} 层` : `no layer ${q.get('layer')}`);
	}
	let fill: MapFill = 'level';
	const f = q.get('fill');
	if (f && f !== 'level') {
		if ((MAP_FILL_KPIS as string[]).includes(f)) fill = f as KpiId;
		else problems.push(opts.lang === 'zh' ? `未知的填色指标：${f}` : `unknown fill: ${f}`);
	}
	let period = defaultRange(cov);
	if (q.get('from') || q.get('to')) {
		try {
			const p = periodQuery(q.get('from') ?? '', q.get('to') ?? '');
			period = { from: p.from, to: p.to };
		} catch (e) {
			if (!(e instanceof QueryError)) throw e;
			problems.push(e.message); // the engine parser's bilingual message, as on the dashboards
		}
	}

	const codes = layers[layer]?.codes ?? [];
	const levels = layers[layer]?.levels ?? [];
	let values: RegionValue[] = [];
	if (stored && codes.length) {
		if (fill === 'level')
			values = codes.map((c) => ({
				region_code: c,
				name: byCode.get(c)?.name ?? c,
				value: levels.indexOf(byCode.get(c)?.level ?? '')
			}));
		else values = await kpiByRegion(analytics, { ...period, kpi: fill, codes, thresholds: opts.thresholds });
	}
	return {
		map: stored
			? {
					features: stored.features,
					vertices: stored.vertices,
					bytes: stored.bytes,
					fileName: stored.fileName,
					updatedAt: stored.updatedAt.toISOString(),
					updatedAtLocal: localTime(stored.updatedAt),
					updatedBy: stored.updatedBy
				}
			: null,
		regions: regions.map((r) => ({ ...r, shaped: shaped.has(r.code) })),
		layers,
		layer,
		fill,
		period,
		geo: stored ? selectFeatures(stored.geo, codes) : null,
		values,
		levels,
		invalid: problems.length ? problems.join('；') : null
	};
}
