/**
 * A tiny zip writer for hostile XLSX files: entries stored or deflated, with the option to lie about
 * uncompressed sizes in the central directory (zip-bomb-like inputs). Test-only; nothing is committed.
 */
import { crc32, deflateRawSync } from 'node:zlib';

export interface ZipEntry {
	name: string;
	data: Buffer | string;
	/** deflate (default true) */
	deflate?: boolean;
	/** declared uncompressed size in the central directory and local header (default: the real one) */
	declaredSize?: number;
}

export function zip(entries: ZipEntry[]): Buffer {
	const locals: Buffer[] = [];
	const centrals: Buffer[] = [];
	let offset = 0;
	for (const e of entries) {
		const raw = Buffer.isBuffer(e.data) ? e.data : Buffer.from(e.data, 'utf8');
		const deflate = e.deflate ?? true;
		const body = deflate ? deflateRawSync(raw, { level: 9 }) : raw;
		const name = Buffer.from(e.name, 'utf8');
		const crc = crc32(raw);
		const size = e.declaredSize ?? raw.length;
		const local = Buffer.alloc(30);
		local.writeUInt32LE(0x04034b50, 0);
		local.writeUInt16LE(20, 4);
		local.writeUInt16LE(0x0800, 6);
		local.writeUInt16LE(deflate ? 8 : 0, 8);
		local.writeUInt32LE(crc >>> 0, 14);
		local.writeUInt32LE(body.length, 18);
		local.writeUInt32LE(Math.min(size, 0xffffffff), 22);
		local.writeUInt16LE(name.length, 26);
		const central = Buffer.alloc(46);
		central.writeUInt32LE(0x02014b50, 0);
		central.writeUInt16LE(20, 4);
		central.writeUInt16LE(20, 6);
		central.writeUInt16LE(0x0800, 8);
		central.writeUInt16LE(deflate ? 8 : 0, 10);
		central.writeUInt32LE(crc >>> 0, 16);
		central.writeUInt32LE(body.length, 20);
		central.writeUInt32LE(Math.min(size, 0xffffffff), 24);
		central.writeUInt16LE(name.length, 28);
		central.writeUInt32LE(offset, 42);
		locals.push(local, name, body);
		centrals.push(central, name);
		offset += 30 + name.length + body.length;
	}
	const dir = Buffer.concat(centrals);
	const eocd = Buffer.alloc(22);
	eocd.writeUInt32LE(0x06054b50, 0);
	eocd.writeUInt16LE(entries.length, 8);
	eocd.writeUInt16LE(entries.length, 10);
	eocd.writeUInt32LE(dir.length, 12);
	eocd.writeUInt32LE(offset, 16);
	return Buffer.concat([...locals, dir, eocd]);
}

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
