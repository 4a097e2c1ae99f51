/**
 * The project engine on the hand-computed projects of fixture.ts (every figure below is worked out there).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Analytics } from '../../../src/lib/server/analytics/db';
import { DEFAULT_THRESHOLDS } from '../../../src/lib/server/analytics/kpi/thresholds';
import {
	inScope,
	projectDetail,
	projectsSummary,
	projectTable,
	projectTargets,
	toContract
} from '../../../src/lib/server/analytics/projects/figures';
import { AS_OF, projectsDb } from './fixture';

let db: Analytics;
const targets = projectTargets(DEFAULT_THRESHOLDS);
beforeAll(async () => {
	db = await projectsDb();
});
afterAll(async () => {
	await db.close();
});

const contract = async (asOf = AS_OF, t = targets) => toContract(await projectTable(db, asOf, t));
const byCode = async (asOf = AS_OF) => new Map((await contract(asOf)).projects.map((p) => [p.project_code, p]));

describe('projects at the as-of date (the CLI / API contract)', () => {
	it('has the contract shape: as_of, target, projects in code order; cases without a project belong to none', async () => {
		const c = await contract();
		expect(c.as_of).toBe(AS_OF);
		expect(c.target_workdays).toBe(120);
		expect(c.projects.map((p) => p.project_code)).toEqual(['P1', 'P2', 'P3', 'P4', 'P5', 'P6']);
		expect(Object.keys(c.projects[0])).toEqual(['project_code', 'complete', 'approval_workdays', 'span_workdays', 'on_target', 'stages']);
	});
	it('parallel cases inside a stage count once; the gap between stages does not count; Spring Festival and 调休', async () => {
		expect((await byCode()).get('P1')).toEqual({
			project_code: 'P1',
			complete: true,
			approval_workdays: 13,
			span_workdays: 20,
			on_target: true,
			stages: { planning: { approval_workdays: 9, span_workdays: 9 }, engineering: { approval_workdays: 4, span_workdays: 4 } }
		});
	});
	it('missing accepted_at starts at submission; refusals end at decided_at, else completed_at, else cover nothing', async () => {
		expect((await byCode()).get('P2')).toEqual({
			project_code: 'P2',
			complete: true,
			approval_workdays: 14,
			span_workdays: 22,
			on_target: true,
			stages: {
				construction: { approval_workdays: 10, span_workdays: 10 },
				acceptance: { approval_workdays: 4, span_workdays: 7 }
			}
		});
	});
	it('in progress at the as-of date: open cases run to it, later cases do not exist yet; on_target null', async () => {
		expect((await byCode()).get('P3')).toEqual({
			project_code: 'P3',
			complete: false,
			approval_workdays: 8,
			span_workdays: 11,
			on_target: null,
			stages: { planning: { approval_workdays: 8, span_workdays: 11 }, engineering: { approval_workdays: 3, span_workdays: 3 } }
		});
	});
	it('exactly 120 working days is on target, 121 is not', async () => {
		const m = await byCode();
		expect(m.get('P4')).toMatchObject({ complete: true, approval_workdays: 120, span_workdays: 132, on_target: true });
		expect(m.get('P4')!.stages).toEqual({
			planning: { approval_workdays: 68, span_workdays: 68 },
			construction: { approval_workdays: 52, span_workdays: 52 }
		});
		expect(m.get('P5')).toMatchObject({ complete: true, approval_workdays: 121, span_workdays: 133, on_target: false });
	});
	it('a project with only a refusal is not complete; a case without a stage adds no stage key', async () => {
		expect((await byCode()).get('P6')).toEqual({
			project_code: 'P6',
			complete: false,
			approval_workdays: 2,
			span_workdays: 2,
			on_target: null,
			stages: {}
		});
	});
	it('an earlier as-of date sees earlier states: P4 open at 1 July (14 working days), P3 not started', async () => {
		const m = await byCode('2024-07-01');
		expect([...m.keys()]).toEqual(['P1', 'P2', 'P4', 'P5', 'P6']);
		expect(m.get('P4')).toEqual({
			project_code: 'P4',
			complete: false,
			approval_workdays: 14,
			span_workdays: 14,
			on_target: null,
			stages: { planning: { approval_workdays: 14, span_workdays: 14 } }
		});
		expect(m.get('P1')!.approval_workdays).toBe(13);
	});
	it('a later as-of date: P3-d completed on 3 January, P3-a still open, P3-c now there', async () => {
		const p3 = (await byCode('2025-01-06')).get('P3')!;
		// 2025: 1 Jan off; P3-a (12-23 → 01-06): 24 25 26 27 30 31, 2 3 6 = 9; P3-c (01-02 → 01-06): 3 6, inside a
		expect(p3).toMatchObject({ complete: false, approval_workdays: 2 + 9, span_workdays: 11 + 3 });
		expect(p3.stages.engineering).toEqual({ approval_workdays: 5, span_workdays: 5 });
	});
	it('the target is configurable', async () => {
		const c = await contract(AS_OF, { total: 13, stages: {} });
		expect(c.target_workdays).toBe(13);
		expect(c.projects.find((p) => p.project_code === 'P1')!.on_target).toBe(true);
		expect(c.projects.find((p) => p.project_code === 'P2')!.on_target).toBe(false);
	});
});

describe('jurisdiction figures', () => {
	it('counts, mean and median of complete projects, share on target, slowest stage', async () => {
		const t = await projectTable(db, AS_OF, targets);
		const s = await projectsSummary(db, t, t.projects);
		expect(s).toMatchObject({ started: 6, complete: 4, in_progress: 1, waiting: 1, on_target: 3, over_target: 1 });
		expect(s.mean_workdays).toBe((13 + 14 + 120 + 121) / 4);
		expect(s.median_workdays).toBe((14 + 120) / 2);
		expect(s.on_target_rate).toBe(0.75);
		const planning = s.stages.find((x) => x.stage === 'planning')!;
		expect(planning).toMatchObject({ projects: 4, open: 1, median_workdays: 68 });
		expect(planning.mean_workdays).toBeCloseTo((9 + 68 + 68) / 3, 10);
		expect(s.stages.find((x) => x.stage === 'construction')!.mean_workdays).toBe((10 + 52 + 53) / 3);
		expect(s.slowest_stage).toBe('planning');
		expect(s.has_register).toBe(true);
	});
	it('the department where projects wait longest: working days of its cases per project', async () => {
		const t = await projectTable(db, AS_OF, targets);
		const s = await projectsSummary(db, t, t.projects);
		expect(s.departments.map((d) => [d.dept_code, d.projects, d.workdays])).toEqual([
			['D01', 5, 7 + 12 + 6 + 120 + 121],
			['D02', 3, 7 + 4 + 2],
			['D03', 4, 4 + 0 + 3 + 2]
		]);
		expect(s.departments[0]).toMatchObject({ name: '发改局', mean_workdays: 266 / 5, open_cases: 1 });
	});
	it('a department sees the projects it has cases in', async () => {
		const t = await projectTable(db, AS_OF, targets);
		expect(inScope(t.projects, ['D03']).map((p) => p.project_code)).toEqual(['P1', 'P2', 'P3', 'P6']);
		expect(inScope(t.projects, []).length).toBe(0);
	});
});

describe('one project', () => {
	it('stages, cases and who holds it now (open cases, longest first)', async () => {
		const t = await projectTable(db, AS_OF, targets);
		const d = (await projectDetail(db, t, 'P3'))!;
		expect(d.stages.map((s) => [s.stage, s.state, s.start, s.end, s.approval_workdays])).toEqual([
			['planning', 'running', '2024-12-16', null, 8],
			['engineering', 'running', '2024-12-26', null, 3]
		]);
		expect(d.cases.map((c) => [c.case_id, c.state, c.workdays])).toEqual([
			['P3-b', 'completed', 2],
			['P3-a', 'open', 6],
			['P3-d', 'open', 3]
		]);
		expect(d.holders.map((h) => [h.dept_code, h.dept_name, h.since, h.workdays])).toEqual([
			['D01', '发改局', '2024-12-23', 6],
			['D03', '住建局', '2024-12-26', 3]
		]);
	});
	it('waiting for the applicant: no open case, held since the last end', async () => {
		const t = await projectTable(db, AS_OF, targets);
		const d = (await projectDetail(db, t, 'P6'))!;
		// 03-13 → 12-31 in 2024 working days is large; the holder is the applicant (no department)
		expect(d.holders).toHaveLength(1);
		expect(d.holders[0]).toMatchObject({ dept_code: null, since: '2024-03-13' });
		expect(d.holders[0].workdays).toBeGreaterThan(190);
		expect(await projectDetail(db, t, 'NOPE')).toBeNull();
	});
	it('register attributes join by project code; projects without a register row keep nulls', async () => {
		const t = await projectTable(db, AS_OF, targets);
		const p1 = t.projects.find((p) => p.project_code === 'P1')!;
		expect(p1).toMatchObject({ name: '年产十万吨新材料项目', owner_name: '临江新材料有限公司', region_code: 'R2', region_name: '经开区', investment: 52000.5 });
		expect(p1.completed_on).toBe('2024-03-08');
		expect(p1.started_on).toBe('2024-02-05');
		const p2 = t.projects.find((p) => p.project_code === 'P2')!;
		// no register row: the region its cases' departments sit in most often (D01, D02 in R1; D03 in R2)
		expect(p2).toMatchObject({ name: null, region_code: 'R1', current_stage: 'acceptance', state: 'complete' });
	});
});
