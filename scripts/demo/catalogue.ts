/**
 * The item catalogue (事项 / 权力清单): ~300 delegated items in four delegation batches, 49 cancelled
 * items, ~60 items the city retains; on top, the park's 17 project approval items with their stage
 * (project-items.ts), filed only by the project cases of projects.ts. Time limits, handover dates and the demo
 * roles of items (idle, still handled upstream, cancelled but still processed) are decided here, once, from the seed.
 *
 * Batch dates are placed relative to the generated period so that every option range shows a handover
 * before and during the period. Days are day numbers (calendar.ts).
 */
import type { Rng } from './random';
import type { Department, Jurisdiction, PeerKind, Sector } from './jurisdiction';
import { addMonths, type WorkCalendar } from './calendar';
import { CANCELLED_ITEMS, SECTOR_ITEMS, SECTOR_LAW } from './names';
import { PROJECT_ITEM_NAMES, PROJECT_ITEM_SPECS, type ProjectStep } from './project-items';

export type DelegationMode = 'devolved' | 'entrusted' | 'empowered' | 'cancelled' | 'retained';

export interface Batch {
	no: string;
	title: string;
	day: number;
}

export interface Item {
	/** 工程建设项目审批 stage (planning … acceptance) of a project approval item; absent otherwise */
	stage?: string | null;
	/** the project plan's step this item serves (project-items.ts); absent for ordinary items */
	projectStep?: ProjectStep;
	item_code: string;
	name: string;
	power_type: string;
	dept: Department;
	source: Department | null;
	mode: DelegationMode;
	delegated_on: number | null;
	accepted_on: number | null;
	cancelled_on: number | null;
	statutory: number | null;
	promised: number | null;
	handling: 'immediate' | 'promised';
	online_capable: boolean;
	legal_basis: string;
	batch: string | null;
	sector: Sector;
	/** Relative case volume. */
	weight: number;
	/** Share of applicants that are enterprises. */
	enterprise: number;
	/** Cases may be suspended (hearing, expert review, site survey…). */
	special: boolean;
	/** Eligible for 并联审批 (construction-project items). */
	parallelEligible: boolean;
	/** Demo roles. */
	idle: boolean;
	upstream: boolean;
	zombie: boolean;
}

export interface Catalogue {
	items: Item[];
	batches: Batch[];
	cancelBatch: Batch;
	/** the park's project approval items by plan step (project-items.ts); filed only by project cases */
	projectItems: Map<ProjectStep, Item>;
}

const DELEGATED_PER_DEPT: Record<PeerKind, number[]> = {
	city: [],
	county: [12],
	district: [10],
	park: [9],
	town: [7, 6, 6]
};

const POWER_PREFIX: Record<string, string> = {
	行政许可: 'XK',
	行政确认: 'QR',
	其他行政权力: 'QT',
	行政给付: 'JF',
	行政奖励: 'JL'
};

const ENTERPRISE: Partial<Record<Sector, number>> = {
	fgw: 0.9,
	market: 0.75,
	commerce: 0.9,
	housing: 0.85,
	env: 0.9,
	safety: 0.9,
	transport: 0.7,
	land: 0.6,
	defense: 0.95,
	culture: 0.7,
	water: 0.7,
	finance: 0.7,
	civil: 0.08,
	hrss: 0.2,
	edu: 0.2,
	police: 0.1,
	health: 0.3,
	justice: 0.1,
	agri: 0.4
};

const VOLUME: Partial<Record<Sector, number>> = {
	market: 3,
	police: 2.5,
	hrss: 2.2,
	civil: 2,
	health: 1.5,
	agri: 1.2,
	defense: 0.4,
	justice: 0.5,
	finance: 0.6
};

const PARALLEL_SECTORS = new Set<Sector>(['fgw', 'land', 'env', 'housing', 'water', 'defense']);
const SPECIAL_SECTORS = new Set<Sector>([
	'land',
	'env',
	'housing',
	'water',
	'transport',
	'health',
	'safety',
	'fgw'
]);

function powerType(name: string): string {
	if (/(补贴|救助|生活费|供养|扶助|待遇|保险金|担保贷款)/.test(name)) return '行政给付';
	if (/评定$/.test(name)) return '行政奖励';
	if (/(备案|报备|年检|年审|审验|考核|稽察|监察|监督|核查)/.test(name)) return '其他行政权力';
	if (/(登记|认定|确认|核定|注册|签发|鉴定|受理|办理|证明)/.test(name)) return '行政确认';
	return '行政许可';
}

/** A working day at or after `day`. */
function workdayFrom(cal: WorkCalendar, day: number): number {
	return cal.onOrAfter(day);
}

export function buildCatalogue(
	rng: Rng,
	j: Jurisdiction,
	cal: WorkCalendar,
	from: number,
	to: number
): Catalogue {
	const span = to - from;
	const yearOf = (d: number) => cal.year[d - cal.first];
	const at = (d: number) => workdayFrom(cal, d);
	const b1 = at(addMonths(from, -18));
	const b2 = at(from + Math.round(span * 0.08));
	const bc = at(from + Math.round(span * 0.15));
	const b3 = at(from + Math.round(span * 0.25));
	const b4 = at(from + Math.round(span * 0.55));
	const batches: Batch[] = [
		{ no: `临政发〔${yearOf(b1)}〕37号`, title: '《临江市赋予江源县市级同等行政职权实施方案》', day: b1 },
		{ no: `临政令第131号`, title: '《临江市人民政府关于下放市级经济管理权限的决定》', day: b2 },
		{ no: `临政发〔${yearOf(b3)}〕12号`, title: '《临江市简政强区事权下放工作方案》', day: b3 },
		{
			no: `临政办发〔${yearOf(b4)}〕21号`,
			title: '《临江市关于赋予乡镇（街道）经济社会管理权限的通知》',
			day: b4
		}
	];
	const cancelBatch: Batch = {
		no: `临政发〔${yearOf(bc)}〕9号`,
		title: '《临江市人民政府关于取消一批行政审批事项的决定》',
		day: bc
	};

	const items: Item[] = [];
	const seqByRegion = new Map<string, number>();
	const itemCode = (pt: string, region: string) => {
		const county = region.slice(0, 6); // towns share their county's 6-digit code and its sequence
		const n = (seqByRegion.get(county) ?? 0) + 1;
		seqByRegion.set(county, n);
		return `${POWER_PREFIX[pt]}${county}${String(n).padStart(4, '0')}`;
	};
	const limits = (pt: string) => {
		let statutory: number | null;
		let promised: number | null;
		let handling: 'immediate' | 'promised' = 'promised';
		if (pt === '其他行政权力') statutory = rng.pick([5, 10, 10, 20]);
		else if (pt === '行政确认') statutory = rng.pick([10, 15, 20, 20, 30]);
		else if (pt === '行政给付') statutory = rng.pick([15, 20, 30]);
		else if (pt === '行政奖励') statutory = 30;
		else statutory = rng.pick([20, 20, 20, 15, 30, 45, 60, 10]);
		const immediateP = pt === '其他行政权力' ? 0.5 : pt === '行政确认' ? 0.3 : 0.05;
		if (rng.chance(immediateP)) {
			handling = 'immediate';
			promised = 0;
		} else {
			promised = Math.max(1, Math.round(statutory * (0.3 + rng.next() * 0.35)));
			if (rng.chance(0.08)) promised = null; // no promise published: the statutory limit applies
		}
		return { statutory, promised, handling };
	};
	const make = (
		name: string,
		sector: Sector,
		dept: Department,
		source: Department | null,
		mode: DelegationMode,
		batch: Batch | null
	): Item => {
		const pt = powerType(name);
		const { statutory, promised, handling } = limits(pt);
		const law = SECTOR_LAW[sector] + (pt === '行政许可' ? '；《中华人民共和国行政许可法》' : '');
		return {
			item_code: itemCode(pt, dept.region_code),
			name,
			power_type: pt,
			dept,
			source,
			mode,
			delegated_on: batch && mode !== 'cancelled' ? batch.day : null,
			accepted_on: null,
			cancelled_on: mode === 'cancelled' && batch ? batch.day : null,
			statutory,
			promised,
			handling,
			online_capable: rng.chance(0.95),
			legal_basis: batch && mode !== 'cancelled' ? `${law}；${batch.title}（${batch.no}）` : law,
			batch: batch?.no ?? null,
			sector,
			weight: (VOLUME[sector] ?? 1) * rng.logNormal(1.0),
			enterprise: ENTERPRISE[sector] ?? 0.5,
			special: SPECIAL_SECTORS.has(sector) && pt !== '其他行政权力' && rng.chance(0.45),
			parallelEligible: PARALLEL_SECTORS.has(sector),
			idle: false,
			upstream: false,
			zombie: false
		};
	};

	// Delegated items, per receiving department.
	const used = new Map<Sector, Set<string>>();
	let townIdx = 0;
	for (const dept of j.receiving) {
		const counts = DELEGATED_PER_DEPT[dept.kind];
		const n = dept.kind === 'town' ? counts[townIdx++] : counts[0];
		// The park's project approval items are added below, once: its ordinary items never take their names.
		const pools = dept.sectors.map((s) =>
			rng.shuffled(
				dept.kind === 'park' ? SECTOR_ITEMS[s].filter((n) => !PROJECT_ITEM_NAMES.has(n)) : SECTOR_ITEMS[s]
			)
		);
		for (let i = 0; i < n; i++) {
			const si = i % dept.sectors.length;
			const sector = dept.sectors[si];
			const name = pools[si][Math.floor(i / dept.sectors.length) % pools[si].length];
			if (!used.has(sector)) used.set(sector, new Set());
			used.get(sector)!.add(name);
			const r = rng.next();
			let mode: DelegationMode;
			let batch: Batch;
			if (dept.kind === 'county') {
				mode = r < 0.65 ? 'empowered' : r < 0.9 ? 'devolved' : 'entrusted';
				batch = rng.chance(0.75) ? batches[0] : batches[3];
			} else if (dept.kind === 'district') {
				mode = r < 0.7 ? 'devolved' : r < 0.9 ? 'entrusted' : 'empowered';
				batch = batches[2];
			} else if (dept.kind === 'park') {
				mode = r < 0.6 ? 'entrusted' : 'devolved';
				batch = rng.chance(0.8) ? batches[1] : batches[3];
			} else {
				mode = r < 0.85 ? 'empowered' : 'entrusted';
				batch = batches[3];
			}
			items.push(make(name, sector, dept, j.cityDept.get(sector)!, mode, batch));
		}
	}
	const delegated = items.slice();

	// Handover: most within 15 working days, some late, a few never (as of the end of the period).
	const never = new Set(
		rng
			.shuffled(delegated.filter((it) => it.delegated_on! > from))
			.sort((a, b) => Number(b.dept.lagging) - Number(a.dept.lagging))
			.slice(0, 6)
	);
	for (const it of delegated) {
		if (never.has(it)) continue;
		const late = rng.chance(it.dept.lagging ? 0.5 : 0.08);
		const k = late ? rng.int(16, 60) : rng.int(2, 15);
		const acc = cal.addWorkdays(it.delegated_on!, k);
		it.accepted_on = acc <= to ? acc : null;
	}
	const accepted = delegated.filter((it) => it.accepted_on !== null);
	// Idle powers (权力悬空): accepted, never used at the receiving department.
	const idlePool = rng.shuffled(accepted);
	for (const it of idlePool.slice(0, 20)) it.idle = true;
	// Still handled upstream (明放暗不放): accepted, but the city department keeps taking cases.
	const upstreamPool = rng
		.shuffled(accepted.filter((it) => !it.idle))
		.sort((a, b) => Number(b.dept.lagging) - Number(a.dept.lagging));
	for (const it of upstreamPool.slice(0, 8)) it.upstream = true;

	// Cancelled items: held by the city departments until the cancellation notice.
	const cancelled: Item[] = [];
	for (const [sector, name] of CANCELLED_ITEMS.slice(0, 49)) {
		const it = make(name, sector, j.cityDept.get(sector)!, null, 'cancelled', cancelBatch);
		it.weight *= 0.5;
		cancelled.push(it);
		items.push(it);
	}
	for (const it of rng.shuffled(cancelled).slice(0, 5)) it.zombie = true;

	// Retained items: kept by the city departments (3 each, names not delegated in that sector).
	for (const [sector, dept] of j.cityDept) {
		const left = SECTOR_ITEMS[sector].filter(
			(n) => !used.get(sector)?.has(n) && !(sector === 'defense' && PROJECT_ITEM_NAMES.has(n))
		);
		const names = (left.length >= 3 ? left : SECTOR_ITEMS[sector]).slice(0, 3);
		for (const name of names) items.push(make(name, sector, dept, null, 'retained', null));
	}

	// A few items publish no time limit at all.
	for (const it of rng.shuffled(items.filter((i) => i.mode === 'retained')).slice(0, 3)) {
		it.statutory = null;
		it.promised = null;
		it.handling = 'promised';
	}

	// Project approval items (工程建设项目审批): the park's departments hold them, delegated in the park's batch and
	// taken over within two weeks; the city's 人民防空办公室 keeps the 人防 items. Only project cases file them.
	const projectItems = new Map<ProjectStep, Item>();
	const parkBatch = batches[1];
	for (const spec of PROJECT_ITEM_SPECS) {
		const park = j.receiving.find((d) => d.kind === 'park' && d.sectors.includes(spec.sector));
		const city = j.cityDept.get(spec.sector)!;
		const it =
			spec.holder === 'park' && park
				? make(spec.name, spec.sector, park, city, rng.chance(0.6) ? 'entrusted' : 'devolved', parkBatch)
				: make(spec.name, spec.sector, city, null, 'retained', null);
		if (it.delegated_on !== null) it.accepted_on = cal.addWorkdays(it.delegated_on, rng.int(3, 10));
		it.statutory = spec.statutory;
		it.promised = spec.promised;
		it.handling = 'promised';
		it.online_capable = true;
		it.weight = 0;
		it.enterprise = 1;
		it.special = false;
		it.parallelEligible = true;
		it.stage = spec.stage;
		it.projectStep = spec.step;
		items.push(it);
		projectItems.set(spec.step, it);
	}
	return { items, batches, cancelBatch, projectItems };
}
