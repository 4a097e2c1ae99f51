/**
 * The server's one clock: the current instant, and the date and wall-clock time in the configured local zone
 * (TZ_LOCAL, config.ts). Whatever depends on the date — default periods, the as-of date of flags, notice
 * deadlines, the report's issue date, caches that turn over at midnight, import timestamps — asks here, so every
 * module agrees on "today" and a test fixes it for all of them with `setClock`.
 */
import { getConfig } from './config';

let fixed: Date | null = null;

/** The current instant (the fixed one while a test has set it). */
export function now(): Date {
	return fixed ? new Date(fixed) : new Date();
}

/**
 * Tests: fix the clock at an instant (a Date, or an ISO string such as '2024-03-05T10:00:00+08:00');
 * null returns to the real clock. Returns the function that restores the previous setting.
 */
export function setClock(at: Date | string | null): () => void {
	const before = fixed;
	fixed = at === null ? null : new Date(at);
	if (fixed && Number.isNaN(fixed.getTime())) {
		fixed = before;
		throw new Error(`setClock: not an instant: ${String(at)}`);
	}
	return () => {
		fixed = before;
	};
}

const DAY = { year: 'numeric', month: '2-digit', day: '2-digit' } as const;
/** How local dates and times are written: en-CA gives YYYY-MM-DD, sv-SE gives YYYY-MM-DD HH:MM:SS. */
const LOCAL_FORMATS = {
	date: ['en-CA', DAY],
	time: ['sv-SE', { ...DAY, hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23' }]
} as const satisfies Record<string, readonly [string, Intl.DateTimeFormatOptions]>;

// Building a formatter costs ≈ 3 % of a dashboard request: one per format and zone, kept.
const formatters = new Map<string, Intl.DateTimeFormat>();

function inLocalZone(kind: keyof typeof LOCAL_FORMATS, at: Date): string {
	const timeZone = getConfig().tzLocal;
	const key = `${kind} ${timeZone}`;
	let f = formatters.get(key);
	if (!f) {
		const [locale, opts] = LOCAL_FORMATS[kind];
		formatters.set(key, (f = new Intl.DateTimeFormat(locale, { ...opts, timeZone })));
	}
	return f.format(at);
}

/** The date in the local zone, YYYY-MM-DD: today, or the date of `at`. */
export function localToday(at: Date = now()): string {
	return inLocalZone('date', at);
}

/** Wall-clock time in the local zone, 'YYYY-MM-DD HH:MM:SS' (how timestamps are stored: naive local time). */
export function localTimestamp(at: Date = now()): string {
	return inLocalZone('time', at);
}

/**
 * The instant a local calendar day (YYYY-MM-DD in TZ_LOCAL) begins; null when the text is not a real date.
 * (Filters over stored instants, e.g. the audit log, take whole local days.)
 */
export function localDayStart(date: string): Date | null {
	const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
	if (!m) return null;
	const guess = Date.UTC(+m[1], +m[2] - 1, +m[3]);
	// The zone's offset at that moment: the local wall time of `guess`, read as if it were UTC, minus `guess`.
	const wall = localTimestamp(new Date(guess)).replace(' ', 'T') + 'Z';
	const start = new Date(guess - (Date.parse(wall) - guess));
	return localToday(start) === date && localTimestamp(start).endsWith(' 00:00:00') ? start : null;
}
