/** The demo's fictional map (scripts/demo/map.ts): valid upload, deterministic, adjacent cells, in Hunan. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { REGIONS } from '../../../scripts/demo/jurisdiction';
import { demoMap, ringArea, writeDemoMap } from '../../../scripts/demo/map';
import { parseJurisdictionMap } from '../../../src/lib/server/map/geojson';

const codes = new Set(REGIONS.map((r) => r.region_code));
const area = (code: string, m = demoMap()) => {
	const f = m.features.find((x) => x.properties.region_code === code)!;
	return ringArea(f.geometry.coordinates[0].slice(0, -1));
};

describe('demo map', () => {
	it('passes the upload validation, one shape per county / district / park / town, no villages, no root', () => {
		const m = demoMap();
		const parsed = parseJurisdictionMap(JSON.stringify(m), codes);
		expect(parsed.features).toBe(7);
		const levels = m.features.map(
			(f) => REGIONS.find((r) => r.region_code === f.properties.region_code)!.level
		);
		expect(levels.sort()).toEqual(['county', 'district', 'park', 'town', 'town', 'town', 'town']);
		expect(
			m.features.every(
				(f) => f.properties.name === REGIONS.find((r) => r.region_code === f.properties.region_code)!.name
			)
		).toBe(true);
	});

	it('is deterministic for a seed and differs for another', () => {
		expect(JSON.stringify(demoMap('linjiang'))).toBe(JSON.stringify(demoMap('linjiang')));
		expect(JSON.stringify(demoMap('other'))).not.toBe(JSON.stringify(demoMap('linjiang')));
	});

	it('lies around 112.95°E 28.2°N with counter-clockwise exterior rings', () => {
		for (const f of demoMap().features) {
			const ring = f.geometry.coordinates[0];
			expect(ringArea(ring.slice(0, -1))).toBeGreaterThan(0);
			for (const [x, y] of ring) {
				expect(x).toBeGreaterThan(112.2);
				expect(x).toBeLessThan(113.7);
				expect(y).toBeGreaterThan(27.6);
				expect(y).toBeLessThan(28.8);
			}
		}
	});

	it('splits the county among its towns (areas add up) and gives a street part of its district', () => {
		const towns = ['439021101', '439021102', '439021103'].reduce((s, c) => s + area(c), 0);
		expect(towns / area('439021')).toBeCloseTo(1, 2);
		const street = area('439002001') / area('439002');
		expect(street).toBeGreaterThan(0.05);
		expect(street).toBeLessThan(0.6);
	});

	it('writes OUT/map/jurisdiction.geojson', () => {
		const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'demo-map-'));
		try {
			expect(writeDemoMap(dir)).toBe('map/jurisdiction.geojson');
			expect(JSON.parse(fs.readFileSync(path.join(dir, 'map', 'jurisdiction.geojson'), 'utf8'))).toEqual(
				demoMap()
			);
		} finally {
			fs.rmSync(dir, { recursive: true, force: true });
		}
	});
});
