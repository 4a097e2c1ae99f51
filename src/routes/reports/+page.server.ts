/**
 * /reports — the assessment report (考核通报) for a period and scope: a preview (the print view itself, in a
 * sandboxed frame) and download links to GET /api/reports/assessment in every format. The URL is the state;
 * defaults are the dashboards' (latest month with data). Department users: their own scorecard only.
 */
import type { PageServerLoad } from './$types';
import { getAnalytics } from '$lib/server/analytics/instance';
import { requireUser } from '$lib/server/auth/guard';
import { deptScope } from '$lib/server/auth/policy';
import { dashboardContext } from '$lib/server/dashboard/page-filters';
import { noticeCountsFn } from '$lib/server/notices/counts';
import { taskSectionFn } from '$lib/server/tasks/report-section';
import { renderHtml } from '$lib/server/reports/html';
import { reportFor } from '$lib/server/reports/download';
import { scopeToParam } from '$lib/reports/types';

export const load: PageServerLoad = async (event) => {
	const user = requireUser(event);
	const db = await getAnalytics();
	const scope = deptScope(user);
	const ctx = await dashboardContext(db, event.url, { deptScope: scope });
	const params = new URLSearchParams(event.url.searchParams);
	params.set('from', ctx.filters.from);
	params.set('to', ctx.filters.to);
	if (ctx.defaulted && ctx.filters.baseline) {
		params.set('baseline_from', ctx.filters.baseline.from);
		params.set('baseline_to', ctx.filters.baseline.to);
	}
	params.delete('format');
	params.delete('table');
	const form = {
		from: ctx.filters.from,
		to: ctx.filters.to,
		baseline_from: params.get('baseline_from') ?? '',
		baseline_to: params.get('baseline_to') ?? '',
		scope: params.get('scope') ?? (scope ? `dept:${scope[0] ?? ''}` : 'jurisdiction')
	};
	const options = {
		regions: ctx.options.regions,
		peerGroups: ctx.options.peerGroups,
		departments: ctx.options.departments,
		deptLocked: scope !== null
	};
	const base = { form, options, coverage: { cases: ctx.coverage.cases, lastCase: ctx.coverage.lastCase } };
	if (ctx.coverage.cases === 0) return { ...base, error: null, query: '', preview: null, report: null };

	const built = await reportFor(db, params, { deptScope: scope, noticeCounts: noticeCountsFn(), taskSection: taskSectionFn(), defaultFormat: 'pdf', charts: true });
	if (built instanceof Response) {
		const body = (await built.json()) as { error: string };
		return { ...base, error: body.error, query: '', preview: null, report: null };
	}
	const { req, report } = built;
	const q = new URLSearchParams({ from: req.query.from, to: req.query.to });
	if (req.query.baseline) {
		q.set('baseline_from', req.query.baseline.from);
		q.set('baseline_to', req.query.baseline.to);
	}
	q.set('scope', scopeToParam(req.scope));
	if (req.lang === 'en') q.set('lang', 'en');
	return {
		...base,
		error: null,
		query: q.toString(),
		preview: renderHtml(report, { lang: req.lang, print: false }),
		report: {
			title: report.meta.title,
			lagging: report.lagging.map((l) => ({ dept_code: l.dept_code, name: l.name, score: l.score, reasons: l.reasons, reason_ids: l.reason_ids })),
			period: report.meta.period,
			tables: ['ranking', 'summary', 'lagging', ...(report.notices ? ['notices'] : []), 'appendix']
		}
	};
};
