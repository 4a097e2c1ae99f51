/**
 * The monthly report's section 工程建设项目审批情况 (issue 14): every figure as of the period end, from the
 * project engine — projects by state, those completed in the period (share within target, mean approval working
 * days), the five slowest projects completed in the period or still open at its end, and the stages over the
 * projects complete by then. null when no case carries a project code, so reports without project data show no
 * empty section. A department-scoped report covers the projects its departments have cases in.
 */
import type { ReportProjectSection } from '../../../reports/types';
import type { Analytics } from '../db';
import type { Thresholds } from '../kpi/thresholds';
import { hasProjects, inScope, projectsSummary, projectTable, projectTargets } from './figures';

const SLOWEST = 5;

export async function projectReportSection(
	db: Analytics,
	opts: { from: string; to: string; deptCodes: string[] | null; thresholds: Thresholds }
): Promise<ReportProjectSection | null> {
	if (!(await hasProjects(db))) return null;
	const t = await projectTable(db, opts.to, projectTargets(opts.thresholds));
	const rows = inScope(t.projects, opts.deptCodes);
	if (!rows.length) return null;
	const s = await projectsSummary(db, t, rows);
	const done = rows.filter((p) => p.complete && p.completed_on !== null && p.completed_on >= opts.from && p.completed_on <= opts.to);
	const ok = done.filter((p) => p.on_target).length;
	const slowest = rows
		.filter((p) => !p.complete || done.includes(p))
		.sort((a, b) => b.approval_workdays - a.approval_workdays || a.project_code.localeCompare(b.project_code))
		.slice(0, SLOWEST);
	return {
		asOf: opts.to,
		target: t.targets.total,
		counts: { started: s.started, complete: s.complete, in_progress: s.in_progress, waiting: s.waiting },
		completedInPeriod: done.length,
		onTargetInPeriod: ok,
		onTargetRate: done.length ? ok / done.length : null,
		meanWorkdays: done.length ? done.reduce((a, p) => a + p.approval_workdays, 0) / done.length : null,
		slowest: slowest.map((p) => ({
			code: p.project_code,
			name: p.name ?? '',
			state: p.state,
			stage: p.current_stage ?? '',
			approval: p.approval_workdays,
			span: p.span_workdays,
			overTarget: p.approval_workdays > t.targets.total
		})),
		stages: s.stages.map((x) => ({ stage: x.stage, projects: x.projects, mean: x.mean_workdays, median: x.median_workdays, target: x.target_workdays })),
		slowestStage: s.slowest_stage
	};
}
