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
 * - Headers = the best-scoring of the sheet's first 30 non-empty rows (header-row.ts, scorer from the
 *   options), so title rows above it (merged `2018年办件明细表`, `导出时间：…`) are skipped; columns run from
 *   that row's first to its last non-empty cell (a blank header inside the range stays ''; cells outside it
 *   are ignored). After it, blank rows (in the range) and totals rows (`合计` / `总计` / `小计`) are skipped.
 *   `__row` = the spreadsheet row number (what Excel shows at the left); `headerRow` likewise.
 * - A sheet whose best row scores below 2 (a `说明` notes sheet) or that is empty is not staged but listed in
 *   `skippedParts` — unless no sheet of the workbook has a recognisable header: then every non-empty sheet is
 *   staged with its fallback header row, so the mapping stage can name the missing columns.
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
import { chooseHeaderRow, defaultHeaderScore, isBlankRow, isNoiseRow } from './header-row';
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
	projects: 'projects',
	项目: 'projects',
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

/** Non-empty rows at the top of a sheet searched for the header row. */
const HEADER_SCAN_ROWS = 30;
const NO_HEADER = '未找到可识别的表头 / no recognisable header row';

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
		const score = opts.headerScore ?? defaultHeaderScore;
		// Sheets without a recognisable header are staged provisionally: they stay only when no sheet of the
		// workbook has one (then the mapping stage names the missing columns, as for a CSV file).
		const fallbacks: { part: StagedPart; writer: StagingWriter }[] = [];
		const skippedParts: { label: string; reason: string }[] = [];
		for (const [i, sheet] of book.sheets.entries()) {
			if (!sheet.entry) continue; // a sheet the package does not contain (broken link): nothing to read
			current = sheet.name;
			let writer: StagingWriter | null = null;
			let headers: string[] = [];
			let firstCol = 0;
			let rows = 0;
			let header: { row: number; plausible: boolean } | null = null;
			let pending: SheetRow[] = []; // the first non-empty rows, until the header row is chosen
			const stageRow = (r: SheetRow) => {
				const values = r.cells.slice(firstCol, firstCol + headers.length);
				if (isNoiseRow(values)) return; // blank in the header's range, or a totals row
				writer!.append(values, r.number);
				rows++;
			};
			const decide = async () => {
				const cells = pending.map((r) => Array.from(r.cells, (c) => c ?? ''));
				const choice = chooseHeaderRow(cells, score, HEADER_SCAN_ROWS);
				const rest = pending;
				pending = [];
				if (choice.index < 0) return;
				const h = rest[choice.index];
				header = { row: h.number, plausible: choice.plausible };
				// The header row fixes the column range: its first to its last non-empty cell.
				const filled = (c: string | null | undefined) => c != null && c.trim() !== '';
				const first = h.cells.findIndex(filled);
				let last = h.cells.length - 1;
				while (last > first && !filled(h.cells[last])) last--;
				firstCol = first;
				headers = Array.from({ length: last - first + 1 }, (_, k) => (h.cells[first + k] ?? '').trim());
				writer = await StagingWriter.create(conn, `${opts.stagingPrefix}_s${i + 1}`, headers.length);
				writers.push(writer);
				for (const r of rest.slice(choice.index + 1)) stageRow(r);
			};
			await readSheetRows(file, sheet.entry, book, budget, limits, sheet.name, async (batch) => {
				for (const r of batch) {
					if (header) stageRow(r);
					else if (!isBlankRow(r.cells)) {
						pending.push(r);
						if (pending.length >= HEADER_SCAN_ROWS) await decide();
					}
				}
				opts.onProgress?.({ file: display, rows });
			});
			if (!header) await decide();
			const w = writer as StagingWriter | null;
			const hd = header as { row: number; plausible: boolean } | null;
			if (!w || !hd) {
				skippedParts.push({ label: sheet.name, reason: '空工作表 / empty sheet' });
			} else {
				w.close();
				const part: StagedPart = {
					table: sheetTable(sheet.name),
					stagingTable: w.table,
					headers,
					rows,
					label: sheet.name,
					headerRow: hd.row
				};
				parts.push(part);
				if (!hd.plausible) fallbacks.push({ part, writer: w });
			}
			current = null;
		}
		if (fallbacks.length < parts.length) {
			for (const { part } of fallbacks) {
				parts.splice(parts.indexOf(part), 1);
				await conn.run(`DROP TABLE IF EXISTS temp.${quoteIdent(part.stagingTable)}`);
				skippedParts.push({ label: part.label!, reason: NO_HEADER });
			}
			const order = book.sheets.map((s) => s.name);
			skippedParts.sort((a, b) => order.indexOf(a.label) - order.indexOf(b.label));
		}
		const contentHash = await hashing;
		ok = true;
		return { file, displayName: display, format: 'xlsx', encoding: null, contentHash, parts, skippedParts };
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
