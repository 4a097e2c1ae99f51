/**
 * Where a region's label goes when smaller shapes are drawn on top of it (a district with one shaped street):
 * ECharts puts a region's label at the centre of its shape, which may be under the street's shape and label.
 * `labelPoint` finds the point of the region's uncovered part farthest from every edge — its own border and the
 * border of each shape on top — by a coarse grid search refined twice around the best cell (exact enough for a
 * label; a few thousand point tests). A label (name over value) is wider than tall, so horizontal room counts
 * `aspect` times less: the point wanted has `aspect` times more room sideways than up and down. The result goes to
 * the feature's `properties.cp`, which ECharts reads as the label centre. Client-safe, pure.
 */
import type { Position, RegionGeometry, Ring } from './types';

const polygons = (g: RegionGeometry): Ring[][] => (g.type === 'Polygon' ? [g.coordinates] : g.coordinates);

function inRing(p: Position, ring: Ring): boolean {
	let inside = false;
	for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
		const [xi, yi] = ring[i];
		const [xj, yj] = ring[j];
		if (yi > p[1] !== yj > p[1] && p[0] < ((xj - xi) * (p[1] - yi)) / (yj - yi) + xi) inside = !inside;
	}
	return inside;
}

/** Inside a polygon's outer ring and outside its holes. */
const inPolygon = (p: Position, poly: Ring[]) =>
	inRing(p, poly[0]) && !poly.slice(1).some((h) => inRing(p, h));

/** Distance from p to the segment a–b with x divided by k. */
function segmentDistance(p: Position, a: Position, b: Position, k: number): number {
	const [px, ax, bx] = [p[0] / k, a[0] / k, b[0] / k];
	const dx = bx - ax;
	const dy = b[1] - a[1];
	const len = dx * dx + dy * dy;
	const t = len ? Math.max(0, Math.min(1, ((px - ax) * dx + (p[1] - a[1]) * dy) / len)) : 0;
	return Math.hypot(px - ax - t * dx, p[1] - a[1] - t * dy);
}

function ringArea(ring: Ring): number {
	let s = 0;
	for (let i = 0, j = ring.length - 1; i < ring.length; j = i++)
		s += ring[j][0] * ring[i][1] - ring[i][0] * ring[j][1];
	return Math.abs(s) / 2;
}

/**
 * The label point of `shape` with `covers` drawn over it, or null when nothing of it is left uncovered at the
 * grid's resolution (the caller then keeps ECharts' default).
 */
export function labelPoint(
	shape: RegionGeometry,
	covers: readonly RegionGeometry[],
	aspect = 2
): Position | null {
	// The largest polygon of the shape holds the label.
	const own = polygons(shape).reduce((a, b) => (ringArea(b[0]) > ringArea(a[0]) ? b : a));
	const others = covers.flatMap(polygons);
	const rings = [...own, ...others.flat()];
	const score = (p: Position): number => {
		if (!inPolygon(p, own) || others.some((o) => inPolygon(p, o))) return -1;
		let d = Infinity;
		for (const ring of rings)
			for (let i = 1; i < ring.length; i++) d = Math.min(d, segmentDistance(p, ring[i - 1], ring[i], aspect));
		return d;
	};
	const xs = own[0].map((p) => p[0]);
	const ys = own[0].map((p) => p[1]);
	let [x0, x1, y0, y1] = [Math.min(...xs), Math.max(...xs), Math.min(...ys), Math.max(...ys)];
	let best: Position | null = null;
	let bestScore = 0;
	const N = 24;
	for (let round = 0; round < 3; round++) {
		const sx = (x1 - x0) / N;
		const sy = (y1 - y0) / N;
		for (let i = 0; i <= N; i++)
			for (let j = 0; j <= N; j++) {
				const p: Position = [x0 + i * sx, y0 + j * sy];
				const s = score(p);
				if (s > bestScore) [best, bestScore] = [p, s];
			}
		if (!best) return null;
		// Refine: the next grid spans two cells around the best point.
		[x0, x1, y0, y1] = [best[0] - 2 * sx, best[0] + 2 * sx, best[1] - 2 * sy, best[1] + 2 * sy];
	}
	return best && [Math.round(best[0] * 1e6) / 1e6, Math.round(best[1] * 1e6) / 1e6];
}
