/**
 * KPI breakdowns: the engine's KPIs per department, region, item, batch or channel over the query's scope and
 * slice — the numbers of every breakdown and drill-down table (analytics/breakdowns.ts, drilldown.ts), from the
 * same family SQL as the report. Per department / region through the frame's groupings; per item, batch or
 * channel through the families' fact key (sql-frame.ts `factKey`), so a row equals the report's KPI for the same
 * filter narrowed to that key (tests/unit/kpi/breakdown.test.ts).
 *
 * Besides the KPI values a row carries the families' integer aggregates (`counts`: numerators and
 * denominators, e.g. delegated / accepted / active items), for tables that show counts rather than ratios.
 *
 * Rows: the keys with at least one fact in a family run (zero rows are not invented), ordered by key, a null key
 * (items without a batch, cases without a channel, ratings without a case) last. A family that cannot answer a
 * key (delegation per channel: items have none) is not run; its KPIs are null.
 */
import { KPI_IDS, type KpiFamily, type KpiId } from '../../../kpi/catalog';
import type { KpiQuery, ReportedKpis } from '../../../kpi/types';
import type { Analytics } from '../db';
import {
	argsOf,
	exactKpis,
	familiesOf,
	runFamilies,
	toReported,
	useRollups,
	type FamilyResults
} from './compute';
import { aggKey, factKeyOf, FACT_KEYS, TOTAL_KEY, type FactKey, type GroupKind } from './sql-frame';
import { DELEGATION_COLS } from './delegation';
import { departmentsInScope } from './compute-report';
import { SATISFACTION_COLS } from './satisfaction';
import type { Thresholds } from './thresholds';
import { TIMELINESS_COLS } from './timeliness';
import { VOLUME_COLS } from './volume';

export const BREAKDOWN_KEYS = ['dept', 'region', ...FACT_KEYS] as const;
export type BreakdownKey = (typeof BREAKDOWN_KEYS)[number];

/** The fact keys each family can group by. */
const FAMILY_KEYS: Record<KpiFamily, readonly FactKey[]> = {
	delegation: ['item', 'batch'],
	volume: FACT_KEYS,
	timeliness: FACT_KEYS,
	satisfaction: FACT_KEYS,
	baseline: FACT_KEYS
};

type Counts<C extends readonly string[]> = Record<C[number], number>;

/** The families' integer aggregates of one row (present for the families run). */
export interface BreakdownCounts {
	delegation?: Counts<typeof DELEGATION_COLS>;
	volume?: Counts<typeof VOLUME_COLS>;
	timeliness?: Counts<typeof TIMELINESS_COLS>;
	satisfaction?: Counts<typeof SATISFACTION_COLS>;
}

export interface BreakdownRow {
	/** dept_code, region_code, item_code, batch or channel; null = facts without that key. */
	key: string | null;
	kpis: ReportedKpis;
	counts: BreakdownCounts;
}

export interface BreakdownOptions {
	thresholds: Thresholds;
	by: BreakdownKey;
	/** The KPIs wanted (only their families run); default every KPI. */
	kpis?: readonly KpiId[];
	/** Fact keys only: just these values (one item's page). */
	only?: readonly string[] | null;
	/** Read the rollups: undefined = when fresh (default), false = never, true = required. */
	rollups?: boolean;
}

const isFactKey = (k: BreakdownKey): k is FactKey => (FACT_KEYS as readonly string[]).includes(k);

const COLS = {
	delegation: DELEGATION_COLS,
	volume: VOLUME_COLS,
	timeliness: TIMELINESS_COLS,
	satisfaction: SATISFACTION_COLS
} as const;

function countsOf(r: FamilyResults, key: string): BreakdownCounts {
	const out: Record<string, Record<string, number>> = {};
	for (const [family, cols] of Object.entries(COLS) as [keyof typeof COLS, readonly string[]][]) {
		const m = r[family] as Map<string, Record<string, bigint>> | undefined;
		if (!m) continue;
		const agg = m.get(key);
		out[family] = Object.fromEntries(cols.map((c) => [c, Number(agg?.[c] ?? 0n)]));
	}
	return out as BreakdownCounts;
}

/** The group keys (gk) of the rows, with the key each stands for. */
function rowKeys(r: FamilyResults, by: BreakdownKey): Map<string, string | null> {
	const out = new Map<string, string | null>();
	const prefix = by === 'dept' ? 'd:' : by === 'region' ? 'r:' : null;
	for (const m of Object.values(r) as (Map<string, unknown> | undefined)[]) {
		for (const k of m?.keys() ?? []) {
			const gk = k.slice(k.indexOf('\u0000') + 1);
			if (prefix) {
				if (gk.startsWith(prefix)) out.set(gk, gk.slice(prefix.length));
			} else {
				const v = factKeyOf(gk, TOTAL_KEY);
				if (v !== undefined) out.set(gk, v);
			}
		}
	}
	return out;
}

const byKey = (a: BreakdownRow, z: BreakdownRow) =>
	a.key === z.key ? 0 : a.key === null ? 1 : z.key === null ? -1 : a.key < z.key ? -1 : 1;

export async function computeKpiBreakdown(
	db: Analytics,
	q: KpiQuery,
	opts: BreakdownOptions
): Promise<BreakdownRow[]> {
	const fact = isFactKey(opts.by) ? opts.by : null;
	const families = familiesOf(opts.kpis ?? KPI_IDS);
	if (fact) for (const f of families) if (!FAMILY_KEYS[f].includes(fact)) families.delete(f);
	const rollups = await useRollups(db, opts.thresholds, opts.rollups);
	const periods = [{ key: 'p', from: q.from, to: q.to }];
	const kind: GroupKind = fact ? 'total' : (opts.by as GroupKind);
	const args = {
		...argsOf(q, periods, [{ kind, scoped: true }], opts.thresholds, rollups),
		key: fact ? { by: fact, only: opts.only ?? null } : null
	};
	const pairs = q.baseline ? [{ key: 'p', now: periods[0], base: { key: 'b', ...q.baseline } }] : [];
	const [, results] = await Promise.all([
		departmentsInScope(db, q), // rejects unknown dept / region codes, as the report does
		runFamilies(db, args, families, pairs)
	]);
	const withBaseline = q.baseline !== null;
	return [...rowKeys(results, opts.by)]
		.map(([gk, key]) => ({
			key,
			kpis: toReported(exactKpis(results, 'p', gk, withBaseline ? 'p' : undefined), withBaseline),
			counts: countsOf(results, aggKey('p', gk))
		}))
		.sort(byKey);
}
