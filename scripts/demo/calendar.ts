/**
 * Working days for the generator, from the shipped State Council exceptions file
 * (data/calendar/cn-holidays.csv: date,is_workday,name,notice); other dates follow Monday–Friday.
 *
 * Days are integers (days since 1970-01-01). `addWorkdays(d, n)` is the n-th working day after d, so that
 * DOMAIN.md's wd(d, addWorkdays(d, n)) = n exactly — the generator plants elapsed times the KPI engine
 * must find again.
 */
import fs from 'node:fs';

export const DAY_MS = 86_400_000;

export function parseDay(iso: string): number {
	const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso);
	if (!m) throw new Error(`not a date (YYYY-MM-DD): ${iso}`);
	const t = Date.UTC(+m[1], +m[2] - 1, +m[3]);
	const d = new Date(t);
	if (d.getUTCMonth() !== +m[2] - 1) throw new Error(`not a valid date: ${iso}`);
	return Math.round(t / DAY_MS);
}

export function dayIso(day: number): string {
	return new Date(day * DAY_MS).toISOString().slice(0, 10);
}

/** Calendar months after `day`, clamped to the month's end (as SQL's date + INTERVAL n MONTH). */
export function addMonths(day: number, months: number): number {
	const d = new Date(day * DAY_MS);
	const y = d.getUTCFullYear(),
		m = d.getUTCMonth() + months,
		dd = d.getUTCDate();
	const last = new Date(Date.UTC(y, m + 1, 0)).getUTCDate();
	return Math.round(Date.UTC(y, m, Math.min(dd, last)) / DAY_MS);
}

export class WorkCalendar {
	readonly first: number;
	readonly last: number;
	private readonly work: Uint8Array;
	/** Cumulative working days up to and including first + i. */
	private readonly index: Int32Array;
	/** workdays[k] = the (k+1)-th working day of the span. */
	private readonly workdays: Int32Array;
	/** Date parts per day of the span, for fast formatting. */
	readonly year: Int16Array;
	readonly month: Int8Array;
	readonly dom: Int8Array;
	readonly iso: string[];

	constructor(first: number, last: number, exceptionsFile: string) {
		this.first = first;
		this.last = last;
		const n = last - first + 1;
		this.work = new Uint8Array(n);
		this.year = new Int16Array(n);
		this.month = new Int8Array(n);
		this.dom = new Int8Array(n);
		this.iso = new Array(n);
		for (let i = 0; i < n; i++) {
			const d = new Date((first + i) * DAY_MS);
			const dow = d.getUTCDay();
			this.work[i] = dow >= 1 && dow <= 5 ? 1 : 0;
			this.year[i] = d.getUTCFullYear();
			this.month[i] = d.getUTCMonth() + 1;
			this.dom[i] = d.getUTCDate();
			this.iso[i] = d.toISOString().slice(0, 10);
		}
		const lines = fs.readFileSync(exceptionsFile, 'utf8').split(/\r?\n/).filter(Boolean);
		const header = lines.shift()!.split(',');
		const di = header.indexOf('date');
		const wi = header.indexOf('is_workday');
		if (di < 0 || wi < 0) throw new Error(`${exceptionsFile}: needs columns date,is_workday`);
		for (const line of lines) {
			const f = line.split(',');
			const day = parseDay(f[di]);
			if (day >= first && day <= last) this.work[day - first] = f[wi] === 'true' ? 1 : 0;
		}
		this.index = new Int32Array(n);
		const wds: number[] = [];
		let c = 0;
		for (let i = 0; i < n; i++) {
			if (this.work[i]) {
				c++;
				wds.push(first + i);
			}
			this.index[i] = c;
		}
		this.workdays = Int32Array.from(wds);
	}

	private at(day: number): number {
		const i = day - this.first;
		if (i < 0 || day > this.last) throw new Error(`day ${dayIso(day)} outside the generator's calendar span`);
		return i;
	}

	isWorkday(day: number): boolean {
		return this.work[this.at(day)] === 1;
	}

	/** DOMAIN.md wd(a, b): working days d with a < d ≤ b. */
	wd(a: number, b: number): number {
		return this.index[this.at(b)] - this.index[this.at(a)];
	}

	/** The n-th working day after `day` (n = 0: `day` itself). */
	addWorkdays(day: number, n: number): number {
		if (n <= 0) return day;
		const k = this.index[this.at(day)] + n - 1;
		if (k >= this.workdays.length) return this.last;
		return this.workdays[k];
	}

	/** `day` when it is a working day, else the next one. */
	onOrAfter(day: number): number {
		return this.isWorkday(day) ? day : this.addWorkdays(day, 1);
	}
}
