/**
 * Runs the KPI families a request needs — concurrently, one SQL each over the shared frame — and turns their
 * integer aggregates into exact KPI values per (period, group). Used by the report engine, the trend module
 * and any view that needs KPIs per department or region.
 */
import { KPI_BY_ID, KPI_IDS, type KpiFamily, type KpiId } from '../../../kpi/catalog';
import type { KpiQuery, ReportedKpis } from '../../../kpi/types';
import type { Analytics } from '../db';
import { aggKey, zeros, type FamilyArgs, type Grouping, type PeriodSpec } from './sql-frame';
import { DELEGATION_COLS, delegationAggregates, delegationKpis, type DelegationAgg } from './delegation';
import { toNumber, type Rational } from './exact';
import {
	SATISFACTION_COLS,
	satisfactionAggregates,
	satisfactionKpis,
	type SatisfactionAgg
} from './satisfaction';
import { rollupsUsable } from './rollup';
import type { Thresholds } from './thresholds';
import {
	TIMELINESS_COLS,
	baselineAggregates,
	baselineKpis,
	timelinessAggregates,
	timelinessKpis,
	type BaselineAgg,
	type BaselinePair,
	type TimelinessAgg
} from './timeliness';
import { VOLUME_COLS, volumeAggregates, volumeKpis, type VolumeAgg } from './volume';

export type ExactKpis = Record<KpiId, Rational | null>;

export interface FamilyResults {
	delegation?: Map<string, DelegationAgg>;
	volume?: Map<string, VolumeAgg>;
	timeliness?: Map<string, TimelinessAgg>;
	satisfaction?: Map<string, SatisfactionAgg>;
	baseline?: Map<string, BaselineAgg>;
}

export function familiesOf(kpis: readonly KpiId[]): Set<KpiFamily> {
	return new Set(kpis.map((k) => KPI_BY_ID[k].family));
}

export function argsOf(
	q: KpiQuery,
	periods: PeriodSpec[],
	groups: Grouping[],
	thresholds: Thresholds,
	rollups = false
): FamilyArgs {
	return {
		rollups,
		periods,
		groups,
		scope: { dept: q.dept, region: q.region, peer_group: q.peer_group },
		slice: { power_type: q.power_type, channel: q.channel, rating_channel: q.rating_channel },
		thresholds
	};
}

/** `false` / `true` force the source; undefined uses the rollups when they are fresh for these thresholds. */
export async function useRollups(db: Analytics, thresholds: Thresholds, choice?: boolean): Promise<boolean> {
	if (choice === false) return false;
	const usable = await rollupsUsable(db, thresholds);
	if (choice === true && !usable) throw new Error('KPI rollups are missing or stale (rebuildKpiRollups)');
	return usable;
}

/** data_version read past the result cache (every import that changes data bumps it in its transaction). */
async function dataVersion(db: Analytics): Promise<unknown> {
	return db.read(
		async (c) =>
			(await c.runAndReadAll(`SELECT value FROM meta WHERE key = 'data_version'`)).getRows()[0]?.[0]
	);
}

/**
 * Run the requested families concurrently (the read pool has several connections). The families are separate
 * statements, so a report is made one snapshot by checking that data_version did not move while they ran
 * (no import committed in between: db.ts lets no statement overlap a commit); else it is computed again.
 */
export async function runFamilies(
	db: Analytics,
	args: FamilyArgs,
	families: Set<KpiFamily>,
	pairs: BaselinePair[] = []
): Promise<FamilyResults> {
	for (let attempt = 1; ; attempt++) {
		const before = await dataVersion(db);
		const r = await runFamiliesOnce(db, args, families, pairs);
		if ((await dataVersion(db)) === before || attempt >= 3) return r;
	}
}

async function runFamiliesOnce(
	db: Analytics,
	args: FamilyArgs,
	families: Set<KpiFamily>,
	pairs: BaselinePair[]
): Promise<FamilyResults> {
	const [delegation, volume, timeliness, satisfaction, baseline] = await Promise.all([
		families.has('delegation') ? delegationAggregates(db, args) : undefined,
		families.has('volume') ? volumeAggregates(db, args) : undefined,
		families.has('timeliness') ? timelinessAggregates(db, args) : undefined,
		families.has('satisfaction') ? satisfactionAggregates(db, args) : undefined,
		families.has('baseline') && pairs.length ? baselineAggregates(db, { ...args, pairs }) : undefined
	]);
	return { delegation, volume, timeliness, satisfaction, baseline };
}

/** Exact KPI values of one (period, group); KPIs of families not run are null; `baselineKey` picks the pair. */
export function exactKpis(r: FamilyResults, pk: string, gk: string, baselineKey?: string): ExactKpis {
	const key = aggKey(pk, gk);
	const out = Object.fromEntries(KPI_IDS.map((k) => [k, null])) as ExactKpis;
	if (r.delegation) Object.assign(out, delegationKpis(r.delegation.get(key) ?? zeros(DELEGATION_COLS)));
	if (r.volume) Object.assign(out, volumeKpis(r.volume.get(key) ?? zeros(VOLUME_COLS)));
	if (r.timeliness) Object.assign(out, timelinessKpis(r.timeliness.get(key) ?? zeros(TIMELINESS_COLS)));
	if (r.satisfaction)
		Object.assign(out, satisfactionKpis(r.satisfaction.get(key) ?? zeros(SATISFACTION_COLS)));
	if (r.baseline && baselineKey) Object.assign(out, baselineKpis(r.baseline.get(aggKey(baselineKey, gk))));
	return out;
}

export function unrectifiedBadReviews(r: FamilyResults, pk: string, gk: string): number {
	return Number(r.satisfaction?.get(aggKey(pk, gk))?.unrectified ?? 0n);
}

/** JSON numbers in KPI table order; `speedup_vs_baseline` only when `withBaseline`. */
export function toReported(v: ExactKpis, withBaseline: boolean): ReportedKpis {
	const out: Record<string, number | null> = {};
	for (const k of KPI_IDS) {
		if (k === 'speedup_vs_baseline' && !withBaseline) continue;
		const x = v[k];
		out[k] = x === null ? null : toNumber(x);
	}
	return out as ReportedKpis;
}
