/**
 * /cockpit — the leaders' big screen (领导驾驶舱). Parameters (docs/reports.md): from / to (default: the latest
 * month with data), interval (seconds between data refreshes, default 300), rotate (seconds per page, default
 * 20), page (first page). The page re-runs this load with invalidate('app:cockpit'); every figure is the KPI
 * engine's (through the report model), notices come from the notices module.
 */
import type { PageServerLoad } from './$types';
import { getAnalytics } from '$lib/server/analytics/instance';
import { getAppDb } from '$lib/server/appdb';
import { requireUser } from '$lib/server/auth/guard';
import { dashboardContext } from '$lib/server/dashboard/context';
import { noticeCounts } from '$lib/server/notices/counts';
import { listNotices } from '$lib/server/notices/service';
import { buildReport } from '$lib/server/reports/model';
import { activeScheme, activeThresholds } from '$lib/server/settings';

function seconds(v: string | null, dflt: number, lo: number, hi: number): number {
	const n = v === null ? NaN : Number(v);
	return Number.isFinite(n) ? Math.min(hi, Math.max(lo, n)) : dflt;
}

export const load: PageServerLoad = async (event) => {
	const user = requireUser(event, ['leader', 'supervisor', 'admin']);
	event.depends('app:cockpit');
	const sp = event.url.searchParams;
	const settings = {
		interval: seconds(sp.get('interval'), 300, 0.2, 3600),
		rotate: seconds(sp.get('rotate'), 20, 0.2, 600),
		page: Math.trunc(seconds(sp.get('page'), 0, 0, 3))
	};
	const db = await getAnalytics();
	const ctx = await dashboardContext(db, event.url);
	const lang = event.locals.lang ?? 'zh';
	const base = { settings, generatedAt: new Date().toISOString() };
	if (!ctx.query || ctx.coverage.cases === 0) return { ...base, cockpit: null, invalid: ctx.invalid };

	const app = await getAppDb();
	const q = { ...ctx.query, dept: null, region: null, peer_group: null };
	const [report, counts, open] = await Promise.all([
		buildReport(db, q, { scheme: activeScheme(), thresholds: activeThresholds(), scope: { kind: 'jurisdiction' }, lang, trendOnly: true }),
		noticeCounts(app),
		listNotices(app, db, user, { status: 'active' }, { limit: 12 })
	]);
	const totals = counts.reduce((t, c) => ({ open: t.open + c.open, overdue: t.overdue + c.overdue, closed: t.closed + c.closed }), { open: 0, overdue: 0, closed: 0 });
	return {
		...base,
		invalid: null,
		cockpit: {
			title: report.meta.title,
			period: report.meta.periodLabel,
			headline: report.headline.map((h) => ({ id: h.id, name: h.name, unit: h.unit, better: h.better, value: h.value, yoy: h.yoy?.delta ?? null, pop: h.pop?.delta ?? null })),
			groups: report.groups.map((g) => ({
				peer_group: g.peer_group,
				rows: g.rows.map((r) => ({ name: r.name, score: r.score, grade: r.grade, rank: r.rank, lagging: r.lagging }))
			})),
			lagging: report.lagging.slice(0, 12).map((l) => ({ name: l.name, score: l.score, grade: l.grade, reasons: l.reasons })),
			laggingTotal: report.lagging.length,
			trend: report.trend,
			notices: { totals, open: open.map((n) => ({ id: n.id, dept: n.deptName, title: n.title, dueOn: n.dueOn, overdue: n.overdue, left: n.workdaysLeft })) }
		}
	};
};
