/**
 * Formula-injection guard for everything the app writes into spreadsheets and CSV (reports, case lists):
 * a text cell that begins with `=`, `+`, `-`, `@`, a tab or a carriage return would be read by Excel /
 * WPS / LibreOffice as a formula (or DDE), so it is prefixed with an apostrophe and kept as text.
 * THE one implementation — XLSX and CSV writers call it for every string cell; numbers are written as
 * numbers and never pass through it (a negative number is not a formula).
 */

const DANGEROUS_START = /^[=+\-@\t\r]/;

/** The text as it may safely appear in a spreadsheet cell. */
export function neutralise(text: string): string {
	return DANGEROUS_START.test(text) ? `'${text}` : text;
}

/** Non-string values pass unchanged; strings are neutralised. */
export function neutraliseCell<T>(v: T): T | string {
	return typeof v === 'string' ? neutralise(v) : v;
}
