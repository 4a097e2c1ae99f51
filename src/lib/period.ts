/**
 * Calendar arithmetic for the filter bar and the 同比 / 环比 comparisons: presets (month, quarter, year),
 * recognising a preset from a [from, to] range, the same period a year earlier, and the previous period
 * of the same kind. Dates are 'YYYY-MM-DD' strings (local calendar dates, no time zone involved).
 */
export interface DateRange {
	from: string;
	to: string;
}

export type Preset = 'month' | 'quarter' | 'year' | 'custom';
export const PRESETS: Preset[] = ['month', 'quarter', 'year', 'custom'];

const pad = (n: number) => String(n).padStart(2, '0');

export function isoDate(y: number, m: number, d: number): string {
	return `${String(y).padStart(4, '0')}-${pad(m)}-${pad(d)}`;
}

export function parseDate(s: string): { y: number; m: number; d: number } | null {
	const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s);
	if (!m) return null;
	const y = Number(m[1]);
	const mo = Number(m[2]);
	const d = Number(m[3]);
	if (mo < 1 || mo > 12 || d < 1 || d > daysInMonth(y, mo)) return null;
	return { y, m: mo, d };
}

export function daysInMonth(y: number, m: number): number {
	return new Date(Date.UTC(y, m, 0)).getUTCDate();
}

export function monthRange(y: number, m: number): DateRange {
	return { from: isoDate(y, m, 1), to: isoDate(y, m, daysInMonth(y, m)) };
}

export function quarterRange(y: number, q: number): DateRange {
	const m0 = (q - 1) * 3 + 1;
	return { from: isoDate(y, m0, 1), to: isoDate(y, m0 + 2, daysInMonth(y, m0 + 2)) };
}

export function yearRange(y: number): DateRange {
	return { from: isoDate(y, 1, 1), to: isoDate(y, 12, 31) };
}

/** Which preset a range is exactly, else 'custom'. */
export function presetOf(r: DateRange): Preset {
	const a = parseDate(r.from);
	const b = parseDate(r.to);
	if (!a || !b || a.d !== 1) return 'custom';
	if (a.y === b.y && a.m === 1 && b.m === 12 && b.d === 31) return 'year';
	if (a.y === b.y && a.m === b.m && b.d === daysInMonth(b.y, b.m)) return 'month';
	if (a.y === b.y && (a.m - 1) % 3 === 0 && b.m === a.m + 2 && b.d === daysInMonth(b.y, b.m))
		return 'quarter';
	return 'custom';
}

/** The preset range of the given kind that contains `date`. */
export function presetRange(kind: Exclude<Preset, 'custom'>, date: string): DateRange {
	const p = parseDate(date);
	if (!p) throw new Error(`invalid date ${date}`);
	if (kind === 'month') return monthRange(p.y, p.m);
	if (kind === 'quarter') return quarterRange(p.y, Math.floor((p.m - 1) / 3) + 1);
	return yearRange(p.y);
}

/** Shift a date by whole years; 29 February becomes 28 February in a common year. */
export function shiftYears(date: string, years: number): string {
	const p = parseDate(date);
	if (!p) throw new Error(`invalid date ${date}`);
	const y = p.y + years;
	return isoDate(y, p.m, Math.min(p.d, daysInMonth(y, p.m)));
}

function addDays(date: string, n: number): string {
	const p = parseDate(date)!;
	const t = new Date(Date.UTC(p.y, p.m - 1, p.d + n));
	return isoDate(t.getUTCFullYear(), t.getUTCMonth() + 1, t.getUTCDate());
}

export function daysBetween(a: string, b: string): number {
	const pa = parseDate(a)!;
	const pb = parseDate(b)!;
	return Math.round((Date.UTC(pb.y, pb.m - 1, pb.d) - Date.UTC(pa.y, pa.m - 1, pa.d)) / 86_400_000);
}

/** 同比: the same range one year earlier (a whole month / quarter / year stays whole). */
export function sameRangeLastYear(r: DateRange): DateRange {
	const kind = presetOf(r);
	if (kind !== 'custom') return presetRange(kind, shiftYears(r.from, -1));
	return { from: shiftYears(r.from, -1), to: shiftYears(r.to, -1) };
}

/** 环比: the previous month / quarter / year, or for a custom range the equally long range just before. */
export function previousRange(r: DateRange): DateRange {
	const kind = presetOf(r);
	const dayBefore = addDays(r.from, -1);
	if (kind !== 'custom') return presetRange(kind, dayBefore);
	const len = daysBetween(r.from, r.to);
	return { from: addDays(dayBefore, -len), to: dayBefore };
}

/** Short label: 2024年3月 / 2024年第1季度 / 2024年 / 2024-01-05 至 2024-02-10 (and English). */
export function rangeLabel(r: DateRange, lang: 'zh' | 'en'): string {
	const kind = presetOf(r);
	const p = parseDate(r.from);
	if (!p) return `${r.from} – ${r.to}`;
	const q = Math.floor((p.m - 1) / 3) + 1;
	if (lang === 'zh') {
		if (kind === 'month') return `${p.y}年${p.m}月`;
		if (kind === 'quarter') return `${p.y}年第${q}季度`;
		if (kind === 'year') return `${p.y}年`;
		return `${r.from} 至 ${r.to}`;
	}
	if (kind === 'month') return `${MONTHS_EN[p.m - 1]} ${p.y}`;
	if (kind === 'quarter') return `Q${q} ${p.y}`;
	if (kind === 'year') return String(p.y);
	return `${r.from} – ${r.to}`;
}

const MONTHS_EN = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** The last 12 months ending with the month that contains `to` (trend charts). */
export function trailingMonths(to: string, n = 12): DateRange {
	const p = parseDate(to);
	if (!p) throw new Error(`invalid date ${to}`);
	const end = monthRange(p.y, p.m);
	let y = p.y;
	let m = p.m - (n - 1);
	while (m < 1) {
		m += 12;
		y -= 1;
	}
	return { from: monthRange(y, m).from, to: end.to };
}
