/**
 * Preview of a draft assessment scheme before it is saved: the KPI engine's own `computeKpiReport` run twice
 * on the same period — with the draft and with the scheme in force — and the two rankings side by side.
 */
import { standingOf, type DeptStanding } from '../../kpi/standing';
import type { Analytics } from '../analytics/db';
import { computeKpiReport } from '../analytics/kpi/compute-report';
import { parseKpiQuery, QueryError } from '../analytics/kpi/query';
import type { Scheme } from '../analytics/kpi/scheme';
import type { Thresholds } from '../analytics/kpi/thresholds';

export interface PreviewRow extends DeptStanding {
	lagging: boolean;
	current_score: number | null;
	current_rank: number | null;
}

export async function previewRanking(
	db: Analytics,
	period: { from: string; to: string },
	draft: Scheme,
	current: Scheme,
	thresholds: Thresholds
): Promise<PreviewRow[] | QueryError> {
	const q = parseKpiQuery(new URLSearchParams(period));
	if (q instanceof QueryError) return q;
	const [next, now] = await Promise.all([
		computeKpiReport(db, q, { scheme: draft, thresholds }),
		computeKpiReport(db, q, { scheme: current, thresholds })
	]);
	const before = new Map(now.departments.map((d) => [d.dept_code, d]));
	return next.departments
		.map((d) => ({
			...standingOf(d),
			lagging: d.lagging,
			current_score: before.get(d.dept_code)?.score ?? null,
			current_rank: before.get(d.dept_code)?.rank ?? null
		}))
		.sort(
			(a, b) =>
				String(a.peer_group ?? '').localeCompare(String(b.peer_group ?? '')) ||
				(a.rank ?? Infinity) - (b.rank ?? Infinity) ||
				a.dept_code.localeCompare(b.dept_code)
		);
}
