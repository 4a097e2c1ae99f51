/** Upload validation of the jurisdiction map: hand-made fixtures, one per rule (src/lib/server/map/geojson.ts). */
import { describe, expect, it } from 'vitest';
import { MAP_LIMITS, MapError, parseJurisdictionMap } from '../../../src/lib/server/map/geojson';

const KNOWN = new Set(['QH-01', 'QH-02', 'QH-03']);

/** A unit square at (x, y), as a closed ring. */
const square = (x: number, y: number, d = 0.1) => [
	[x, y],
	[x + d, y],
	[x + d, y + d],
	[x, y + d],
	[x, y]
];
const poly = (code: unknown, x: number, extra: Record<string, unknown> = {}) => ({
	type: 'Feature',
	properties: { region_code: code, ...extra },
	geometry: { type: 'Polygon', coordinates: [square(x, 28)] }
});
const fc = (...features: unknown[]) => JSON.stringify({ type: 'FeatureCollection', features });

function problems(input: string | Buffer): string[] {
	try {
		parseJurisdictionMap(input, KNOWN);
	} catch (e) {
		expect(e).toBeInstanceOf(MapError);
		return (e as MapError).lines('zh').concat((e as MapError).lines('en'));
	}
	throw new Error('expected a MapError');
}

describe('parseJurisdictionMap', () => {
	it('accepts a good file: keeps geometry, region_code and name only, rounds to 6 decimals', () => {
		const multi = {
			type: 'Feature',
			id: 7,
			properties: { region_code: 'QH-02', name: ' 白沙镇 ', population: 12000 },
			geometry: {
				type: 'MultiPolygon',
				coordinates: [[square(113.123456789, 28.0000004)], [square(114, 29), square(114.02, 29.02, 0.01)]]
			}
		};
		const text = fc(poly('QH-01', 112.9, { name: '青山镇', colour: 'red' }), multi, poly(3, 1));
		const known = new Set([...KNOWN, '3']);
		const r = parseJurisdictionMap(Buffer.from('\ufeff' + text), known);
		expect(r.features).toBe(3);
		expect(r.vertices).toBe(25);
		expect(r.bytes).toBe(Buffer.byteLength('\ufeff' + text));
		expect(r.geo.features.map((f) => f.properties)).toEqual([
			{ region_code: 'QH-01', name: '青山镇' },
			{ region_code: 'QH-02', name: '白沙镇' },
			{ region_code: '3' } // an integer code from a GIS export becomes its string
		]);
		expect(Object.keys(r.geo.features[1])).toEqual(['type', 'properties', 'geometry']);
		const g = r.geo.features[1].geometry;
		expect(g.type).toBe('MultiPolygon');
		expect(g.coordinates[0]).toEqual([
			[
				[113.123457, 28],
				[113.223457, 28],
				[113.223457, 28.1],
				[113.123457, 28.1],
				[113.123457, 28]
			]
		]);
	});

	it('accepts projected coordinates (any finite numbers) and drops a third dimension', () => {
		const ring = [
			[500000, 3100000, 12],
			[501000, 3100000, 12],
			[501000, 3101000, 12],
			[500000, 3100000, 12]
		];
		const r = parseJurisdictionMap(
			fc({
				type: 'Feature',
				properties: { region_code: 'QH-03' },
				geometry: { type: 'Polygon', coordinates: [ring] }
			}),
			KNOWN
		);
		expect(r.geo.features[0].geometry.coordinates[0][0]).toEqual([500000, 3100000]);
	});

	it('rejects a file that is not a FeatureCollection', () => {
		const p = problems(JSON.stringify({ type: 'Feature', properties: {}, geometry: null }));
		expect(p[0]).toBe('顶层须为 GeoJSON FeatureCollection（含 features 数组），实际为 Feature');
		expect(p[1]).toMatch(/must be a GeoJSON FeatureCollection.*not Feature/);
		expect(problems('[1, 2]')[0]).toMatch(/实际为 array/);
		expect(problems(fc())[0]).toBe('FeatureCollection 中没有任何要素');
	});

	it('rejects a Point geometry, naming the feature and its code', () => {
		const point = {
			type: 'Feature',
			properties: { region_code: 'QH-03' },
			geometry: { type: 'Point', coordinates: [112.9, 28.2] }
		};
		const p = problems(fc(poly('QH-01', 1), poly('QH-02', 2), point));
		expect(p).toContain(
			'第 3 个要素（region_code=QH-03）：几何类型 Point 不受支持，只接受 Polygon / MultiPolygon'
		);
		expect(p).toContain(
			'feature 3 (region_code=QH-03): geometry type Point is not supported, only Polygon / MultiPolygon'
		);
	});

	it('rejects a code the regions table does not have, and names it', () => {
		const p = problems(fc(poly('QH-01', 1), poly('QH-99', 2)));
		expect(p).toContain('第 2 个要素（region_code=QH-99）：区划代码 QH-99 不在区划表中');
		expect(p).toContain('feature 2 (region_code=QH-99): region code QH-99 is not in the regions table');
	});

	it('rejects a missing region_code', () => {
		const p = problems(fc(poly('QH-01', 1), { ...poly(null, 2), properties: { name: 'x' } }));
		expect(p).toContain('第 2 个要素：缺少 properties.region_code（区划代码）');
	});

	it('rejects a duplicate region code, naming the first feature that had it', () => {
		const p = problems(fc(poly('QH-01', 1), poly('QH-02', 2), poly('QH-01', 3)));
		expect(p).toEqual([
			'第 3 个要素（region_code=QH-01）：区划代码与第 1 个要素重复',
			'feature 3 (region_code=QH-01): the region code repeats feature 1'
		]);
	});

	it('rejects an unclosed ring, a ring of 3 positions and non-numeric coordinates', () => {
		const open = {
			...poly('QH-01', 1),
			geometry: { type: 'Polygon', coordinates: [square(1, 1).slice(0, 4)] }
		};
		const short = {
			...poly('QH-02', 2),
			geometry: {
				type: 'Polygon',
				coordinates: [
					[
						[0, 0],
						[1, 0],
						[0, 0]
					]
				]
			}
		};
		const text = {
			...poly('QH-03', 3),
			geometry: {
				type: 'MultiPolygon',
				coordinates: [
					[square(3, 3)],
					[
						[
							[0, 0],
							['1', 0],
							[1, 1],
							[0, 0]
						]
					]
				]
			}
		};
		const p = problems(fc(open, short, text));
		expect(p).toContain('第 1 个要素（region_code=QH-01）：第 1 个环未闭合（首尾坐标不同）');
		expect(p).toContain(
			'feature 1 (region_code=QH-01): ring 1 is not closed (first and last positions differ)'
		);
		expect(p).toContain('第 2 个要素（region_code=QH-02）：第 1 个环至少需要 4 个坐标点（首尾相同）');
		expect(p).toContain(
			'第 3 个要素（region_code=QH-03）：第 2 个面的第 1 个环第 2 个坐标不是有限数值 [x, y]'
		);
	});

	it('rejects a file over the size limit before parsing it', () => {
		const big = ' '.repeat(MAP_LIMITS.maxBytes + 1);
		const p = problems(big);
		expect(p[0]).toMatch(/^文件大小 5\.0 MB，超过上限 5\.0 MB/);
		expect(p[1]).toMatch(/above the 5\.0 MB limit/);
	});

	it('rejects more positions than the vertex limit', () => {
		const n = MAP_LIMITS.maxVertices + 10;
		const ring: number[][] = [];
		for (let i = 0; i < n - 1; i++) ring.push([i, i % 2]); // integers: small text, under the byte limit
		ring.push(ring[0]);
		const p = problems(
			fc({
				type: 'Feature',
				properties: { region_code: 'QH-01' },
				geometry: { type: 'Polygon', coordinates: [ring] }
			})
		);
		expect(p[0]).toBe('坐标点超过 200,000 个上限（请简化边界线后再上传）');
	});

	it('rejects text that is not JSON', () => {
		const p = problems('region_code,name\nQH-01,青山镇');
		expect(p[0]).toMatch(/^不是有效的 JSON 文件：/);
		expect(p[1]).toMatch(/^not a valid JSON file: /);
	});

	it('lists at most 20 problems and says so', () => {
		const many = Array.from({ length: 30 }, (_, i) => poly(`X${i}`, i));
		const e = (() => {
			try {
				parseJurisdictionMap(fc(...many), KNOWN);
			} catch (x) {
				return x as MapError;
			}
		})()!;
		expect(e.problems).toHaveLength(21);
		expect(e.lines('zh').at(-1)).toBe('……（只列出前 20 个问题）');
	});
});
