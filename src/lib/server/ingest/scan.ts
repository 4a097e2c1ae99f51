/**
 * One streaming pass over a source file before DuckDB reads it: content hash (sha256, for idempotent
 * re-import) and, for text formats, whether the bytes are valid UTF-8 (else they are GBK / GB18030).
 * Also the CSV delimiter of a header line (the records themselves: csv-layout.ts `parseRecords`).
 *
 * Invariant: memory stays bounded (1 MiB chunks); nothing here parses more than the header line.
 */
import fs from 'node:fs';
import { createHash } from 'node:crypto';
import { isUtf8 } from 'node:buffer';
import path from 'node:path';
import type { ReaderOptions } from './types';

export interface ScanResult {
	bytes: number;
	contentHash: string;
	/** null when not checked (binary formats) */
	utf8: boolean | null;
	bom: boolean;
}

/** Length of an incomplete UTF-8 sequence at the end of `b` (0 when it ends on a boundary). */
function incompleteTail(b: Buffer): number {
	for (let k = 1; k <= Math.min(4, b.length); k++) {
		const c = b[b.length - k];
		if ((c & 0xc0) === 0x80) continue; // continuation byte: keep looking for the lead
		const need = c >= 0xf0 ? 4 : c >= 0xe0 ? 3 : c >= 0xc0 ? 2 : 1;
		return need > k ? k : 0;
	}
	return 0;
}

export async function scanFile(
	file: string,
	opts: { checkUtf8: boolean; onBytes?: (bytes: number, total: number) => void } = { checkUtf8: true }
): Promise<ScanResult> {
	const total = fs.statSync(file).size;
	const hash = createHash('sha256');
	let utf8: boolean | null = opts.checkUtf8 ? true : null;
	let carry: Buffer = Buffer.alloc(0);
	let bytes = 0;
	let first = true;
	let bom = false;
	for await (const chunk of fs.createReadStream(file, { highWaterMark: 1 << 20 })) {
		const buf = chunk as Buffer;
		hash.update(buf);
		bytes += buf.length;
		if (first) {
			bom = buf.length >= 3 && buf[0] === 0xef && buf[1] === 0xbb && buf[2] === 0xbf;
			first = false;
		}
		if (utf8) {
			const b = carry.length ? Buffer.concat([carry, buf]) : buf;
			const tail = incompleteTail(b);
			if (!isUtf8(b.subarray(0, b.length - tail))) utf8 = false;
			carry = Buffer.from(b.subarray(b.length - tail));
		}
		opts.onBytes?.(bytes, total);
	}
	if (utf8 && carry.length) utf8 = false;
	return { bytes, contentHash: hash.digest('hex'), utf8, bom };
}

/** A reader's source file: the name it is reported under (rejects, messages, progress) and its scan. */
export interface ScannedSource {
	file: string;
	name: string;
	scan: ScanResult;
}

/** The first step of the CSV, JSON and Parquet readers: scan the file, reporting bytes read under its name. */
export async function scanSource(file: string, opts: ReaderOptions, checkUtf8: boolean): Promise<ScannedSource> {
	const name = opts.displayName || path.basename(file);
	const scan = await scanFile(file, {
		checkUtf8,
		onBytes: (bytes, totalBytes) => opts.onProgress?.({ file: name, bytes, totalBytes })
	});
	return { file, name, scan };
}

/** First `max` bytes of a file. */
export function readHead(file: string, max = 256 * 1024): Buffer {
	const fd = fs.openSync(file, 'r');
	try {
		const buf = Buffer.alloc(max);
		const n = fs.readSync(fd, buf, 0, max, 0);
		return buf.subarray(0, n);
	} finally {
		fs.closeSync(fd);
	}
}

/** Delimiter of a CSV: the most frequent of comma, tab, semicolon, pipe in the header record (comma on ties). */
export function detectDelimiter(headerLine: string): string {
	const counts = new Map<string, number>([
		[',', 0],
		['\t', 0],
		[';', 0],
		['|', 0]
	]);
	let inQuote = false;
	for (const ch of headerLine) {
		if (ch === '"') inQuote = !inQuote;
		else if (!inQuote && counts.has(ch)) counts.set(ch, counts.get(ch)! + 1);
	}
	let best = ',';
	for (const [d, n] of counts) if (n > counts.get(best)!) best = d;
	return best;
}
