/**
 * The department-scope rule (auth/dept-scope.ts) and every surface that applies it giving the same answer for
 * the same (asked departments, user's departments): the KPI API (404), the dashboards' context and guard (404),
 * the case lists (dashboard/cases.ts) and the report scope (403) — allowed or refused alike, never a silent
 * narrowing to the user's own departments, never "all" for a user without one.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Analytics } from '../../../src/lib/server/analytics/db';
import { kpiResponse } from '../../../src/lib/server/analytics/kpi/api';
import { decideDepts, narrowParams } from '../../../src/lib/server/auth/dept-scope';
import { requireDeptFilter } from '../../../src/lib/server/auth/guard';
import type { AuthUser } from '../../../src/lib/server/auth/session';
import { parseCaseRequest } from '../../../src/lib/server/dashboard/cases';
import { dashboardContext } from '../../../src/lib/server/dashboard/page-filters';
import { limitScope, ReportAccessError } from '../../../src/lib/server/reports/scope';
import { QueryError } from '../../../src/lib/server/analytics/kpi/query';
import { depts, fixtureDb } from '../kpi/fixture';

const PERIOD = 'from=2024-03-01&to=2024-03-31';

/** (asked dept filter, user's departments) → the rule's answer: the effective departments or refused. */
const CASES: [asked: string | null, scope: string[] | null, answer: string[] | null | 'refused'][] = [
	[null, null, null],
	['D02', null, ['D02']],
	[null, ['D01', 'D03'], ['D01', 'D03']],
	['D03', ['D01', 'D03'], ['D03']],
	['D01,D03', ['D01', 'D03'], ['D01', 'D03']],
	['D02', ['D01'], 'refused'],
	['D01,D02', ['D01'], 'refused'],
	[null, [], 'refused'],
	['D01', [], 'refused']
];

let db: Analytics;

beforeAll(async () => {
	db = await fixtureDb({
		departments: depts(['D01', 'A'], ['D02', 'A'], ['D03', 'B']),
		items: [{ item_code: 'I1', name: '事项', dept_code: 'D01' }],
		cases: ['D01', 'D02', 'D03'].map((d, n) => ({
			case_id: `C${n}`,
			item_code: 'I1',
			dept_code: d,
			submitted_at: '2024-03-04 09:00:00',
			status: 'in_progress'
		}))
	});
}, 60_000);

afterAll(async () => {
	await db?.close();
});

const user = (scope: string[] | null): AuthUser => ({
	id: 1,
	username: 'u',
	displayName: '',
	role: scope === null ? 'leader' : 'department',
	depts: scope ?? []
});

describe.each(CASES)('dept=%s for a user of %j', (asked, scope, answer) => {
	const params = () => new URLSearchParams(`${PERIOD}${asked ? `&dept=${asked}` : ''}`);
	const refused = answer === 'refused';

	it('the rule', () => {
		const d = decideDepts(asked ? asked.split(',') : null, scope);
		expect(d.ok ? d.dept : 'refused').toEqual(answer);
		expect(narrowParams(params(), scope) === null).toBe(refused);
	});

	it('the API: the answer, or 404', async () => {
		const res = await kpiResponse(db, params(), { scope });
		if (refused) return expect(res.status).toBe(404);
		expect(res.status).toBe(200);
		const body = (await res.json()) as { departments: { dept_code: string }[] };
		expect(body.departments.map((d) => d.dept_code)).toEqual(answer ?? ['D01', 'D02', 'D03']);
	});

	it('the dashboards: the same query, or refused (guard 404, context without a query)', async () => {
		const url = new URL(`http://x/overview?${params()}`);
		const ctx = await dashboardContext(db, url, { deptScope: scope });
		expect(ctx.outOfScope).toBe(refused);
		expect(ctx.query?.dept ?? (refused ? 'refused' : null)).toEqual(answer);
		const event = {
			locals: { user: user(scope) },
			route: { id: '/overview' },
			request: new Request(url),
			url
		};
		let status = 200;
		try {
			requireDeptFilter(event);
		} catch (e) {
			status = (e as { status: number }).status;
		}
		expect(status).toBe(refused ? 404 : 200);
	});

	it('the case lists: the same query, or refused', () => {
		const cq = parseCaseRequest(params(), scope);
		if (refused) return expect(cq).toBeInstanceOf(QueryError);
		expect(cq).not.toBeInstanceOf(QueryError);
		expect((cq as Exclude<typeof cq, QueryError>).q.dept).toEqual(answer);
	});

	it('the reports: a dept scope is theirs, or 403', () => {
		if (asked === null || asked.includes(',')) return; // a report's scope names one department
		const run = () => limitScope({ kind: 'dept', code: asked }, scope, true);
		if (refused) expect(run).toThrow(ReportAccessError);
		else expect(run()).toEqual({ kind: 'dept', code: asked });
	});
});
