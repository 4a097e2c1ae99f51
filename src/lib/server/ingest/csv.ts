/**
 * CSV reader. UTF-8 (with or without BOM) is read by DuckDB's parallel CSV scanner straight from the file;
 * GBK / GB18030 is first decoded in Node (streaming TextDecoder) into a temporary UTF-8 file under
 * `$DATA_DIR/tmp`, then read the same way. Encoding: valid UTF-8 ⇒ utf-8, otherwise gb18030, reported as
 * gbk when no 4-byte GB18030 sequence occurs; an explicit `encoding` skips detection.
 *
 * The staging relation is a lazy TEMP VIEW (`rowNumbering: 'order'`): validation scans the file once.
 * Ragged rows (too many / too few fields, broken quotes, invalid UTF-8) become reader rejects with their
 * row number through DuckDB's store_rejects, instead of failing the file.
 *
 * Layout noise (csv-layout.ts, header-row.ts): the header is the best-scoring of the first records (title
 * lines above it are skipped with `skip`, `headerRow` / `rowBase` keep spreadsheet row numbers); rows after
 * it stay in the view, flagged by the `__noise` column (blank or totals rows), so rowids keep matching source
 * rows; empty lines, which DuckDB drops, are listed in `blankRows`. Both are for validation to leave out.
 */
import fs from 'node:fs';
import { Worker } from 'node:worker_threads';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import { isUtf8 } from 'node:buffer';
import type { DuckDBConnection } from '@duckdb/node-api';
import { getConfig } from '../config';
import { quoteIdent } from '../analytics/schema';
import { readHead, scanSource } from './scan';
import { EMPTY_LINE_SCAN_LIMIT, findEmptyLines, noiseSql, parseRecords, pickDelimiter } from './csv-layout';
import { chooseHeaderRow, defaultHeaderScore, isNoiseRow } from './header-row';
import { sqlString } from './parse';
import { viewStagedFile } from './staging';
import { IngestFileError, type ReaderOptions, type StagedFile, type TextEncoding } from './types';

/**
 * Whether a GBK / GB18030 file holds a 4-byte GB18030 sequence (lead 0x81–0xFE, then a digit 0x30–0x39), walking
 * the bytes from each character boundary. Runs in a worker thread beside the decoding (measured on a 184 MB
 * export: the walk alone 0.7 s, decoding and writing 1.5 s; in sequence 2.5 s, side by side 1.5 s). The worker is
 * plain JavaScript given as source, so it needs no bundling.
 */
const FOUR_BYTE_SCAN = `
const { parentPort, workerData } = require('node:worker_threads');
const fs = require('node:fs');
const fd = fs.openSync(workerData, 'r');
const b = Buffer.alloc(1 << 20);
let found = false, carry = -1, n;
try {
	while (!found && (n = fs.readSync(fd, b, 0, b.length, null)) > 0) {
		let i = 0;
		if (carry >= 0) { if (b[0] >= 0x30 && b[0] <= 0x39) found = true; i = 1; carry = -1; }
		for (; i < n && !found; i++) {
			const c = b[i];
			if (c < 0x81 || c === 0xff) continue;
			if (i + 1 >= n) { carry = c; break; }
			const d = b[i + 1];
			if (d >= 0x30 && d <= 0x39) found = true; else i++;
		}
	}
} finally { fs.closeSync(fd); }
parentPort.postMessage(found);`;

function hasFourByteSequence(file: string): Promise<boolean> {
	return new Promise((resolve, reject) => {
		const w = new Worker(FOUR_BYTE_SCAN, { eval: true, workerData: file });
		w.once('message', (found: boolean) => resolve(found));
		w.once('error', reject);
		w.once('exit', (code) => code !== 0 && reject(new Error(`4-byte scan stopped (${code})`)));
	});
}

/** Decode a GBK / GB18030 file into UTF-8; reports whether 4-byte sequences and undecodable bytes occurred. */
export async function transcodeGb(
	src: string,
	dest: string
): Promise<{ fourByte: boolean; replaced: number }> {
	const scan = hasFourByteSequence(src);
	scan.catch(() => undefined); // awaited below; a failure must not go unhandled while decoding runs
	const dec = new TextDecoder('gb18030', { fatal: false });
	const out = fs.createWriteStream(dest);
	let replaced = 0;
	const write = (s: string) =>
		new Promise<void>((resolve, reject) => {
			if (!s) return resolve();
			for (let i = s.indexOf('\ufffd'); i >= 0; i = s.indexOf('\ufffd', i + 1)) replaced++;
			out.write(s, (e) => (e ? reject(e) : resolve()));
		});
	try {
		for await (const chunk of fs.createReadStream(src, { highWaterMark: 4 << 20 })) await write(dec.decode(chunk as Buffer, { stream: true }));
		await write(dec.decode());
	} finally {
		await new Promise<void>((resolve) => out.end(resolve));
	}
	return { fourByte: await scan, replaced };
}

/** The first line holds non-ASCII bytes and is valid UTF-8 (BOM allowed). */
function headerIsUtf8(file: string): boolean {
	const head = readHead(file, 64 * 1024);
	let end = head.indexOf(0x0a);
	if (end < 0) end = head.indexOf(0x0d);
	if (end < 0) return false; // no complete header line in the head: keep the GB18030 fallback
	const line = head.subarray(0, end);
	return line.some((b) => b >= 0x80) && isUtf8(line);
}

/** Head of the file searched for the header row (title lines above it included), and its records parsed. */
const HEAD_BYTES = 256 * 1024;
const HEAD_RECORDS = 200;
/** The staging view's layout-noise flag (StagedPart.noiseColumn). */
const NOISE = '__noise';

export function tmpDir(): string {
	const d = path.join(getConfig().dataDir, 'tmp');
	try {
		fs.mkdirSync(d, { recursive: true });
		fs.accessSync(d, fs.constants.W_OK);
	} catch (e) {
		// mkdir on a read-only file system reports ENOENT: say what is actually wrong
		throw new Error(
			`临时目录 ${d} 不可写（数据目录只读或磁盘已满？）/ temporary directory ${d} is not writable (read-only data directory or disk full?): ${(e as NodeJS.ErrnoException).code ?? e}`
		);
	}
	return d;
}

export async function readCsv(
	conn: DuckDBConnection,
	file: string,
	opts: ReaderOptions
): Promise<StagedFile> {
	const src = await scanSource(file, opts, !opts.encoding);
	const { name, scan } = src;
	if (scan.bytes === 0) throw new IngestFileError(name, '文件为空 / the file is empty');
	const warnings: string[] = [];
	// A file that is not valid UTF-8 as a whole but whose header line is non-ASCII UTF-8 is a UTF-8 export with a
	// few foreign rows (mixed encodings): read it as UTF-8 so the odd rows become rejects, instead of decoding the
	// whole file as GB18030 (mojibake headers → a misleading "missing required columns" refusal).
	const mixed = !opts.encoding && !scan.utf8 && headerIsUtf8(file);
	if (mixed)
		warnings.push(
			'文件并非全部为有效 UTF-8：表头为 UTF-8，按 UTF-8 读取，无法解码的行已拒绝 / not valid UTF-8 throughout: the header is UTF-8, so the file is read as UTF-8 and undecodable rows are rejected'
		);
	let encoding: TextEncoding = opts.encoding ?? (scan.utf8 || mixed ? 'utf-8' : 'gb18030');
	let source = file;
	let cleanup: (() => void) | undefined;
	if (encoding !== 'utf-8') {
		source = path.join(tmpDir(), `ingest-${randomUUID()}.csv`);
		cleanup = () => fs.rmSync(source, { force: true });
		try {
			const t = await transcodeGb(file, source);
			if (!opts.encoding) encoding = t.fourByte ? 'gb18030' : 'gbk';
			if (t.replaced)
				warnings.push(
					`${t.replaced} 处无法按 ${encoding} 解码的字节已替换为 � / ${t.replaced} byte sequences not valid ${encoding} were replaced by �`
				);
		} catch (e) {
			cleanup();
			throw e;
		}
	}
	try {
		const size = fs.statSync(source).size;
		const headBuf = readHead(source, HEAD_BYTES);
		const whole = headBuf.length >= size;
		const head = headBuf.toString('utf8');
		const delim = pickDelimiter(head);
		const records = parseRecords(head, delim, whole, HEAD_RECORDS);
		const choice = chooseHeaderRow(
			records.map((r) => r.fields),
			opts.headerScore ?? defaultHeaderScore
		);
		if (choice.index < 0) throw new IngestFileError(name, '缺少表头行 / the header row is empty', 1);
		const headerRow = choice.index + 1; // records before it are title or blank lines
		if (!records[choice.index].complete)
			throw new IngestFileError(
				name,
				'表头行不完整（引号未闭合？）/ the header row is incomplete (unclosed quote?)',
				headerRow
			);
		const headers = records[choice.index].fields.map((h) => h.trim());
		// Empty lines after the header: DuckDB yields no row for them, so 'order' numbering must skip them.
		const blankRows =
			size <= EMPTY_LINE_SCAN_LIMIT
				? await findEmptyLines(source, headerRow)
				: records.flatMap((r, i) => (r.empty && r.complete && i + 1 > headerRow ? [i + 1] : []));
		const view = `${opts.stagingPrefix}_csv`;
		const rejects = `${opts.stagingPrefix}_csvrej`;
		const cols = headers.map((_, i) => `${sqlString(`c${i}`)}: 'VARCHAR'`).join(', ');
		const noise = noiseSql(headers.length);
		const createView = (strict: boolean) =>
			conn.run(
				`CREATE OR REPLACE TEMP VIEW ${quoteIdent(view)} AS SELECT *, ${noise} AS ${NOISE} FROM read_csv(${sqlString(source)},
					auto_detect = false, header = true, skip = ${choice.index}, delim = ${sqlString(delim)}, quote = '"', escape = '"',
					columns = {${cols}}, strict_mode = ${strict}, null_padding = false,
					store_rejects = true, rejects_table = ${sqlString(rejects)}, rejects_scan = ${sqlString(rejects + '_scan')},
					max_line_size = 10000000)`
			);
		await createView(true);
		return {
			...viewStagedFile(src, 'csv', encoding, view, headers, headerRow + 1, {
				headerRow,
				noiseColumn: NOISE,
				blankRows,
				isNoiseLine: (line) => isNoiseRow(parseRecords(line, delim, true, 1)[0]?.fields ?? []),
				readerRejectsTable: rejects,
				// mixed line endings or stray quotes can stop the strict parser; retry once leniently
				relax: () => createView(false).then(() => undefined)
			}),
			warnings,
			cleanup
		};
	} catch (e) {
		cleanup?.();
		throw e;
	}
}
