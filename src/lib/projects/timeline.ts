/**
 * Geometry of the project timeline (the board's Gantt rows and the project page): pure functions, client-safe,
 * unit-tested in Node (tests/unit/projects/timeline.test.ts). The Svelte component only places what these return.
 *
 * - The x axis is calendar days. Every row of one drawing shares one scale (`scaleDays`) and starts at its
 *   project's first case start, so bar lengths compare across projects.
 * - Cases are grouped by stage (process order, cases without a stage last); within a stage, parallel cases are
 *   stacked in lanes (greedy interval partitioning: a case goes to the first lane whose last case ended on or
 *   before its start — cases cover (start, end], so one ending on the day the next starts do not overlap).
 * - The target line is drawn at the calendar date on which start + target working days is reached (the server
 *   computes it from the working-day calendar). It is where a project whose cases ran without gaps would reach
 *   the target; the applicant's time between cases does not count, so the "working days used" bar beside the
 *   timeline, not the line, says whether the project is within target.
 */
import { STAGES, type ProjectCase, type Stage } from './types';

export const DAY_MS = 86_400_000;

/** Days since 1970-01-01 of a 'YYYY-MM-DD' date (UTC: no time-zone shifts). */
export function dayNumber(iso: string): number {
	const [y, m, d] = iso.slice(0, 10).split('-').map(Number);
	return Math.round(Date.UTC(y, m - 1, d) / DAY_MS);
}

/** 'YYYY-MM-DD' of a day number. */
export function isoDay(n: number): string {
	return new Date(n * DAY_MS).toISOString().slice(0, 10);
}

/** What a timeline row needs of a project. */
export interface TimelineInput {
	/** first case start (null: no case with dates) */
	start: string | null;
	/** where its bars end: the latest case end (the as-of date for an open one) */
	end: string | null;
	/** the date start + target working days is reached (null: unknown, e.g. beyond the calendar) */
	target_date: string | null;
	cases: Pick<ProjectCase, 'dept_code' | 'stage' | 'state' | 'start' | 'end'>[];
}

export interface TimelineBar {
	/** index into the input's cases */
	index: number;
	lane: number;
	/** percentages of the row width */
	left: number;
	width: number;
}

export interface TimelineGroup {
	stage: Stage | null;
	/** first lane of the group (lanes are numbered from the top across groups) */
	firstLane: number;
	lanes: number;
	bars: TimelineBar[];
}

export interface TimelineLayout {
	groups: TimelineGroup[];
	lanes: number;
	/** percentage of the row width, null when not drawn */
	target: number | null;
	/** cases without dates (they cover no date: not drawn, listed in the table) */
	undrawn: number[];
}

/** The smallest bar drawn (a case covering no day, e.g. decided on its start date), in percent. */
export const MIN_BAR = 0.6;

/** Calendar days from `start` to the later of `end` and `target_date` (at least 1). */
export function extentDays(p: Pick<TimelineInput, 'start' | 'end' | 'target_date'>): number {
	if (!p.start) return 1;
	const s = dayNumber(p.start);
	const ends = [p.end, p.target_date].filter((d): d is string => !!d).map(dayNumber);
	return Math.max(1, ...ends.map((e) => e - s));
}

/** The shared scale of several rows: the widest extent, rounded up to a whole number of 30-day steps. */
export function pageScale(rows: Pick<TimelineInput, 'start' | 'end' | 'target_date'>[]): number {
	const widest = Math.max(30, ...rows.map(extentDays));
	return Math.ceil(widest / 30) * 30;
}

/** Lane of each interval (given sorted by start, then end): the first lane free at its start. */
export function assignLanes(intervals: { s: number; e: number }[]): number[] {
	const laneEnds: number[] = [];
	return intervals.map(({ s, e }) => {
		let lane = laneEnds.findIndex((end) => end <= s);
		if (lane === -1) lane = laneEnds.length;
		laneEnds[lane] = Math.max(e, s);
		return lane;
	});
}

export function layoutTimeline(p: TimelineInput, scaleDays: number): TimelineLayout {
	const undrawn: number[] = [];
	const origin = p.start ? dayNumber(p.start) : 0;
	const pct = (day: number) => Math.min(100, Math.max(0, ((day - origin) / scaleDays) * 100));
	const order: (Stage | null)[] = [...STAGES, null];
	const groups: TimelineGroup[] = [];
	let lane0 = 0;
	for (const stage of order) {
		const members = p.cases
			.map((c, index) => ({ c, index }))
			.filter(({ c }) => (c.stage ?? null) === stage)
			.filter(({ c, index }) => (c.start && c.end && p.start ? true : (undrawn.push(index), false)))
			.map(({ c, index }) => ({ index, s: dayNumber(c.start!), e: dayNumber(c.end!) }))
			.sort((a, b) => a.s - b.s || a.e - b.e || a.index - b.index);
		if (!members.length) continue;
		const lanes = assignLanes(members);
		const n = Math.max(...lanes) + 1;
		groups.push({
			stage,
			firstLane: lane0,
			lanes: n,
			bars: members.map((m, i) => {
				const left = pct(m.s);
				return { index: m.index, lane: lane0 + lanes[i], left, width: Math.max(MIN_BAR, pct(m.e) - left) };
			})
		});
		lane0 += n;
	}
	undrawn.sort((a, b) => a - b);
	return {
		groups,
		lanes: lane0,
		target: p.start && p.target_date ? pct(dayNumber(p.target_date)) : null,
		undrawn
	};
}

/** Department colours (no red: red is the target line). Assigned in order of first appearance on the page. */
export const DEPT_COLOURS = [
	'#4e79a7',
	'#f28e2b',
	'#59a14f',
	'#b07aa1',
	'#76b7b2',
	'#edc948',
	'#9c755f',
	'#ff9da7',
	'#2f4b7c',
	'#8cd17d',
	'#a0cbe8',
	'#d4a6c8'
] as const;

export interface LegendEntry {
	dept_code: string;
	name: string;
	colour: string;
}

/**
 * One colour per department of the drawing, in order of first appearance (projects in page order, cases in
 * their order). Past the palette's length colours repeat; the legend and each bar's label still name the unit.
 */
export function deptLegend(
	projects: { cases: Pick<ProjectCase, 'dept_code' | 'dept_name'>[] }[]
): LegendEntry[] {
	const seen = new Map<string, LegendEntry>();
	for (const p of projects)
		for (const c of p.cases)
			if (!seen.has(c.dept_code))
				seen.set(c.dept_code, {
					dept_code: c.dept_code,
					name: c.dept_name ?? c.dept_code,
					colour: DEPT_COLOURS[seen.size % DEPT_COLOURS.length]
				});
	return [...seen.values()];
}

/** Month ticks for one scale: the first of each month inside (start, start + scaleDays], at most `max` of them. */
export function monthTicks(start: string, scaleDays: number, max = 12): { label: string; left: number }[] {
	const s = dayNumber(start);
	const [y0, m0] = start.split('-').map(Number);
	const all: { label: string; left: number }[] = [];
	for (let k = 1; ; k++) {
		const y = y0 + Math.floor((m0 - 1 + k) / 12);
		const m = ((m0 - 1 + k) % 12) + 1;
		const d = dayNumber(`${y}-${String(m).padStart(2, '0')}-01`);
		if (d - s > scaleDays) break;
		all.push({ label: `${y}-${String(m).padStart(2, '0')}`, left: ((d - s) / scaleDays) * 100 });
	}
	const step = Math.max(1, Math.ceil(all.length / max));
	return all.filter((_, i) => i % step === 0);
}

/** Ticks in calendar days from the start (the board's shared axis): a round step giving at most `max` ticks. */
export function dayTicks(scaleDays: number, max = 8): { days: number; label: string; left: number }[] {
	const step =
		[30, 60, 90, 120, 180, 360, 720].find((s) => scaleDays / s <= max) ??
		Math.ceil(scaleDays / max / 360) * 360;
	const out: { days: number; label: string; left: number }[] = [];
	for (let d = step; d <= scaleDays; d += step)
		out.push({ days: d, label: String(d), left: (d / scaleDays) * 100 });
	return out;
}
