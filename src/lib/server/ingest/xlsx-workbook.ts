/**
 * The small parts of an XLSX package the sheet reader needs before it streams rows: sheet names and
 * files in workbook order (workbook.xml + its relationships), the 1900 / 1904 date system, which cell
 * styles show dates (styles.xml), and the shared strings (held in memory, so capped).
 *
 * Invariants: every part is parsed as a stream with saxes (prefixed element names are accepted);
 * malformed XML and exceeded caps raise `XlsxPartError` naming the part (and line), never a raw error.
 */
import path from 'node:path';
import { SaxesParser, type SaxesTagPlain } from 'saxes';
import { isDateNumFmt, unescapeOoxml } from './xlsx-cell';
import { entryText, type InflateBudget, type ZipEntryInfo } from './zip';

export class XlsxPartError extends Error {}

export interface SheetInfo {
	name: string;
	/** Zip entry of the sheet's XML, null when the workbook points at nothing. */
	entry: ZipEntryInfo | null;
	state: 'visible' | 'hidden' | 'veryHidden';
}

export interface WorkbookInfo {
	sheets: SheetInfo[];
	date1904: boolean;
	/** Per cell style index (`s`): does its number format show a date or time? */
	dateStyles: boolean[];
	sharedStrings: string[];
}

export interface SharedStringLimits {
	maxSharedStrings: number;
	maxSharedStringChars: number;
	/** The per-cell cap applies to each shared string too (else one huge string, referenced by many cells, multiplies). */
	maxCellChars?: number;
}

export function localName(name: string): string {
	const i = name.indexOf(':');
	return i < 0 ? name : name.slice(i + 1);
}

export interface XmlHandlers {
	open?(name: string, attrs: Record<string, string>): void;
	close?(name: string): void;
	text?(text: string): void;
}

/**
 * Stream one zip entry through saxes. `afterChunk` runs (and is awaited) after each chunk's events,
 * so a caller can do async work (staging rows) without buffering the whole part.
 */
export async function parseXmlEntry(
	file: string,
	entry: ZipEntryInfo,
	budget: InflateBudget,
	on: XmlHandlers,
	afterChunk?: () => Promise<void>
): Promise<void> {
	const parser = new SaxesParser<{ xmlns: false; position: true }>({ xmlns: false, position: true });
	if (on.open) parser.on('opentag', (t: SaxesTagPlain) => on.open!(localName(t.name), t.attributes));
	if (on.close) parser.on('closetag', (t: SaxesTagPlain) => on.close!(localName(t.name)));
	if (on.text) {
		parser.on('text', on.text);
		parser.on('cdata', on.text);
	}
	try {
		for await (const chunk of entryText(file, entry, budget)) {
			parser.write(chunk);
			if (afterChunk) await afterChunk();
		}
		parser.close();
		if (afterChunk) await afterChunk();
	} catch (e) {
		// saxes prefixes its messages with "line:column: "; errors raised by handlers pass through.
		if (!(e instanceof XlsxPartError) && /^\d+:\d+: /.test((e as Error).message)) {
			throw new XlsxPartError(
				`${entry.name}: XML 格式错误 / malformed XML at line ${parser.line}: ${(e as Error).message}`
			);
		}
		throw e;
	}
}

const attr = (attrs: Record<string, string>, local: string): string | undefined => {
	if (attrs[local] !== undefined) return attrs[local];
	for (const k in attrs) if (localName(k) === local) return attrs[k];
	return undefined;
};

export async function readWorkbookInfo(
	file: string,
	entries: ZipEntryInfo[],
	budget: InflateBudget,
	limits: SharedStringLimits
): Promise<WorkbookInfo> {
	const byName = new Map(entries.map((e) => [e.name, e]));
	const workbook = byName.get('xl/workbook.xml');
	if (!workbook) throw new XlsxPartError('xl/workbook.xml missing');

	const rawSheets: { name: string; rid: string | undefined; state: SheetInfo['state'] }[] = [];
	let date1904 = false;
	await parseXmlEntry(file, workbook, budget, {
		open(name, a) {
			if (name === 'workbookPr') date1904 = a.date1904 === '1' || a.date1904 === 'true';
			else if (name === 'sheet') {
				const state = a.state === 'hidden' || a.state === 'veryHidden' ? a.state : 'visible';
				rawSheets.push({ name: a.name ?? '', rid: attr(a, 'id'), state });
			}
		}
	});

	const targets = new Map<string, string>();
	const rels = byName.get('xl/_rels/workbook.xml.rels');
	if (rels) {
		await parseXmlEntry(file, rels, budget, {
			open(name, a) {
				if (name === 'Relationship' && a.Id && a.Target) {
					const t = a.Target.replaceAll('\\', '/');
					targets.set(a.Id, t.startsWith('/') ? t.slice(1) : path.posix.normalize(path.posix.join('xl', t)));
				}
			}
		});
	}
	const sheets = rawSheets.map((s, i) => {
		const target = (s.rid && targets.get(s.rid)) || `xl/worksheets/sheet${i + 1}.xml`;
		return { name: s.name, entry: byName.get(target) ?? null, state: s.state };
	});

	const stylesEntry = byName.get('xl/styles.xml');
	const dateStyles = stylesEntry ? await readDateStyles(file, stylesEntry, budget) : [];
	const sstEntry = byName.get('xl/sharedStrings.xml');
	const sharedStrings = sstEntry ? await readSharedStrings(file, sstEntry, budget, limits) : [];
	return { sheets, date1904, dateStyles, sharedStrings };
}

async function readDateStyles(file: string, entry: ZipEntryInfo, budget: InflateBudget): Promise<boolean[]> {
	const custom = new Map<number, string>();
	const xfs: number[] = [];
	let inCellXfs = false;
	await parseXmlEntry(file, entry, budget, {
		open(name, a) {
			if (name === 'numFmt' && a.numFmtId !== undefined) custom.set(Number(a.numFmtId), a.formatCode ?? '');
			else if (name === 'cellXfs') inCellXfs = true;
			else if (name === 'xf' && inCellXfs) xfs.push(Number(a.numFmtId ?? 0));
		},
		close(name) {
			if (name === 'cellXfs') inCellXfs = false;
		}
	});
	return xfs.map((id) => isDateNumFmt(id, custom.get(id)));
}

async function readSharedStrings(
	file: string,
	entry: ZipEntryInfo,
	budget: InflateBudget,
	limits: SharedStringLimits
): Promise<string[]> {
	const out: string[] = [];
	let chars = 0;
	let cur: string | null = null;
	let inT = false;
	let phonetic = 0;
	await parseXmlEntry(file, entry, budget, {
		open(name) {
			if (name === 'si') {
				if (out.length >= limits.maxSharedStrings) {
					throw new XlsxPartError(
						`共享字符串超过 ${limits.maxSharedStrings} 个 / more than ${limits.maxSharedStrings} shared strings`
					);
				}
				cur = '';
			} else if (name === 'rPh')
				phonetic++; // phonetic guide runs are not part of the text
			else if (name === 't' && cur !== null && phonetic === 0) inT = true;
		},
		text(t) {
			if (!inT || cur === null) return;
			chars += t.length;
			if (chars > limits.maxSharedStringChars) {
				throw new XlsxPartError(
					`共享字符串总长超过 ${limits.maxSharedStringChars} 字符 / shared strings exceed ${limits.maxSharedStringChars} characters`
				);
			}
			cur += t;
			if (limits.maxCellChars !== undefined && cur.length > limits.maxCellChars) {
				throw new XlsxPartError(
					`共享字符串超过 ${limits.maxCellChars} 字符 / a shared string exceeds ${limits.maxCellChars} characters`
				);
			}
		},
		close(name) {
			if (name === 't') inT = false;
			else if (name === 'rPh') phonetic--;
			else if (name === 'si' && cur !== null) {
				out.push(unescapeOoxml(cur));
				cur = null;
			}
		}
	});
	return out;
}
