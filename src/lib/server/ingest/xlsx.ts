/**
 * XLSX reader: streams each worksheet straight out of the zip (random access through the central
 * directory, one inflate stream per sheet, saxes for the XML) and stages every sheet that has a header
 * row as one part. Only the shared strings and the style table are held in memory, both capped.
 *
 * Why not exceljs' WorkbookReader: in exceljs 4.4.0 its zip layer drops the last zip entries when the
 * consumer awaits between rows (e.g. appending to DuckDB) — a missing last sheet, or a missing
 * workbook.xml when, as in exceljs' own files, it comes last (19 of 20 runs in a reproduction). It also
 * spools sheets to temp files, drops formula result types and misses locale date formats.
 *
 * Invariants:
 * - Part label = sheet name; table = the sheet name when it names a canonical table in English or Chinese
 *   (`sheetTable`), else null (the orchestrator decides by file name or an explicit choice). Parts come
 *   in workbook order; hidden sheets are read too.
 * - Headers = the first row with any value; columns run from that row's first to its last non-empty cell
 *   (a blank header inside the range stays ''; cells outside it are ignored). Rows with no value in the
 *   range are skipped. `__row` = the spreadsheet row number (what Excel shows at the left).
 * - Cell text as in xlsx-cell.ts (dates as naive wall-clock text, no zone shift; formulas → cached result).
 * - Zip-bomb guard: declared sizes are checked first, actual inflated bytes are metered, and rows, columns,
 *   cell text and shared strings are capped (`XlsxLimits`). Every failure is an IngestFileError naming
 *   the file, and the staging tables created so far are dropped.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { DuckDBConnection } from '@duckdb/node-api';
import { quoteIdent, type CanonicalTable } from '../analytics/schema';
import { StagingWriter } from './staging';
import { IngestFileError, type ReaderOptions, type StagedFile, type StagedPart } from './types';
import { rawCellText, type RawCell } from './xlsx-cell';
import { parseXmlEntry, readWorkbookInfo, XlsxPartError, type WorkbookInfo } from './xlsx-workbook';
import { readZipDirectory, ZipFormatError, type InflateBudget, type ZipEntryInfo } from './zip';

export interface XlsxLimits {
	/** Highest row number per sheet (Excel's own maximum by default). */
	maxRows: number;
	/** Highest column number per sheet (XFD = 16384). */
	maxColumns: number;
	/** Shared strings per workbook, and their total length in characters (they are held in memory). */
	maxSharedStrings: number;
	maxSharedStringChars: number;
	/** Characters in one cell (Excel allows 32767). */
	maxCellChars: number;
	/** Uncompressed bytes of the whole package, declared and actually inflated. */
	maxUncompressedBytes: number;
}

export const XLSX_LIMITS: Readonly<XlsxLimits> = {
	maxRows: 1_048_576,
	maxColumns: 16_384,
	maxSharedStrings: 5_000_000,
	maxSharedStringChars: 200_000_000,
	maxCellChars: 1_000_000,
	maxUncompressedBytes: 4 * 1024 ** 3
};

/** Sheet names (trimmed, case-insensitive) that name a canonical table. */
const SHEET_TABLES: Record<string, CanonicalTable> = {
	regions: 'regions',
	区划: 'regions',
	departments: 'departments',
	部门: 'departments',
	items: 'items',
	事项: 'items',
	cases: 'cases',
	办件: 'cases',
	events: 'events',
	过程: 'events',
	ratings: 'ratings',
	评价: 'ratings',
	calendar: 'calendar',
	日历: 'calendar'
};

export function sheetTable(sheetName: string): CanonicalTable | null {
	return SHEET_TABLES[sheetName.trim().toLowerCase()] ?? null;
}

/** `.xlsx` / `.xlsm` by name; the content check is the zip directory (`readXlsx` refuses anything else). */
export function isXlsxFileName(name: string): boolean {
	return /\.xls[xm]$/i.test(name);
}

class XlsxLimitError extends Error {}

async function sha256File(file: string): Promise<string> {
	const hash = createHash('sha256');
	for await (const chunk of fs.createReadStream(file)) hash.update(chunk as Buffer);
	return hash.digest('hex');
}

async function fileHead(file: string, n: number): Promise<Buffer> {
	const fh = await fs.promises.open(file, 'r');
	try {
		const buf = Buffer.alloc(n);
		const { bytesRead } = await fh.read(buf, 0, n, 0);
		return buf.subarray(0, bytesRead);
	} finally {
		await fh.close();
	}
}

/** Refuse what cannot be an XLSX workbook before streaming it; returns the zip's entries. */
async function openContainer(file: string, display: string, limits: XlsxLimits): Promise<ZipEntryInfo[]> {
	let entries: ZipEntryInfo[] | null;
	try {
		entries = await readZipDirectory(file);
	} catch (e) {
		if (e instanceof ZipFormatError)
			throw new IngestFileError(display, `XLSX 文件已损坏 / corrupt XLSX file: ${e.message}`);
		throw new IngestFileError(display, `无法打开文件 / cannot open file: ${(e as Error).message}`);
	}
	if (!entries) {
		const head = await fileHead(file, 4);
		if (head.length === 4 && head.readUInt32BE(0) === 0xd0cf11e0) {
			throw new IngestFileError(
				display,
				'旧版 Excel 97-2003 (.xls) 或加密的工作簿不受支持，请另存为 .xlsx / legacy .xls or encrypted workbook, save as .xlsx'
			);
		}
		throw new IngestFileError(
			display,
			'不是 XLSX 文件（不是 zip 压缩包或已截断）/ not an XLSX file (not a zip archive, or truncated)'
		);
	}
	if (!entries.some((e) => e.name === 'xl/workbook.xml')) {
		throw new IngestFileError(
			display,
			'不是 XLSX 工作簿（缺少 xl/workbook.xml）/ not an XLSX workbook (no xl/workbook.xml)'
		);
	}
	const total = entries.reduce((s, e) => s + e.uncompressedSize, 0);
	if (total > limits.maxUncompressedBytes) {
		throw new XlsxLimitError(
			`解压后 ${total} 字节超过上限 ${limits.maxUncompressedBytes} / uncompressed size ${total} bytes exceeds the limit ${limits.maxUncompressedBytes}`
		);
	}
	return entries;
}

function columnNumber(ref: string): number {
	let n = 0;
	for (let i = 0; i < ref.length; i++) {
		const c = ref.charCodeAt(i) | 0x20; // lower-case letters
		if (c < 97 || c > 122) break;
		n = n * 26 + (c - 96);
	}
	return n;
}

interface SheetRow {
	number: number;
	cells: (string | null)[];
}

/** Streams one sheet's rows; `onRows` receives each chunk's completed rows (and may be async). */
async function readSheetRows(
	file: string,
	entry: ZipEntryInfo,
	book: WorkbookInfo,
	budget: InflateBudget,
	limits: XlsxLimits,
	label: string,
	onRows: (rows: SheetRow[]) => Promise<void>
): Promise<void> {
	let done: SheetRow[] = [];
	let row: SheetRow | null = null;
	let prevRow = 0;
	let prevCol = 0;
	let col = 0;
	let cell: RawCell | null = null;
	let target: 'v' | 'inline' | null = null;
	let inIs = false;
	let phonetic = 0;
	let chars = 0;
	const tooBig = (zh: string, en: string) =>
		new XlsxLimitError(`工作表「${label}」${zh} / sheet "${label}" ${en}`);

	await parseXmlEntry(
		file,
		entry,
		budget,
		{
			open(name, a) {
				switch (name) {
					case 'row': {
						const r = a.r ? parseInt(a.r, 10) : prevRow + 1;
						if (!(r >= 1)) throw new XlsxPartError(`${entry.name}: bad row number ${a.r}`);
						if (r > limits.maxRows)
							throw tooBig(`超过 ${limits.maxRows} 行`, `exceeds ${limits.maxRows} rows`);
						row = { number: r, cells: [] };
						prevRow = r;
						prevCol = 0;
						break;
					}
					case 'c': {
						col = a.r ? columnNumber(a.r) : prevCol + 1;
						if (col < 1) col = prevCol + 1;
						if (col > limits.maxColumns)
							throw tooBig(`超过 ${limits.maxColumns} 列`, `exceeds ${limits.maxColumns} columns`);
						prevCol = col;
						const s = a.s ? Number(a.s) : 0;
						cell = { t: a.t, v: null, inline: null, dateStyled: book.dateStyles[s] ?? false };
						chars = 0;
						break;
					}
					case 'v':
						if (cell) {
							cell.v = '';
							target = 'v';
						}
						break;
					case 'is':
						inIs = true;
						break;
					case 'rPh':
						phonetic++;
						break;
					case 't':
						if (cell && inIs && phonetic === 0) {
							cell.inline ??= '';
							target = 'inline';
						}
						break;
				}
			},
			text(t) {
				if (!cell || target === null) return;
				chars += t.length;
				if (chars > limits.maxCellChars)
					throw tooBig(
						`单元格超过 ${limits.maxCellChars} 字符`,
						`has a cell over ${limits.maxCellChars} characters`
					);
				if (target === 'v') cell.v += t;
				else cell.inline += t;
			},
			close(name) {
				switch (name) {
					case 'v':
					case 't':
						target = null;
						break;
					case 'is':
						inIs = false;
						break;
					case 'rPh':
						phonetic--;
						break;
					case 'c':
						if (row && cell) row.cells[col - 1] = rawCellText(cell, book.sharedStrings, book.date1904);
						cell = null;
						break;
					case 'row':
						if (row) done.push(row);
						row = null;
						break;
				}
			}
		},
		async () => {
			if (!done.length) return;
			const batch = done;
			done = [];
			await onRows(batch);
		}
	);
}

export async function readXlsx(
	conn: DuckDBConnection,
	file: string,
	opts: ReaderOptions,
	limitOverrides: Partial<XlsxLimits> = {}
): Promise<StagedFile> {
	const display = opts.displayName || path.basename(file);
	const limits: XlsxLimits = { ...XLSX_LIMITS, ...limitOverrides };
	const budget: InflateBudget = { remaining: limits.maxUncompressedBytes };
	const writers: StagingWriter[] = [];
	const parts: StagedPart[] = [];
	let current: string | null = null;
	let ok = false;
	try {
		const entries = await openContainer(file, display, limits);
		const hashing = sha256File(file);
		hashing.catch(() => {}); // awaited below
		const book = await readWorkbookInfo(file, entries, budget, limits);
		for (const [i, sheet] of book.sheets.entries()) {
			if (!sheet.entry) continue; // a sheet the package does not contain (broken link): nothing to read
			current = sheet.name;
			let writer: StagingWriter | null = null;
			let headers: string[] = [];
			let firstCol = 0;
			let rows = 0;
			await readSheetRows(file, sheet.entry, book, budget, limits, sheet.name, async (batch) => {
				for (const r of batch) {
					if (!writer) {
						// The first row with a value is the header row; it fixes the column range.
						const first = r.cells.findIndex((c) => c != null && c.trim() !== '');
						if (first < 0) continue;
						let last = r.cells.length - 1;
						while (last > first && (r.cells[last] == null || r.cells[last]!.trim() === '')) last--;
						firstCol = first;
						headers = Array.from({ length: last - first + 1 }, (_, k) => (r.cells[first + k] ?? '').trim());
						writer = await StagingWriter.create(conn, `${opts.stagingPrefix}_s${i + 1}`, headers.length);
						writers.push(writer);
						continue;
					}
					const values = r.cells.slice(firstCol, firstCol + headers.length);
					if (!values.some((v) => v != null)) continue;
					writer.append(values, r.number);
					rows++;
				}
				opts.onProgress?.({ file: display, rows });
			});
			const w = writer as StagingWriter | null;
			if (w) {
				w.close();
				parts.push({
					table: sheetTable(sheet.name),
					stagingTable: w.table,
					headers,
					rows,
					label: sheet.name
				});
			}
			current = null;
		}
		const contentHash = await hashing;
		ok = true;
		return { file, displayName: display, format: 'xlsx', encoding: null, contentHash, parts };
	} catch (e) {
		if (e instanceof IngestFileError) throw e;
		const where = current !== null ? `工作表「${current}」/ sheet "${current}": ` : '';
		if (e instanceof XlsxLimitError) {
			throw new IngestFileError(display, `文件过大或异常 / file too large or abnormal: ${e.message}`);
		}
		if (e instanceof ZipFormatError && /exceeds the limit/.test(e.message)) {
			throw new IngestFileError(
				display,
				`文件过大或异常 / file too large or abnormal: 解压数据超过 ${limits.maxUncompressedBytes} 字节 / uncompressed data exceeds ${limits.maxUncompressedBytes} bytes`
			);
		}
		throw new IngestFileError(
			display,
			`无法读取 XLSX 文件 / cannot read XLSX: ${where}${(e as Error).message}`
		);
	} finally {
		if (!ok) {
			for (const w of writers) {
				try {
					w.close();
				} catch {
					/* already closed, or unusable after the failure; the table is dropped next */
				}
				await conn.run(`DROP TABLE IF EXISTS temp.${quoteIdent(w.table)}`).catch(() => {});
			}
		}
	}
}
