/**
 * Ratings (好差评 / 评价器): drawn for a completed (or refused) case, or standalone (hotline, SMS) for a
 * department. Bad reviews (score ≤ 2) carry a reason (sometimes none) and are rectified within 15 working
 * days, late, or never — lagging departments more often late or never.
 *
 * Default ratings (默认评价): when the applicant of a completed case rates nothing, the platform records a
 * "非常满意" by itself a fixed DEFAULT_DELAY after completion. How often that happens depends on how hard a
 * unit pushes its applicants to rate: a per-department share fixed by its code, higher for lagging units
 * (about 15–30 % of all ratings overall), so that KPIs which ignore default ratings visibly differ.
 */
import type { Rng } from './random';
import type { WorkCalendar } from './calendar';
import type { CaseRec } from './cases';
import { BAD_REVIEW_REASONS } from './names';

export type RatingChannel = 'window_device' | 'online' | 'app' | 'sms' | 'hotline';

export interface RatingRec {
	rating_id: string;
	case_id: string | null;
	dept_code: string;
	channel: RatingChannel;
	rated_at: number;
	score: number;
	reason: string | null;
	rectified_at: number | null;
	is_default: boolean;
}

/** Seconds from completion to the platform's automatic rating (5 days, as many 好差评 systems do). */
export const DEFAULT_DELAY = 5 * 86400;

/** A stable number in [0, 1) from a string (FNV-1a), so a department's default share needs no draw. */
function unitHash(s: string): number {
	let h = 0x811c9dc5;
	for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
	return (h >>> 0) / 4294967296;
}

/** Probability that an unrated completed case of this department gets a default rating. */
export function defaultPropensity(deptCode: string, lagging: boolean): number {
	const u = unitHash(deptCode);
	return lagging ? 0.55 + 0.1 * u : 0.22 + 0.23 * u;
}

/** Cumulative score distributions for scores 1..5. */
const cum = (p: number[]) => p.reduce<number[]>((a, x) => [...a, (a.at(-1) ?? 0) + x], []);
const NORMAL = cum([0.005, 0.007, 0.038, 0.13, 0.82]);
const LAGGING = cum([0.06, 0.08, 0.11, 0.2, 0.55]);
const REFUSED = cum([0.15, 0.15, 0.2, 0.2, 0.3]);
const HOTLINE = cum([0.1, 0.15, 0.15, 0.2, 0.4]);

export class RatingMaker {
	private seq = 0;
	constructor(
		private rng: Rng,
		private cal: WorkCalendar,
		private endSec: number
	) {}

	private id(): string {
		return 'PJ' + String(++this.seq).padStart(10, '0');
	}

	private score(dist: number[]): number {
		return this.rng.weighted(dist, 1) + 1;
	}

	private finish(
		r: Omit<RatingRec, 'rating_id' | 'reason' | 'rectified_at' | 'is_default'>,
		lagging: boolean,
		isDefault = false
	): RatingRec | null {
		if (r.rated_at > this.endSec) return null;
		const rec: RatingRec = {
			rating_id: this.id(),
			...r,
			reason: null,
			rectified_at: null,
			is_default: isDefault
		};
		if (r.score <= 2) {
			const rng = this.rng;
			rec.reason = rng.chance(0.85) ? rng.pick(BAD_REVIEW_REASONS) : null;
			const u = rng.next();
			const [within, late] = lagging ? [0.35, 0.3] : [0.75, 0.13];
			if (u < within + late) {
				const k = u < within ? rng.int(1, 15) : rng.int(16, 45);
				const day = this.cal.addWorkdays(Math.floor(r.rated_at / 86400), k);
				const t = day * 86400 + rng.int(8 * 3600 + 1800, 17 * 3600 + 1800);
				rec.rectified_at = t <= this.endSec ? t : null;
			}
		}
		return rec;
	}

	/** A rating of a finished case, or null (not rated, or rated after the period). */
	forCase(c: CaseRec, frac: number, lagging: boolean): RatingRec | null {
		const rng = this.rng;
		const end = c.completed_at ?? c.decided_at;
		if (end === null) return null;
		const refused = c.status === 'rejected' || c.status === 'returned';
		if (!rng.chance(refused ? 0.12 : 0.4 + 0.3 * frac)) {
			if (c.status !== 'completed' || !rng.chance(defaultPropensity(c.dept.dept_code, lagging))) return null;
			// The platform's channel follows the case's: online cases on the PC site, the rest at the window.
			const channel: RatingChannel = c.channel === 'online' ? 'online' : 'window_device';
			return this.finish(
				{ case_id: c.case_id, dept_code: c.dept.dept_code, channel, rated_at: end + DEFAULT_DELAY, score: 5 },
				lagging,
				true
			);
		}
		let channel: RatingChannel;
		if (c.channel === 'window') channel = rng.chance(0.85) ? 'window_device' : 'sms';
		else if (c.channel === 'online') channel = rng.chance(0.6) ? 'online' : 'app';
		else channel = rng.chance(0.5) ? 'window_device' : 'app';
		const delay = channel === 'window_device' ? rng.int(20, 600) : rng.int(600, 3 * 86400);
		const score = this.score(refused ? REFUSED : lagging ? LAGGING : NORMAL);
		return this.finish(
			{ case_id: c.case_id, dept_code: c.dept.dept_code, channel, rated_at: end + delay, score },
			lagging
		);
	}

	/** A rating not tied to a case (hotline / SMS survey about a department). */
	standalone(deptCode: string, day: number, lagging: boolean): RatingRec | null {
		const rng = this.rng;
		const t = day * 86400 + rng.int(8 * 3600, 20 * 3600);
		const channel: RatingChannel = rng.chance(0.6) ? 'hotline' : 'sms';
		return this.finish(
			{ case_id: null, dept_code: deptCode, channel, rated_at: t, score: this.score(HOTLINE) },
			lagging
		);
	}
}
