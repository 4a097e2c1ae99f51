/**
 * Minimal random-access ZIP reading for the XLSX reader: the central directory (names, sizes, methods,
 * offsets; ZIP64 aware) is read without decompressing anything, then single entries are streamed
 * (stored or deflated) straight from the file.
 *
 * Invariants:
 * - Nothing is spooled or buffered whole: an entry is an async stream of decoded UTF-8 text.
 * - Declared sizes can lie, so `entryText` counts the bytes it actually inflates and aborts past the
 *   caller's budget (zip-bomb guard) with `ZipFormatError`.
 * - Every structural problem is a `ZipFormatError` (callers turn it into an IngestFileError).
 */
import fs from 'node:fs';
import { Transform, pipeline, type Readable } from 'node:stream';
import { createInflateRaw } from 'node:zlib';

export interface ZipEntryInfo {
	name: string;
	method: number;
	flags: number;
	compressedSize: number;
	uncompressedSize: number;
	localHeaderOffset: number;
}

const EOCD_SIG = 0x06054b50;
const ZIP64_LOCATOR_SIG = 0x07064b50;
const ZIP64_EOCD_SIG = 0x06064b50;
const CENTRAL_SIG = 0x02014b50;
const LOCAL_SIG = 0x04034b50;
const MAX_COMMENT = 0xffff;
/** A central directory larger than this is not an office document. */
const MAX_DIRECTORY_BYTES = 64 << 20;

export class ZipFormatError extends Error {}

async function readAt(fh: fs.promises.FileHandle, position: number, length: number): Promise<Buffer> {
	const buf = Buffer.alloc(length);
	const { bytesRead } = await fh.read(buf, 0, length, position);
	if (bytesRead !== length) throw new ZipFormatError('truncated zip file');
	return buf;
}

/** Entries of the zip's central directory; null when the file is not a zip at all (no end record). */
export async function readZipDirectory(file: string): Promise<ZipEntryInfo[] | null> {
	const fh = await fs.promises.open(file, 'r');
	try {
		const size = (await fh.stat()).size;
		if (size < 22) return null;
		const tailLen = Math.min(size, 22 + MAX_COMMENT);
		const tail = await readAt(fh, size - tailLen, tailLen);
		let eocd = -1;
		for (let i = tailLen - 22; i >= 0; i--) {
			if (tail.readUInt32LE(i) === EOCD_SIG) {
				eocd = i;
				break;
			}
		}
		if (eocd < 0) return null;
		let count = tail.readUInt16LE(eocd + 10);
		let dirSize = tail.readUInt32LE(eocd + 12);
		let dirOffset = tail.readUInt32LE(eocd + 16);
		if (count === 0xffff || dirSize === 0xffffffff || dirOffset === 0xffffffff) {
			const locPos = size - tailLen + eocd - 20;
			if (locPos < 0) throw new ZipFormatError('ZIP64 locator missing');
			const loc = await readAt(fh, locPos, 20);
			if (loc.readUInt32LE(0) !== ZIP64_LOCATOR_SIG) throw new ZipFormatError('ZIP64 locator missing');
			const rec = await readAt(fh, Number(loc.readBigUInt64LE(8)), 56);
			if (rec.readUInt32LE(0) !== ZIP64_EOCD_SIG) throw new ZipFormatError('ZIP64 directory record missing');
			count = Number(rec.readBigUInt64LE(32));
			dirSize = Number(rec.readBigUInt64LE(40));
			dirOffset = Number(rec.readBigUInt64LE(48));
		}
		if (dirSize > MAX_DIRECTORY_BYTES || dirOffset + dirSize > size) {
			throw new ZipFormatError('zip central directory out of range');
		}
		const dir = await readAt(fh, dirOffset, dirSize);
		const entries: ZipEntryInfo[] = [];
		let p = 0;
		for (let n = 0; n < count; n++) {
			if (p + 46 > dir.length || dir.readUInt32LE(p) !== CENTRAL_SIG) {
				throw new ZipFormatError('zip central directory is corrupt');
			}
			const flags = dir.readUInt16LE(p + 8);
			const method = dir.readUInt16LE(p + 10);
			let compressedSize = dir.readUInt32LE(p + 20);
			let uncompressedSize = dir.readUInt32LE(p + 24);
			const nameLen = dir.readUInt16LE(p + 28);
			const extraLen = dir.readUInt16LE(p + 30);
			const commentLen = dir.readUInt16LE(p + 32);
			let localHeaderOffset = dir.readUInt32LE(p + 42);
			const name = dir.toString('utf8', p + 46, p + 46 + nameLen).replaceAll('\\', '/');
			// ZIP64 extended information: 8-byte values for the fields that are 0xFFFFFFFF, in this order.
			let e = p + 46 + nameLen;
			const extraEnd = e + extraLen;
			while (e + 4 <= extraEnd) {
				const id = dir.readUInt16LE(e);
				const len = dir.readUInt16LE(e + 2);
				if (id === 0x0001) {
					let q = e + 4;
					const end = q + len;
					const take = () => {
						const v = Number(dir.readBigUInt64LE(q));
						q += 8;
						return v;
					};
					if (uncompressedSize === 0xffffffff && q + 8 <= end) uncompressedSize = take();
					if (compressedSize === 0xffffffff && q + 8 <= end) compressedSize = take();
					if (localHeaderOffset === 0xffffffff && q + 8 <= end) localHeaderOffset = take();
				}
				e += 4 + len;
			}
			entries.push({ name, method, flags, compressedSize, uncompressedSize, localHeaderOffset });
			p = extraEnd + commentLen;
		}
		return entries;
	} finally {
		await fh.close();
	}
}

/** Shared budget of inflated bytes across the entries of one file. */
export interface InflateBudget {
	remaining: number;
}

/**
 * Stream one entry as UTF-8 text chunks. Aborts with ZipFormatError when inflating more than
 * `budget.remaining` bytes (whatever the directory declared).
 */
export async function* entryText(
	file: string,
	entry: ZipEntryInfo,
	budget: InflateBudget
): AsyncGenerator<string> {
	if (entry.flags & 1) throw new ZipFormatError(`${entry.name} is encrypted`);
	if (entry.method !== 0 && entry.method !== 8) {
		throw new ZipFormatError(`${entry.name}: unsupported compression method ${entry.method}`);
	}
	const fh = await fs.promises.open(file, 'r');
	let dataStart: number;
	try {
		const local = await readAt(fh, entry.localHeaderOffset, 30);
		if (local.readUInt32LE(0) !== LOCAL_SIG) throw new ZipFormatError(`${entry.name}: bad local header`);
		dataStart = entry.localHeaderOffset + 30 + local.readUInt16LE(26) + local.readUInt16LE(28);
	} finally {
		await fh.close();
	}
	if (entry.compressedSize === 0) return;
	const source = fs.createReadStream(file, { start: dataStart, end: dataStart + entry.compressedSize - 1 });
	const meter = new Transform({
		transform(chunk: Buffer, _enc, cb) {
			budget.remaining -= chunk.length;
			if (budget.remaining < 0) cb(new ZipFormatError('uncompressed data exceeds the limit'));
			else cb(null, chunk);
		}
	});
	const stream: Readable =
		entry.method === 8
			? pipeline(source, createInflateRaw(), meter, () => {})
			: pipeline(source, meter, () => {});
	const decoder = new TextDecoder('utf-8'); // drops a leading BOM
	try {
		for await (const chunk of stream) {
			const text = decoder.decode(chunk as Buffer, { stream: true });
			if (text) yield text;
		}
	} catch (e) {
		if (e instanceof ZipFormatError) throw e;
		throw new ZipFormatError(`${entry.name}: ${(e as Error).message}`);
	} finally {
		stream.destroy();
	}
	const rest = decoder.decode();
	if (rest) yield rest;
}
