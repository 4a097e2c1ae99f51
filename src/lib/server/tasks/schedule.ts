/**
 * A task's schedule text (时间进度 / 完成时限 …) → dated milestones and the "ongoing" flag. Pure.
 *
 * Rules (DOMAIN.md "Reform task ledger"): `2017年6月底前…` is due on the last day of that month, `2017年底前`
 * and `2017年取得阶段性成效` on 31 December; `长期推进`, `适时推进`, `按照…要求…推进` are ongoing, with no date.
 * A date starts a milestone only at the start of the schedule or after a separator (，；、 于 并 …), so a year
 * inside a phrase (`编制公开2017年版权责清单`) is not a second milestone. A milestone's text runs from its date
 * to the next milestone, a ；/。, or an ongoing phrase, whichever comes first.
 */

export interface Milestone {
	due: string;
	text: string;
}

export interface ScheduleResult {
	milestones: Milestone[];
	ongoing: boolean;
	/** The year of some date came from the context (a year-less `6月底前` / `年底前`). */
	yearAssumed: boolean;
}

/** Simplified → traditional variants of the characters the patterns use, so 時間進度 reads like 时间进度. */
const TRAD: Record<string, string> = {
	头: '頭', 单: '單', 门: '門', 时: '時', 间: '間', 进: '進', 节: '節', 点: '點', 责: '責', 协: '協',
	办: '辦', 参: '參', 与: '與', 牵: '牽', 术: '術', 长: '長', 适: '適', 续: '續', 态: '態', 坚: '堅',
	实: '實', 开: '開', 执: '執', 负: '負', 阶: '階', 段: '段', 成: '成', 效: '效', 级: '級', 务: '務'
};

/** A regex source matching `s` in simplified or traditional characters. */
export function zhPattern(s: string): string {
	return [...s].map((ch) => (TRAD[ch] ? `[${ch}${TRAD[ch]}]` : ch)).join('');
}

const ONGOING_RE = new RegExp(
	[
		...['长期推进', '适时推进', '及时推进', '持续推进', '逐步推进', '常态化推进', '长期坚持', '长期实施', '持续开展', '长期执行'].map(zhPattern),
		// 按照国务院、省政府要求及时推进 / 按国家要求推进
		`按照?[^，,；;。]{0,40}?要求[^，,；;。]{0,12}?${zhPattern('推进')}`,
		// 完成时限：长期 / 常态化 / 持续 — the word alone as the schedule or one of its parts
		`(?:^|[，,；;])\\s*(?:${['长期', '常态化', '持续', '长期有效'].map(zhPattern).join('|')})\\s*(?=$|[，,；;。])`
	].join('|')
);

/** Characters after which a date may start a milestone. */
const SEP = new Set([...'，,；;、。:：(（ \t于在并及和前']);
const ZH_DIGIT: Record<string, number> = { '〇': 0, '○': 0, 零: 0, 一: 1, 二: 2, 三: 3, 四: 4, 五: 5, 六: 6, 七: 7, 八: 8, 九: 9 };

const YEAR = '(\\d{4}|[〇○零一二三四五六七八九]{4})\\s*年';
const DAY_RE = new RegExp(`(?:${YEAR})?\\s*(\\d{1,2})\\s*月\\s*(\\d{1,2})\\s*日`, 'y');
const MONTH_RE = new RegExp(`(?:${YEAR})?\\s*(\\d{1,2})\\s*月\\s*(上旬|中旬|下旬|底|末|份)?`, 'y');
const HALF_RE = new RegExp(`(?:${YEAR})?\\s*(上半年|下半年|第?[一二三四1-4]季度)`, 'y');
// A bare year (2017年取得阶段性成效) or the year end (2017年底前 / 年底前 / 2017年内).
const YEAR_END_RE = new RegExp(`(?:${YEAR})\\s*(年底|年末|底|末|内|全年)?|(年底|年末|年内)`, 'y');

function year(s: string | undefined): number | undefined {
	if (!s) return undefined;
	if (/^\d{4}$/.test(s)) return Number(s);
	return Number([...s].map((c) => ZH_DIGIT[c]).join(''));
}

function iso(y: number, m: number, d: number): string | null {
	if (m < 1 || m > 12 || d < 1) return null;
	const last = new Date(Date.UTC(y, m, 0)).getUTCDate();
	if (d > last) return null;
	return `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}
const monthEnd = (y: number, m: number) => iso(y, m, new Date(Date.UTC(y, m, 0)).getUTCDate());

interface DateHit {
	due: string;
	end: number;
	yearAssumed: boolean;
}

/** A date expression starting exactly at `pos`, or null. `ctxYear` fills a missing year. */
function dateAt(s: string, pos: number, ctxYear: number): DateHit | null {
	const tryRe = (re: RegExp) => {
		re.lastIndex = pos;
		return re.exec(s);
	};
	let m = tryRe(DAY_RE);
	if (m) {
		const y = year(m[1]);
		const due = iso(y ?? ctxYear, Number(m[2]), Number(m[3]));
		if (due) return { due, end: pos + m[0].length, yearAssumed: y === undefined };
	}
	m = tryRe(MONTH_RE);
	if (m && !/^个/.test(s.slice(pos + m[0].length))) {
		const y = year(m[1]) ?? ctxYear;
		const mo = Number(m[2]);
		const part = m[3];
		const due = part === '上旬' ? iso(y, mo, 10) : part === '中旬' ? iso(y, mo, 20) : monthEnd(y, mo);
		if (due) return { due, end: pos + m[0].length, yearAssumed: m[1] === undefined };
	}
	m = tryRe(HALF_RE);
	if (m) {
		const y = year(m[1]) ?? ctxYear;
		const p = m[2];
		const q = p === '上半年' ? 2 : p === '下半年' ? 4 : '一1'.includes(p.at(-3)!) ? 1 : '二2'.includes(p.at(-3)!) ? 2 : '三3'.includes(p.at(-3)!) ? 3 : 4;
		return { due: monthEnd(y, q * 3)!, end: pos + m[0].length, yearAssumed: m[1] === undefined };
	}
	m = tryRe(YEAR_END_RE);
	if (m) {
		const after = s.slice(pos + m[0].length);
		// 2017年版 / 2017年度预算 / 2017年以来 / 2018年初 are not deadlines.
		if (m[1] && !m[2] && /^\s*(版|度|份|以来|起|初|前后|的|\d)/.test(after)) return null;
		const y = year(m[1]) ?? ctxYear;
		return { due: `${y}-12-31`, end: pos + m[0].length, yearAssumed: m[1] === undefined };
	}
	return null;
}

/** Positions where a date may start (start of text or after a separator). */
function* candidates(s: string): Generator<number> {
	for (let i = 0; i < s.length; i++) if (i === 0 || SEP.has(s[i - 1])) yield i;
}

export function parseSchedule(schedule: string, ctxYear: number): ScheduleResult {
	const s = schedule.trim();
	const ongoing = ONGOING_RE.test(s);
	const hits: { start: number; hit: DateHit }[] = [];
	let from = 0;
	for (const i of candidates(s)) {
		if (i < from || /\s/.test(s[i])) continue;
		const hit = dateAt(s, i, ctxYear);
		if (!hit) continue;
		// A range (2011年6月1日—7月10日) is due at its end.
		const dash = /\s*[—–\-~～至到]\s*/y;
		dash.lastIndex = hit.end;
		const d = dash.exec(s);
		if (d) {
			const y = Number(hit.due.slice(0, 4));
			const to = dateAt(s, hit.end + d[0].length, y);
			if (to) {
				hit.due = to.due;
				hit.end = to.end;
			}
		}
		hits.push({ start: i, hit });
		from = hit.end;
	}
	const milestones: Milestone[] = [];
	for (let k = 0; k < hits.length; k++) {
		const { start, hit } = hits[k];
		let end = k + 1 < hits.length ? hits[k + 1].start : s.length;
		const stop = s.slice(hit.end, end).search(/[；;。\n]/);
		if (stop >= 0) end = hit.end + stop;
		const og = ONGOING_RE.exec(s.slice(hit.end, end));
		if (og) end = hit.end + og.index;
		const text = s
			.slice(start, end)
			.replace(/[\s，,、；;。:：并及和]+$/u, '')
			.trim();
		milestones.push({ due: hit.due, text });
	}
	return { milestones, ongoing, yearAssumed: hits.some((h) => h.hit.yearAssumed) };
}
