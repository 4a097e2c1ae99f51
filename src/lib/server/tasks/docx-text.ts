/**
 * The paragraph text of a .docx (`word/document.xml`), one line per paragraph, for the plan parser. Reuses the
 * ingest's zip reader (zip.ts: streamed, inflate budget) and saxes.
 *
 * Invariants:
 * - Only text the reader sees: `w:t` runs, tabs and breaks; deleted runs (`w:delText`) and field codes
 *   (`w:instrText`) are skipped; a text box's paragraphs come before the paragraph holding it, once
 *   (`mc:Fallback` repeats them and is skipped).
 * - Word's automatic list numbering (`w:numPr` → word/numbering.xml) is rendered into the text (`1.`, `（一）`),
 *   because plans written in Word often number their tasks that way and the parser keys on those numbers.
 *   Numbering that a paragraph *style* carries (styles.xml) is not resolved.
 * - A table row becomes one line, its cells (empty ones too) joined by a tab; a cell's paragraphs are joined by
 *   a space.
 * - Every structural problem is a `ZipFormatError` or a saxes error; the caller turns it into a file error.
 */
import { SaxesParser, type SaxesTagPlain } from 'saxes';
import { entryText, readZipDirectory, ZipFormatError, type InflateBudget, type ZipEntryInfo } from '../ingest/zip';

const local = (name: string) => name.slice(name.indexOf(':') + 1);
const attr = (t: SaxesTagPlain, name: string): string | undefined => {
	for (const k in t.attributes) if (local(k) === name) return t.attributes[k];
	return undefined;
};

async function streamXml(
	file: string,
	entry: ZipEntryInfo,
	budget: InflateBudget,
	on: { open?: (t: SaxesTagPlain) => void; close?: (name: string) => void; text?: (s: string) => void }
): Promise<void> {
	const parser = new SaxesParser({ xmlns: false });
	if (on.open) parser.on('opentag', (t) => on.open!(t as SaxesTagPlain));
	if (on.close) parser.on('closetag', (t) => on.close!(local(t.name)));
	if (on.text) parser.on('text', on.text);
	for await (const chunk of entryText(file, entry, budget)) parser.write(chunk);
	parser.close();
}

interface Level {
	start: number;
	fmt: string;
	text: string;
}

/** numId → its levels (from the abstract numbering it points to, with level overrides of start). */
async function readNumbering(file: string, entry: ZipEntryInfo, budget: InflateBudget): Promise<Map<string, Level[]>> {
	const abstract = new Map<string, Level[]>();
	const nums = new Map<string, { abs: string; starts: Map<number, number> }>();
	let curAbs: Level[] | null = null;
	let curLvl: Level | null = null;
	let curNum: { abs: string; starts: Map<number, number> } | null = null;
	let overrideLvl = -1;
	await streamXml(file, entry, budget, {
		open(t) {
			const n = local(t.name);
			if (n === 'abstractNum') {
				curAbs = [];
				abstract.set(attr(t, 'abstractNumId') ?? '', curAbs);
			} else if (n === 'lvl' && curAbs) {
				curLvl = { start: 1, fmt: 'decimal', text: '' };
				curAbs[Number(attr(t, 'ilvl') ?? 0)] = curLvl;
			} else if (n === 'start' && curLvl) curLvl.start = Number(attr(t, 'val') ?? 1);
			else if (n === 'numFmt' && curLvl) curLvl.fmt = attr(t, 'val') ?? 'decimal';
			else if (n === 'lvlText' && curLvl) curLvl.text = attr(t, 'val') ?? '';
			else if (n === 'num') {
				curNum = { abs: '', starts: new Map() };
				nums.set(attr(t, 'numId') ?? '', curNum);
			} else if (n === 'abstractNumId' && curNum) curNum.abs = attr(t, 'val') ?? '';
			else if (n === 'lvlOverride' && curNum) overrideLvl = Number(attr(t, 'ilvl') ?? 0);
			else if (n === 'startOverride' && curNum && overrideLvl >= 0) curNum.starts.set(overrideLvl, Number(attr(t, 'val') ?? 1));
		},
		close(n) {
			if (n === 'abstractNum') curAbs = null;
			else if (n === 'lvl') curLvl = null;
			else if (n === 'num') curNum = null;
			else if (n === 'lvlOverride') overrideLvl = -1;
		}
	});
	const out = new Map<string, Level[]>();
	for (const [id, n] of nums) {
		const levels = (abstract.get(n.abs) ?? []).map((l, i) => ({ ...l, start: n.starts.get(i) ?? l.start }));
		out.set(id, levels);
	}
	return out;
}

const ZH = ['〇', '一', '二', '三', '四', '五', '六', '七', '八', '九'];
function zhCount(n: number): string {
	if (n < 10) return ZH[n];
	if (n < 100) return `${n >= 20 ? ZH[Math.floor(n / 10)] : ''}十${n % 10 ? ZH[n % 10] : ''}`;
	return String(n);
}

function formatNumber(n: number, fmt: string): string {
	switch (fmt) {
		case 'chineseCounting':
		case 'chineseCountingThousand':
		case 'japaneseCounting':
		case 'ideographDigital':
			return zhCount(n);
		case 'ideographTraditional':
			return '甲乙丙丁戊己庚辛壬癸'[n - 1] ?? String(n);
		case 'decimalEnclosedCircle':
		case 'decimalEnclosedCircleChinese':
			return n >= 1 && n <= 20 ? String.fromCodePoint(0x2460 + n - 1) : String(n);
		case 'lowerLetter':
			return String.fromCharCode(96 + (((n - 1) % 26) + 1));
		case 'upperLetter':
			return String.fromCharCode(64 + (((n - 1) % 26) + 1));
		case 'bullet':
		case 'none':
			return '';
		default:
			return String(n);
	}
}

/** Renders Word list numbers in document order (counters per list, deeper levels restart). */
class Numberer {
	private counters = new Map<string, number[]>();
	constructor(private readonly lists: Map<string, Level[]>) {}
	next(numId: string, ilvl: number): string {
		const levels = this.lists.get(numId);
		if (!levels || numId === '0' || !levels[ilvl]) return '';
		const c = this.counters.get(numId) ?? [];
		for (let i = 0; i < ilvl; i++) if (c[i] === undefined) c[i] = levels[i]?.start ?? 1;
		c[ilvl] = c[ilvl] === undefined ? levels[ilvl].start : c[ilvl] + 1;
		c.length = ilvl + 1;
		this.counters.set(numId, c);
		if (levels[ilvl].fmt === 'bullet') return '';
		return levels[ilvl].text.replace(/%([1-9])/g, (_, k: string) => {
			const i = Number(k) - 1;
			return formatNumber(c[i] ?? levels[i]?.start ?? 1, levels[i]?.fmt ?? 'decimal');
		});
	}
}

/** The text of a .docx, one line per paragraph. Throws ZipFormatError when it is not a Word document. */
export async function docxText(file: string, budget: InflateBudget): Promise<string> {
	const entries = await readZipDirectory(file);
	if (!entries) throw new ZipFormatError('not a zip file');
	const byName = new Map(entries.map((e) => [e.name, e]));
	const doc = byName.get('word/document.xml');
	if (!doc) throw new ZipFormatError('word/document.xml missing (not a Word document)');
	const numberingEntry = byName.get('word/numbering.xml');
	const numberer = new Numberer(numberingEntry ? await readNumbering(file, numberingEntry, budget) : new Map());

	const lines: string[] = [];
	let para = '';
	let inText = false;
	let numId: string | null = null;
	let ilvl = 0;
	let inPPr = false;
	// A text box's paragraphs sit inside a paragraph: the outer one is resumed after them.
	const outer: { para: string; numId: string | null; ilvl: number }[] = [];
	let skip = 0; // inside mc:Fallback, which repeats the mc:Choice content (text boxes) for old readers
	let cells: string[] | null = null; // the cells of the current table row
	let cell: string[] = []; // the paragraphs of the current cell
	let depth = 0; // nested tables: only the outermost row is joined
	await streamXml(file, doc, budget, {
		open(t) {
			const n = local(t.name);
			if (n === 'Fallback' || skip) {
				skip++;
				return;
			}
			if (n === 't') inText = true;
			else if (n === 'tab') para += '\t';
			else if (n === 'br' || n === 'cr') para += '\n';
			else if (n === 'p') {
				outer.push({ para, numId, ilvl });
				para = '';
				numId = null;
				ilvl = 0;
			} else if (n === 'pPr') inPPr = true;
			else if (n === 'numId' && inPPr) numId = attr(t, 'val') ?? null;
			else if (n === 'ilvl' && inPPr) ilvl = Number(attr(t, 'val') ?? 0);
			else if (n === 'tbl') depth++;
			else if (n === 'tr' && depth === 1) cells = [];
			else if (n === 'tc' && depth === 1) cell = [];
		},
		close(n) {
			if (skip) {
				skip--;
				return;
			}
			if (n === 't') inText = false;
			else if (n === 'pPr') inPPr = false;
			else if (n === 'p') {
				const label = numId ? numberer.next(numId, ilvl) : '';
				const text = label + para;
				if (cells) cell.push(text);
				else lines.push(text);
				({ para, numId, ilvl } = outer.pop() ?? { para: '', numId: null, ilvl: 0 });
			} else if (n === 'tc' && depth === 1 && cells) {
				cells.push(cell.filter((x) => x.trim()).join(' '));
				cell = [];
			} else if (n === 'tr' && depth === 1 && cells) {
				// Empty cells are kept so the columns stay aligned (task-table.ts reads them by position).
				lines.push(cells.join('\t'));
				cells = null;
			} else if (n === 'tbl') depth--;
		},
		text(s) {
			if (inText) para += s;
		}
	});
	return lines.join('\n');
}
