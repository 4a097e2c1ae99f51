/**
 * The monthly report's 工程建设项目审批情况 on the hand-computed projects (fixture.ts), for December 2024:
 * P4 (120 working days) and P5 (121) completed in December; P3 open and P6 waiting at its end.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Analytics } from '../../../src/lib/server/analytics/db';
import { DEFAULT_THRESHOLDS } from '../../../src/lib/server/analytics/kpi/thresholds';
import { projectReportSection } from '../../../src/lib/server/analytics/projects/report-section';
import { projectsLead, projectTables } from '../../../src/lib/reports/tables';
import type { AssessmentReport } from '../../../src/lib/reports/types';
import { projectsDb } from './fixture';

let db: Analytics;
beforeAll(async () => {
	db = await projectsDb();
});
afterAll(async () => {
	await db.close();
});

const december = { from: '2024-12-01', to: '2024-12-31', thresholds: DEFAULT_THRESHOLDS };

describe('report section 工程建设项目审批情况', () => {
	it('counts at the period end, the period’s completions against the target, the slowest projects, the stages', async () => {
		const s = (await projectReportSection(db, { ...december, deptCodes: null }))!;
		expect(s.counts).toEqual({ started: 6, complete: 4, in_progress: 1, waiting: 1 });
		expect([s.completedInPeriod, s.onTargetInPeriod, s.onTargetRate, s.meanWorkdays]).toEqual([2, 1, 0.5, 120.5]);
		expect(s.slowest.map((p) => [p.code, p.state, p.approval, p.overTarget])).toEqual([
			['P5', 'complete', 121, true],
			['P4', 'complete', 120, false],
			['P3', 'in_progress', 8, false],
			['P6', 'waiting', 2, false]
		]);
		expect(s.stages.find((x) => x.stage === 'planning')).toMatchObject({ projects: 4, median: 68 });
		expect(s.slowestStage).toBe('planning');
		const r = { projects: s } as AssessmentReport;
		expect(projectsLead(r, 'zh', '2024年12月31日')).toBe(
			'截至2024年12月31日，在批项目6个：已完成审批4个，审批中1个，待企业申报1个。本期完成审批2个，其中在120个工作日内完成1个（50.0%），平均用时120.5个工作日；审批用时最长的阶段为立项用地规划许可。'
		);
		const [slowest, stages] = projectTables(r, 'zh');
		expect(slowest.rows[0]).toEqual(['P5', '', '已完成', '施工许可', 121, 133, '是']);
		expect(slowest.highlight).toEqual([true, false, false, false]);
		expect(stages.rows.map((row) => row[0])).toEqual(['立项用地规划许可', '工程建设许可', '施工许可', '竣工验收']);
	});
	it('a department’s report covers the projects it has cases in; none completed in the period → no rate', async () => {
		const s = (await projectReportSection(db, { ...december, deptCodes: ['D02'] }))!;
		expect(s.counts).toEqual({ started: 3, complete: 2, in_progress: 1, waiting: 0 });
		expect([s.completedInPeriod, s.onTargetRate, s.meanWorkdays]).toEqual([0, null, null]);
		expect(await projectReportSection(db, { ...december, deptCodes: ['NOBODY'] })).toBeNull();
	});
});
