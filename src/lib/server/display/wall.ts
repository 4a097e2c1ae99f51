/**
 * The big screen's data (issue 15): one object for the wall, read by /display (display links) and /cockpit
 * (signed-in leaders) alike. Every figure comes from the engines — the KPI engine through the report model
 * (headline with 同比 / 环比, ranking, lagging units, 12-month trend), the KPI engine and the flags for the live
 * counters (the live day and the month so far: the same query for those periods, kpi/comparison.ts
 * `queryFor`), the notices module, the task ledger, the project engine — none is computed here.
 *
 * Scope: the jurisdiction, or one region (a display link's scope): the KPI query's `region` filter, the
 * lagging units and notices of that region's departments, its projects.
 *
 * "Today" on a wall is the latest day the data reaches, at most today: a county importing every night shows
 * yesterday's counts the next morning, labelled with their date, rather than zeros.
 */
import type { KpiQuery } from '../../kpi/types';
import type { Lang } from '../../i18n';
import type { Analytics } from '../analytics/db';
import { localToday } from '../clock';
import { queryFor } from '../analytics/kpi/comparison';
import { computeKpiReport } from '../analytics/kpi/compute-report';
import { countFlags } from '../analytics/kpi/flags';
import { dataVersion } from '../analytics/status';
import { regionSubtree } from '../analytics/regions';
import { getAppDb, type AppDb } from '../appdb/index';
import type { Thresholds } from '../analytics/kpi/thresholds';
import { dashboardContext } from '../dashboard/page-filters';
import { noticeCounts } from '../notices/counts';
import { inScope, type ProjectEntry } from '../analytics/projects/figures';
import { projectFigures } from '../dashboard/projects';
import { buildReport, jurisdictionName } from '../reports/model';
import { activeScheme, activeThresholds } from '../settings';
import { taskSummary } from '../tasks/ledger';
import { wallMap } from './map';
import type { WallLayout } from '../../display/layout';
import { WALL_PROJECT_FIGURES, type WallData } from '../../display/types';

export type { WallData };

const monthStart = (d: string) => `${d.slice(0, 7)}-01`;

async function taskFigures(app: AppDb, today: string, depts: string[] | null): Promise<WallData['tasks']> {
	const s = await taskSummary(app, { id: 0, username: 'wall', role: 'leader', depts: [] }, { today, depts });
	return s ? s.counts : null;
}

function wallProjects(
	db: Analytics,
	today: string,
	thresholds: Thresholds,
	scope: { regions: Set<string>; depts: string[] } | null
): Promise<WallData['projects']> {
	const select = (projects: ProjectEntry[]) =>
		scope
			? projects.filter(
					(p) => (p.region_code && scope.regions.has(p.region_code)) || inScope([p], scope.depts).length > 0
				)
			: projects;
	return projectFigures(db, today, thresholds, select, WALL_PROJECT_FIGURES);
}

/** The wall for a scope and layout, memoised per data version (every screen showing it shares one computation). */
export function wallData(
	db: Analytics,
	opts: { regionCode: string | null; layout: WallLayout; lang: Lang }
): Promise<WallData | null> {
	return db.memo(`wall:v1:${JSON.stringify([opts.regionCode, opts.layout, opts.lang, localToday()])}`, () =>
		computeWall(db, opts)
	);
}

async function computeWall(
	db: Analytics,
	opts: { regionCode: string | null; layout: WallLayout; lang: Lang }
): Promise<WallData | null> {
	const version = await dataVersion(db);
	const ctx = await dashboardContext(db, new URL('http://wall/'));
	if (!ctx.query || ctx.coverage.cases === 0) return null;
	const thresholds = activeThresholds();
	const scheme = activeScheme();
	const region = opts.regionCode;
	const q: KpiQuery = { ...ctx.query, dept: null, region, peer_group: null };
	const app = await getAppDb();
	const scope = region ? await regionSubtree(db, region) : null;
	const deptCodes = scope ? scope.depts : null;
	const scopeName = region ? (ctx.options.regions.find((r) => r.code === region)?.name ?? region) : '';

	const today = localToday();
	const lastCase = ctx.coverage.lastCase ?? today;
	const liveDay = lastCase < today ? lastCase : today;
	const liveQ = queryFor(q, { from: liveDay, to: liveDay });
	const monthQ = queryFor(q, { from: monthStart(liveDay), to: liveDay });

	// Everything at once: after an import the cache is empty and the screen waits for the slowest part only.
	const wantTasks = opts.layout.panels.includes('tasks');
	const wantProjects = opts.layout.panels.includes('projects');
	const [report, counts, liveRep, monthRep, flags, map, tasks, projects] = await Promise.all([
		buildReport(db, q, {
			scheme,
			thresholds,
			scope: region ? { kind: 'region', code: region } : { kind: 'jurisdiction' },
			lang: opts.lang,
			trendOnly: true
		}),
		noticeCounts(app, { deptCodes }),
		computeKpiReport(db, liveQ, { scheme, thresholds }),
		computeKpiReport(db, monthQ, { scheme, thresholds }),
		countFlags(db, { ...liveQ, as_of: liveDay }, { thresholds }),
		opts.layout.panels.includes('map')
			? wallMap(db, app, { regionCode: region, kpi: opts.layout.mapKpi, from: q.from, to: q.to, thresholds })
			: null,
		wantTasks ? taskFigures(app, today, deptCodes) : null,
		wantProjects ? wallProjects(db, today, thresholds, scope) : null
	]);
	const byDept = new Map(counts.map((c) => [c.dept_code, c]));
	const totals = counts.reduce(
		(t, c) => ({ open: t.open + c.open, overdue: t.overdue + c.overdue, closed: t.closed + c.closed }),
		{ open: 0, overdue: 0, closed: 0 }
	);
	const bad = monthRep.total.kpis.bad_reviews;
	const rect = monthRep.total.kpis.rectification_rate;

	return {
		title:
			opts.lang === 'zh'
				? `${scopeName || jurisdictionName(ctx.dims)}放管服改革数据大屏`
				: `${scopeName || jurisdictionName(ctx.dims)} reform dashboard`,
		scopeName,
		period: { label: report.meta.periodLabel, from: q.from, to: q.to },
		headline: report.headline.map((h) => ({
			id: h.id,
			name: h.name,
			unit: h.unit,
			better: h.better,
			value: h.value,
			yoy: h.yoy?.delta ?? null,
			pop: h.pop?.delta ?? null
		})),
		ranking: report.groups.map((g) => ({
			peer_group: g.peer_group,
			rows: g.rows.map((r) => ({
				name: r.name,
				score: r.score,
				grade: r.grade,
				rank: r.rank,
				lagging: r.lagging
			}))
		})),
		lagging: report.lagging.slice(0, 8).map((l) => ({
			dept_code: l.dept_code,
			name: l.name,
			score: l.score,
			reasons: l.reasons,
			notices: { open: byDept.get(l.dept_code)?.open ?? 0, overdue: byDept.get(l.dept_code)?.overdue ?? 0 }
		})),
		laggingTotal: report.lagging.length,
		notices: totals,
		trend: report.trend,
		live: {
			date: liveDay,
			today: liveDay === today,
			submitted: liveRep.total.kpis.cases,
			completed: liveRep.total.kpis.completed,
			overdue: flags.total.counts.red_overdue,
			badReviews: bad,
			badUnrectified: bad === null ? null : rect === null ? bad : Math.round(bad * (1 - rect))
		},
		tasks,
		projects,
		map,
		version,
		generatedAt: new Date().toISOString()
	};
}
