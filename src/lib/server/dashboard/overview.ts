/**
 * The overview (总览) screen's data: headline KPIs with 同比 / 环比, twelve-month trends, the ranking and
 * the lagging units, and the electronic-supervision counts — every figure from the KPI engine, the
 * independent queries run together.
 */
import type { KpiId } from '../../kpi/catalog';
import type { KpiQuery } from '../../kpi/types';
import type { Analytics } from '../analytics/db';
import { countFlags } from '../analytics/kpi/flags';
import { activeThresholds } from '../settings/index';
import { computeTrend } from '../analytics/kpi/trend';
import type { AuthUser } from '../auth/session';
import { trailingMonths } from '../../period';
import { queryFor } from '../analytics/kpi/comparison';
import { comparisonReports, kpiCards, report } from './kpi-reports';
import type { KpiCardData, RankRow } from '../../dashboard/rows';
import { rankRows } from './ranking';
import { getAppDb } from '../appdb/index';
import { noticeCounts } from '../notices/counts';
import { deptScope } from '../auth/policy';

/** The headline cards, in reading order. */
export const OVERVIEW_KPIS: KpiId[] = [
	'cases',
	'acceptance_rate',
	'on_time_rate',
	'speedup_vs_statutory',
	'speedup_vs_baseline',
	'mean_elapsed_workdays',
	'online_rate',
	'one_visit_rate',
	'satisfaction_rate',
	'rectification_rate'
];

export const TREND_KPIS: KpiId[] = [
	'speedup_vs_statutory',
	'speedup_vs_baseline',
	'on_time_rate',
	'online_rate',
	'satisfaction_rate',
	'cases'
];

export interface OverviewData {
	cards: KpiCardData[];
	trends: { kpi: KpiId; points: { bucket: string; value: number | null }[] }[];
	ranking: RankRow[];
	lagging: RankRow[];
	flags: { asOf: string; counts: Record<string, number>; cases: number };
	/** Supervision notices (督办) of the period per department, and their totals (notices/counts.ts). */
	notices: {
		byDept: Record<string, { open: number; overdue: number; closed: number }>;
		open: number;
		overdue: number;
		closed: number;
	};
	emptyPeriod: boolean;
}

export type OverviewCore = Omit<OverviewData, 'notices'>;

/** Supervision notices (督办) of the period per department and their totals, from the app database (never cached). */
export async function overviewNotices(
	user: Pick<AuthUser, 'role' | 'depts'>,
	period: { from: string; to: string }
): Promise<OverviewData['notices']> {
	const notices = await noticeCounts(await getAppDb(), { deptCodes: deptScope(user), period });
	return {
		byDept: Object.fromEntries(
			notices.map((n) => [n.dept_code, { open: n.open, overdue: n.overdue, closed: n.closed }])
		),
		open: notices.reduce((a, n) => a + n.open, 0),
		overdue: notices.reduce((a, n) => a + n.overdue, 0),
		closed: notices.reduce((a, n) => a + n.closed, 0)
	};
}

export async function overviewData(
	db: Analytics,
	q: KpiQuery,
	user: AuthUser,
	scoped: boolean
): Promise<OverviewData> {
	const [core, notices] = await Promise.all([
		overviewCore(db, q, user, scoped),
		overviewNotices(user, { from: q.from, to: q.to })
	]);
	return { ...core, notices };
}

/** Everything of the overview computed from the analytics database (role and scope of `user` only). */
export async function overviewCore(
	db: Analytics,
	q: KpiQuery,
	user: Pick<AuthUser, 'role' | 'depts'>,
	scoped: boolean
): Promise<OverviewCore> {
	const thresholds = activeThresholds();
	const trendQ = queryFor(q, trailingMonths(q.to));
	const [rep, cmp, trends, flags, full] = await Promise.all([
		report(db, q),
		comparisonReports(db, q),
		Promise.all(TREND_KPIS.map((kpi) => computeTrend(db, trendQ, { thresholds, kpi }))),
		countFlags(db, q, { thresholds }),
		// Department users: the ranking shows every department (others anonymous), not just the scope.
		scoped ? report(db, queryFor(q, q, { keepBaseline: true, set: { dept: null } })) : null
	]);
	const cards = kpiCards(rep, cmp, OVERVIEW_KPIS);
	const ranking = rankRows(user, full ?? rep);
	const lagging = ranking
		.filter((r) => r.lagging)
		.sort(
			(a, b) => (a.score ?? -1) - (b.score ?? -1) || String(a.dept_code).localeCompare(String(b.dept_code))
		);
	return {
		cards,
		trends: trends.map((tr) => ({
			kpi: tr.kpi,
			points: tr.points.map((p) => ({ bucket: p.bucket, value: p.value }))
		})),
		ranking,
		lagging,
		flags: { asOf: flags.as_of, counts: flags.total.counts, cases: flags.total.cases },
		emptyPeriod: (rep.total.kpis.cases ?? 0) === 0 && (rep.total.kpis.ratings ?? 0) === 0
	};
}
