import { describe, expect, it } from 'vitest';
import { labelPoint } from '../../../src/lib/map/label-point';
import type { Position, RegionGeometry } from '../../../src/lib/map/types';

const box = (x0: number, y0: number, x1: number, y1: number): RegionGeometry => ({
	type: 'Polygon',
	coordinates: [
		[
			[x0, y0],
			[x1, y0],
			[x1, y1],
			[x0, y1],
			[x0, y0]
		] as Position[]
	]
});

describe('labelPoint', () => {
	it('with nothing on top, is the centre of a square (farthest from every edge)', () => {
		const [x, y] = labelPoint(box(0, 0, 10, 10), [], 1)!;
		expect(x).toBeCloseTo(5, 1);
		expect(y).toBeCloseTo(5, 1);
	});

	it('moves off a child covering the left half, to the middle of the right half', () => {
		// Uncovered: 5..10 × 0..10; the point farthest from its edges lies on x = 7.5 (2.5 from each side).
		const [x, y] = labelPoint(box(0, 0, 10, 10), [box(0, 0, 5, 10)], 1)!;
		expect(x).toBeCloseTo(7.5, 1);
		expect(y).toBeGreaterThanOrEqual(2.5 - 0.05);
		expect(y).toBeLessThanOrEqual(7.5 + 0.05);
	});

	it('never lands inside a child in the middle (a street in the centre of its district)', () => {
		const child = box(3, 3, 7, 7);
		const [x, y] = labelPoint(box(0, 0, 10, 10), [child], 1)!;
		expect(x > 3 && x < 7 && y > 3 && y < 7).toBe(false);
		// The ring between the square and the child is 3 wide; its widest spots are the corners: at (t, t) the
		// outer border is t away and the child's corner √2·(3 − t), equal at t = 3√2 / (1 + √2) ≈ 1.757.
		const t = (3 * Math.SQRT2) / (1 + Math.SQRT2);
		expect(Math.min(x, 10 - x)).toBeCloseTo(t, 1);
		expect(Math.min(y, 10 - y)).toBeCloseTo(t, 1);
	});

	it('takes the largest polygon of a MultiPolygon', () => {
		const shape: RegionGeometry = {
			type: 'MultiPolygon',
			coordinates: [box(0, 0, 1, 1), box(10, 10, 20, 20)].map((g) => g.coordinates as Position[][])
		};
		const [x, y] = labelPoint(shape, [], 1)!;
		expect(x).toBeCloseTo(15, 1);
		expect(y).toBeCloseTo(15, 1);
	});

	it('is null when the children cover it all', () => {
		expect(labelPoint(box(0, 0, 10, 10), [box(-1, -1, 11, 11)])).toBeNull();
	});
});

describe('labelPoint with a wide label (aspect 2)', () => {
	it('prefers the wide part of an L-shaped remainder over the tall one', () => {
		// 0..10 × 0..10 with the child 0..6 × 0..6 on top: the uncovered part is an L, a tall strip 6..10 × 0..10
		// and a wide strip 0..10 × 6..10, both 4 across. With aspect 1 they tie; with aspect 2 the label wants room
		// sideways, which the top strip has (10 wide) and the right strip has not (4 wide).
		const [, y] = labelPoint(box(0, 0, 10, 10), [box(0, 0, 6, 6)], 2)!;
		expect(y).toBeGreaterThan(6);
	});
});
