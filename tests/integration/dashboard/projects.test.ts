/**
 * The project screens' server loads (dashboard/projects.ts) on the engine's hand-computed projects
 * (tests/unit/projects/fixture.ts, as of 2024-12-31): figures equal the engine's, filters narrow the list but not
 * the headline figures, department scope (a project without a case of theirs is null → the route's 404), which
 * case ids each role sees and may open, holders, the target date, pagination and invalid URLs.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openAnalytics, type Analytics } from '../../../src/lib/server/analytics/db';
import { DEFAULT_THRESHOLDS } from '../../../src/lib/server/analytics/kpi/thresholds';
import { workdaysBetween } from '../../../src/lib/server/analytics/calendar/workdays';
import { overviewProjects, projectPage, projectsBoard } from '../../../src/lib/server/dashboard/projects';
import type { ProjectPageData } from '../../../src/lib/projects/screens';
import { AS_OF, projectsDb } from '../../unit/projects/fixture';

let db: Analytics;
const T = DEFAULT_THRESHOLDS;
const leader = { role: 'leader' as const, depts: [] };
const supervisor = { role: 'supervisor' as const, depts: [] };
const admin = { role: 'admin' as const, depts: [] };
const d02 = { role: 'department' as const, depts: ['D02'] };
const d01 = { role: 'department' as const, depts: ['D01'] };
const url = (q = '') => {
	const p = new URLSearchParams(q);
	if (!p.has('as_of')) p.set('as_of', AS_OF);
	return p;
};
const board = (q = '', user: Parameters<typeof projectsBoard>[2] = leader, pageSize?: number) =>
	projectsBoard(db, url(q), user, T, { today: '2025-06-30', pageSize });
const page = async (code: string, user: Parameters<typeof projectPage>[3] = leader, q = '') =>
	projectPage(db, code, url(q), user, T, { today: '2025-06-30' });

beforeAll(async () => {
	db = await projectsDb();
});
afterAll(async () => {
	await db.close();
});

describe('the board', () => {
	it('headline figures are the engine’s (fixture.ts): 6 started, 4 complete, mean = median = 67, 3 of 4 on target', async () => {
		const b = await board();
		expect(b.hasData).toBe(true);
		expect(b.invalid).toBeNull();
		expect(b.summary).toMatchObject({
			as_of: AS_OF,
			target_workdays: 120,
			started: 6,
			complete: 4,
			in_progress: 1,
			waiting: 1,
			on_target: 3,
			over_target: 1
		});
		expect(b.summary!.mean_workdays).toBe((13 + 14 + 120 + 121) / 4);
		expect(b.summary!.median_workdays).toBe((14 + 120) / 2);
		expect(b.summary!.on_target_rate).toBe(0.75);
		// slowest first by approval working days (the default sort)
		expect(b.rows.map((p) => [p.project_code, p.approval_workdays])).toEqual([
			['P5', 121],
			['P4', 120],
			['P2', 14],
			['P1', 13],
			['P3', 8],
			['P6', 2]
		]);
		expect(b.search).toBe(`?as_of=${AS_OF}`);
	});

	it('stages: projects in each stage now, open, mean over complete projects; the slowest stage', async () => {
		const b = await board();
		const by = Object.fromEntries(b.stages.map((s) => [s.stage, s]));
		// P3 (not complete) is in engineering now (its latest stage); its planning case and engineering case are open
		expect(by.engineering).toMatchObject({ now: 1, open: 1, projects: 2 });
		expect(by.planning).toMatchObject({ now: 0, open: 1, projects: 4 });
		// planning over complete P1, P4, P5: (9 + 68 + 68) / 3; construction over P2, P4, P5: (10 + 52 + 53) / 3
		expect(by.planning.mean_workdays).toBeCloseTo(145 / 3);
		expect(by.construction.mean_workdays).toBeCloseTo(115 / 3);
		expect(b.summary!.slowest_stage).toBe('planning');
	});

	it('filters narrow the list and the timeline, not the headline figures; the URL keeps them', async () => {
		const b = await board('state=in_progress');
		expect(b.rows.map((p) => p.project_code)).toEqual(['P3']);
		expect(b.total).toBe(1);
		expect(b.summary!.started).toBe(6);
		expect(b.search).toBe(`?as_of=${AS_OF}&state=in_progress`);
		expect((await board('q=装备')).rows.map((p) => p.project_code)).toEqual(['P4']);
		expect((await board('stage=acceptance')).rows.map((p) => p.project_code)).toEqual(['P2']);
		expect((await board('sort=started&dir=asc')).rows[0].project_code).toBe('P1');
		// a region narrows the population (and so the figures): P1 is registered in 经开区 (R2)
		const r2 = await board('region=R2');
		expect(r2.rows.map((p) => p.project_code)).toContain('P1');
		expect(r2.summary!.started).toBe(r2.total);
		expect(r2.options.regions.map((r) => r.code)).toEqual(expect.arrayContaining(['R0', 'R2']));
		expect((await board()).options.parks).toEqual(['临江经开区']);
	});

	it('paginates (a page beyond the last shows the last); an invalid URL is answered with the parser’s message', async () => {
		const b = await board('page=2', leader, 4);
		expect([b.page, b.pages, b.total]).toEqual([2, 2, 6]);
		expect(b.rows.map((p) => p.project_code)).toEqual(['P3', 'P6']);
		expect((await board('page=9', leader, 4)).page).toBe(2);
		expect((await board('state=bogus')).invalid).toMatch(/state/);
		expect((await board('page=0')).invalid).toMatch(/页码|page/);
		expect((await board('as_of=2024-02-30')).invalid).toMatch(/as_of/);
	});

	it('timeline fields: cases at the as-of date, the last end, the target date = start + 120 working days', async () => {
		const b = await board();
		const p1 = b.rows.find((p) => p.project_code === 'P1')!;
		expect(p1.case_rows.map((c) => c.case_id)).toEqual(['P1-a', 'P1-b', 'P1-c']);
		expect(p1.end).toBe('2024-03-08');
		expect(p1.target_date).not.toBeNull();
		expect(await workdaysBetween(db, p1.started_on!, p1.target_date!)).toBe(120);
		expect(
			await workdaysBetween(
				db,
				p1.started_on!,
				p1.target_date!.replace(/\d\d$/, (d) => String(Number(d) - 1).padStart(2, '0'))
			)
		).toBeLessThan(120);
		const p3 = b.rows.find((p) => p.project_code === 'P3')!;
		expect(p3.end).toBe(AS_OF); // open cases run to the as-of date
		expect(p3.case_rows.map((c) => c.case_id)).not.toContain('P3-c'); // submitted after the as-of date
	});

	it('the holder: the longest-open case (P3: D01, 6 working days), else the applicant since the last end (P6)', async () => {
		const b = await board();
		expect(b.rows.find((p) => p.project_code === 'P3')!.holder).toMatchObject({
			dept_code: 'D01',
			case_id: 'P3-a',
			workdays: 6,
			since: '2024-12-23'
		});
		const p6 = b.rows.find((p) => p.project_code === 'P6')!.holder!;
		expect(p6).toMatchObject({ dept_code: null, dept_name: null, since: '2024-03-13' });
		expect(p6.workdays).toBe(await workdaysBetween(db, '2024-03-13', AS_OF));
		expect(b.rows.find((p) => p.project_code === 'P1')!.holder).toBeNull();
	});
});

describe('roles and scope', () => {
	it('case ids: leaders see them unlinked, supervisors linked, admins none', async () => {
		const ids = async (u: Parameters<typeof projectsBoard>[2]) =>
			(await board('', u)).rows
				.find((p) => p.project_code === 'P1')!
				.case_rows.map((c) => [c.case_id, c.link]);
		expect(await ids(leader)).toEqual([
			['P1-a', false],
			['P1-b', false],
			['P1-c', false]
		]);
		expect((await ids(supervisor)).every(([, link]) => link === true)).toBe(true);
		expect(await ids(admin)).toEqual([
			[null, false],
			[null, false],
			[null, false]
		]);
	});

	it('a department sees the projects it has a case in; other departments’ case ids hidden, other units anonymous in the ranking', async () => {
		const b = await board('', d02);
		expect(b.rows.map((p) => p.project_code).sort()).toEqual(['P1', 'P2', 'P3']);
		expect(b.summary!.started).toBe(3);
		const p1 = b.rows.find((p) => p.project_code === 'P1')!;
		expect(p1.case_rows.map((c) => [c.dept_code, c.case_id, c.link])).toEqual([
			['D01', null, false],
			['D02', 'P1-b', true],
			['D03', null, false]
		]);
		expect(b.departments.filter((d) => !d.anonymous).map((d) => d.dept_code)).toEqual(['D02']);
		expect(
			b.departments.filter((d) => d.anonymous).every((d) => d.name === null && d.dept_code === null)
		).toBe(true);
		expect(JSON.stringify(b)).not.toContain('P1-a');
	});

	it('one project: a project without a case of theirs, or unknown, is null (404); invalid as_of is a message', async () => {
		expect(await page('P6', d01)).toBeNull(); // P6: only a D03 case
		expect(await page('P4', d02)).toBeNull(); // P4: only D01 cases
		expect(await page('NOPE', leader)).toBeNull();
		expect(await page('P4', d01)).not.toBeNull();
		expect(await page('P1', leader, 'as_of=bad')).toEqual({ invalid: expect.stringMatching(/as_of/) });
	});
});

describe('one project', () => {
	it('P3: stages, cases, holders longest first, the target date, the board’s state for the back link', async () => {
		const p = (await page('P3', supervisor, 'state=in_progress')) as ProjectPageData;
		expect(p.project).toMatchObject({
			project_code: 'P3',
			state: 'in_progress',
			approval_workdays: 8,
			span_workdays: 11
		});
		expect(p.stages.map((s) => [s.stage, s.state, s.approval_workdays])).toEqual([
			['planning', 'running', 8],
			['engineering', 'running', 3]
		]);
		expect(p.holders.map((h) => [h.dept_code, h.case_id, h.workdays, h.link])).toEqual([
			['D01', 'P3-a', 6, true],
			['D03', 'P3-d', 3, true]
		]);
		expect(p.end).toBe(AS_OF);
		expect(await workdaysBetween(db, '2024-12-16', p.target_date!)).toBe(120);
		expect(p.search).toBe(`?as_of=${AS_OF}&state=in_progress`);
	});

	it('for a leader the holder’s case id is shown but not linked; for another department it is hidden', async () => {
		const l = (await page('P3', leader)) as ProjectPageData;
		expect(l.holders[0]).toMatchObject({ case_id: 'P3-a', link: false });
		const d = (await page('P3', d02)) as ProjectPageData;
		expect(d.holders.map((h) => [h.dept_name, h.case_id])).toEqual([
			['发改局', null],
			['住建局', null]
		]);
		expect(d.cases.find((c) => c.dept_code === 'D02')).toMatchObject({ case_id: 'P3-b', link: true });
	});
});

describe('the overview panel and no data', () => {
	it('the overview’s figures are the board’s at the same date', async () => {
		const o = await overviewProjects(db, leader, T, AS_OF);
		expect(o).toEqual({
			as_of: AS_OF,
			target_workdays: 120,
			started: 6,
			complete: 4,
			in_progress: 1,
			waiting: 1,
			on_target_rate: 0.75,
			mean_workdays: 67,
			slowest_stage: 'planning'
		});
		expect((await overviewProjects(db, d02, T, AS_OF))!.started).toBe(3);
	});

	it('without project codes: the board says so and the overview has no panel', async () => {
		const empty = await openAnalytics(':memory:');
		try {
			const b = await projectsBoard(empty, url(), leader, T);
			expect(b).toMatchObject({ hasData: false, rows: [], summary: null });
			expect(await overviewProjects(empty, leader, T)).toBeNull();
		} finally {
			await empty.close();
		}
	});
});
