/**
 * The department scorecard: the department's row of the engine's report (every KPI, indicator scores,
 * deductions, score, grade, rank), its peer group's size, the previous period's score and rank, monthly
 * trends of the scheme's indicators, its items and its supervision flag counts.
 */
import type { KpiId } from '../../kpi/catalog';
import type { DepartmentResult, KpiQuery, ReportedKpis } from '../../kpi/types';
import type { Analytics } from '../analytics/db';
import type { ItemRow } from '../../kpi/item-row';
import type { SchemeColumn } from '../../dashboard/rows';
import { itemTable } from '../analytics/drilldown';
import { countFlags } from '../analytics/kpi/flags';
import { activeThresholds } from '../settings/index';
import { computeTrend } from '../analytics/kpi/trend';
import { previousRange, trailingMonths, type DateRange } from '../../period';
import { queryFor } from '../analytics/kpi/comparison';
import { currentScheme, report, schemeColumns } from './kpi-reports';

export interface DepartmentData {
	dept: DepartmentResult;
	total: ReportedKpis;
	groupSize: number;
	prev: { score: number | null; rank: number | null; range: DateRange } | null;
	indicators: SchemeColumn[];
	cap: number;
	trends: { kpi: KpiId; points: { bucket: string; value: number | null }[] }[];
	items: ItemRow[];
	flags: { asOf: string; counts: Record<string, number>; cases: number };
}

/** Null when the code is not a department (the engine answers QueryError for unknown codes). */
export async function departmentData(
	db: Analytics,
	q: KpiQuery,
	code: string
): Promise<DepartmentData | null> {
	// The ranking needs every department (no scope filter); the department's own figures are scoped to it.
	const all = { dept: null, region: null, peer_group: null };
	const own = { ...all, dept: [code] };
	const thresholds = activeThresholds();
	const scheme = currentScheme();
	const ownQ = queryFor(q, q, { keepBaseline: true, set: own });
	const trendQ = queryFor(q, trailingMonths(q.to), { set: own });
	const prevRange = previousRange(q);
	const [rep, prev, trends, items, flags] = await Promise.all([
		report(db, queryFor(q, q, { keepBaseline: true, set: all })),
		report(db, queryFor(q, prevRange, { set: all })),
		Promise.all(scheme.indicators.map((i) => computeTrend(db, trendQ, { thresholds, kpi: i.kpi }))),
		itemTable(db, ownQ, thresholds),
		countFlags(db, ownQ, { thresholds })
	]);
	const dept = rep.departments.find((d) => d.dept_code === code);
	if (!dept) return null;
	const p0 = prev.departments.find((d) => d.dept_code === code);
	return {
		dept,
		total: rep.total.kpis,
		groupSize: rep.departments.filter((d) => d.peer_group === dept.peer_group && d.score !== null).length,
		prev: p0 ? { score: p0.score, rank: p0.rank, range: prevRange } : null,
		indicators: schemeColumns(scheme),
		cap: scheme.deductions.cap,
		trends: trends.map((t) => ({
			kpi: t.kpi,
			points: t.points.map((x) => ({ bucket: x.bucket, value: x.value }))
		})),
		items,
		flags: { asOf: flags.as_of, counts: flags.total.counts, cases: flags.total.cases }
	};
}
