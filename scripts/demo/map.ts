/**
 * The demo jurisdiction's map (issue 15): plausible, adjacent, entirely fictional polygons for 临江市's
 * county, district and park and for their towns / streets, written as OUT/map/jurisdiction.geojson
 * (features carry region_code + name, the upload format of /admin/map and `cli map import`).
 *
 * How: an irregular outline around a centre in Hunan (≈ 112.95°E 28.2°N, ≈ 90 km across) is split into cells
 * by nearest seed (a Voronoi partition by half-plane clipping): the root's children first (the county takes the
 * western half, the others share the east), then each county's cell among its towns (they cover it), and a
 * district's or park's cell among its streets plus a remainder (streets cover part of it). Edges are densified
 * and the whole plane is bent by one smooth warp, so straight borders become river-like curves while shared
 * borders stay shared. Villages get no shape (too small for a county map).
 *
 * Invariants: deterministic for a seed (its own Rng stream `<seed>:map`, no Math.random); every region drawn is
 * in REGIONS; exterior rings counter-clockwise, closed, coordinates rounded to 6 decimals. The shapes are NOT
 * real boundaries: a deployment uploads its own approved map data (审图号).
 */
import fs from 'node:fs';
import path from 'node:path';
import { REGIONS, type Region } from './jurisdiction';
import { Rng } from './random';

type Pt = [number, number];

export const DEMO_MAP_FILE = path.join('map', 'jurisdiction.geojson');
const CENTRE: Pt = [112.95, 28.2];
/** Half-width of the outline in degrees of latitude (≈ 44 km). */
const RADIUS_DEG = 0.4;

export interface DemoMapFeature {
	type: 'Feature';
	properties: { region_code: string; name: string };
	geometry: { type: 'Polygon'; coordinates: Pt[][] };
}
export interface DemoMap {
	type: 'FeatureCollection';
	features: DemoMapFeature[];
}

const sub = (a: Pt, b: Pt): Pt => [a[0] - b[0], a[1] - b[1]];
const dot = (a: Pt, b: Pt) => a[0] * b[0] + a[1] * b[1];

/** Signed area (shoelace; positive = counter-clockwise) of an open ring. */
export function ringArea(ring: readonly Pt[]): number {
	let s = 0;
	for (let i = 0; i < ring.length; i++) {
		const [x1, y1] = ring[i];
		const [x2, y2] = ring[(i + 1) % ring.length];
		s += x1 * y2 - x2 * y1;
	}
	return s / 2;
}

/** Keep the part of an open ring on seed a's side of the bisector of a and b (Sutherland–Hodgman). */
function clipCloser(ring: Pt[], a: Pt, b: Pt): Pt[] {
	const n = sub(b, a);
	const m: Pt = [(a[0] + b[0]) / 2, (a[1] + b[1]) / 2];
	const side = (p: Pt) => dot(sub(p, m), n); // ≤ 0: a's side
	const out: Pt[] = [];
	for (let i = 0; i < ring.length; i++) {
		const p = ring[i];
		const q = ring[(i + 1) % ring.length];
		const sp = side(p);
		const sq = side(q);
		if (sp <= 0) out.push(p);
		if ((sp < 0 && sq > 0) || (sp > 0 && sq < 0)) {
			const t = sp / (sp - sq);
			out.push([p[0] + t * (q[0] - p[0]), p[1] + t * (q[1] - p[1])]);
		}
	}
	return out;
}

/** The cells of `seeds` inside `ring` (nearest seed wins). */
function voronoi(ring: Pt[], seeds: Pt[]): Pt[][] {
	return seeds.map((s, i) =>
		seeds.reduce((cell, t, j) => (j === i || cell.length < 3 ? cell : clipCloser(cell, s, t)), ring)
	);
}

function centroid(ring: readonly Pt[]): Pt {
	const a = ringArea(ring);
	let cx = 0;
	let cy = 0;
	for (let i = 0; i < ring.length; i++) {
		const [x1, y1] = ring[i];
		const [x2, y2] = ring[(i + 1) % ring.length];
		const f = x1 * y2 - x2 * y1;
		cx += (x1 + x2) * f;
		cy += (y1 + y2) * f;
	}
	return [cx / (6 * a), cy / (6 * a)];
}

/**
 * Seeds in a cell: `k` spread around its centroid at about half its radius (they share the cell); with
 * `rest` > 0, the `k` sit near the centre and `rest` more ring them, so the `k` cells are a compact core
 * (streets of a district) and the ring's cells are left over.
 */
function seedsIn(cell: Pt[], k: number, rest: number, rng: Rng): Pt[] {
	const c = centroid(cell);
	const r = Math.sqrt(Math.abs(ringArea(cell)) / Math.PI);
	const ring = (n: number, radius: number) => {
		const turn = rng.next() * 2 * Math.PI;
		return Array.from({ length: n }, (_, i) => {
			const a = turn + (i * 2 * Math.PI) / n + (rng.next() - 0.5) * 0.5;
			const d = n === 1 ? 0 : radius * (0.8 + rng.next() * 0.4);
			return [c[0] + d * Math.cos(a), c[1] + d * Math.sin(a)] as Pt;
		});
	};
	return rest > 0 ? [...ring(k, r * 0.25), ...ring(rest, r * 0.75)] : ring(k, r * 0.55);
}

/** Smooth displacement field: a few low sine waves plus one finer, small enough never to fold the plane. */
function warpOf(rng: Rng): (p: Pt) => Pt {
	const waves = [
		{ amp: 0.07, f: 3 + rng.next() * 2 },
		{ amp: 0.025, f: 7 + rng.next() * 3 },
		{ amp: 0.008, f: 22 + rng.next() * 6 }
	].map((w) => ({
		...w,
		ax: rng.next() * 2 * Math.PI,
		ay: rng.next() * 2 * Math.PI,
		dx: rng.next() * 2 * Math.PI,
		dy: rng.next() * 2 * Math.PI
	}));
	return ([x, y]) => {
		let ux = 0;
		let uy = 0;
		for (const w of waves) {
			ux += w.amp * Math.sin(w.f * (x * Math.cos(w.ax) + y * Math.sin(w.ax)) + w.dx);
			uy += w.amp * Math.sin(w.f * (x * Math.cos(w.ay) + y * Math.sin(w.ay)) + w.dy);
		}
		return [x + ux, y + uy];
	};
}

/** Points every `step` along each edge (so the warp bends borders rather than moving corners only). */
function densify(ring: Pt[], step: number): Pt[] {
	const out: Pt[] = [];
	for (let i = 0; i < ring.length; i++) {
		const p = ring[i];
		const q = ring[(i + 1) % ring.length];
		const n = Math.max(1, Math.ceil(Math.hypot(q[0] - p[0], q[1] - p[1]) / step));
		for (let k = 0; k < n; k++) out.push([p[0] + ((q[0] - p[0]) * k) / n, p[1] + ((q[1] - p[1]) * k) / n]);
	}
	return out;
}

const round6 = (v: number) => Math.round(v * 1e6) / 1e6 + 0;

/** The demo map for a region tree (default: the demo's REGIONS), deterministic for `seed`. */
export function demoMap(seed = 'linjiang', regions: readonly Region[] = REGIONS): DemoMap {
	const rng = new Rng(`${seed}:map`);
	const root = regions.find((r) => r.parent_code === null);
	if (!root) return { type: 'FeatureCollection', features: [] };
	const childrenOf = (code: string) => regions.filter((r) => r.parent_code === code && r.level !== 'village');

	// the outline: a jittered star-shaped polygon (unit radius ≈ RADIUS_DEG)
	const N = 56;
	const harmonics = [
		[2, 0.16],
		[3, 0.1],
		[5, 0.06],
		[9, 0.03]
	].map(([n, amp]) => ({ n, amp, phase: rng.next() * 2 * Math.PI }));
	const outline: Pt[] = Array.from({ length: N }, (_, i) => {
		const a = (i * 2 * Math.PI) / N;
		const r =
			harmonics.reduce((sum, h) => sum + h.amp * Math.sin(h.n * a + h.phase), 1) + (rng.next() - 0.5) * 0.08;
		return [1.15 * r * Math.cos(a), r * Math.sin(a)];
	});

	const cells = new Map<string, Pt[]>();
	// the root's children: counties on the west, the others spread over the east
	const top = childrenOf(root.region_code);
	const west = top.filter((r) => r.level === 'county');
	const east = top.filter((r) => r.level !== 'county');
	const seedAt = (deg: number, d: number): Pt => [
		d * Math.cos((deg * Math.PI) / 180),
		d * Math.sin((deg * Math.PI) / 180)
	];
	const topSeeds: Pt[] = [
		...west.map((_, i) =>
			seedAt(
				180 + (i - (west.length - 1) / 2) * (140 / Math.max(1, west.length)) + (rng.next() - 0.5) * 10,
				0.55
			)
		),
		...east.map((_, i) =>
			seedAt(
				-40 + (i + 0.5) * (110 / Math.max(1, east.length)) + (rng.next() - 0.5) * 10,
				0.45 + rng.next() * 0.15
			)
		)
	];
	const topRegions = [...west, ...east];
	voronoi(outline, topSeeds).forEach((cell, i) => cells.set(topRegions[i].region_code, cell));

	// sub-cells: a county's towns cover it; a district's / park's streets take part of it (plus a remainder)
	const subdivide = (parent: Region) => {
		const cell = cells.get(parent.region_code);
		const kids = childrenOf(parent.region_code);
		if (!cell || cell.length < 3 || !kids.length) return;
		const full = parent.level === 'county';
		const parts = voronoi(cell, seedsIn(cell, kids.length, full ? 0 : 4, rng));
		kids.forEach((k, i) => {
			cells.set(k.region_code, parts[i]);
			subdivide(k);
		});
	};
	for (const r of topRegions) subdivide(r);

	const warp = warpOf(rng);
	const k = Math.cos((CENTRE[1] * Math.PI) / 180);
	const toLonLat = ([x, y]: Pt): Pt => [
		round6(CENTRE[0] + (x * RADIUS_DEG) / k),
		round6(CENTRE[1] + y * RADIUS_DEG)
	];
	const features: DemoMapFeature[] = [];
	for (const r of regions) {
		const cell = cells.get(r.region_code);
		if (!cell || cell.length < 3) continue;
		let ring = densify(cell, 0.02).map(warp).map(toLonLat);
		ring = ring.filter((p, i) => i === 0 || p[0] !== ring[i - 1][0] || p[1] !== ring[i - 1][1]);
		if (ringArea(ring) < 0) ring.reverse(); // RFC 7946: exterior rings counter-clockwise
		features.push({
			type: 'Feature',
			properties: { region_code: r.region_code, name: r.name },
			geometry: { type: 'Polygon', coordinates: [[...ring, ring[0]]] }
		});
	}
	return { type: 'FeatureCollection', features };
}

/** Write OUT/map/jurisdiction.geojson; returns its path relative to OUT (for the generator's manifest). */
export function writeDemoMap(out: string, seed = 'linjiang', regions: readonly Region[] = REGIONS): string {
	const file = path.join(out, DEMO_MAP_FILE);
	fs.mkdirSync(path.dirname(file), { recursive: true });
	fs.writeFileSync(file, JSON.stringify(demoMap(seed, regions)) + '\n');
	return DEMO_MAP_FILE.split(path.sep).join('/');
}

// `npx tsx scripts/demo/map.ts --out DIR [--seed S]`: the map alone (the generator also writes it).
if (process.argv[1]?.replace(/\\/g, '/').endsWith('scripts/demo/map.ts')) {
	const arg = (name: string) => {
		const i = process.argv.indexOf(`--${name}`);
		return i > 0 ? process.argv[i + 1] : undefined;
	};
	const out = arg('out') ?? 'data/demo';
	console.log(path.join(out, writeDemoMap(out, arg('seed') ?? 'linjiang')));
}
