/**
 * Exact rational arithmetic (BigInt numerator / denominator) for KPI values and assessment scores.
 *
 * Why: every KPI is a ratio of integer aggregates, and DOMAIN.md's score is rounded to 2 decimals; doing the
 * weighting, deductions, ⌈0.1·n⌉ and the half-away-from-zero rounding on binary floats would misround edge
 * cases (0.1·30 = 3.0000000000000004, 2.675 → 2.67). A value becomes a JS number only at the output, as
 * the nearest double to the exact rational.
 *
 * Invariant: `d > 0`; values are not necessarily reduced (reduce() when sizes matter).
 */
export interface Rational {
	readonly n: bigint;
	readonly d: bigint;
}

export const ZERO: Rational = { n: 0n, d: 1n };
export const ONE: Rational = { n: 1n, d: 1n };
export const HUNDRED: Rational = { n: 100n, d: 1n };

const abs = (x: bigint) => (x < 0n ? -x : x);
function gcd(a: bigint, b: bigint): bigint {
	a = abs(a);
	b = abs(b);
	while (b) [a, b] = [b, a % b];
	return a || 1n;
}

export function rat(n: bigint | number, d: bigint | number = 1n): Rational {
	let N = BigInt(n);
	let D = BigInt(d);
	if (D === 0n) throw new RangeError('zero denominator');
	if (D < 0n) [N, D] = [-N, -D];
	return reduce({ n: N, d: D });
}

/** A count KPI, typed as a value of a family's KPI record (whose ratios may be null). */
export const count = (n: bigint): Rational | null => rat(n);

export function reduce(r: Rational): Rational {
	const g = gcd(r.n, r.d);
	return g === 1n ? r : { n: r.n / g, d: r.d / g };
}

/** A ratio of integer aggregates; null when the denominator is 0 (DOMAIN.md: "null, not 0, not 1"). */
export function ratio(num: bigint, den: bigint): Rational | null {
	return den === 0n ? null : rat(num, den);
}

/** Parse a decimal literal ("0.8", "-12", "1e-3", "90") exactly. JSON numbers pass through String(x) first. */
export function parseDecimal(text: string): Rational {
	const m = /^([+-]?)(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d+))?$/.exec(text.trim());
	if (!m || (m[2] === '' && (m[3] ?? '') === '')) throw new RangeError(`not a decimal number: ${text}`);
	const digits = (m[2] || '0') + (m[3] ?? '');
	const exp = -(m[3]?.length ?? 0) + Number(m[4] ?? 0);
	let n = BigInt(digits);
	let d = 1n;
	if (exp >= 0) n *= 10n ** BigInt(exp);
	else d = 10n ** BigInt(-exp);
	if (m[1] === '-') n = -n;
	return rat(n, d);
}

export function fromNumber(x: number): Rational {
	if (!Number.isFinite(x)) throw new RangeError(`not a finite number: ${x}`);
	return parseDecimal(String(x));
}

export const add = (a: Rational, b: Rational): Rational => reduce({ n: a.n * b.d + b.n * a.d, d: a.d * b.d });
export const sub = (a: Rational, b: Rational): Rational => reduce({ n: a.n * b.d - b.n * a.d, d: a.d * b.d });
export const mul = (a: Rational, b: Rational): Rational => reduce({ n: a.n * b.n, d: a.d * b.d });
export function div(a: Rational, b: Rational): Rational {
	if (b.n === 0n) throw new RangeError('division by zero');
	return rat(a.n * b.d, a.d * b.n);
}
export const cmp = (a: Rational, b: Rational): number => {
	const x = a.n * b.d - b.n * a.d;
	return x < 0n ? -1 : x > 0n ? 1 : 0;
};
export const min = (a: Rational, b: Rational): Rational => (cmp(a, b) <= 0 ? a : b);
export const max = (a: Rational, b: Rational): Rational => (cmp(a, b) >= 0 ? a : b);
export const clamp = (x: Rational, lo: Rational, hi: Rational): Rational => max(lo, min(hi, x));

/** ⌈r⌉ as a bigint. */
export function ceil(r: Rational): bigint {
	const q = r.n / r.d; // truncates toward zero
	return r.n > 0n && q * r.d !== r.n ? q + 1n : q;
}

/** Round half away from zero to `places` decimals, exactly. */
export function roundHalfAway(r: Rational, places = 2): Rational {
	const scale = 10n ** BigInt(places);
	const s = r.n < 0n ? -1n : 1n;
	const m = (abs(r.n) * scale * 2n + r.d) / (2n * r.d);
	return rat(s * m, scale);
}

const MAX_SAFE = BigInt(Number.MAX_SAFE_INTEGER);

/** The double nearest to the rational (exact division when both parts are safe integers). */
export function toNumber(r: Rational): number {
	const x = reduce(r);
	if (abs(x.n) <= MAX_SAFE && x.d <= MAX_SAFE) return Number(x.n) / Number(x.d);
	// Large parts: 30 significant decimal digits, then one correctly rounded parse.
	const s = x.n < 0n ? '-' : '';
	const scale = 10n ** 30n;
	const q = (abs(x.n) * scale) / x.d;
	return Number(`${s}${q}e-30`);
}
