/**
 * CSV layout, in Node, before DuckDB reads the file (used by csv.ts): the delimiter, the first records
 * (for finding the header row), the empty lines DuckDB would drop silently, and the SQL twin of
 * header-row.ts `isNoiseRow` for the rows DuckDB does yield.
 *
 * Records are counted the way DuckDB's CSV scanner and a spreadsheet count them: a quoted field may span
 * lines (one record), CRLF / LF / CR all end a record, and an empty line is a record of its own (DuckDB's
 * `skip` and reject `line` numbers count it; its scan yields no row for it).
 *
 * Invariant: nothing here reads more than the head of the file, except `findEmptyLines`, which streams a
 * file only up to `EMPTY_LINE_SCAN_LIMIT` bytes and walks it record by record only when an empty line may
 * occur (a cheap byte search first).
 */
import fs from 'node:fs';
import { StringDecoder } from 'node:string_decoder';
import { sqlString } from './parse';
import { detectDelimiter } from './scan';
import { TOTALS_LABELS, TOTALS_PREFIX_RE, WHITESPACE } from './header-row';

export interface CsvRecord {
	fields: string[];
	/** A line with no character at all (DuckDB yields no row for it). */
	empty: boolean;
	/** False for a record cut off by the end of the text (open quote, or no line end before the text ends). */
	complete: boolean;
}

/**
 * The records of CSV text (quotes and embedded newlines honoured). `final` says the text is the whole file,
 * so a last record without a line end is complete.
 */
export function parseRecords(text: string, delim: string, final: boolean, max = Infinity): CsvRecord[] {
	const out: CsvRecord[] = [];
	let fields: string[] = [];
	let cur = '';
	let inQuote = false;
	let chars = 0; // characters of the current record, quotes included
	let i = text.charCodeAt(0) === 0xfeff ? 1 : 0;
	const end = (): void => {
		fields.push(cur);
		out.push({ fields, empty: chars === 0, complete: true });
		fields = [];
		cur = '';
		chars = 0;
	};
	for (; i < text.length && out.length < max; i++) {
		const ch = text[i];
		if (inQuote) {
			chars++;
			if (ch === '"') {
				if (text[i + 1] === '"') {
					cur += '"';
					i++;
				} else inQuote = false;
			} else cur += ch;
		} else if (ch === '"') {
			inQuote = true;
			chars++;
		} else if (ch === delim) {
			fields.push(cur);
			cur = '';
			chars++;
		} else if (ch === '\n' || ch === '\r') {
			if (ch === '\r' && text[i + 1] === '\n') i++;
			else if (ch === '\r' && i + 1 === text.length && !final) break; // maybe the CR of a CRLF cut in two
			end();
		} else {
			cur += ch;
			chars++;
		}
	}
	if (out.length < max && (chars > 0 || inQuote)) {
		fields.push(cur);
		out.push({ fields, empty: false, complete: final && !inQuote });
	}
	return out;
}

/**
 * The delimiter: detected on the first line that holds any candidate (comma, tab, semicolon, pipe), so a
 * title line such as `2018年办件明细表` above the header does not decide it; comma when none does.
 */
export function pickDelimiter(text: string, maxLines = 30): string {
	const lines = text.replace(/^\uFEFF/, '').split(/\r\n|\n|\r/, maxLines);
	for (const line of lines) if (/[,\t;|]/.test(line)) return detectDelimiter(line);
	return ',';
}

/** Files up to this size are searched for empty lines in full; beyond it only the records parsed from the head are (csv.ts). */
export const EMPTY_LINE_SCAN_LIMIT = 64 * 1024 * 1024;

const EMPTY_LINE_MARKS = ['\n\n', '\n\r\n', '\r\r'].map((s) => Buffer.from(s));

/**
 * Record numbers (1-based) of the empty lines after record `after`, in a UTF-8 file of at most
 * `EMPTY_LINE_SCAN_LIMIT` bytes; [] at once when no two line ends are adjacent anywhere.
 */
export async function findEmptyLines(file: string, after: number): Promise<number[]> {
	let maybe = false;
	let carry = Buffer.alloc(0);
	for await (const chunk of fs.createReadStream(file, { highWaterMark: 1 << 20 })) {
		const b = carry.length ? Buffer.concat([carry, chunk as Buffer]) : (chunk as Buffer);
		if (EMPTY_LINE_MARKS.some((m) => b.includes(m))) {
			maybe = true;
			break;
		}
		carry = Buffer.from(b.subarray(Math.max(0, b.length - 2)));
	}
	if (!maybe) return [];
	const blank: number[] = [];
	const dec = new StringDecoder('utf8');
	let rec = 1;
	let chars = 0;
	let inQuote = false;
	let afterCR = false;
	const endRecord = (): void => {
		if (chars === 0 && rec > after) blank.push(rec);
		rec++;
		chars = 0;
	};
	const walk = (s: string): void => {
		for (let i = 0; i < s.length; i++) {
			const c = s.charCodeAt(i);
			if (c === 0x0a && afterCR) {
				afterCR = false; // the LF of a CRLF: the record already ended at the CR
				continue;
			}
			afterCR = false;
			if (inQuote) {
				chars++;
				if (c === 0x22) inQuote = false; // an escaped "" closes and reopens: same state after both
			} else if (c === 0x22) {
				inQuote = true;
				chars++;
			} else if (c === 0x0a) endRecord();
			else if (c === 0x0d) {
				endRecord();
				afterCR = true;
			} else if (c !== 0xfeff || rec > 1 || chars > 0) chars++;
		}
	};
	for await (const chunk of fs.createReadStream(file, { highWaterMark: 1 << 20 }))
		walk(dec.write(chunk as Buffer));
	walk(dec.end());
	return blank;
}

/**
 * SQL for "this staging row is layout noise" over VARCHAR columns c0..c{n-1}: the same rule as
 * header-row.ts `isNoiseRow`. A cheap test comes first, so an ordinary data row costs four comparisons per
 * cell on c0 and c1 and nothing else: a noise row has c0 or c1 blank (NULL, or starting with a WHITESPACE
 * character: below '!' or U+3000) or one of them holding 计 (every totals label does). Only such rows get the
 * trimming and the full rule (the first two non-empty cells).
 */
export function noiseSql(n: number): string {
	const ws = sqlString(WHITESPACE);
	const col = (i: number) => `"c${i}"`;
	const maybe = (i: number) =>
		`${col(i)} IS NULL OR ${col(i)} < '!' OR contains(${col(i)}, '计') OR ${col(i)} ^@ '\u3000'`;
	const cells = Array.from({ length: n }, (_, i) => `nullif(trim(${col(i)}, ${ws}), '')`).join(', ');
	const labels = TOTALS_LABELS.map(sqlString).join(', ');
	// the first two non-empty cells; none at all (a blank row) gives NULL from list_bool_or, hence true
	const firstTwo = `list_filter([${cells}]::VARCHAR[], lambda x: x IS NOT NULL)[1:2]`;
	const full = `coalesce(list_bool_or(list_transform(${firstTwo}, lambda x: x IN (${labels}) OR regexp_matches(x, ${sqlString(TOTALS_PREFIX_RE)}))), true)`;
	const pre = n > 1 ? `${maybe(0)} OR ${maybe(1)}` : maybe(0);
	return `CASE WHEN ${pre} THEN ${full} ELSE false END`;
}
