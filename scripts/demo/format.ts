/**
 * Value formatting for the two output forms: canonical (English headers and values, ISO dates, UTF-8)
 * and Chinese (the default profile's headers and values, the date forms a county system exports, GBK).
 * Row templates (rows.ts) are written once and call a `Formatter`, so both forms hold the same rows.
 *
 * Times are seconds since 1970-01-01 in local time (no zone), days are day numbers (calendar.ts).
 * Chinese forms are chosen per column and are lossless: case timestamps are whole minutes (written
 * `2018/3/5 14:02`), rating timestamps keep seconds (`2018/3/5 14:02:07`).
 */
import fs from 'node:fs';
import type { WorkCalendar } from './calendar';

export interface Formatter {
	ts(sec: number | null, col: string): string;
	date(day: number | null, col: string): string;
	/** key: a profile value key ('status', 'cases.channel', 'level', …). */
	enumv(key: string, v: string | null): string;
	bool(v: boolean | null): string;
	score(v: number): string;
	text(v: string | null): string;
	num(v: number | null): string;
}

const pad2 = (n: number) => (n < 10 ? '0' + n : String(n));
const HM: string[] = Array.from({ length: 1440 }, (_, m) => pad2(Math.floor(m / 60)) + ':' + pad2(m % 60));
const SS: string[] = Array.from({ length: 60 }, (_, s) => ':' + pad2(s));

export function csvText(v: string | null): string {
	if (v === null || v === undefined) return '';
	return /[",\r\n]/.test(v) ? '"' + v.replaceAll('"', '""') + '"' : v;
}

export class CanonicalFormatter implements Formatter {
	constructor(private cal: WorkCalendar) {}
	ts(sec: number | null): string {
		if (sec === null) return '';
		const day = Math.floor(sec / 86400);
		const r = sec - day * 86400;
		return this.cal.iso[day - this.cal.first] + ' ' + HM[Math.floor(r / 60)] + SS[r % 60];
	}
	date(day: number | null): string {
		return day === null ? '' : this.cal.iso[day - this.cal.first];
	}
	enumv(_key: string, v: string | null): string {
		return v ?? '';
	}
	bool(v: boolean | null): string {
		return v === null ? '' : v ? 'true' : 'false';
	}
	score(v: number): string {
		return String(v);
	}
	text(v: string | null): string {
		return csvText(v);
	}
	num(v: number | null): string {
		return v === null ? '' : String(v);
	}
}

export interface Profile {
	headers: Record<string, Record<string, string[]>>;
	values: Record<string, Record<string, string>>;
}

export function readProfile(file: string): Profile {
	return JSON.parse(fs.readFileSync(file, 'utf8')) as Profile;
}

type DateStyle = 'cn' | 'compact' | 'slash' | 'iso';
type TsStyle = `${'cn' | 'slash' | 'iso'}-${'hm' | 'hms'}`;

/** Per-column forms of the Chinese export (one form per column, as one system writes it). */
const DATE_STYLE: Record<string, DateStyle> = {
	delegated_on: 'cn',
	accepted_on: 'compact',
	cancelled_on: 'slash'
};
const TS_STYLE: Record<string, TsStyle> = {
	submitted_at: 'slash-hm',
	accepted_at: 'slash-hm',
	decided_at: 'cn-hm',
	completed_at: 'iso-hm',
	rated_at: 'slash-hms',
	rectified_at: 'cn-hms',
	ts: 'slash-hms'
};

export class ChineseFormatter implements Formatter {
	/** canonical value → first Chinese value the profile maps to it, per value key. */
	private inverse: Record<string, Record<string, string>> = {};
	private dateStr: Record<DateStyle, string[]>;

	constructor(
		private cal: WorkCalendar,
		profile: Profile
	) {
		for (const [key, map] of Object.entries(profile.values)) {
			const inv: Record<string, string> = {};
			// Prefer a Chinese spelling (是 over 1/Y/true): JSON key order puts integer-like keys first.
			const ascii = (k: string) => Number(/^[ -~]*$/.test(k));
			const entries = Object.entries(map).sort(([a], [b]) => ascii(a) - ascii(b));
			for (const [zh, canon] of entries) if (!(canon in inv)) inv[canon] = zh;
			this.inverse[key] = inv;
		}
		const n = cal.last - cal.first + 1;
		const cn: string[] = new Array(n),
			compact: string[] = new Array(n),
			slash: string[] = new Array(n);
		for (let i = 0; i < n; i++) {
			const y = cal.year[i],
				m = cal.month[i],
				d = cal.dom[i];
			cn[i] = `${y}年${m}月${d}日`;
			compact[i] = `${y}${pad2(m)}${pad2(d)}`;
			slash[i] = `${y}/${m}/${d}`;
		}
		this.dateStr = { cn, compact, slash, iso: cal.iso };
	}

	ts(sec: number | null, col: string): string {
		if (sec === null) return '';
		const style = TS_STYLE[col] ?? 'iso-hms';
		const day = Math.floor(sec / 86400);
		const r = sec - day * 86400;
		const datePart = this.dateStr[style.slice(0, style.indexOf('-')) as DateStyle][day - this.cal.first];
		return datePart + ' ' + HM[Math.floor(r / 60)] + (style.endsWith('hms') ? SS[r % 60] : '');
	}
	date(day: number | null, col: string): string {
		return day === null ? '' : this.dateStr[DATE_STYLE[col] ?? 'iso'][day - this.cal.first];
	}
	enumv(key: string, v: string | null): string {
		if (v === null) return '';
		const zh = this.inverse[key]?.[v];
		if (zh === undefined) throw new Error(`profile has no Chinese value for ${key}=${v}`);
		return zh;
	}
	bool(v: boolean | null): string {
		return v === null ? '' : this.inverse.bool[v ? 'true' : 'false'];
	}
	score(v: number): string {
		return this.inverse.score[String(v)];
	}
	text(v: string | null): string {
		return csvText(v);
	}
	num(v: number | null): string {
		return v === null ? '' : String(v);
	}
}
