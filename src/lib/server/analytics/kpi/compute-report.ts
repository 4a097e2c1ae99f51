/**
 * The KPI report: every KPI for the period (jurisdiction total over the scope, and every department), the
 * assessment of every department under a scheme, as the one JSON object the API, the CLI and the exports share.
 *
 * Scope filters (dept, region, peer_group) choose the departments the total covers and the report lists;
 * ranks, bottom shares and lagging always compare a department with its whole peer group, so a filtered view
 * never changes a unit's rank. Slice filters (power_type, channel, rating_channel) change what every KPI
 * counts, assessment included. All family queries and the deduction counts run concurrently.
 */
import { KPI_IDS, type FlagId } from '../../../kpi/catalog';
import type { DepartmentResult, KpiQuery, KpiReport, ReportedKpis } from '../../../kpi/types';
import type { Analytics } from '../db';
import { assess, type AssessmentInput } from './assessment';
import {
	argsOf,
	exactKpis,
	familiesOf,
	runFamilies,
	toReported,
	unrectifiedBadReviews,
	useRollups,
	type ExactKpis
} from './compute';
import { aggKey, Binder, deptKey, frame, hasScope, regionKey, TOTAL_KEY } from './sql-frame';
import { VOLUME_FLAG_COUNTS } from './volume';
import { deductionFlagCounts } from './flags';
import { QueryError } from './query';
import type { Scheme } from './scheme';
import type { Thresholds } from './thresholds';

export interface EngineOptions {
	scheme: Scheme;
	thresholds: Thresholds;
	/** Read the rollups: undefined = when fresh (default), false = never, true = required. */
	rollups?: boolean;
}

interface DeptRow {
	dept_code: string;
	name: string;
	peer_group: string | null;
	in_scope: boolean;
}

/** Every department, flagged with whether the scope filters select it; unknown dept / region codes → QueryError. */
export async function departmentsInScope(db: Analytics, q: KpiQuery): Promise<DeptRow[]> {
	const b = new Binder();
	const scope = { dept: q.dept, region: q.region, peer_group: q.peer_group };
	const sql = `${frame(b, { periods: [{ key: 'p', from: q.from, to: q.to }], groups: [{ kind: 'total', scoped: true }], scope })}
	SELECT d.dept_code, d.name, d.peer_group, d.dept_code IN (SELECT dept_code FROM scope_d) AS in_scope
	FROM departments d ORDER BY d.dept_code`;
	const checks: Promise<unknown>[] = [db.query(sql, b.params)];
	if (q.region) checks.push(db.query(`SELECT 1 FROM regions WHERE region_code = $1`, [q.region]));
	const [rows, region] = (await Promise.all(checks)) as [Record<string, unknown>[], unknown[] | undefined];
	if (q.region && !region?.length)
		throw new QueryError('region', `未知区划：${q.region}`, `unknown region: ${q.region}`);
	if (q.dept) {
		const known = new Set(rows.map((r) => r.dept_code as string));
		const missing = q.dept.filter((d) => !known.has(d));
		if (missing.length)
			throw new QueryError(
				'dept',
				`未知部门：${missing.join(', ')}`,
				`unknown department: ${missing.join(', ')}`
			);
	}
	const out = rows.map((r) => ({
		dept_code: r.dept_code as string,
		name: r.name as string,
		peer_group: (r.peer_group as string | null) ?? null,
		in_scope: hasScope(scope) ? r.in_scope === true : true
	}));
	return out.sort((a, z) => (a.dept_code < z.dept_code ? -1 : a.dept_code > z.dept_code ? 1 : 0));
}

export async function computeKpiReport(db: Analytics, q: KpiQuery, opts: EngineOptions): Promise<KpiReport> {
	const { scheme, thresholds } = opts;
	const periods = [{ key: 'p', from: q.from, to: q.to }];
	const rollups = await useRollups(db, thresholds, opts.rollups);
	const args = argsOf(
		q,
		periods,
		[
			{ kind: 'total', scoped: true },
			{ kind: 'dept', scoped: false }
		],
		thresholds,
		rollups
	);
	const pairs = q.baseline ? [{ key: 'p', now: periods[0], base: { key: 'b', ...q.baseline } }] : [];
	const deductFlags = (Object.entries(scheme.deductions.flags) as [FlagId, number][])
		.filter(([, v]) => v > 0)
		.map(([f]) => f);
	// Deduction counts the volume family already has come from it; any other flag needs the flag engine.
	const fromVolume = (f: FlagId): f is keyof typeof VOLUME_FLAG_COUNTS => f in VOLUME_FLAG_COUNTS;
	const otherFlags = deductFlags.filter((f) => !fromVolume(f));

	const [depts, results, flagCounts] = await Promise.all([
		departmentsInScope(db, q),
		runFamilies(db, args, familiesOf(KPI_IDS), pairs),
		deductionFlagCounts(db, q, otherFlags, thresholds)
	]);
	const flagCountsOf = (dept: string): Partial<Record<FlagId, number>> => {
		const out: Partial<Record<FlagId, number>> = { ...flagCounts.get(dept) };
		const v = results.volume?.get(aggKey('p', deptKey(dept)));
		for (const f of deductFlags) if (fromVolume(f)) out[f] = Number(v?.[VOLUME_FLAG_COUNTS[f]] ?? 0n);
		return out;
	};
	const withBaseline = q.baseline !== null;
	const bk = withBaseline ? 'p' : undefined;

	const inputs: AssessmentInput[] = depts.map((d) => ({
		dept_code: d.dept_code,
		peer_group: d.peer_group,
		kpis: exactKpis(results, 'p', deptKey(d.dept_code), bk),
		flagCounts: flagCountsOf(d.dept_code),
		unrectifiedBadReviews: unrectifiedBadReviews(results, 'p', deptKey(d.dept_code))
	}));
	const assessed = assess(scheme, inputs);

	const departments: DepartmentResult[] = depts.flatMap((d, n) => {
		if (!d.in_scope) return [];
		const a = assessed.get(d.dept_code)!;
		return [
			{
				dept_code: d.dept_code,
				name: d.name,
				peer_group: d.peer_group,
				kpis: toReported(inputs[n].kpis as ExactKpis, withBaseline),
				indicator_scores: a.indicator_scores,
				deductions: a.deductions,
				score: a.score,
				grade: a.grade,
				rank: a.rank,
				lagging: a.lagging,
				lagging_reasons: a.lagging_reasons
			}
		];
	});

	return {
		period: { from: q.from, to: q.to },
		baseline: q.baseline ? { from: q.baseline.from, to: q.baseline.to } : null,
		scheme: scheme.name,
		total: { kpis: toReported(exactKpis(results, 'p', TOTAL_KEY, bk), withBaseline) },
		departments
	};
}

export interface KpiTableRow {
	/** dept_code or region_code. */
	code: string;
	kpis: ReportedKpis;
}

/**
 * Every KPI per department or per region (a region aggregates its whole subtree) over the scope, from the
 * same family SQL as the report — for ranking tables and maps. Rows ordered by code; departments or regions
 * without any fact still appear (zero counts, null ratios) when they are in the scope.
 */
export async function computeKpiTable(
	db: Analytics,
	q: KpiQuery,
	opts: { thresholds: Thresholds; groupBy: 'dept' | 'region'; rollups?: boolean }
): Promise<KpiTableRow[]> {
	const rollups = await useRollups(db, opts.thresholds, opts.rollups);
	const periods = [{ key: 'p', from: q.from, to: q.to }];
	const args = argsOf(q, periods, [{ kind: opts.groupBy, scoped: true }], opts.thresholds, rollups);
	const pairs = q.baseline ? [{ key: 'p', now: periods[0], base: { key: 'b', ...q.baseline } }] : [];
	const b = new Binder();
	const codesSql =
		opts.groupBy === 'dept'
			? `${frame(b, args)} SELECT dept_code AS code FROM scope_d`
			: `${frame(b, args)} SELECT DISTINCT substr(gk, 3) AS code FROM gm`;
	const [, results, codes] = await Promise.all([
		departmentsInScope(db, q), // rejects unknown dept / region codes
		runFamilies(db, args, familiesOf(KPI_IDS), pairs),
		db.query(codesSql, b.params)
	]);
	const key = opts.groupBy === 'dept' ? deptKey : regionKey;
	return codes
		.map((r) => r.code as string)
		.sort((a, z) => (a < z ? -1 : a > z ? 1 : 0))
		.map((code) => ({
			code,
			kpis: toReported(exactKpis(results, 'p', key(code), q.baseline ? 'p' : undefined), q.baseline !== null)
		}));
}
