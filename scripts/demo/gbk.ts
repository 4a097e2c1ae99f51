/**
 * A GBK encoder, built once by inverting Node's TextDecoder('gbk') over the double-byte range
 * (lead 0x81–0xFE, trail 0x40–0xFE except 0x7F). Node has a GBK decoder but no encoder; the demo's
 * Chinese CSV form is what a county system exports, so it must be real GBK bytes.
 *
 * Invariant: encodeGbk(s) decodes back to s with TextDecoder('gbk') for every character GBK has;
 * a character outside GBK throws (the generator must only emit encodable text).
 */
let table: Uint16Array | null = null;

function buildTable(): Uint16Array {
	const t = new Uint16Array(65536);
	const dec = new TextDecoder('gbk', { fatal: false });
	const pair = new Uint8Array(2);
	for (let lead = 0x81; lead <= 0xfe; lead++) {
		for (let trail = 0x40; trail <= 0xfe; trail++) {
			if (trail === 0x7f) continue;
			pair[0] = lead;
			pair[1] = trail;
			const s = dec.decode(pair);
			if (s.length !== 1) continue; // unmapped or decoded to a surrogate pair
			const cu = s.charCodeAt(0);
			if (cu === 0xfffd || cu < 0x80) continue;
			if (t[cu] === 0) t[cu] = (lead << 8) | trail; // first (canonical) byte pair wins
		}
	}
	return t;
}

export function gbkTable(): Uint16Array {
	return (table ??= buildTable());
}

export function encodeGbk(s: string): Buffer {
	const out = Buffer.allocUnsafe(s.length * 2);
	return out.subarray(0, encodeGbkInto(s, out, 0));
}

/** Encode `s` into `out` at `at` (room for 2 bytes per UTF-16 unit needed); returns the bytes written. */
export function encodeGbkInto(s: string, out: Buffer, at: number): number {
	const t = gbkTable();
	let n = at;
	for (let i = 0; i < s.length; i++) {
		const c = s.charCodeAt(i);
		if (c < 0x80) out[n++] = c;
		else {
			const g = t[c];
			if (g === 0)
				throw new Error(`character U+${c.toString(16).toUpperCase()} (${s[i]}) has no GBK encoding`);
			out[n++] = g >> 8;
			out[n++] = g & 0xff;
		}
	}
	return n - at;
}
