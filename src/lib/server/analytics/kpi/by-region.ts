/**
 * One KPI per region, for the jurisdiction map (issue 15): the engine's `computeKpiTable` grouped by region —
 * a region counts its own departments and its sub-regions' (the same subtree as the `region` scope filter),
 * from the same family SQL as every report — narrowed to the regions asked for, with their names.
 *
 * Invariants: no KPI formula here; a region with no department in its subtree has no figure (null), not 0.
 * Unknown region codes in `codes` come back with a null value and the code as the name.
 */
import { listValue } from '@duckdb/node-api';
import type { KpiId } from '../../../kpi/catalog';
import type { Period } from '../../../kpi/types';
import type { RegionValue } from '../../../map/types';
import type { Analytics } from '../db';
import { computeKpiTable } from './compute-report';
import { periodQuery } from './query';
import type { Thresholds } from './thresholds';

export interface RegionKpiRequest {
	from: string;
	to: string;
	kpi: KpiId;
	/** The regions to answer for (e.g. the stored map's codes), in the order wanted. */
	codes: readonly string[];
	/** Needed by `speedup_vs_baseline` (null without one). */
	baseline?: Period | null;
	thresholds: Thresholds;
	/** Read the rollups: undefined = when fresh (default), false = never, true = required. */
	rollups?: boolean;
}

export async function kpiByRegion(db: Analytics, r: RegionKpiRequest): Promise<RegionValue[]> {
	if (!r.codes.length) return [];
	const extra: Record<string, string> = {};
	if (r.baseline) Object.assign(extra, { baseline_from: r.baseline.from, baseline_to: r.baseline.to });
	const q = periodQuery(r.from, r.to, extra);
	const [table, names] = await Promise.all([
		computeKpiTable(db, q, { thresholds: r.thresholds, groupBy: 'region', rollups: r.rollups }),
		db.query(`SELECT region_code, name FROM regions WHERE region_code IN (SELECT unnest($1::VARCHAR[]))`, [
			listValue([...r.codes])
		])
	]);
	const value = new Map(
		table.map((row) => [row.code, (row.kpis as Record<string, number | null | undefined>)[r.kpi] ?? null])
	);
	const name = new Map(names.map((n) => [n.region_code as string, n.name as string]));
	return r.codes.map((code) => ({
		region_code: code,
		name: name.get(code) ?? code,
		value: value.get(code) ?? null
	}));
}
