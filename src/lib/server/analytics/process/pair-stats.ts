/**
 * Pair statistics from histograms — how the derived path (steps-query.ts) gets exactly the figures the events
 * path gets from `count(*)`, `quantile_cont` and the mean, without sorting every in-scope pair:
 *
 * - Working days are integers, so a histogram (wd → pairs) holds everything: the counts, the mean, and any
 *   quantile, read off the cumulative counts.
 * - Hours are not: the SQL finds, from an hour-bucket histogram, the buckets holding the two ranks each quantile
 *   interpolates between, and returns the exact microsecond values at those ranks (only those buckets are
 *   sorted).
 *
 * quantile_cont (DuckDB, R type 7): with n values sorted x[0..n−1], rn = (n − 1)·q, lo = ⌊rn⌋, hi = ⌈rn⌉:
 * x[lo] when lo = hi, else x[lo]·(1 − d) + x[hi]·d with d = rn − lo — the same double operations as DuckDB's
 * interpolator (checked against it; x[lo] + (x[hi] − x[lo])·d differs in the last bit for about one value in
 * eight), so both paths agree to the bit (the engine specs compare them with toEqual).
 */
import type { Row } from '../convert';

export const QUANTILES = [0.5, 0.9] as const;
export const US_PER_HOUR = 3_600_000_000;

/** The quantile interpolation over values given by rank. */
export function interpolate(rn: number, at: (rank: number) => number): number {
	const lo = Math.floor(rn);
	const hi = Math.ceil(rn);
	if (lo === hi) return at(lo);
	const d = rn - lo;
	return at(lo) * (1 - d) + at(hi) * d;
}

/** quantile_cont over a histogram of integer values (sorted by value). */
export function histogramQuantile(hist: { value: number; n: number }[], q: number): number | null {
	const total = hist.reduce((s, h) => s + h.n, 0);
	if (total === 0) return null;
	const at = (rank: number) => {
		let seen = 0;
		for (const h of hist) {
			seen += h.n;
			if (rank < seen) return h.value;
		}
		return hist[hist.length - 1].value;
	};
	return interpolate((total - 1) * q, at);
}

const num = (v: unknown) => Number(v ?? 0);
const key = (r: Row) => `${r.k1 ?? ''}\u0000${r.k2 ?? ''}`;

/**
 * Folds the histogram rows of one family (`w`: k1, k2, x1 = wd or null, n1 pairs, n2 first occurrences;
 * `q`: k1, k2, x1 = quantile, x2 = rn, n1 / n2 = the microseconds at ranks ⌊rn⌋ / ⌈rn⌉) into the events path's
 * row shape: kind, k1, k2, n1 pairs, n2 cases, x1 median wd, x2 p90 wd, x3 median h, x5 mean wd (no p90 of hours: nobody reads it, and its ranks would double the values read back).
 */
export function foldPairRows(rows: Row[], kind: string, w: string, q: string): Row[] {
	const groups = new Map<
		string,
		{
			k1: Row[string];
			k2: Row[string];
			pairs: number;
			cases: number;
			hist: { value: number; n: number }[];
			h: Map<number, number>;
		}
	>();
	for (const r of rows) {
		if (r.kind !== w) continue;
		let g = groups.get(key(r));
		if (!g) groups.set(key(r), (g = { k1: r.k1, k2: r.k2, pairs: 0, cases: 0, hist: [], h: new Map() }));
		g.pairs += num(r.n1);
		g.cases += num(r.n2);
		if (r.x1 !== null && r.x1 !== undefined) g.hist.push({ value: num(r.x1), n: num(r.n1) });
	}
	for (const r of rows) {
		if (r.kind !== q) continue;
		const g = groups.get(key(r));
		if (!g) continue;
		const rn = num(r.x2);
		const lo = num(r.n1) / US_PER_HOUR;
		const hi = num(r.n2) / US_PER_HOUR;
		g.h.set(
			num(r.x1),
			interpolate(rn, (rank) => (rank === Math.floor(rn) ? lo : hi))
		);
	}
	return [...groups.values()].map((g) => {
		g.hist.sort((a, b) => a.value - b.value);
		const n = g.hist.reduce((s, h) => s + h.n, 0);
		const sum = g.hist.reduce((s, h) => s + h.value * h.n, 0);
		return {
			kind,
			k1: g.k1,
			k2: g.k2,
			n1: g.pairs,
			n2: g.cases,
			x1: histogramQuantile(g.hist, QUANTILES[0]),
			x2: histogramQuantile(g.hist, QUANTILES[1]),
			x3: g.h.get(QUANTILES[0]) ?? null,
			x4: null,
			x5: n ? sum / n : null
		};
	});
}
