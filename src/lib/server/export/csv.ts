/**
 * CSV for Excel users in China: UTF-8 with a byte-order mark (Excel otherwise guesses GBK and garbles
 * Chinese), CRLF line ends, RFC 4180 quoting, and every text cell neutralised against formula injection.
 * Numbers are written plainly (full precision, '.' decimal); null is an empty cell.
 */
import { neutralise } from './neutralise';

export const UTF8_BOM = '\uFEFF';

export type CsvCell = string | number | boolean | null | undefined;

function field(v: CsvCell): string {
	if (v === null || v === undefined) return '';
	if (typeof v === 'number') return Number.isFinite(v) ? String(v) : '';
	if (typeof v === 'boolean') return v ? 'true' : 'false';
	const s = neutralise(v);
	return /[",\r\n]/.test(s) || s !== s.trim() ? `"${s.replaceAll('"', '""')}"` : s;
}

/** A whole CSV document (header + rows) with the BOM. */
export function toCsv(header: readonly string[], rows: readonly (readonly CsvCell[])[]): string {
	const lines = [header.map(field).join(','), ...rows.map((r) => r.map(field).join(','))];
	return UTF8_BOM + lines.join('\r\n') + '\r\n';
}
