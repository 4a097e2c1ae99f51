/**
 * The wall's map panel (display/map.ts): a district drawn around its one shaped street gets its label moved off
 * the street (properties.cp), so the two labels do not sit on top of each other; shapes without a drawn child
 * keep ECharts' own label centre.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Analytics } from '../../../src/lib/server/analytics/db';
import { DEFAULT_THRESHOLDS } from '../../../src/lib/server/analytics/kpi/thresholds';
import { openAppDb, type AppDbHandle } from '../../../src/lib/server/appdb/index';
import { wallMap } from '../../../src/lib/server/display/map';
import { importFiles } from '../../../src/lib/server/ingest/index';
import { parseJurisdictionMap } from '../../../src/lib/server/map/geojson';
import { saveJurisdictionMap } from '../../../src/lib/server/map/store';
import { freshDb, tempDir, writeText } from '../helpers/ingest';

const box = (x0: number, y0: number, x1: number, y1: number) => [
	[
		[x0, y0],
		[x1, y0],
		[x1, y1],
		[x0, y1],
		[x0, y0]
	]
];

let dir: string;
let analytics: Analytics;
let app: AppDbHandle;

beforeAll(async () => {
	dir = tempDir('wall-map');
	analytics = await freshDb(dir);
	const refs = writeText(
		dir,
		'refs/regions.csv',
		'region_code,name,level,parent_code\n430100,长沙市,city,\n430102,芙蓉区,district,430100\n' +
			'430102001,五一街道,town,430102\n430121,长沙县,county,430100\n'
	);
	await importFiles(analytics, [{ path: path.dirname(refs) }]);
	app = await openAppDb({ dir: path.join(dir, 'appdb') });
	const geo = {
		type: 'FeatureCollection',
		features: [
			// The district 0..1 × 28..29 with its street on the left half; the county beside it.
			{
				type: 'Feature',
				properties: { region_code: '430102' },
				geometry: { type: 'Polygon', coordinates: box(112, 28, 113, 29) }
			},
			{
				type: 'Feature',
				properties: { region_code: '430102001' },
				geometry: { type: 'Polygon', coordinates: box(112, 28, 112.5, 29) }
			},
			{
				type: 'Feature',
				properties: { region_code: '430121' },
				geometry: { type: 'Polygon', coordinates: box(111, 28, 112, 29) }
			}
		]
	};
	await saveJurisdictionMap(
		app.db,
		parseJurisdictionMap(JSON.stringify(geo), new Set(['430102', '430102001', '430121']))
	);
});

afterAll(async () => {
	await analytics.close();
	await app.close();
	fs.rmSync(dir, { recursive: true, force: true });
});

it('moves the district label off its street and leaves the others alone', async () => {
	const map = await wallMap(analytics, app.db, {
		regionCode: null,
		kpi: 'on_time_rate',
		from: '2026-10-01',
		to: '2026-10-31',
		thresholds: { ...DEFAULT_THRESHOLDS }
	});
	const byCode = new Map(map!.geo.features.map((f) => [f.properties.region_code, f.properties]));
	// All three drawn, the street after (on top of) its district.
	const order = [...byCode.keys()];
	expect(order.toSorted()).toEqual(['430102', '430102001', '430121']);
	expect(order.indexOf('430102001')).toBeGreaterThan(order.indexOf('430102'));
	const [x, y] = byCode.get('430102')!.cp!;
	// The uncovered half is 112.5..113: a wide label sits on its middle line.
	expect(x).toBeGreaterThan(112.5);
	expect(x).toBeCloseTo(112.75, 1);
	expect(y).toBeGreaterThan(28);
	expect(y).toBeLessThan(29);
	expect(byCode.get('430102001')!.cp).toBeUndefined();
	expect(byCode.get('430121')!.cp).toBeUndefined();
	// The next refresh of the same map and scope reuses the labelled shapes instead of recomputing them.
	const again = await wallMap(analytics, app.db, {
		regionCode: null,
		kpi: 'on_time_rate',
		from: '2026-10-01',
		to: '2026-10-31',
		thresholds: { ...DEFAULT_THRESHOLDS }
	});
	expect(again!.geo).toBe(map!.geo);
});
