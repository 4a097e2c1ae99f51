/**
 * Seeded pseudo-random numbers for the demo generator (sfc32: fast, 32-bit, good enough statistically).
 *
 * Invariant: everything the generator writes is drawn from one `Rng` in a fixed order, so the same seed and
 * options give byte-identical files. Never use Math.random() in scripts/demo.
 */

/** 128-bit string hash (cyrb128) → four 32-bit seeds. */
function seedWords(seed: string): [number, number, number, number] {
	let h1 = 1779033703,
		h2 = 3144134277,
		h3 = 1013904242,
		h4 = 2773480762;
	for (let i = 0; i < seed.length; i++) {
		const k = seed.charCodeAt(i);
		h1 = h2 ^ Math.imul(h1 ^ k, 597399067);
		h2 = h3 ^ Math.imul(h2 ^ k, 2869860233);
		h3 = h4 ^ Math.imul(h3 ^ k, 951274213);
		h4 = h1 ^ Math.imul(h4 ^ k, 2716044179);
	}
	h1 = Math.imul(h3 ^ (h1 >>> 18), 597399067);
	h2 = Math.imul(h4 ^ (h2 >>> 22), 2869860233);
	h3 = Math.imul(h1 ^ (h3 >>> 17), 951274213);
	h4 = Math.imul(h2 ^ (h4 >>> 19), 2716044179);
	return [(h1 ^ h2 ^ h3 ^ h4) >>> 0, (h2 ^ h1) >>> 0, (h3 ^ h1) >>> 0, (h4 ^ h1) >>> 0];
}

export class Rng {
	private a: number;
	private b: number;
	private c: number;
	private d: number;

	constructor(seed: string) {
		[this.a, this.b, this.c, this.d] = seedWords(seed);
		for (let i = 0; i < 16; i++) this.next();
	}

	/** Uniform in [0, 1). */
	next(): number {
		this.a >>>= 0;
		this.b >>>= 0;
		this.c >>>= 0;
		this.d >>>= 0;
		let t = (this.a + this.b) | 0;
		this.a = this.b ^ (this.b >>> 9);
		this.b = (this.c + (this.c << 3)) | 0;
		this.c = (this.c << 21) | (this.c >>> 11);
		this.d = (this.d + 1) | 0;
		t = (t + this.d) | 0;
		this.c = (this.c + t) | 0;
		return (t >>> 0) / 4294967296;
	}

	/** Integer in [lo, hi] inclusive. */
	int(lo: number, hi: number): number {
		return lo + Math.floor(this.next() * (hi - lo + 1));
	}

	chance(p: number): boolean {
		return this.next() < p;
	}

	pick<T>(xs: readonly T[]): T {
		return xs[Math.floor(this.next() * xs.length)];
	}

	/** Standard normal (Box–Muller, one value per call). */
	normal(): number {
		const u = 1 - this.next();
		const v = this.next();
		return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
	}

	/** Log-normal with median 1. */
	logNormal(sigma: number): number {
		return Math.exp(sigma * this.normal());
	}

	/** Index drawn from cumulative weights (ascending, last = total) by binary search. */
	weighted(cum: Float64Array | number[], total = cum[cum.length - 1]): number {
		const x = this.next() * total;
		let lo = 0,
			hi = cum.length - 1;
		while (lo < hi) {
			const mid = (lo + hi) >>> 1;
			if (cum[mid] > x) hi = mid;
			else lo = mid + 1;
		}
		return lo;
	}

	/** Fisher–Yates shuffle of a copy. */
	shuffled<T>(xs: readonly T[]): T[] {
		const out = xs.slice();
		for (let i = out.length - 1; i > 0; i--) {
			const j = Math.floor(this.next() * (i + 1));
			[out[i], out[j]] = [out[j], out[i]];
		}
		return out;
	}
}

/** Murmur3 finaliser: a cheap, well-mixed 32-bit hash of an integer. */
function fmix32(h: number): number {
	h ^= h >>> 16;
	h = Math.imul(h, 0x85ebca6b);
	h ^= h >>> 13;
	h = Math.imul(h, 0xc2b2ae35);
	h ^= h >>> 16;
	return h >>> 0;
}

const HEX4: string[] = Array.from({ length: 65536 }, (_, i) => i.toString(16).padStart(4, '0'));
const hex8 = (n: number) => HEX4[n >>> 16] + HEX4[n & 0xffff];

/**
 * A 32-hex-digit pseudonymous applicant identifier for applicant number `n` (what a keyed hash of an ID
 * number looks like after ingest). Derived from the number and a salt only — there is no raw ID anywhere.
 */
export function applicantHash(n: number, salt: number): string {
	const x = (n ^ salt) >>> 0;
	return (
		hex8(fmix32(x ^ 0x9e3779b9)) +
		hex8(fmix32(x + 0x7f4a7c15)) +
		hex8(fmix32(x ^ 0x6a09e667)) +
		hex8(fmix32(x + 0x3c6ef372))
	);
}
