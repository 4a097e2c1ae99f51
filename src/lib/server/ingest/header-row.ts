/**
 * Layout noise in spreadsheet-like sources (pure; used by the CSV and XLSX readers): which row is the
 * header, and which rows after it are not data (blank rows, totals rows).
 *
 * Real exports put title lines above the header (`2018年办件明细表`, `导出时间：2018-04-01`), blank lines
 * anywhere and a totals line (`合计` / `总计` / `小计`) at the end, so the header row is found, not assumed.
 *
 * Invariants:
 * - `findHeaderRow` only looks at the first `maxScan` non-empty rows; the best score wins, ties go to the
 *   earlier row. A score below `PLAUSIBLE_HEADER_SCORE` means "no recognisable header": it then falls back to
 *   the first row with two non-empty cells (else the first non-empty row), so unknown headers still reach the
 *   mapping stage, which names the missing columns.
 * - Whitespace is the same set everywhere (`WHITESPACE`), so the CSV reader's SQL twin of `isNoiseRow`
 *   (csv.ts `noiseSql`) agrees with it row for row.
 */

/** A row needs this score to count as a recognisable header (XLSX sheets below it are not staged). */
export const PLAUSIBLE_HEADER_SCORE = 2;

/**
 * Characters trimmed from a cell before it is judged: ASCII blanks and the ideographic space (typed in Chinese
 * spreadsheets). Kept small on purpose: the CSV reader's SQL test must spot a cell starting with one cheaply.
 */
export const WHITESPACE = ' \t\r\n\u3000';
const EDGE = new RegExp(`^[${WHITESPACE}]+|[${WHITESPACE}]+$`, 'g');

export function trimCell(s: string | null | undefined): string {
	return s ? s.replace(EDGE, '') : '';
}

/** Exact totals labels, and labels followed by a colon and a summary (`合计：123 件`). */
export const TOTALS_LABELS = ['合计', '总计', '小计', '合 计', '总 计', '小 计'];
export const TOTALS_PREFIX_RE = '^(合 ?计|总 ?计|小 ?计) *[:：]';
const TOTALS_PREFIX = new RegExp(TOTALS_PREFIX_RE);

export function isTotalsLabel(cell: string): boolean {
	const t = trimCell(cell);
	return TOTALS_LABELS.includes(t) || TOTALS_PREFIX.test(t);
}

export function isBlankRow(cells: readonly (string | null | undefined)[]): boolean {
	return cells.every((c) => trimCell(c) === '');
}

/** The first or second non-empty cell is a totals label (a merged `合计` over the first columns, or 序号 + 合计). */
export function isTotalsRow(cells: readonly (string | null | undefined)[]): boolean {
	let seen = 0;
	for (const c of cells) {
		if (trimCell(c) === '') continue;
		if (isTotalsLabel(c!)) return true;
		if (++seen === 2) return false;
	}
	return false;
}

/** Blank or totals: layout, not data (neither staged nor rejected). */
export function isNoiseRow(cells: readonly (string | null | undefined)[]): boolean {
	return isBlankRow(cells) || isTotalsRow(cells);
}

/**
 * Standalone scorer (when the caller gives none): cells that look like header text — a letter and no
 * ASCII digit, so numbers, dates, codes (`BJ-001`, `430100`), placeholders (`-`) and titles with a year
 * (`2018年办件明细表`) do not count. The orchestrator passes a better one (names that map to a known column).
 */
export function defaultHeaderScore(cells: readonly string[]): number {
	let n = 0;
	for (const c of cells) {
		const t = trimCell(c);
		if (/\p{L}/u.test(t) && !/[0-9]/.test(t)) n++;
	}
	return n;
}

function nonEmptyCount(cells: readonly (string | null | undefined)[]): number {
	let n = 0;
	for (const c of cells) if (trimCell(c) !== '') n++;
	return n;
}

export interface HeaderChoice {
	/** Index into `rows`, -1 when every scanned row is blank. */
	index: number;
	/** Score of the chosen row under the scorer (0 for a fallback choice). */
	score: number;
	/** The best score reached ≥ PLAUSIBLE_HEADER_SCORE (a recognisable header), else the row is a fallback. */
	plausible: boolean;
}

/** Like `findHeaderRow`, with the score and whether the header is recognisable. */
export function chooseHeaderRow(
	rows: readonly (readonly string[])[],
	score: (cells: string[]) => number,
	maxScan = 30
): HeaderChoice {
	let best = -1;
	let bestScore = -Infinity;
	let firstTwo = -1;
	let firstAny = -1;
	let scanned = 0;
	for (let i = 0; i < rows.length && scanned < maxScan; i++) {
		const n = nonEmptyCount(rows[i]);
		if (n === 0) continue;
		scanned++;
		if (firstAny < 0) firstAny = i;
		if (firstTwo < 0 && n >= 2) firstTwo = i;
		const s = score(rows[i].map((c) => c ?? ''));
		if (s > bestScore) {
			best = i;
			bestScore = s;
		}
	}
	if (best >= 0 && bestScore >= PLAUSIBLE_HEADER_SCORE)
		return { index: best, score: bestScore, plausible: true };
	return { index: firstTwo >= 0 ? firstTwo : firstAny, score: 0, plausible: false };
}

/** Index of the header row in `rows` (see the module header); -1 when every scanned row is blank. */
export function findHeaderRow(
	rows: readonly (readonly string[])[],
	score: (cells: string[]) => number,
	maxScan = 30
): number {
	return chooseHeaderRow(rows, score, maxScan).index;
}
