/**
 * How dashboards call the KPI engine: the engine options (the administrators' active scheme and
 * thresholds, as the reports use them), and comparison queries (同比 / 环比 / previous assessment period) derived from the
 * page's query string and parsed again by the engine's one parser.
 */
import type { KpiQuery, KpiReport, ReportedKpis } from '../../kpi/types';
import type { KpiId } from '../../kpi/catalog';
import type { Analytics } from '../analytics/db';
import { computeKpiReport, type EngineOptions } from '../analytics/kpi/engine';
import { parseKpiQuery, QueryError } from '../analytics/kpi/query';
import type { Scheme } from '../analytics/kpi/scheme';
import { activeScheme, activeThresholds } from '../settings/index';
import { previousRange, sameRangeLastYear, type DateRange } from '../../period';

/** The administrators' active scheme and thresholds (settings/; the shipped defaults until one is activated). */
export function engineOptions(): EngineOptions {
	return { scheme: activeScheme(), thresholds: activeThresholds() };
}

export function currentScheme(): Scheme {
	return engineOptions().scheme;
}

/** The same query for another period (no baseline): filters unchanged, parsed by the engine's parser. */
export function shiftedQuery(
	search: string,
	r: DateRange,
	keepBaseline = false,
	extra: Record<string, string> = {}
): KpiQuery {
	const p = new URLSearchParams(search);
	for (const [k, v] of Object.entries(extra)) p.set(k, v);
	p.set('from', r.from);
	p.set('to', r.to);
	if (!keepBaseline) {
		p.delete('baseline_from');
		p.delete('baseline_to');
	}
	const q = parseKpiQuery(p);
	if (q instanceof QueryError) throw q;
	return q;
}

export function report(db: Analytics, q: KpiQuery): Promise<KpiReport> {
	const opts = engineOptions();
	// Screens share reports (the period, 同比, 环比): one computation per data version (analytics/cache.ts).
	return db.memo(`kpiReport:${JSON.stringify([q, opts])}`, () => computeKpiReport(db, q, opts));
}

export interface Comparisons {
	yoy: KpiReport;
	pop: KpiReport;
	yoyRange: DateRange;
	popRange: DateRange;
}

/** Reports for the same period last year (同比) and the previous period (环比). */
export async function comparisonReports(db: Analytics, search: string, q: KpiQuery): Promise<Comparisons> {
	const yoyRange = sameRangeLastYear(q);
	const popRange = previousRange(q);
	const [yoy, pop] = await Promise.all([
		report(db, shiftedQuery(search, yoyRange)),
		report(db, shiftedQuery(search, popRange))
	]);
	return { yoy, pop, yoyRange, popRange };
}

export interface Change {
	value: number | null;
	delta: number | null;
}

/** Now vs then for the KPI cards (null-safe). */
export function change(now: ReportedKpis, then: ReportedKpis | undefined, id: KpiId): Change {
	const a = now[id as keyof ReportedKpis] ?? null;
	const b = then?.[id as keyof ReportedKpis] ?? null;
	return { value: b, delta: a === null || b === null ? null : a - b };
}
