/**
 * Cases (办件), generated day by day in submission order and handed to a sink, never held in memory.
 *
 * The story the data tells (what the KPI engine must find again):
 * - volume grows; elapsed working days shrink toward the 30 % speed-up target (about −35 % from the first year to the last);
 *   online and zero-visit rates rise;
 * - lagging departments are slow, overdue, ask for more supplements and are rated worse;
 * - delegated items are handled by the city until their handover (accepted_on); afterwards by the
 *   receiving department — except idle items (no cases at all there) and upstream items (the city keeps
 *   taking ~40 % of cases after the 3-month transition);
 * - cancelled items stop, except a few still processed after cancelled_on;
 * - rejections (some without reason), returns (mostly after acceptance), withdrawals, suspended days,
 *   ≥ 2 supplement requests, completions before acceptance or without decided_at, repeat applications
 *   of the same item by the same applicant within 5 working days of a completion;
 * - cases still running at the end of the period are in_progress (some overdue, some due within a day);
 * - the park's project cases (projects.ts, `extra`) join the stream on their submission day.
 * Submitted mostly on working days; completion dates land on working days (addWorkdays).
 */
import type { Rng } from './random';
import { applicantHash } from './random';
import { addMonths, type WorkCalendar } from './calendar';
import type { Department } from './jurisdiction';
import type { Item } from './catalogue';
import { REJECT_REASONS } from './names';

export type CaseStatus = 'completed' | 'rejected' | 'returned' | 'withdrawn' | 'in_progress';
export type CaseChannel = 'online' | 'window' | 'self_service';

export interface CaseRec {
	/** 项目代码 of the investment project the case belongs to; absent otherwise */
	project_code?: string | null;
	case_id: string;
	item: Item;
	dept: Department;
	region_code: string;
	channel: CaseChannel;
	applicant_type: 'person' | 'enterprise';
	applicant_hash: string | null;
	submitted_at: number;
	accepted_at: number | null;
	decided_at: number | null;
	completed_at: number | null;
	status: CaseStatus;
	reject_reason: string | null;
	suspended_days: number | null;
	visits: number | null;
	supplement_requests: number;
	tolerance_accepted: boolean;
	parallel: boolean;
}

export interface CaseSink {
	/** Called for every case, in order; `frac` is the position of its day in the period (0..1);
	 *  `repeat`: a planted re-application of the same item by the same applicant after a completion. */
	onCase(c: CaseRec, frac: number, repeat: boolean): void;
	/** Called after each day; awaits write backpressure. */
	endOfDay(day: number): Promise<void>;
}

interface Repeat {
	item: Item;
	hash: string;
	type: 'person' | 'enterprise';
}

const MIN = 60;
const H = 3600;

/** A time during office hours (08:30–17:30) on `day`, in seconds. */
function officeTime(rng: Rng, day: number): number {
	return day * 86400 + rng.int(8 * 60 + 30, 17 * 60 + 30) * MIN;
}

export interface CaseOptions {
	cases: number;
	from: number;
	to: number;
	seedSalt: number;
	/**
	 * Cases planned elsewhere (the park's project cases, projects.ts): `count` of them in [from, to], handed out per
	 * day by `on` with ids from the same sequence. They are part of `cases`: the regular volume is `cases − count`.
	 */
	extra?: { count: number; on(day: number, nextId: () => string): CaseRec[] };
}

export async function generateCases(
	rng: Rng,
	cal: WorkCalendar,
	items: Item[],
	opt: CaseOptions,
	sink: CaseSink
): Promise<void> {
	const { from, to } = opt;
	const span = Math.max(1, to - from);
	const endSec = (to + 1) * 86400 - 1;
	const lnSpeed = Math.log(0.5);
	const ln92 = Math.log(0.92);

	// Exact allocation of N cases over the days: working days weigh 1, other days 0.04 (online only),
	// volume grows 12 % a year, February (Spring Festival) is quieter.
	const nd = to - from + 1;
	const cumw = new Float64Array(nd);
	let tot = 0;
	for (let i = 0; i < nd; i++) {
		const d = from + i;
		const m = cal.month[d - cal.first];
		const w = (cal.isWorkday(d) ? 1 : 0.04) * (1 + (0.12 * i) / 365) * (m === 2 ? 0.85 : m === 12 ? 1.08 : 1);
		tot += w;
		cumw[i] = tot;
	}

	// Per-item state fixed for the run.
	const transitionEnd = new Map<Item, number>();
	for (const it of items) if (it.delegated_on !== null) transitionEnd.set(it, addMonths(it.delegated_on, 3));
	const changeDays = new Set<number>();
	for (const it of items)
		for (const d of [it.delegated_on, it.accepted_on, it.cancelled_on])
			if (d !== null) {
				changeDays.add(d);
				changeDays.add(d + 1);
			}

	const weightOn = (it: Item, d: number): number => {
		if (it.cancelled_on !== null && d > it.cancelled_on) return it.zombie ? it.weight * 0.6 : 0;
		if (it.idle && it.accepted_on !== null && d >= it.accepted_on) return 0;
		return it.weight;
	};
	const cum = new Float64Array(items.length);
	const rebuild = (d: number) => {
		let s = 0;
		for (let i = 0; i < items.length; i++) cum[i] = s += weightOn(items[i], d);
	};

	const handler = (it: Item, d: number): Department => {
		if (it.source === null) return it.dept;
		if (it.accepted_on === null || d < it.accepted_on) return it.source;
		if (d <= transitionEnd.get(it)!) return rng.chance(0.08) ? it.source : it.dept; // 代办帮办 during training
		if (it.upstream && rng.chance(0.4)) return it.source;
		return it.dept;
	};

	// Rare plants get a floor so that small runs (2 k cases) still hold a handful of each.
	const rare = (p: number, k: number) => Math.max(p, Math.min(0.05, k / opt.cases));
	const pStuck = rare(0.01, 60);
	const pDueSoon = Math.max(0.05, Math.min(1, 2000 / opt.cases));
	const pBeforeAccepted = rare(0.0015, 10);
	const pNoDecision = rare(0.002, 10) + pBeforeAccepted;
	const pRepeat = rare(0.004, 20);
	const pool = Math.max(2000, Math.floor(opt.cases / 3));
	const pending = new Map<number, Repeat[]>();
	let seq = 0;
	let prevAlloc = 0;
	const regular = Math.max(0, opt.cases - (opt.extra?.count ?? 0));
	let lastMonth = -1;

	for (let i = 0; i < nd; i++) {
		const d = from + i;
		const alloc = Math.round((regular * cumw[i]) / tot);
		const n = alloc - prevAlloc;
		prevAlloc = alloc;
		const ci = d - cal.first;
		const month = cal.month[ci];
		if (month !== lastMonth || changeDays.has(d)) {
			rebuild(d);
			lastMonth = month;
		}
		const total = cum[cum.length - 1];
		const work = cal.isWorkday(d);
		const frac = (d - from) / span;
		const ymd = cal.iso[ci].replaceAll('-', '');
		const repeats = pending.get(d);
		pending.delete(d);
		const speedNormal = Math.exp(lnSpeed * frac);
		const speedLagging = 1.6 * Math.exp(ln92 * frac);
		const extra = opt.extra?.on(d, () => 'BJ' + ymd + String(++seq).padStart(9, '0')) ?? [];
		for (const c of extra) sink.onCase(c, frac, false);

		for (let k = 0; k < n; k++) {
			seq++;
			// Item and applicant.
			let item: Item;
			let type: 'person' | 'enterprise';
			let hash: string | null;
			const rep = repeats?.pop();
			if (rep) {
				item = rep.item;
				type = rep.type;
				hash = rep.hash;
			} else {
				item = items[rng.weighted(cum, total)];
				type = rng.chance(item.enterprise) ? 'enterprise' : 'person';
				const who = type === 'person' ? rng.int(0, pool - 1) : pool + rng.int(0, Math.floor(pool / 5));
				hash = rng.chance(0.05) ? null : applicantHash(who, opt.seedSalt);
			}
			const dept = handler(item, d);
			const lag = dept.lagging;

			// Channel and submission time (whole minutes).
			let channel: CaseChannel;
			const onlineP = item.online_capable ? Math.min(0.97, 0.6 + 0.4 * frac) * (lag ? 0.7 : 1) : 0;
			if (!work) channel = item.online_capable ? 'online' : 'self_service';
			else {
				const u = rng.next();
				channel = u < onlineP ? 'online' : u < onlineP + 0.05 ? 'self_service' : 'window';
			}
			let subMin: number;
			if (channel === 'window') subMin = rng.int(8 * 60 + 30, 17 * 60 + 30);
			else if (channel === 'self_service') subMin = rng.int(7 * 60, 21 * 60);
			else subMin = rng.chance(0.75) ? rng.int(8 * 60, 22 * 60) : rng.int(0, 1439);
			const sub = d * 86400 + subMin * MIN;

			// Intake: the day and minute the case is taken in (accepted, or refused at intake).
			let inDay: number;
			let inMin: number;
			if (channel === 'window' || (work && channel === 'self_service' && subMin < 17 * 60)) {
				inDay = d;
				inMin = subMin + rng.int(5, 45);
			} else {
				const base = work && subMin < 16 * 60 ? d : cal.addWorkdays(d, 1);
				inDay = cal.addWorkdays(base, rng.pick([0, 0, 0, 1, 1, 2]));
				inMin = inDay === d ? subMin + rng.int(10, 120) : rng.int(8 * 60 + 30, 16 * 60 + 30);
			}
			const intake = inDay * 86400 + inMin * MIN;

			// Supplements, visits, flags.
			let supp = 0;
			const su = rng.next();
			const [p1, p2] = lag ? [0.18, 0.12] : [0.1 * (1 - 0.5 * frac), 0.03 * (1 - 0.5 * frac)];
			if (su < p2) supp = rng.int(2, 4);
			else if (su < p2 + p1) supp = 1;

			const c: CaseRec = {
				case_id: 'BJ' + ymd + String(seq).padStart(9, '0'),
				item,
				dept,
				region_code: dept.region_code,
				channel,
				applicant_type: type,
				applicant_hash: hash,
				submitted_at: sub,
				accepted_at: null,
				decided_at: null,
				completed_at: null,
				status: 'completed',
				reject_reason: null,
				suspended_days: 0,
				visits: null,
				supplement_requests: supp,
				tolerance_accepted: rng.chance(0.04 + 0.06 * frac),
				parallel: item.parallelEligible && rng.chance(0.35)
			};

			// Outcome.
			const u = rng.next();
			const pRej = lag ? 0.04 : 0.02;
			if (u < pRej) {
				c.status = 'rejected';
				c.decided_at = intake;
				c.reject_reason = rng.chance(lag ? 0.65 : 0.85) ? rng.pick(REJECT_REASONS) : null;
			} else if (u < pRej + 0.025) {
				c.status = 'returned';
				if (rng.chance(0.75)) {
					c.accepted_at = intake;
					c.completed_at = officeTime(rng, cal.addWorkdays(inDay, rng.int(1, 5)));
				} else c.completed_at = intake;
			} else if (u < pRej + 0.037) {
				c.status = 'withdrawn';
				if (rng.chance(0.5)) {
					c.accepted_at = intake;
					c.completed_at = officeTime(rng, cal.addWorkdays(inDay, rng.int(1, 3)));
				} else c.completed_at = intake;
			} else if (d > to - 120 && rng.chance(pStuck)) {
				c.status = 'in_progress'; // stuck: will be overdue at the end of the period
				c.accepted_at = intake;
			} else {
				c.accepted_at = intake;
				const limit = item.promised ?? item.statutory ?? 12;
				let e: number;
				if (item.handling === 'immediate') e = rng.chance(lag ? 0.85 : 0.96) ? 0 : rng.int(1, 2);
				else if (rng.chance((lag ? 0.16 : 0.025) * (1.2 - 0.4 * frac)))
					e = limit + rng.int(1, Math.max(2, Math.ceil(limit * 0.6)));
				else
					e = Math.min(
						limit,
						Math.round(limit * 0.62 * (lag ? speedLagging : speedNormal) * rng.logNormal(0.35))
					);
				let susp = 0;
				if (item.special && rng.chance(0.18)) susp = rng.int(2, 20);
				c.suspended_days = susp === 0 && frac < 0.25 && rng.chance(0.1) ? null : susp; // older exports lack it
				const compDay = cal.addWorkdays(inDay, e + susp);
				const comp =
					compDay === inDay
						? Math.min(intake + rng.int(15, 180) * MIN, inDay * 86400 + 1439 * MIN)
						: officeTime(rng, compDay);
				c.completed_at = comp;
				c.decided_at = comp - rng.int(0, Math.min(120, Math.floor((comp - intake) / MIN))) * MIN;
				const a = rng.next();
				if (a < pBeforeAccepted)
					c.accepted_at = cal.addWorkdays(compDay, 1) * 86400 + 9 * H; // completed before accepted
				else if (a < pNoDecision) c.decided_at = null; // completed without a decision
				// Still open at the end of the period with at most one working day left (yellow flag).
				if (d > to - 120 && item.promised !== null && item.promised >= 2) {
					const left = item.promised - (cal.wd(inDay, to) - susp);
					if (left >= 0 && left <= 1 && rng.chance(pDueSoon)) c.completed_at = endSec + 1;
				}
			}

			// Visits (跑动次数): online mostly 0, window 1–3, plus one per supplement at the window.
			if (!rng.chance(0.02)) {
				if (channel === 'online')
					c.visits = supp > 0 && rng.chance(0.3) ? 1 : rng.chance(0.92 + 0.06 * frac) ? 0 : 1;
				else if (channel === 'self_service') c.visits = rng.chance(0.3) ? 0 : 1;
				else
					c.visits =
						(rng.chance(0.55 + 0.35 * frac) ? 1 : rng.chance(0.8) ? 2 : 3) +
						supp +
						(lag && rng.chance(0.2) ? 1 : 0);
			}

			// The export is taken at the end of the period: later steps have not happened yet.
			if (c.completed_at !== null && c.completed_at > endSec) {
				c.completed_at = null;
				if (c.status !== 'rejected') c.status = 'in_progress';
			}
			if (c.decided_at !== null && c.decided_at > endSec) {
				c.decided_at = null;
				if (c.status === 'rejected') c.reject_reason = null;
				c.status = 'in_progress';
			}
			if (c.accepted_at !== null && c.accepted_at > endSec) {
				c.accepted_at = null;
				if (c.completed_at === null) c.status = 'in_progress';
			}
			if (c.status === 'in_progress') c.completed_at = c.decided_at = null;

			// Repeat application of the same item by the same applicant within 5 working days of completion.
			if (
				c.status === 'completed' &&
				hash !== null &&
				!item.idle &&
				item.cancelled_on === null &&
				rng.chance(pRepeat)
			) {
				const r = cal.addWorkdays(Math.floor(c.completed_at! / 86400), rng.int(1, 4));
				if (r <= to && r > d) {
					let list = pending.get(r);
					if (!list) pending.set(r, (list = []));
					list.push({ item, hash, type });
				}
			}
			sink.onCase(c, frac, rep !== undefined);
		}
		// Repeats that found no slot that day move to the next one.
		if (repeats?.length) {
			const nx = d + 1;
			if (nx <= to) pending.set(nx, [...repeats, ...(pending.get(nx) ?? [])]);
		}
		await sink.endOfDay(d);
	}
}
