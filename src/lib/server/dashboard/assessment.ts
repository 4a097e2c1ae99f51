/**
 * The assessment (考核) screen's data: every department's indicator scores, deductions, score, grade and
 * rank by peer group, with the change since the previous period (score and rank from the engine's
 * report for that period), and the scheme's indicators for the column headers. Department users see
 * other departments only as anonymous rank positions.
 */
import type { DepartmentResult, KpiQuery, KpiReport } from '../../kpi/types';
import type { Analytics } from '../analytics/db';
import { deptScope } from '../auth/policy';
import type { AuthUser } from '../auth/session';
import { previousRange, type DateRange } from '../../period';
import type { AssessmentRow, SchemeColumn } from '../../dashboard/rows';
import { queryFor } from '../analytics/kpi/comparison';
import { currentScheme, report, schemeColumns } from './kpi-reports';

export interface AssessmentData {
	scheme: { name: string; title: string | null; indicators: SchemeColumn[]; cap: number };
	previous: DateRange;
	groups: { peer_group: string | null; rows: AssessmentRow[] }[];
	total: KpiReport['total'];
	emptyPeriod: boolean;
}

function byRank(a: AssessmentRow, b: AssessmentRow): number {
	const ra = a.rank ?? Number.POSITIVE_INFINITY;
	const rb = b.rank ?? Number.POSITIVE_INFINITY;
	return ra - rb || String(a.dept_code ?? '').localeCompare(String(b.dept_code ?? ''));
}

export async function assessmentData(
	db: Analytics,
	q: KpiQuery,
	user: AuthUser,
	lang: 'zh' | 'en'
): Promise<AssessmentData> {
	const scope = deptScope(user);
	// Department users: the whole ranking (others anonymous), so the report runs without the dept filter.
	const all = scope ? { dept: null } : {};
	const prevRange = previousRange(q);
	const [rep, prev] = await Promise.all([
		report(db, scope ? queryFor(q, q, { keepBaseline: true, set: all }) : q),
		report(db, queryFor(q, prevRange, { set: all }))
	]);
	const scheme = currentScheme();
	const prevBy = new Map(prev.departments.map((d) => [d.dept_code, d]));
	const rows: AssessmentRow[] = rep.departments.map((d: DepartmentResult) => {
		const mine = !scope || scope.includes(d.dept_code);
		const p = prevBy.get(d.dept_code);
		return {
			dept_code: mine ? d.dept_code : null,
			name: mine ? d.name : null,
			peer_group: d.peer_group,
			indicator_scores: mine ? d.indicator_scores : {},
			indicator_values: mine
				? Object.fromEntries(
						scheme.indicators.map((i) => [i.id, (d.kpis as Record<string, number | null>)[i.kpi] ?? null])
					)
				: {},
			deductions: mine ? d.deductions : null,
			score: d.score,
			grade: d.grade,
			rank: d.rank,
			lagging: mine ? d.lagging : false,
			lagging_reasons: mine ? d.lagging_reasons : [],
			prev: mine && p ? { score: p.score, rank: p.rank } : null,
			anonymous: !mine,
			own: !!scope && mine
		};
	});
	const groups = new Map<string | null, AssessmentRow[]>();
	for (const r of rows) {
		if (!groups.has(r.peer_group)) groups.set(r.peer_group, []);
		groups.get(r.peer_group)!.push(r);
	}
	return {
		scheme: {
			name: scheme.name,
			title: scheme.title?.[lang] ?? null,
			indicators: schemeColumns(scheme),
			cap: scheme.deductions.cap
		},
		previous: prevRange,
		groups: [...groups.entries()]
			.map(([peer_group, rs]) => ({ peer_group, rows: rs.sort(byRank) }))
			.sort((a, b) =>
				String(a.peer_group ?? '\uffff').localeCompare(String(b.peer_group ?? '\uffff'), 'zh-CN')
			),
		total: rep.total,
		emptyPeriod: (rep.total.kpis.cases ?? 0) === 0 && (rep.total.kpis.ratings ?? 0) === 0
	};
}
