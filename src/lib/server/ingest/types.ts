/**
 * Contracts between the ingest stages:
 *   reader (csv / xlsx / parquet / json / xes) → staging tables of VARCHAR → mapping profile →
 *   validation (rejects) → atomic merge into the canonical tables (+ derived columns, history).
 *
 * Readers only stage raw text: every staging table has VARCHAR columns `c0 … cN` (original header
 * text kept in `headers`) and `__row BIGINT`, the 1-based source row number reported in rejects
 * (for a CSV with a header line, the first data row is row 2, as a spreadsheet shows it).
 */
import type { CanonicalTable } from '../analytics/schema';

export type SourceFormat = 'csv' | 'xlsx' | 'parquet' | 'json' | 'ndjson' | 'xes';
export type TextEncoding = 'utf-8' | 'gbk' | 'gb18030';

export interface StagedPart {
	/** Target table when the reader knows it (XES: cases and events); otherwise chosen by name / option. */
	table: CanonicalTable | null;
	/** Temp table on the import connection: VARCHAR c0..cN + __row BIGINT. */
	stagingTable: string;
	/** Original header text per column, index i ↔ column c{i}. */
	headers: string[];
	rows: number;
	/** Sheet name (XLSX) or part label, for messages. */
	label?: string;
	/**
	 * How source row numbers are known. 'column' (default): the staging relation has `__row`.
	 * 'order': the relation (a lazy view over read_csv / read_parquet / read_json) yields rows in source
	 * order without `__row`; the n-th row it yields (0-based) is source row `rowBase + n`, plus the rows
	 * the reader itself refused before it (listed in `readerRejectsTable`). Saves a full pass on big files.
	 */
	rowNumbering?: 'column' | 'order';
	rowBase?: number;
	/** DuckDB CSV rejects table (store_rejects) filled while the relation is scanned. */
	readerRejectsTable?: string;
	/** Recreate the staging relation in a more lenient mode (CSV: strict_mode off) after a parse failure. */
	relax?: () => Promise<void>;
	/** Source row number of the header row (1-based, as a spreadsheet shows it), when the reader found one. */
	headerRow?: number;
	/**
	 * Name of a BOOLEAN column of the staging relation that is true on layout noise (a blank row, or a totals
	 * row `合计` / `总计` / `小计`, see header-row.ts): not data and not a reject. The row still counts in 'order'
	 * numbering (it keeps its rowid), so filter it out only after row numbers are fixed.
	 */
	noiseColumn?: string;
	/**
	 * 'order' numbering: source rows after the header that the relation does not yield and that are not
	 * reader rejects (empty lines, which DuckDB's CSV scanner drops). Count them as gaps like reader rejects,
	 * but report nothing. Sorted ascending.
	 */
	blankRows?: number[];
	/** Is this reader reject's raw line layout noise (e.g. a short `合计,100` line)? Then it is a gap, not a reject. */
	isNoiseLine?: (line: string) => boolean;
}

export interface StagedFile {
	file: string;
	displayName: string;
	format: SourceFormat;
	encoding: TextEncoding | null;
	contentHash: string;
	parts: StagedPart[];
	/** Size in bytes, when known. */
	bytes?: number;
	/** Non-fatal notes for the summary (e.g. undecodable bytes replaced). */
	warnings?: string[];
	/** Removes temporary files the staging relations read from; called once the import is done. */
	cleanup?: () => void;
	/** Sheets not staged (e.g. a `说明` notes sheet, an empty sheet), with a bilingual reason. */
	skippedParts?: { label: string; reason: string }[];
}

export interface ReaderOptions {
	/** Override encoding detection for text formats. */
	encoding?: TextEncoding;
	/** Name for rejects and messages (upload's original file name). */
	displayName: string;
	/** Prefix for staging table names, unique within the import. */
	stagingPrefix: string;
	/** XES: activity → lifecycle stage mapping (see xes.ts). */
	xes?: XesMapping;
	/**
	 * Header-row scorer: how many cells of a candidate row name a known column. The row with the best score
	 * among the first rows is the header (header-row.ts); default `defaultHeaderScore` (header-like text).
	 */
	headerScore?: (cells: string[]) => number;
	/** Progress callback: bytes or rows processed so far. */
	onProgress?: (p: { file: string; bytes?: number; totalBytes?: number; rows?: number }) => void;
}

/** The canonical stages an event's activity can mark (a case's submitted_at / accepted_at / decided_at / completed_at). */
export const ACTIVITY_STAGES = ['submitted', 'accepted', 'decided', 'completed'] as const;
export type ActivityStage = (typeof ACTIVITY_STAGES)[number];

export interface XesMapping {
	/** Activity names whose first occurrence marks each stage; default submitted = first event, completed = last event. */
	submitted?: string[];
	accepted?: string[];
	decided?: string[];
	completed?: string[];
	/** Trace attribute holding item_code / dept_code / region_code (default: the well-known names, see xes.ts). */
	itemAttribute?: string;
	deptAttribute?: string;
	regionAttribute?: string;
	/**
	 * Codes for traces that carry no such attribute — the import's (or a profile's) choice, so that two extracts of
	 * one system's log land in the same unit whatever their file names. Without them: `XES:<log name or file>`.
	 */
	itemCode?: string;
	deptCode?: string;
	regionCode?: string;
}

/** A whole file refused (cannot be read at all): one clear message naming the file. */
export class IngestFileError extends Error {
	constructor(
		readonly file: string,
		message: string,
		readonly row?: number,
		readonly column?: string
	) {
		super(
			`${file}${row !== undefined ? ` 第 ${row} 行` : ''}${column ? ` 列「${column}」` : ''}: ${message}`
		);
	}
}

/**
 * A DuckDB reader error as a user-facing reason: its first line only (no "LINE 1: <SQL>" echo), with the
 * server-side path of the file replaced by the name the user knows.
 */
export function readerError(e: unknown, file: string, displayName: string): string {
	const first = String((e as Error)?.message ?? e)
		.split('\n')[0]
		.trim();
	return first.split(file).join(displayName);
}
