/**
 * Parse and validate an uploaded jurisdiction map (GeoJSON) into the one shape the product stores and draws
 * (`RegionGeoJson`, src/lib/map/types.ts).
 *
 * Rules: at most `MAP_LIMITS.maxBytes` bytes and `maxVertices` positions; a FeatureCollection of at least one
 * feature; every feature a Polygon or MultiPolygon whose rings have ≥ 4 positions of finite numbers (lon/lat
 * or projected — any finite x, y; a third dimension is dropped) and are closed (first = last after rounding);
 * `properties.region_code` a string (or an integer, as GIS exports write it) naming a region of the analytics
 * `regions` table, no code twice; `properties.name` optional.
 *
 * Invariants: the output keeps only geometry, region_code and name, coordinates rounded to 6 decimals
 * (≈ 0.1 m in degrees), so what is stored is small, deterministic and carries nothing else from the upload.
 * Every problem names the feature (1-based, as a person counts) and its region code, in Chinese and English;
 * up to `MAX_PROBLEMS` are collected so one upload shows most of what to fix.
 */
import type { Position, RegionFeature, RegionGeoJson, RegionGeometry, Ring } from '../../map/types';

export const MAP_LIMITS = { maxBytes: 5 * 1024 * 1024, maxVertices: 200_000 } as const;
const MAX_PROBLEMS = 20;

export interface MapProblem {
	zh: string;
	en: string;
}

export class MapError extends Error {
	constructor(readonly problems: MapProblem[]) {
		super(problems.map((p) => `${p.zh} / ${p.en}`).join('\n'));
		this.name = 'MapError';
	}
	/** The problems in one language. */
	lines(lang: 'zh' | 'en'): string[] {
		return this.problems.map((p) => p[lang]);
	}
}

export interface ParsedMap {
	geo: RegionGeoJson;
	features: number;
	vertices: number;
	/** Size of the upload in bytes. */
	bytes: number;
}

const round6 = (v: number) => Math.round(v * 1e6) / 1e6 + 0; // + 0: no -0 in the output

const mb = (n: number) => (n / 1024 / 1024).toFixed(1);

function describeType(v: unknown): string {
	if (v === null) return 'null';
	if (Array.isArray(v)) return 'array';
	if (typeof v === 'object') {
		const t = (v as { type?: unknown }).type;
		return typeof t === 'string' ? t : 'object';
	}
	return typeof v;
}

class TooMany extends Error {}

class Collector {
	readonly problems: MapProblem[] = [];
	overflow = false;
	add(zh: string, en: string): void {
		if (this.problems.length >= MAX_PROBLEMS) {
			this.overflow = true;
			throw new TooMany();
		}
		this.problems.push({ zh, en });
	}
}

/** Parse and validate; throws MapError with every problem found (up to 20). */
export function parseJurisdictionMap(
	input: Buffer | Uint8Array | string,
	knownCodes: ReadonlySet<string>
): ParsedMap {
	const bytes = typeof input === 'string' ? Buffer.byteLength(input, 'utf8') : input.byteLength;
	if (bytes > MAP_LIMITS.maxBytes)
		throw new MapError([
			{
				zh: `文件大小 ${mb(bytes)} MB，超过上限 ${mb(MAP_LIMITS.maxBytes)} MB（请简化边界线后再上传）`,
				en: `the file is ${mb(bytes)} MB, above the ${mb(MAP_LIMITS.maxBytes)} MB limit (simplify the boundaries and upload again)`
			}
		]);
	let text = typeof input === 'string' ? input : Buffer.from(input).toString('utf8');
	if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
	let doc: unknown;
	try {
		doc = JSON.parse(text);
	} catch (e) {
		throw new MapError([
			{
				zh: `不是有效的 JSON 文件：${(e as Error).message}`,
				en: `not a valid JSON file: ${(e as Error).message}`
			}
		]);
	}
	const top = describeType(doc);
	if (top !== 'FeatureCollection' || !Array.isArray((doc as { features?: unknown }).features))
		throw new MapError([
			{
				zh: `顶层须为 GeoJSON FeatureCollection（含 features 数组），实际为 ${top}`,
				en: `the top level must be a GeoJSON FeatureCollection with a features array, not ${top}`
			}
		]);
	const features = (doc as { features: unknown[] }).features;
	if (features.length === 0)
		throw new MapError([
			{ zh: 'FeatureCollection 中没有任何要素', en: 'the FeatureCollection has no features' }
		]);

	const c = new Collector();
	const out: RegionFeature[] = [];
	const seen = new Map<string, number>();
	let vertices = 0;
	try {
		features.forEach((f, i) => {
			const n = i + 1;
			let code: string | null = null;
			const where = () => (code === null ? `第 ${n} 个要素` : `第 ${n} 个要素（region_code=${code}）`);
			const whereEn = () => (code === null ? `feature ${n}` : `feature ${n} (region_code=${code})`);
			if (describeType(f) !== 'Feature') {
				c.add(
					`${where()}：类型须为 Feature，实际为 ${describeType(f)}`,
					`${whereEn()}: type must be Feature, not ${describeType(f)}`
				);
				return;
			}
			const feat = f as { properties?: unknown; geometry?: unknown };
			const props = (feat.properties && typeof feat.properties === 'object' ? feat.properties : {}) as Record<
				string,
				unknown
			>;
			const raw = props.region_code;
			if (typeof raw === 'string' && raw.trim()) code = raw.trim();
			else if (typeof raw === 'number' && Number.isSafeInteger(raw) && raw >= 0) code = String(raw);
			let ok = true;
			if (code === null) {
				c.add(
					`${where()}：缺少 properties.region_code（区划代码）`,
					`${whereEn()}: properties.region_code is missing`
				);
				ok = false;
			} else if (!knownCodes.has(code)) {
				c.add(
					`${where()}：区划代码 ${code} 不在区划表中`,
					`${whereEn()}: region code ${code} is not in the regions table`
				);
				ok = false;
			} else if (seen.has(code)) {
				c.add(
					`${where()}：区划代码与第 ${seen.get(code)} 个要素重复`,
					`${whereEn()}: the region code repeats feature ${seen.get(code)}`
				);
				ok = false;
			} else seen.set(code, n);

			const g = feat.geometry as { type?: unknown; coordinates?: unknown } | null | undefined;
			const gtype = describeType(g);
			if (gtype !== 'Polygon' && gtype !== 'MultiPolygon') {
				c.add(
					`${where()}：几何类型 ${gtype === 'null' || gtype === 'undefined' ? '（空）' : gtype} 不受支持，只接受 Polygon / MultiPolygon`,
					`${whereEn()}: geometry type ${gtype} is not supported, only Polygon / MultiPolygon`
				);
				return;
			}
			const polys = gtype === 'Polygon' ? [g!.coordinates] : g!.coordinates;
			if (!Array.isArray(polys) || polys.length === 0) {
				c.add(`${where()}：coordinates 须为非空数组`, `${whereEn()}: coordinates must be a non-empty array`);
				return;
			}
			const outPolys: Ring[][] = [];
			polys.forEach((poly, pi) => {
				const pz = gtype === 'MultiPolygon' ? `第 ${pi + 1} 个面的` : '';
				const pe = gtype === 'MultiPolygon' ? `polygon ${pi + 1}, ` : '';
				if (!Array.isArray(poly) || poly.length === 0) {
					c.add(
						`${where()}：${pz}坐标须为环的数组`,
						`${whereEn()}: ${pe}coordinates must be an array of rings`
					);
					ok = false;
					return;
				}
				const rings: Ring[] = [];
				poly.forEach((ring, ri) => {
					const rz = `${pz}第 ${ri + 1} 个环`;
					const re = `${pe}ring ${ri + 1}`;
					if (!Array.isArray(ring) || ring.length < 4) {
						c.add(
							`${where()}：${rz}至少需要 4 个坐标点（首尾相同）`,
							`${whereEn()}: ${re} needs at least 4 positions (first = last)`
						);
						ok = false;
						return;
					}
					const pts: Position[] = [];
					for (let k = 0; k < ring.length; k++) {
						const p = ring[k];
						if (
							!Array.isArray(p) ||
							p.length < 2 ||
							typeof p[0] !== 'number' ||
							typeof p[1] !== 'number' ||
							!Number.isFinite(p[0]) ||
							!Number.isFinite(p[1])
						) {
							c.add(
								`${where()}：${rz}第 ${k + 1} 个坐标不是有限数值 [x, y]`,
								`${whereEn()}: ${re}, position ${k + 1} is not a pair of finite numbers`
							);
							ok = false;
							return;
						}
						pts.push([round6(p[0]), round6(p[1])]);
					}
					vertices += pts.length;
					if (vertices > MAP_LIMITS.maxVertices) {
						c.problems.length = 0;
						c.add(
							`坐标点超过 ${MAP_LIMITS.maxVertices.toLocaleString('zh-CN')} 个上限（请简化边界线后再上传）`,
							`more than ${MAP_LIMITS.maxVertices.toLocaleString('en-US')} positions (simplify the boundaries and upload again)`
						);
						throw new TooMany();
					}
					const [a, z] = [pts[0], pts[pts.length - 1]];
					if (a[0] !== z[0] || a[1] !== z[1]) {
						c.add(
							`${where()}：${rz}未闭合（首尾坐标不同）`,
							`${whereEn()}: ${re} is not closed (first and last positions differ)`
						);
						ok = false;
						return;
					}
					rings.push(pts);
				});
				outPolys.push(rings);
			});
			if (!ok || code === null) return;
			const geometry: RegionGeometry =
				gtype === 'Polygon'
					? { type: 'Polygon', coordinates: outPolys[0] }
					: { type: 'MultiPolygon', coordinates: outPolys };
			const name = typeof props.name === 'string' && props.name.trim() ? props.name.trim() : undefined;
			out.push({
				type: 'Feature',
				properties: name ? { region_code: code, name } : { region_code: code },
				geometry
			});
		});
	} catch (e) {
		if (!(e instanceof TooMany)) throw e;
	}
	if (c.problems.length) {
		const note = {
			zh: `……（只列出前 ${MAX_PROBLEMS} 个问题）`,
			en: `… (only the first ${MAX_PROBLEMS} problems are listed)`
		};
		throw new MapError(c.overflow ? [...c.problems, note] : c.problems);
	}
	return { geo: { type: 'FeatureCollection', features: out }, features: out.length, vertices, bytes };
}
