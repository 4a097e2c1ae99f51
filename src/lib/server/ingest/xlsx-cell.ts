/**
 * XLSX cell → staging text (pure; used by xlsx.ts). One rule per SpreadsheetML cell type:
 * - strings (shared, inline, formula string results) as they are, rich text flattened; '' → null;
 * - numbers without float noise (15 significant digits, as Excel keeps them);
 * - booleans 'true' / 'false'; error cells (and formulas whose cached result is an error) → null;
 * - a number in a date-formatted cell (Excel serial date) → wall-clock text with no zone shift:
 *   'YYYY-MM-DD HH:MM:SS', 'YYYY-MM-DD' at midnight, 'HH:MM:SS' for a time of day alone (serial < 1),
 *   rounded to the second as Excel displays it; the workbook's 1900 / 1904 date system is honoured;
 * - formulas → their cached result, typed like any other cell.
 */

const DAY_MS = 86_400_000;
/** Excel serial 0: 1899-12-30 in the 1900 system (Lotus leap-year bug included), 1904-01-01 in the 1904 system. */
const EPOCH_1900 = Date.UTC(1899, 11, 30);
const EPOCH_1904 = Date.UTC(1904, 0, 1);

/** Built-in number formats that show dates or times (14–22; 27–36, 50–58 are East-Asian locale dates; 45–47 times). */
const BUILTIN_DATE_FORMATS = new Set([
	14, 15, 16, 17, 18, 19, 20, 21, 22, 27, 28, 29, 30, 31, 32, 33, 34, 35, 36, 45, 46, 47, 50, 51, 52, 53, 54,
	55, 56, 57, 58
]);

const pad = (n: number, w = 2) => String(n).padStart(w, '0');

/** Does this number format (built-in id, or custom code when the workbook defines one) show a date or time? */
export function isDateNumFmt(id: number, code: string | undefined): boolean {
	return code !== undefined ? isDateFormat(code) : BUILTIN_DATE_FORMATS.has(id);
}

/** Date / time tokens outside quoted text, escapes and [..] sections (colours, locales; elapsed [h] counts). */
export function isDateFormat(code: string): boolean {
	const f = code
		.replace(/"[^"]*"/g, '')
		.replace(/[\\_*]./g, '') // escaped literal, space-as-wide-as, fill character
		.replace(/\[(?![hms]+\])[^\]]*]/gi, '');
	return /[ymdhs]/i.test(f.replace(/General/gi, ''));
}

/** Excel serial → wall-clock text (see module header). */
export function serialText(serial: number, date1904 = false): string | null {
	if (!Number.isFinite(serial)) return null;
	const ms = Math.round((serial * DAY_MS) / 1000) * 1000;
	const d = new Date((date1904 ? EPOCH_1904 : EPOCH_1900) + ms);
	if (Number.isNaN(d.getTime())) return null;
	const time = `${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}`;
	if (ms >= 0 && ms < DAY_MS) return time;
	const date = `${pad(d.getUTCFullYear(), 4)}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`;
	return time === '00:00:00' ? date : `${date} ${time}`;
}

export function numberText(n: number): string | null {
	if (!Number.isFinite(n)) return null;
	const r = Number(n.toPrecision(15));
	return Object.is(r, -0) ? '0' : String(r);
}

/** ISO 8601 cell (t="d", strict OOXML) → the same naive text as a serial date; any offset is ignored. */
function isoCellText(v: string): string {
	const m = /^(\d{4}-\d{2}-\d{2})(?:T(\d{2}:\d{2})(:\d{2})?(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?$/.exec(
		v.trim()
	);
	if (!m) return v;
	const time = m[2] ? `${m[2]}${m[3] ?? ':00'}` : '00:00:00';
	return time === '00:00:00' ? m[1] : `${m[1]} ${time}`;
}

/** OOXML escapes characters XML cannot carry as `_xHHHH_` (e.g. `_x000D_` for CR). */
export function unescapeOoxml(s: string): string {
	return s.includes('_x')
		? s.replace(/_x([0-9A-Fa-f]{4})_/g, (_, h: string) => String.fromCharCode(parseInt(h, 16)))
		: s;
}

export interface RawCell {
	/** The `t` attribute: s, str, inlineStr, b, e, d, n (default). */
	t: string | undefined;
	/** Text of `<v>`, null when absent. */
	v: string | null;
	/** Text of `<is>` (inline string, runs joined), null when absent. */
	inline: string | null;
	/** The cell's style shows a date / time. */
	dateStyled: boolean;
}

export function rawCellText(c: RawCell, shared: readonly string[], date1904: boolean): string | null {
	const nonEmpty = (s: string | null | undefined) => (s === null || s === undefined || s === '' ? null : s);
	switch (c.t) {
		case 's':
			return c.v === null ? null : nonEmpty(shared[Number(c.v)]);
		case 'inlineStr':
			return nonEmpty(c.inline === null ? c.v : unescapeOoxml(c.inline));
		case 'str':
			return nonEmpty(c.v === null ? null : unescapeOoxml(c.v));
		case 'b':
			return c.v === null ? null : c.v.trim() === '1' || c.v.trim() === 'true' ? 'true' : 'false';
		case 'e':
			return null;
		case 'd':
			return c.v === null ? null : nonEmpty(isoCellText(c.v));
		default: {
			if (c.v === null) return c.inline === null ? null : nonEmpty(unescapeOoxml(c.inline));
			if (c.v.trim() === '') return null;
			const n = Number(c.v);
			if (!Number.isFinite(n)) return nonEmpty(c.v);
			return c.dateStyled ? serialText(n, date1904) : numberText(n);
		}
	}
}
