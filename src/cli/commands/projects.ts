/**
 * `cli projects` — every investment project at the as-of date: approval working days (parallel cases once),
 * span, complete, on target, per stage; as the same JSON GET /api/projects returns (--json) or as a table.
 * Targets: the thresholds file (--thresholds, else KPI_THRESHOLDS_FILE / data/kpi-thresholds.json, else 120).
 * Definitions: docs/projects.md.
 */
import type { ProjectsContract } from '../../lib/projects/types';
import { openAnalytics } from '../../lib/server/analytics/db';
import { QueryError } from '../../lib/server/analytics/kpi/query';
import { loadThresholds } from '../../lib/server/analytics/kpi/thresholds';
import { projectTable, projectTargets, toContract } from '../../lib/server/analytics/projects/figures';
import { parseProjectsQuery } from '../../lib/server/analytics/projects/query';
import { opt, parseArgs, UsageError } from '../args';
import type { Command } from '../command';
import { existingDb } from '../options';

const STAGE_ZH: Record<string, string> = {
	planning: '立项用地',
	engineering: '工程建设',
	construction: '施工许可',
	acceptance: '竣工验收'
};

export function renderProjects(c: ProjectsContract): string {
	const lines = [
		`截至 as of ${c.as_of}   目标 target ${c.target_workdays} 工作日   项目 projects ${c.projects.length}`,
		''
	];
	lines.push(
		'  项目代码 project                 完成 审批工作日 跨度工作日 达标   各阶段 stages (审批/跨度)'
	);
	for (const p of c.projects) {
		const stages = Object.entries(p.stages)
			.map(([s, f]) => `${STAGE_ZH[s] ?? s} ${f!.approval_workdays}/${f!.span_workdays}`)
			.join('  ');
		const target = p.on_target === null ? '—' : p.on_target ? '是' : '否';
		lines.push(
			`  ${p.project_code.padEnd(30)} ${(p.complete ? '是' : '否').padStart(3)} ${String(p.approval_workdays).padStart(9)} ${String(p.span_workdays).padStart(9)} ${target.padStart(4)}   ${stages}`
		);
	}
	return lines.join('\n');
}

const command: Command = {
	summary:
		'Investment projects at a date: approval working days, span, complete, on target, per stage (same JSON as GET /api/projects)',
	usage: 'npm run --silent cli -- projects --db PATH [--as-of YYYY-MM-DD] [--thresholds FILE] [--json]',
	async run(argv) {
		const a = parseArgs(argv, { values: ['db', 'as-of', 'thresholds'], flags: ['json'] });
		if (a.positionals.length) throw new UsageError(`unexpected argument: ${a.positionals[0]}`);
		const p = new URLSearchParams();
		const asOf = opt(a, 'as-of');
		if (asOf !== undefined) p.set('as_of', asOf);
		const q = parseProjectsQuery(p);
		if (q instanceof QueryError) throw new UsageError(q.message);
		const targets = projectTargets(loadThresholds(opt(a, 'thresholds')));
		const db = await openAnalytics(existingDb(opt(a, 'db')), { readOnly: true });
		try {
			const c = toContract(await projectTable(db, q.as_of, targets));
			console.log(a.options.json ? JSON.stringify(c) : renderProjects(c));
		} finally {
			await db.close();
		}
		return 0;
	}
};

export default command;
