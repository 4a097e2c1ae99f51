/**
 * Hostile XLSX files for the corpus: SpreadsheetML helpers over the tests' zip writer (tests/fixtures/zip.ts:
 * entries stored or deflated, sizes that may lie). Test-only; nothing is committed.
 */
import { zip, type ZipEntry } from '../../fixtures/zip';

export { zip, type ZipEntry } from '../../fixtures/zip';

const NS = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';
const REL = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';
const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/"/g, '&quot;');

/** Column letter of a 0-based index. */
export function colName(i: number): string {
	let s = '';
	for (i++; i > 0; i = Math.floor((i - 1) / 26)) s = String.fromCharCode(65 + ((i - 1) % 26)) + s;
	return s;
}

/** Sheet XML rows (inline strings) for a header and data rows; row r of the sheet = index + 1. */
export function sheetRows(rows: (string | number | null)[][]): string {
	return rows
		.map(
			(r, ri) =>
				`<row r="${ri + 1}">` +
				r
					.map((v, ci) => {
						if (v === null || v === '') return '';
						const ref = `${colName(ci)}${ri + 1}`;
						return typeof v === 'number'
							? `<c r="${ref}"><v>${v}</v></c>`
							: `<c r="${ref}" t="inlineStr"><is><t xml:space="preserve">${esc(v)}</t></is></c>`;
					})
					.join('') +
				`</row>`
		)
		.join('');
}

/** A workbook: one sheet per entry; `sheetXml` overrides a sheet's whole XML (malformed / truncated parts). */
export function xlsx(opts: {
	sheets: { name: string; rows?: string; sheetXml?: string | Buffer; declaredSize?: number }[];
	sharedStrings?: string | Buffer;
	sharedStringsDeclaredSize?: number;
}): Buffer {
	const sheets = opts.sheets.map((s, i) => ({ ...s, n: i + 1 }));
	const entries: ZipEntry[] = [
		{
			name: '[Content_Types].xml',
			data: `<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="xml" ContentType="application/xml"/></Types>`
		},
		{
			name: '_rels/.rels',
			data: `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="${REL}/officeDocument" Target="xl/workbook.xml"/></Relationships>`
		},
		{
			name: 'xl/workbook.xml',
			data:
				`<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="${NS}" xmlns:r="${REL}"><sheets>` +
				sheets.map((s) => `<sheet name="${esc(s.name)}" sheetId="${s.n}" r:id="rId${s.n}"/>`).join('') +
				`</sheets></workbook>`
		},
		{
			name: 'xl/_rels/workbook.xml.rels',
			data:
				`<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">` +
				sheets
					.map(
						(s) =>
							`<Relationship Id="rId${s.n}" Type="${REL}/worksheet" Target="worksheets/sheet${s.n}.xml"/>`
					)
					.join('') +
				(opts.sharedStrings !== undefined
					? `<Relationship Id="rIdSS" Type="${REL}/sharedStrings" Target="sharedStrings.xml"/>`
					: '') +
				`</Relationships>`
		}
	];
	if (opts.sharedStrings !== undefined)
		entries.push({
			name: 'xl/sharedStrings.xml',
			data: opts.sharedStrings,
			declaredSize: opts.sharedStringsDeclaredSize
		});
	for (const s of sheets)
		entries.push({
			name: `xl/worksheets/sheet${s.n}.xml`,
			data:
				s.sheetXml ??
				`<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="${NS}"><sheetData>${s.rows ?? ''}</sheetData></worksheet>`,
			declaredSize: s.declaredSize
		});
	return zip(entries);
}

export const SHEET_NS = NS;
