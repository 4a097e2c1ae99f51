/**
 * How dashboards call the KPI engine: the engine options (the administrators' active scheme and thresholds, as
 * the reports use them), the report cached per data version, and 同比 / 环比 reports — whose periods and
 * queries are the KPI layer's one comparison module (analytics/kpi/comparison.ts), on the parsed query.
 */
import type { Change, KpiQuery, KpiReport, ReportedKpis } from '../../kpi/types';
import type { KpiId } from '../../kpi/catalog';
import type { KpiCardData, SchemeColumn } from '../../dashboard/rows';
import type { Analytics } from '../analytics/db';
import { comparisonReports as compare, delta, type Comparisons } from '../analytics/kpi/comparison';
import { computeKpiReport, type EngineOptions } from '../analytics/kpi/compute-report';
import type { Scheme } from '../analytics/kpi/scheme';
import { activeScheme, activeThresholds } from '../settings/index';

/** The administrators' active scheme and thresholds (settings/; the shipped defaults until one is activated). */
export function engineOptions(): EngineOptions {
	return { scheme: activeScheme(), thresholds: activeThresholds() };
}

export function currentScheme(): Scheme {
	return engineOptions().scheme;
}

/** The scheme's indicators as column headers (assessment screen, department scorecard). */
export function schemeColumns(scheme: Scheme): SchemeColumn[] {
	return scheme.indicators.map((i) => ({
		id: i.id,
		kpi: i.kpi,
		weight: i.weight,
		lo: i.rule.lo,
		hi: i.rule.hi
	}));
}

export function report(db: Analytics, q: KpiQuery): Promise<KpiReport> {
	const opts = engineOptions();
	// Screens share reports (the period, 同比, 环比): one computation per data version (analytics/cache.ts).
	return db.memo(`kpiReport:${JSON.stringify([q, opts])}`, () => computeKpiReport(db, q, opts));
}

export type { Comparisons };

/** Reports for the same period last year (同比) and the previous period (环比), through the report cache. */
export function comparisonReports(db: Analytics, q: KpiQuery): Promise<Comparisons> {
	return compare(q, (x) => report(db, x));
}

/** Now vs then for the KPI cards (null-safe). */
export function change(now: ReportedKpis, then: ReportedKpis | undefined, id: KpiId): Change {
	const a = now[id as keyof ReportedKpis] ?? null;
	const b = then?.[id as keyof ReportedKpis] ?? null;
	return { value: b, delta: delta(a, b) };
}

/** The headline cards of `ids`: the period's values with 同比 / 环比 from the comparison reports. */
export function kpiCards(rep: KpiReport, cmp: Comparisons, ids: readonly KpiId[]): KpiCardData[] {
	const t = rep.total.kpis;
	return ids.map((id) => ({
		id,
		value: (t as Record<string, number | null>)[id] ?? null,
		// A speed-up against a baseline is itself a comparison: no 同比 / 环比 of its own.
		yoy: id === 'speedup_vs_baseline' ? null : change(t, cmp.yoy.total.kpis, id),
		pop: id === 'speedup_vs_baseline' ? null : change(t, cmp.pop.total.kpis, id)
	}));
}
