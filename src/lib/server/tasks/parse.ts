/**
 * Reform plan (实施方案) text → groups and numbered tasks with their lead / supporting units, schedule and
 * dated milestones (DOMAIN.md "Reform task ledger"; the rules and choices are written down in docs/tasks.md).
 * Pure: no I/O, no clock unless `opts.today` is missing (then only a year-less date uses the current year, clock.ts).
 *
 * Invariants:
 * - Never throws on text: a document without numbered tasks gives zero tasks and a `no_numbered_tasks`
 *   warning; whatever the parser was unsure of is a task `issue` or a plan `warning`, never a silent guess.
 * - Task numbers are unique: as written when the plan numbers its tasks once across groups (Panjin), else
 *   renumbered 1…N in document order with a `renumbered` warning (the ledger keys tasks by number).
 * - Units are kept as written (only a trailing 等部门 / 等单位 is dropped); matching them to departments is
 *   units.ts's job.
 */
import { parseSchedule, zhPattern, type Milestone } from './schedule';
import { expandTaskTables } from './task-table';
import { localToday } from '../clock';

export interface PlanWarning {
	code: string;
	/** Bilingual: `中文 / English`. */
	message: string;
	/** The task numbers concerned, when there are any. */
	tasks?: number[];
}

export interface ParsedTask {
	number: number;
	group: string | null;
	/** The first sentence. */
	title: string;
	/** The full text of the task (its numbered paragraph and the paragraphs under it), without the labelled lines. */
	text: string;
	lead_units: string[];
	support_units: string[];
	schedule: string | null;
	milestones: Milestone[];
	ongoing: boolean;
	/** What the parser was unsure of (see TASK_ISSUES). */
	issues: string[];
}

export interface ParsedPlan {
	title?: string;
	groups: { number: string; title: string }[];
	tasks: ParsedTask[];
	warnings: PlanWarning[];
}

export interface ParseOptions {
	/** YYYY-MM-DD; its year fills a year-less date when the document carries no date of its own. */
	today?: string;
}

/** Every issue code a task can carry, with the text the preview shows. */
export const TASK_ISSUES: Record<string, string> = {
	no_lead_unit: '未找到牵头单位 / no lead unit found',
	lead_label_variant:
		'牵头单位以其他标签写出（如“牵头部门”“责任单位”） / lead units under another label (e.g. 牵头部门)',
	inline_lead: '牵头单位取自正文中的“（…牵头负责）” / lead units taken from an inline “(…牵头负责)”',
	inline_lead_not_listed:
		'正文中写明牵头的单位不在牵头单位栏中 / a unit named as lead in the text is not in the lead list',
	support_label_variant:
		'配合单位以其他标签写出（如“责任部门”“协办单位”） / supporting units under another label',
	no_schedule: '未找到时间进度 / no schedule found',
	undated_schedule:
		'时间进度中没有可识别的日期，也不是“长期推进” / the schedule has no date and is not ongoing',
	year_assumed: '日期未写年份，按文件年份推定 / a date without a year: the document’s year was assumed'
};

type Marker =
	| { kind: 'cn1'; numeral: string; content: string }
	| { kind: 'cn2'; numeral: string; content: string }
	| { kind: 'arabic'; style: string; n: number; content: string }
	| { kind: 'attachment' }
	| { kind: 'text' };

const CN1_RE = /^([一二三四五六七八九十]{1,3})\s*[、．.]\s*(.*)$/;
// `()` with the numeral lost happens in web copies (宁乡's plan); it still is a heading.
const CN2_RE = /^[（(]\s*([一二三四五六七八九十]{0,3})\s*[）)]\s*(.*)$/;
const DOT_RE = /^(\d{1,3})\s*([.．、])(?!\d)\s*(.*)$/;
const PAREN_RE = /^[（(](\d{1,3})[）)]\s*(.*)$/;
const HALF_RE = /^(\d{1,3})[）)]\s*(.*)$/;
const ATTACH_RE = /^附\s*件\s*(?:[:：\d一二三四五六七八九十]|$)/;

function classify(line: string): Marker {
	let m = CN1_RE.exec(line);
	if (m) return { kind: 'cn1', numeral: m[1], content: m[2] };
	m = CN2_RE.exec(line);
	if (m && (m[1] || m[2])) return { kind: 'cn2', numeral: m[1], content: m[2] };
	m = DOT_RE.exec(line);
	if (m) return { kind: 'arabic', style: m[2] === '、' ? '1、' : '1.', n: Number(m[1]), content: m[3] };
	m = PAREN_RE.exec(line);
	if (m) return { kind: 'arabic', style: '(1)', n: Number(m[1]), content: m[2] };
	m = HALF_RE.exec(line);
	if (m) return { kind: 'arabic', style: '1)', n: Number(m[1]), content: m[2] };
	if (ATTACH_RE.test(line)) return { kind: 'attachment' };
	return { kind: 'text' };
}

const CN_DIGITS: Record<string, number> = { 一: 1, 二: 2, 三: 3, 四: 4, 五: 5, 六: 6, 七: 7, 八: 8, 九: 9 };
/** 一 … 九十九 → number. */
export function cnNumber(s: string): number | null {
	if (!s) return null;
	const i = s.indexOf('十');
	if (i < 0) return s.length === 1 ? (CN_DIGITS[s] ?? null) : null;
	const tens = i === 0 ? 1 : CN_DIGITS[s[0]];
	const ones = i === s.length - 1 ? 0 : CN_DIGITS[s[i + 1]];
	return tens === undefined || ones === undefined ? null : tens * 10 + ones;
}
const CN_NUMERALS = ['', '一', '二', '三', '四', '五', '六', '七', '八', '九'];
function cnNumeral(n: number): string {
	if (n < 10) return CN_NUMERALS[n];
	return `${n >= 20 ? CN_NUMERALS[Math.floor(n / 10)] : ''}十${CN_NUMERALS[n % 10]}`;
}

// ---- labels -----------------------------------------------------------------------------------------

type LabelKind = 'lead' | 'support' | 'duty' | 'schedule';
const LABELS: [string, LabelKind][] = [
	['牵头单位', 'lead'],
	['牵头部门', 'lead'],
	['牵头处室', 'lead'],
	['牵头领导', 'lead'],
	['主责单位', 'lead'],
	['主责部门', 'lead'],
	['牵头', 'lead'],
	// 责任单位 is the lead when no 牵头 label is present, else the units that carry the work with it.
	['责任单位', 'duty'],
	['责任部门', 'duty'],
	['配合单位', 'support'],
	['配合部门', 'support'],
	['协办单位', 'support'],
	['协助单位', 'support'],
	['参与单位', 'support'],
	['参加单位', 'support'],
	['协同单位', 'support'],
	['技术保障单位', 'support'],
	['时间进度', 'schedule'],
	['完成时限', 'schedule'],
	['时间节点', 'schedule'],
	['完成时间', 'schedule'],
	['时间安排', 'schedule'],
	['进度安排', 'schedule'],
	['时限要求', 'schedule'],
	['完成期限', 'schedule'],
	['进度要求', 'schedule'],
	['时间要求', 'schedule']
];
const LABEL_SOURCES = LABELS.map(([l]) => zhPattern(l)).sort((a, b) => b.length - a.length);
/** A label followed by a colon, at the start of a line or after a bracket / separator. */
const LABEL_RE = new RegExp(`(^|[（(；;，,。\\s])(${LABEL_SOURCES.join('|')})\\s*[:：]`, 'g');
const LABEL_KIND = new Map(LABELS.map(([l, k]) => [l, k]));
const TO_SIMPLIFIED = new Map(
	[...'頭單門時間進節點責協辦參與牽術'].map((t, i) => [t, '头单门时间进节点责协办参与牵术'[i]])
);
const simplify = (s: string) => [...s].map((c) => TO_SIMPLIFIED.get(c) ?? c).join('');

const hasLabel = (line: string) => {
	LABEL_RE.lastIndex = 0;
	return LABEL_RE.test(line);
};

interface Labelled {
	label: string;
	kind: LabelKind;
	value: string;
}

/** Pull `label：value` segments out of a line; returns them and the line without them. */
function extractLabels(line: string): { labels: Labelled[]; rest: string } {
	const hits: { start: number; valueStart: number; label: string; paren: boolean }[] = [];
	LABEL_RE.lastIndex = 0;
	for (let m = LABEL_RE.exec(line); m; m = LABEL_RE.exec(line)) {
		const start = m.index + m[1].length;
		hits.push({ start, valueStart: m.index + m[0].length, label: simplify(m[2]), paren: /[（(]/.test(m[1]) });
		LABEL_RE.lastIndex = m.index + m[0].length;
	}
	if (!hits.length) return { labels: [], rest: line };
	const labels: Labelled[] = [];
	let rest = line.slice(0, hits[0].start);
	// A trailer in brackets — （牵头单位：市编委办；完成时限：2017年底前） — ends at its closing bracket.
	const openParen = hits[0].paren;
	let tail = '';
	for (let k = 0; k < hits.length; k++) {
		let end = k + 1 < hits.length ? hits[k + 1].start : line.length;
		if (openParen) {
			const close = line.slice(hits[k].valueStart, end).search(/[）)]/);
			if (close >= 0 && k === hits.length - 1) {
				tail = line.slice(hits[k].valueStart + close + 1);
				end = hits[k].valueStart + close;
			}
		}
		const value = line
			.slice(hits[k].valueStart, end)
			.trim()
			.replace(/[；;，,。\s]+$/u, '');
		labels.push({ label: hits[k].label, kind: LABEL_KIND.get(hits[k].label)!, value });
	}
	if (openParen) rest = rest.replace(/[（(]\s*$/, '');
	return { labels, rest: (rest + tail).trim() };
}

/** Split a unit list on 、，,；; outside brackets; drop a trailing 等部门 / 等单位. */
export function splitUnits(value: string): string[] {
	const out: string[] = [];
	let depth = 0;
	let cur = '';
	for (const ch of value) {
		if ('（(《〔'.includes(ch)) depth++;
		if ('）)》〕'.includes(ch)) depth = Math.max(0, depth - 1);
		if (depth === 0 && '、，,；;'.includes(ch)) {
			out.push(cur);
			cur = '';
		} else cur += ch;
	}
	out.push(cur);
	return mergeDescriptive(out)
		.map((u) =>
			u
				.trim()
				.replace(/[。.\s]+$/u, '')
				.replace(/(.{2,}?)等(?:有关|相关)?(?:部门|单位|部门单位)?$/u, '$1')
		)
		.filter((u) => u.length > 0);
}

/** Names of government units end like this; a fragment that does not is part of a longer phrase. */
const UNIT_END =
	/(局|委|办|室|府|会|院|中心|部门|单位|处|所|队|公司|厅|站|社|区|行|组|部|科|馆|团|台|校|司|署|[)）])$/;

/**
 * `具有行政许可、行政确认、行政备案职能的成员单位` is one descriptive unit, not three: a run of fragments
 * that do not end like a unit name, closed by one with 的 that does, is joined back with 、.
 */
function mergeDescriptive(parts: string[]): string[] {
	const out: string[] = [];
	let i = 0;
	while (i < parts.length) {
		let j = i;
		while (j < parts.length - 1 && !UNIT_END.test(parts[j].trim())) j++;
		if (j > i && parts[j].includes('的') && UNIT_END.test(parts[j].trim())) {
			out.push(
				parts
					.slice(i, j + 1)
					.map((p) => p.trim())
					.join('、')
			);
			i = j + 1;
		} else out.push(parts[i++]);
	}
	return out;
}

const INLINE_LEAD_RE = new RegExp(
	`[（(]([^（）()]{2,80}?)${zhPattern('牵头')}(?:${zhPattern('负责')}|实施|落实)?[）)]|由([^，,；;。（）()由]{2,60}?)${zhPattern('牵头')}`,
	'g'
);

function inlineLeads(text: string): string[] {
	const out: string[] = [];
	INLINE_LEAD_RE.lastIndex = 0;
	for (let m = INLINE_LEAD_RE.exec(text); m; m = INLINE_LEAD_RE.exec(text)) {
		for (const u of splitUnits(m[1] ?? m[2])) if (!out.includes(u)) out.push(u);
	}
	return out;
}

/** The first sentence: up to the first 。！？；outside brackets and quotes, without the stop. */
export function firstSentence(text: string): string {
	let depth = 0;
	for (let i = 0; i < text.length; i++) {
		const ch = text[i];
		if ('（(《“「'.includes(ch)) depth++;
		else if ('）)》”」'.includes(ch)) depth = Math.max(0, depth - 1);
		else if (depth === 0 && '。！？；;!?'.includes(ch)) return text.slice(0, i).trim();
	}
	return text.trim();
}

// ---- structure --------------------------------------------------------------------------------------

interface Heading {
	line: number;
	level: 1 | 2;
	numeral: string;
	title: string;
	parent: Heading | null;
	missingNumeral: boolean;
}

interface RawTask {
	written: number;
	group: Heading | null;
	lines: string[];
}

/** Which numbered items are the tasks: an arabic numbering style, or the （一） headings themselves. */
function chooseTaskLevel(markers: Marker[], lines: string[]): { level: string; labelled: boolean } | null {
	const styles = new Map<string, { items: number; labelled: number; first: number }>();
	markers.forEach((m, i) => {
		if (m.kind === 'arabic' && !styles.has(m.style)) styles.set(m.style, { items: 0, labelled: 0, first: i });
	});
	for (const [style, s] of styles) {
		let cur = -1;
		let curLabelled = false;
		const close = () => {
			if (cur >= 0 && curLabelled) s.labelled++;
			cur = -1;
			curLabelled = false;
		};
		markers.forEach((m, i) => {
			if (m.kind === 'cn1' || m.kind === 'cn2' || m.kind === 'attachment') close();
			else if (m.kind === 'arabic' && m.style === style) {
				close();
				cur = i;
				s.items++;
			}
			if (cur >= 0 && hasLabel(lines[i])) curLabelled = true;
		});
		close();
	}
	// （一） headings that own labels directly (no numbered item between the heading and the label).
	let cn2Labelled = 0;
	let cur = -1;
	let curLabelled = false;
	markers.forEach((m, i) => {
		if (m.kind !== 'text') {
			if (cur >= 0 && curLabelled) cn2Labelled++;
			cur = m.kind === 'cn2' ? i : -1;
			curLabelled = false;
		}
		if (cur >= 0 && hasLabel(lines[i])) curLabelled = true;
	});
	if (cur >= 0 && curLabelled) cn2Labelled++;

	const ranked = [...styles.entries()].sort(
		([, a], [, b]) => b.labelled - a.labelled || a.items - b.items || a.first - b.first
	);
	const best = ranked[0];
	if (cn2Labelled > 0 && (!best || cn2Labelled > best[1].labelled)) return { level: 'cn2', labelled: true };
	if (!best) return null;
	if (best[1].labelled === 0) {
		// No labels anywhere: the outermost (first used) numbering style.
		const first = [...styles.entries()].sort(([, a], [, b]) => a.first - b.first)[0];
		return { level: first[0], labelled: false };
	}
	return { level: best[0], labelled: true };
}

function normaliseLines(raw: string[]): string[] {
	return (
		raw
			// Full-width digits (１．/ ２０１７年) read as ASCII ones; runs of spaces (also the ideographic space and NBSP) become one.
			.map((l) =>
				l
					.replace(/[０-９]/g, (d) => String.fromCharCode(d.charCodeAt(0) - 0xfee0))
					.replace(/[\s\u00a0\u3000]+/gu, ' ')
					.trim()
			)
			.filter((l) => l.length > 0)
	);
}

const DATE_LINE_RE =
	/^(\d{4}|[〇○零一二三四五六七八九]{4})\s*年\s*[\d一二三四五六七八九十]{1,3}\s*月\s*[\d一二三四五六七八九十]{1,3}\s*日$/;

/** The document's own date (落款 `2017年4月26日` / `二○一一年六月三十日`): its year fills year-less dates. */
function documentYear(lines: string[]): number | null {
	for (const l of lines) {
		const m = DATE_LINE_RE.exec(l);
		if (m) {
			const y = /^\d{4}$/.test(m[1])
				? Number(m[1])
				: Number([...m[1]].map((c) => ('〇○零'.includes(c) ? 0 : CN_DIGITS[c])).join(''));
			if (y >= 1990 && y <= 2100) return y;
		}
	}
	return null;
}

/** The plan's own title: the last short line ending in 方案 before the first heading. */
function planTitle(lines: string[], markers: Marker[]): string | undefined {
	const firstHeading = markers.findIndex((m) => m.kind === 'cn1' || m.kind === 'cn2');
	const until = firstHeading < 0 ? lines.length : firstHeading;
	for (let i = until - 1; i >= 0; i--) {
		const l = lines[i];
		if (l.length <= 80 && /方案(（试行）|\(试行\))?$/.test(l) && !/[。，,：:]/.test(l)) {
			const prev = lines[i - 1];
			// A title broken over two lines (盘山县's plan: 盘锦市赋予盘山县市级同等 / 行政职权工作实施方案).
			if (
				prev &&
				prev.length <= 30 &&
				!/[。，,：:；;）)]|[\d〇○零一二三四五六七八九]{4}\s*年/.test(prev) &&
				markers[i - 1].kind === 'text' &&
				!/通知$|方案$/.test(prev)
			)
				return prev + l;
			return l;
		}
	}
	// Only the notice's title: 关于印发《XX工作实施方案》的通知 → XX工作实施方案.
	const quoted = lines
		.slice(0, until)
		.map((l) => /《([^《》]{4,80}方案(?:（试行）|\(试行\))?)》/.exec(l)?.[1])
		.find(Boolean);
	return quoted ?? lines[0]?.slice(0, 120);
}

export function parsePlan(text: string, opts: ParseOptions = {}): ParsedPlan {
	const raw = text.replace(/^\uFEFF/, '').split(/\r\n|\r|\n|\u2028|\u2029/);
	const plain = parseLines(normaliseLines(raw), opts);
	// A plan written as a table (任务分工表) is read as a table only when the text itself gives no task a lead
	// unit: a written plan whose annex repeats its tasks as a table keeps the written tasks.
	const table = expandTaskTables(raw);
	if (table && !plain.tasks.some((t) => t.lead_units.length)) {
		const fromTable = parseLines(normaliseLines(table), opts);
		if (fromTable.tasks.length) {
			fromTable.warnings.unshift({
				code: 'tasks_from_table',
				message:
					'任务取自任务分工表（序号、任务、牵头单位、完成时限各列） / tasks taken from the task table (number, task, lead unit, deadline columns)'
			});
			return fromTable;
		}
	}
	return plain;
}

function parseLines(lines: string[], opts: ParseOptions): ParsedPlan {
	const markers = lines.map(classify);
	const warnings: PlanWarning[] = [];
	const title = lines.length ? planTitle(lines, markers) : undefined;
	const todayYear = Number((opts.today ?? localToday()).slice(0, 4));
	const ctxYear = documentYear(lines) ?? todayYear;

	const choice = chooseTaskLevel(markers, lines);
	if (!choice) {
		warnings.push({
			code: 'no_numbered_tasks',
			message:
				'文件中没有编号的任务（如“1.”“（1）”），未解析出任务 / no numbered tasks (such as “1.” or “(1)”) in the document: no tasks parsed'
		});
		return { ...(title ? { title } : {}), groups: [], tasks: [], warnings };
	}

	// Walk the lines: headings open groups, items of the chosen level open tasks.
	const raw: RawTask[] = [];
	let cn1: Heading | null = null;
	let cn2: Heading | null = null;
	let cur: RawTask | null = null;
	let cn2Count = 0;
	let missingNumerals = 0;
	for (let i = 0; i < lines.length; i++) {
		const m = markers[i];
		if (m.kind === 'cn1' || m.kind === 'cn2') {
			let content = m.content;
			// A heading broken after its number (番禺: `(四)` / `推進“兩集中…`): its title is the next line.
			if (!content && i + 1 < lines.length && markers[i + 1].kind === 'text') content = lines[++i];
			const titleText = firstSentence(content).replace(/[：:]$/, '');
			if (m.kind === 'cn1') {
				cn1 = {
					line: i,
					level: 1,
					numeral: m.numeral,
					title: titleText,
					parent: null,
					missingNumeral: false
				};
				cn2 = null;
				cn2Count = 0;
				cur = null;
			} else {
				cn2Count++;
				const missing = !m.numeral;
				if (missing) missingNumerals++;
				cn2 = {
					line: i,
					level: 2,
					numeral: m.numeral || cnNumeral(cn2Count),
					title: titleText,
					parent: cn1,
					missingNumeral: missing
				};
				cur = null;
				if (choice.level === 'cn2') {
					cur = { written: cnNumber(cn2.numeral) ?? cn2Count, group: cn1, lines: [content] };
					raw.push(cur);
				}
			}
			continue;
		}
		if (m.kind === 'attachment') {
			cur = null;
			continue;
		}
		if (DATE_LINE_RE.test(lines[i])) {
			// The signature (XX市人民政府办公室 / 2018年3月1日) closes the last task; it is not part of its text.
			const prev = cur?.lines.at(-1);
			if (cur && cur.lines.length > 1 && prev && prev.length <= 30 && !/[。，,；;：:]/.test(prev))
				cur.lines.pop();
			cur = null;
			continue;
		}
		if (m.kind === 'arabic' && m.style === choice.level) {
			cur = { written: m.n, group: cn2 ?? cn1, lines: [m.content] };
			raw.push(cur);
			continue;
		}
		if (cur) cur.lines.push(lines[i]);
	}
	if (missingNumerals)
		warnings.push({
			code: 'group_number_missing',
			message: `${missingNumerals} 个小标题缺少序号“（一）”，已按顺序补齐 / ${missingNumerals} headings lost their numeral “(一)”: numbered by position`
		});

	// With labels in the plan, the numbered items of a section without any label (保障措施 …) are not tasks.
	let kept = raw;
	if (choice.labelled) {
		const sectionOf = (t: RawTask) => (t.group?.level === 2 ? t.group.parent : t.group);
		const labelledSections = new Set(raw.filter((t) => t.lines.some(hasLabel)).map(sectionOf));
		kept = raw.filter((t) => labelledSections.has(sectionOf(t)));
		if (kept.length < raw.length)
			warnings.push({
				code: 'unlabelled_items_skipped',
				message: `跳过 ${raw.length - kept.length} 个没有牵头单位等栏目的章节中的编号段落 / skipped ${raw.length - kept.length} numbered paragraphs in sections without any 牵头单位 / 时间进度 labels`
			});
	}
	if (choice.level === 'cn2')
		warnings.push({
			code: 'tasks_from_headings',
			message:
				'任务取自带“责任部门”等栏目的小标题“（一）…” / tasks taken from the (一) headings that carry the labels'
		});

	// A web copy that repeats the whole document: the second copy's tasks are dropped.
	const seen = new Set<string>();
	const unique: RawTask[] = [];
	let duplicates = 0;
	for (const t of kept) {
		const key = `${t.group?.title ?? ''}\u0000${t.written}\u0000${t.lines.join('\n')}`;
		if (seen.has(key)) duplicates++;
		else {
			seen.add(key);
			unique.push(t);
		}
	}
	if (duplicates)
		warnings.push({
			code: 'duplicate_tasks',
			message: `文中重复出现的 ${duplicates} 个任务已忽略 / ${duplicates} tasks repeated in the text were ignored`
		});

	// Numbers as written when unique, else 1…N in document order.
	const written = unique.map((t) => t.written);
	const uniqueNumbers = new Set(written).size === written.length;
	const numbers = uniqueNumbers ? written : written.map((_, i) => i + 1);
	if (!uniqueNumbers)
		warnings.push({
			code: 'renumbered',
			message:
				'各组任务编号重新开始，已按出现顺序重新编号 1…N / task numbering restarts in each group: renumbered 1…N in document order',
			tasks: numbers
		});
	else {
		const gaps = written.filter((n, i) => i > 0 && n !== written[i - 1] + 1);
		if (gaps.length || (written.length && written[0] !== 1))
			warnings.push({
				code: 'numbering_gap',
				message:
					'任务编号不连续，请核对是否漏解析 / task numbers are not consecutive: check for missed tasks',
				tasks: gaps
			});
	}

	// Group numbers: the bare numeral, qualified by the section (二（一）) when two groups would share it.
	const owning = [...new Set(unique.map((t) => t.group).filter((g): g is Heading => g !== null))];
	const bare = owning.map((g) => g.numeral);
	// Also when the groups sit in different sections (三（二） and 四（一）): a bare 二 would read as section 二.
	const parents = new Set(owning.filter((g) => g.level === 2).map((g) => g.parent));
	const clash = new Set(bare).size !== bare.length || parents.size > 1;
	const groupNumber = new Map(
		owning.map((g) => [
			g,
			clash && g.level === 2 && g.parent ? `${g.parent.numeral}（${g.numeral}）` : g.numeral
		])
	);

	const tasks = unique.map((t, i) =>
		buildTask(t, numbers[i], t.group ? groupNumber.get(t.group)! : null, ctxYear)
	);
	if (!tasks.length)
		warnings.push({
			code: 'no_numbered_tasks',
			message: '文件中没有编号的任务，未解析出任务 / no numbered tasks in the document: no tasks parsed'
		});
	return {
		...(title ? { title } : {}),
		groups: owning.map((g) => ({ number: groupNumber.get(g)!, title: g.title })),
		tasks,
		warnings
	};
}

function buildTask(t: RawTask, number: number, group: string | null, ctxYear: number): ParsedTask {
	const issues: string[] = [];
	const body: string[] = [];
	const labels: Labelled[] = [];
	for (const line of t.lines) {
		const x = extractLabels(line);
		labels.push(...x.labels);
		if (x.rest) body.push(x.rest);
	}
	const text = body.join('\n');
	const hasLeadLabel = labels.some((l) => l.kind === 'lead');
	const lead: string[] = [];
	const support: string[] = [];
	const schedule: string[] = [];
	const add = (to: string[], units: string[]) => units.forEach((u) => to.includes(u) || to.push(u));
	for (const l of labels) {
		if (l.kind === 'schedule') {
			if (l.value) schedule.push(l.value);
			continue;
		}
		let units = splitUnits(l.value);
		let kind = l.kind;
		if (kind === 'duty') {
			// 责任单位：市发改委（牵头）、市财政局 — the marked unit leads, the others support.
			const marked = units.filter((u) => /[（(]牵头[）)]$/.test(u));
			if (marked.length && !hasLeadLabel) {
				add(
					lead,
					marked.map((u) => u.replace(/[（(]牵头[）)]$/, ''))
				);
				units = units.filter((u) => !marked.includes(u));
				kind = 'support';
			} else kind = hasLeadLabel ? 'support' : 'lead';
		}
		if (kind === 'lead') {
			if (l.label !== '牵头单位' && !issues.includes('lead_label_variant')) issues.push('lead_label_variant');
			add(lead, units);
		} else {
			if (!['配合单位', '配合部门'].includes(l.label) && !issues.includes('support_label_variant'))
				issues.push('support_label_variant');
			add(support, units);
		}
	}
	const inline = inlineLeads(text);
	if (!lead.length && inline.length) {
		add(lead, inline);
		issues.push('inline_lead');
	} else if (inline.some((u) => !lead.includes(u))) issues.push('inline_lead_not_listed');
	if (!lead.length) issues.unshift('no_lead_unit');

	const scheduleText = schedule.length ? schedule.join('；') : null;
	let milestones: Milestone[] = [];
	let ongoing = false;
	if (scheduleText === null) issues.push('no_schedule');
	else {
		const s = parseSchedule(scheduleText, ctxYear);
		milestones = s.milestones;
		ongoing = s.ongoing;
		if (!milestones.length && !ongoing) issues.push('undated_schedule');
		if (s.yearAssumed) issues.push('year_assumed');
	}
	return {
		number,
		group,
		title: firstSentence(body[0] ?? ''),
		text,
		lead_units: lead,
		support_units: support,
		schedule: scheduleText,
		milestones,
		ongoing,
		issues
	};
}
