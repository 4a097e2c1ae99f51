/**
 * Data of the three thematic screens — delegated powers (权力下放承接), time compression (审批提速) and
 * satisfaction (好差评): headline KPIs with 同比 / 环比 and per-department KPIs from the engine, and the
 * breakdowns (analytics/breakdowns.ts) beside them. Independent queries run together.
 */
import { DELEGATION_KPI_IDS, type KpiId } from '../../kpi/catalog';
import type { DeptKpis, KpiQuery } from '../../kpi/types';
import { RATING_CHANNELS } from '../analytics/schema';
import type { Analytics } from '../analytics/db';
import {
	badReviews,
	daysCompared,
	delegationBreakdown,
	elapsedHistogram,
	flaggedItems,
	handoverLags,
	idleItems,
	ratingDistribution
} from '../analytics/breakdowns';
import { countFlags, listFlags } from '../analytics/kpi/flags';
import { activeThresholds } from '../settings/index';
import { maskPersonal } from '../auth/policy';
import type { AuthUser } from '../auth/session';
import { queryFor } from '../analytics/kpi/comparison';
import { comparisonReports, kpiCards, report } from './kpi-reports';

async function headline(db: Analytics, q: KpiQuery, ids: KpiId[]) {
	const [rep, cmp] = await Promise.all([report(db, q), comparisonReports(db, q)]);
	const cards = kpiCards(rep, cmp, ids);
	const departments: DeptKpis[] = rep.departments.map((d) => ({
		dept_code: d.dept_code,
		name: d.name,
		peer_group: d.peer_group,
		kpis: d.kpis
	}));
	return { rep, cards, departments };
}

export const DELEGATION_KPIS: KpiId[] = [...DELEGATION_KPI_IDS, 'promise_compression_rate'];

export async function delegationData(db: Analytics, q: KpiQuery) {
	const t = activeThresholds();
	const [h, byDept, byBatch, lags, idle, upstream, cancelled] = await Promise.all([
		headline(db, q, DELEGATION_KPIS),
		delegationBreakdown(db, q, t, 'dept'),
		delegationBreakdown(db, q, t, 'batch'),
		handoverLags(db, q),
		idleItems(db, q, 200, t),
		flaggedItems(db, q, t, 'nominal'),
		flaggedItems(db, q, t, 'cancelled')
	]);
	return {
		cards: h.cards,
		handoverDays: t.handoverDays,
		transitionMonths: t.transitionMonths,
		byDept,
		byBatch,
		lags,
		idle,
		idleTotal: h.rep.total.kpis.idle_items ?? 0,
		upstream,
		cancelled,
		emptyPeriod: (h.rep.total.kpis.delegated_items ?? 0) === 0 && (h.rep.total.kpis.cases ?? 0) === 0
	};
}

export const TIMELINESS_KPIS: KpiId[] = [
	'cases',
	'completed',
	'on_time_rate',
	'mean_elapsed_workdays',
	'immediate_rate',
	'speedup_vs_statutory',
	'speedup_vs_baseline',
	'promise_compression_rate',
	'online_rate',
	'one_visit_rate',
	'zero_visit_rate',
	'rejection_rate',
	'return_rate'
];

export async function timelinessData(db: Analytics, q: KpiQuery) {
	const t = activeThresholds();
	const redQ = queryFor(q, q, {
		keepBaseline: true,
		set: { flag: ['red_overdue'], sort: 'days_left', order: 'asc', limit: 10, offset: 0 }
	});
	const [h, byDept, byItem, hist, flags, red] = await Promise.all([
		headline(db, q, TIMELINESS_KPIS),
		daysCompared(db, q, 'dept', 20, t),
		daysCompared(db, q, 'item', 15, t),
		elapsedHistogram(db, q),
		countFlags(db, q, { thresholds: t }),
		listFlags(db, redQ, { thresholds: t })
	]);
	return {
		cards: h.cards,
		departments: h.departments,
		byDept,
		byItem,
		hist,
		flags: {
			asOf: flags.as_of,
			red: flags.total.counts.red_overdue,
			yellow: flags.total.counts.yellow_due_soon
		},
		red: red.rows,
		emptyPeriod: (h.rep.total.kpis.cases ?? 0) === 0 && (h.rep.total.kpis.completed ?? 0) === 0
	};
}

export const SATISFACTION_KPIS: KpiId[] = [
	'ratings',
	'satisfaction_rate',
	'mean_score',
	'bad_reviews',
	'rectification_rate',
	'rating_coverage',
	'default_ratings'
];

export async function satisfactionData(db: Analytics, q: KpiQuery, user: AuthUser) {
	const t = activeThresholds();
	const [h, byDept, byChannel, channelReports, bad] = await Promise.all([
		headline(db, q, SATISFACTION_KPIS),
		ratingDistribution(db, q, 'dept'),
		ratingDistribution(db, q, 'channel'),
		// Per rating channel, the engine's own satisfaction figures (rating_channel slice).
		Promise.all(
			RATING_CHANNELS.map((ch) =>
				report(db, queryFor(q, q, { keepBaseline: true, set: { rating_channel: ch } }))
			)
		),
		badReviews(db, q, t, 200)
	]);
	return {
		cards: h.cards,
		departments: h.departments,
		byDept,
		byChannel,
		channels: RATING_CHANNELS.map((ch, i) => ({
			channel: ch,
			ratings: channelReports[i].total.kpis.ratings,
			satisfaction_rate: channelReports[i].total.kpis.satisfaction_rate,
			mean_score: channelReports[i].total.kpis.mean_score,
			bad_reviews: channelReports[i].total.kpis.bad_reviews,
			default_ratings: channelReports[i].total.kpis.default_ratings
		})),
		bad: {
			total: bad.total,
			rows: maskPersonal(user, bad.rows as unknown as Record<string, unknown>[]) as unknown as typeof bad.rows
		},
		rectificationDays: t.rectificationDays,
		// A period with default ratings only still has something to show (the default_ratings card).
		emptyPeriod: (h.rep.total.kpis.ratings ?? 0) === 0 && (h.rep.total.kpis.default_ratings ?? 0) === 0
	};
}
