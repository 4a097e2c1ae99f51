/**
 * The park's investment projects (工程建设项目审批, issue 14): the project register (projects.csv / 项目.csv) and
 * every project's approval cases, planned once before the case stream starts and handed to it day by day
 * (cases.ts `extra`): ordinary cases of the park's project approval items (project-items.ts), with the project's
 * code (项目代码) on each.
 *
 * The story the project board must find:
 * - four stages in order (立项用地规划许可 → 工程建设许可 → 施工许可 → 竣工验收); inside a stage, approvals run in
 *   parallel (用地预审 beside 节能审查, 施工图审查 overlapping 工程规划许可, 消防设计审查 / 环评 / 人防 together, the
 *   joint acceptance beside 消防验收 and 规划核实); between them the applicant's own time (land transfer, design,
 *   building the plant: months), which counts towards no approval figure;
 * - most projects need ~60–110 approval working days in all (target 120); projects filed over the last two years
 *   stand in every stage at the end date;
 * - ~5 % stuck: an approval still open at the end date, started months before (用地预审 waiting for 征地, an 环评
 *   in 补充论证, a failed 消防验收 …); ~5 % finished far over target (150–250 approval working days);
 * - approvals get a little faster over the two years.
 *
 * Time is planned in working-day indexes (calendar.ts), so a case from index s to e covers exactly e − s working
 * days and the engine's interval union can be checked against the plan.
 *
 * Invariants: deterministic (each project draws from its own Rng, the case details from one stream in day order);
 * every planned case lies within [from, to] by its submission, so the caller can subtract them from the regular
 * volume and write exactly `cases` cases; the whole plan is in memory (~17 cases a project: keep `projects` ≤ 20 000).
 */
import { Rng, applicantHash } from './random';
import { addMonths, type WorkCalendar } from './calendar';
import type { Item } from './catalogue';
import type { CaseChannel, CaseRec } from './cases';
import type { Department, Region } from './jurisdiction';
import type { ProjectStep } from './project-items';
import {
	COMPANY_BRANDS,
	PARK_DEVELOPER,
	PROJECT_CAPACITIES,
	PROJECT_INDUSTRIES,
	type ProjectIndustry
} from './names';

export type ProjectRole = 'normal' | 'stuck' | 'over_target';

export interface ProjectRec {
	project_code: string;
	name: string;
	owner_name: string;
	/** the owner's 统一社会信用代码 (fictional, valid check characters): written as owner_code, never stored by the import */
	owner_code: string;
	region_code: string;
	park: string;
	industry: string;
	/** 万元 */
	investment: number;
	/** day number */
	planned_start: number;
	/** demo role and plan figures (not written) */
	role: ProjectRole;
	filed: number;
	/** approval working days of the whole plan (all its cases, also those after the end date) */
	planned_approval: number;
}

/** One planned case: submission day; end day (null: still open at the end date). */
export interface PlannedCase {
	project: ProjectRec;
	index: number;
	item: Item;
	day: number;
	end: number | null;
	suspended: number;
	supplements: number;
	parallel: boolean;
}

export interface ProjectPlan {
	projects: ProjectRec[];
	/** planned cases by submission day (only days within [from, to]) */
	byDay: Map<number, PlannedCase[]>;
	cases: number;
	counts: Record<ProjectRole, number>;
}

/** Default number of projects for a run of `cases` cases: 150 at the demo's 200 000, at least min(20, cases / 100). */
export function defaultProjects(cases: number): number {
	return Math.min(20_000, Math.max(Math.min(20, Math.floor(cases / 100)), Math.round((cases * 3) / 4000)));
}

// --- the plan of one project, in working days from its filing ----------------------------------------------------

interface Member {
	step: ProjectStep;
	/** start within the group, working days */
	lead: number;
	dur: number;
	suspended: number;
}
/** A group of approvals started together (or overlapping), then the applicant's time before the next group. */
interface Group {
	members: Member[];
	/** applicant's working days after the group (negative: the next group starts before this one ends) */
	gapAfter: number;
}

interface Placed {
	step: ProjectStep;
	group: number;
	start: number;
	end: number;
	suspended: number;
	parallel: boolean;
}

function layout(groups: Group[], extra: Map<ProjectStep, number>): Placed[] {
	const out: Placed[] = [];
	let t = 0;
	groups.forEach((g, gi) => {
		let end = t;
		for (const m of g.members) {
			const s = t + m.lead;
			const e = s + m.dur + (extra.get(m.step) ?? 0);
			out.push({
				step: m.step,
				group: gi,
				start: s,
				end: e,
				suspended: m.suspended,
				parallel: g.members.length > 1
			});
			end = Math.max(end, e);
		}
		t = Math.max(0, end + g.gapAfter);
	});
	return out;
}

/** Working days covered by at least one case: the union of the intervals (start, end]. */
export function unionDays(xs: { start: number; end: number }[]): number {
	const s = [...xs].filter((x) => x.end > x.start).sort((a, b) => a.start - b.start || a.end - b.end);
	let total = 0;
	let cs = -Infinity;
	let ce = -Infinity;
	for (const x of s) {
		if (x.start >= ce) {
			if (ce > cs) total += ce - cs;
			cs = x.start;
			ce = x.end;
		} else ce = Math.max(ce, x.end);
	}
	if (ce > cs) total += ce - cs;
	return total;
}

const CN_ORDINAL = ['一', '二', '三', '四'];
const CREDIT_CHARS = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const CREDIT_WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];
const ORG_WEIGHTS = [3, 7, 9, 10, 5, 8, 4, 2];

/** A fictional 统一社会信用代码 with valid check characters (GB 32100: 91 + region + organisation code + check). */
export function creditCode(rng: Rng, region: string): string {
	const body: number[] = [];
	for (let i = 0; i < 8; i++) body.push(i < 2 && rng.chance(0.3) ? rng.int(10, 35) : rng.int(0, 9));
	const sum = body.reduce((a, v, i) => a + v * ORG_WEIGHTS[i], 0);
	const c9 = 11 - (sum % 11);
	const org =
		body.map((v) => (v < 10 ? String(v) : String.fromCharCode(55 + v))).join('') +
		(c9 === 10 ? 'X' : c9 === 11 ? '0' : String(c9));
	// GB 32100 excludes I, O, S, V, Z: letters of the organisation code outside its alphabet are replaced.
	const s = ('91' + region + org).replace(/[IOSVZ]/g, 'A');
	const total = [...s].reduce((a, ch, i) => a + CREDIT_CHARS.indexOf(ch) * CREDIT_WEIGHTS[i], 0);
	const c = (31 - (total % 31)) % 31;
	return s + CREDIT_CHARS[c];
}

/** The GB 32100 check of a code (for tests). */
export function creditCodeValid(code: string): boolean {
	if (!/^[0-9A-HJ-NPQRTUWXY]{18}$/.test(code)) return false;
	const total = [...code.slice(0, 17)].reduce(
		(a, ch, i) => a + CREDIT_CHARS.indexOf(ch) * CREDIT_WEIGHTS[i],
		0
	);
	return CREDIT_CHARS[(31 - (total % 31)) % 31] === code[17];
}

interface Draft {
	groups: Group[];
	industry: ProjectIndustry;
	name: string;
	owner: string;
	ownerRegion: string;
	investment: number;
	/** 核准 instead of 备案 */
	approval: boolean;
	rng: Rng;
}

export interface PlanContext {
	seed: string;
	cal: WorkCalendar;
	items: Map<ProjectStep, Item>;
	regions: Region[];
	projects: number;
	from: number;
	to: number;
}

/** Departments that hold the steps' items (their lagging flag slows the plan). */
function holderOf(items: Map<ProjectStep, Item>, step: ProjectStep): Department {
	return items.get(step)!.dept;
}

function draft(ctx: PlanContext, i: number, pace: number, role: ProjectRole): Draft {
	const rng = new Rng(`${ctx.seed}:project:${i}`);
	const cum: number[] = [];
	let tot = 0;
	for (const ind of PROJECT_INDUSTRIES) cum.push((tot += ind.weight));
	const industry = PROJECT_INDUSTRIES[rng.weighted(cum, tot)];
	const brand = rng.pick(COMPANY_BRANDS);
	const owner =
		industry.code === '47'
			? PARK_DEVELOPER
			: `${rng.chance(0.55) ? '临江' : rng.chance(0.3) ? '江源' : ''}${brand}${industry.business}${rng.chance(0.2) ? '股份' : ''}有限公司`;
	const template = rng.pick(industry.names);
	const name =
		(industry.code === '47' ? '临江经开区' : brand) +
		template.replace('{n}', String(rng.pick(PROJECT_CAPACITIES))).replace('{k}', CN_ORDINAL[rng.int(0, 3)]);
	const investment = Math.max(1500, Math.min(800_000, Math.round(industry.investment * rng.logNormal(0.7))));
	const approval = industry.code === '26' ? rng.chance(0.5) : rng.chance(0.08);
	const airDefence = rng.chance(0.35);
	const slow = (step: ProjectStep) => (holderOf(ctx.items, step).lagging ? 1.25 : 1);
	// Working days of one approval: a share of its promised limit, the project's pace, the department's pace.
	const dur = (step: ProjectStep, susp = 0) => {
		const it = ctx.items.get(step)!;
		const limit = it.promised ?? it.statutory ?? 10;
		return Math.max(1, Math.round(limit * (0.45 + 0.5 * rng.next()) * pace * slow(step))) + susp;
	};
	const m = (step: ProjectStep, lead = 0, susp = 0): Member => ({
		step,
		lead,
		dur: dur(step, susp),
		suspended: susp
	});
	const groups: Group[] = [];
	// 立项用地规划许可: 备案 (or 核准), then 用地预审与选址 beside 节能审查 (and 安全条件审查 for chemicals), the land
	// transfer, then 建设用地规划许可.
	groups.push({
		members: [
			approval ? m('approval') : { step: 'filing', lead: 0, dur: rng.pick([0, 0, 1, 1, 1, 2]), suspended: 0 }
		],
		gapAfter: rng.int(3, 20)
	});
	const siteSusp = rng.chance(0.3) ? rng.int(5, 15) : 0; // 专家论证 / 听证
	const first: Member[] = [m('site', 0, siteSusp)];
	if (rng.chance(0.6)) first.push(m('energy', rng.int(0, 2)));
	if (industry.code === '26') first.push(m('hazchem', rng.int(0, 3)));
	groups.push({ members: first, gapAfter: rng.int(20, 70) });
	groups.push({ members: [m('landPlanning')], gapAfter: rng.int(15, 50) });
	// 工程建设许可: 施工图审查 mostly overlapping 工程规划许可 (容缺), else after it.
	const works = m('worksPlanning', 0, rng.chance(0.6) ? rng.int(5, 7) : 0); // 批前公示
	if (rng.chance(0.7)) {
		groups.push({
			members: [works, m('drawings', rng.int(2, Math.max(2, works.dur)))],
			gapAfter: rng.int(5, 25)
		});
	} else {
		groups.push({ members: [works], gapAfter: rng.int(5, 20) });
		groups.push({ members: [m('drawings')], gapAfter: rng.int(5, 25) });
	}
	// 施工许可: 消防设计审查, 环评 (受理公示), 人防 together; the permit once they are (nearly) through.
	const third: Member[] = [m('fireDesign')];
	if (rng.chance(0.8)) third.push(m('eia', rng.int(0, 3), rng.int(5, 10)));
	if (airDefence) third.push(m('airDefence', rng.int(0, 2)));
	const thirdEnd = Math.max(...third.map((x) => x.lead + x.dur));
	const permitLead = Math.max(0, thirdEnd - rng.int(0, 2));
	const permit = m('permit');
	third.push({ ...permit, lead: permitLead });
	// Building the plant: months of the applicant's time (shorter for the planted over-target projects, which
	// must be finished by the end date).
	groups.push({ members: third, gapAfter: role === 'over_target' ? rng.int(60, 140) : rng.int(110, 320) });
	// 竣工验收: the joint acceptance beside 消防验收, 规划核实 (and 人防), then the 竣工验收备案.
	const fourth: Member[] = [
		m('jointAcceptance'),
		m('fireAcceptance', rng.int(0, 2)),
		m('planningCheck', rng.int(0, 2))
	];
	if (airDefence) fourth.push(m('airDefenceAcceptance', rng.int(0, 3)));
	groups.push({ members: fourth, gapAfter: rng.int(2, 10) });
	groups.push({ members: [m('completionRecord')], gapAfter: 0 });
	const ownerRegion = rng.chance(0.7) ? '439071' : rng.chance(0.6) ? '439000' : '439021';
	return { groups, industry, name, owner, ownerRegion, investment, approval, rng };
}

/** Plans every project: register rows and their cases by submission day. */
export function planProjects(ctx: PlanContext): ProjectPlan {
	const { cal, from, to } = ctx;
	const n = ctx.projects;
	const roleRng = new Rng(`${ctx.seed}:project-roles`);
	const park = ctx.regions.find((r) => r.level === 'park') ?? ctx.regions[0];
	// Working-day indexes: wi(day) = working days after the calendar's first day up to `day`; at(k) = that day.
	const base = cal.first;
	const wi = (day: number) => cal.wd(base, day);
	const at = (k: number) => cal.addWorkdays(base, Math.max(1, k));
	const W0 = wi(cal.onOrAfter(from));
	const WT = wi(to);
	const windowStart = Math.max(W0, wi(addMonths(to, -24)));
	// Roles: ~5 % stuck, ~5 % far over target (at least one each from 10 projects on).
	const order = roleRng.shuffled(Array.from({ length: n }, (_, i) => i));
	const k = n >= 10 ? Math.max(1, Math.round(n * 0.05)) : 0;
	const roles: ProjectRole[] = new Array(n).fill('normal');
	for (const i of order.slice(0, k)) roles[i] = 'stuck';
	for (const i of order.slice(k, 2 * k)) roles[i] = 'over_target';

	interface Built {
		rec: Omit<ProjectRec, 'project_code'>;
		placed: Placed[];
		f: number;
		open: ProjectStep | null;
		keepGroups: number;
		d: Draft;
	}
	const built: Built[] = [];
	for (let i = 0; i < n; i++) {
		let role = roles[i];
		// Normal projects: filed uniformly over the last two years; approvals a little faster later on.
		const u = roleRng.next();
		const pace = roleRng.logNormal(0.22) * (role === 'normal' ? 1.15 - 0.3 * u : 1);
		const d = draft(ctx, i, pace, role);
		const rng = d.rng;
		const extra = new Map<ProjectStep, number>();
		let placed = layout(d.groups, extra);
		let f = windowStart + Math.floor(u * Math.max(1, WT - 3 - windowStart));
		let open: ProjectStep | null = null;
		let keepGroups = Infinity;
		if (role === 'over_target') {
			// One or two approvals drag on (征地报批, 方案调整, 环评补充论证, 消防整改复验) until the whole takes T days.
			const target = rng.int(150, 250);
			const trouble = rng
				.shuffled(['site', 'worksPlanning', 'eia', 'fireAcceptance'] as ProjectStep[])
				.filter((s) => placed.some((p) => p.step === s))
				.slice(0, rng.int(1, 2));
			for (let it = 0; it < 6; it++) {
				const diff = target - unionDays(placed);
				if (Math.abs(diff) <= 1) break;
				if (it === 0) for (const s of trouble) extra.set(s, Math.max(0, Math.round(diff / trouble.length)));
				else extra.set(trouble[0], Math.max(0, (extra.get(trouble[0]) ?? 0) + diff));
				placed = layout(d.groups, extra);
			}
			// Half the drag is 特殊环节 (expert review, rectification), the rest plain delay.
			for (const p of placed) {
				const x = extra.get(p.step) ?? 0;
				if (x > 0) p.suspended += Math.round(x / 2);
			}
			const length = Math.max(...placed.map((p) => p.end));
			f = Math.max(W0, WT - length - rng.int(5, 80));
		} else if (role === 'stuck') {
			// One approval still open at the end date, started 3–8 months before; nothing after its stage group.
			const candidates = rng.shuffled([
				'site',
				'eia',
				'fireAcceptance',
				'worksPlanning',
				'landPlanning'
			] as ProjectStep[]);
			const openFor = rng.int(60, 170);
			for (const s of candidates) {
				const p = placed.find((x) => x.step === s);
				if (!p) continue;
				const fs = WT - openFor - p.start;
				if (fs < W0) continue;
				f = fs;
				open = s;
				keepGroups = p.group;
				break;
			}
			if (open === null) role = 'normal';
		}
		const planned_approval = unionDays(open ? placed.filter((p) => p.group <= keepGroups) : placed);
		const permit = placed.find((p) => p.step === 'permit')!;
		const ps = at(Math.min(f + Math.round(permit.start * 0.8), wi(cal.last)));
		built.push({
			rec: {
				name: d.name,
				owner_name: d.owner,
				owner_code: creditCode(rng, d.ownerRegion),
				region_code: park.region_code,
				park: park.name,
				industry: d.industry.industry,
				investment: d.investment,
				planned_start: ps - (cal.dom[ps - cal.first] - 1),
				role,
				filed: at(f),
				planned_approval
			},
			placed,
			f,
			open,
			keepGroups,
			d
		});
	}

	// Codes in filing order: YYYY-<区划>-<行业>-<03 备案 | 02 核准>-<serial of the year>.
	built.sort((a, b) => a.f - b.f);
	const codeRng = new Rng(`${ctx.seed}:project-codes`);
	const serial = new Map<number, number>();
	const projects: ProjectRec[] = [];
	const byDay = new Map<number, PlannedCase[]>();
	let cases = 0;
	const counts: Record<ProjectRole, number> = { normal: 0, stuck: 0, over_target: 0 };
	for (const b of built) {
		const year = cal.year[b.rec.filed - cal.first];
		const s = (serial.get(year) ?? codeRng.int(1000, 20000)) + codeRng.int(1, 60);
		serial.set(year, s);
		const rec: ProjectRec = {
			project_code: `${year}-${park.region_code.slice(0, 6)}-${b.d.industry.code}-${b.d.approval ? '02' : '03'}-${String(s).padStart(6, '0')}`,
			...b.rec
		};
		projects.push(rec);
		counts[rec.role]++;
		b.placed.forEach((p, index) => {
			if (p.group > b.keepGroups) return;
			const startK = b.f + p.start;
			if (startK > WT) return;
			const endK = b.f + p.end;
			const day = at(startK);
			if (day < from || day > to) return;
			const planned: PlannedCase = {
				project: rec,
				index,
				item: ctx.items.get(p.step)!,
				day,
				end: p.step === b.open || endK > WT ? null : at(endK),
				suspended: p.step === b.open ? 0 : Math.min(p.suspended, Math.max(0, p.end - p.start - 1)),
				supplements: 0,
				parallel: p.parallel
			};
			let list = byDay.get(day);
			if (!list) byDay.set(day, (list = []));
			list.push(planned);
			cases++;
		});
	}
	return { projects, byDay, cases, counts };
}

// --- the cases --------------------------------------------------------------------------------------------------

const MIN = 60;

/** Turns the plan's cases of a day into ordinary case records (one detail stream, in day order). */
export class ProjectCases {
	private rng: Rng;
	private endSec: number;

	constructor(
		seed: string,
		private plan: ProjectPlan,
		to: number,
		private seedSalt: number
	) {
		this.rng = new Rng(`${seed}:project-cases`);
		this.endSec = (to + 1) * 86400 - 1;
	}

	on(day: number, nextId: () => string): CaseRec[] {
		const list = this.plan.byDay.get(day);
		if (!list) return [];
		const rng = this.rng;
		return list.map((p) => {
			const it = p.item;
			// Before the park took the item over, the city's department still handled it.
			const dept =
				it.source !== null && (it.accepted_on === null || day < it.accepted_on) ? it.source : it.dept;
			const channel: CaseChannel = rng.chance(0.85) ? 'online' : 'window';
			const sub = day * 86400 + rng.int(8 * 60 + 30, 15 * 60 + 30) * MIN;
			const acc = sub + rng.int(10, 90) * MIN;
			const u = rng.next();
			const supp =
				p.project.role === 'over_target' && p.suspended > 0 ? rng.int(2, 3) : u < 0.04 ? 2 : u < 0.2 ? 1 : 0;
			let completed: number | null = null;
			if (p.end !== null) {
				completed =
					p.end === day
						? acc + rng.int(30, 180) * MIN
						: p.end * 86400 + rng.int(8 * 60 + 30, 17 * 60 + 30) * MIN;
				if (completed > this.endSec) completed = null;
			}
			const decided =
				completed === null
					? null
					: completed - rng.int(0, Math.min(120, Math.floor((completed - acc) / MIN))) * MIN;
			const visits = rng.chance(0.02)
				? null
				: channel === 'online'
					? supp > 0 && rng.chance(0.3)
						? 1
						: 0
					: 1 + supp;
			return {
				project_code: p.project.project_code,
				case_id: nextId(),
				item: it,
				dept,
				region_code: dept.region_code,
				channel,
				applicant_type: 'enterprise',
				applicant_hash: applicantHash(0x40000000 + projectNumber(p.project), this.seedSalt),
				submitted_at: sub,
				accepted_at: acc,
				decided_at: decided,
				completed_at: completed,
				status: completed === null ? 'in_progress' : 'completed',
				reject_reason: null,
				suspended_days: p.suspended,
				visits,
				supplement_requests: supp,
				tolerance_accepted: rng.chance(0.12), // 容缺受理
				parallel: p.parallel
			} satisfies CaseRec;
		});
	}
}

/** A stable applicant number per project (its code's digits). */
function projectNumber(p: ProjectRec): number {
	let h = 0;
	for (let i = 0; i < p.project_code.length; i++) h = (Math.imul(h, 31) + p.project_code.charCodeAt(i)) | 0;
	return h & 0x0fffffff;
}
