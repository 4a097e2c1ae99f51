/**
 * GET /api/projects, framework-free (testable without SvelteKit): `as_of` (default today), the caller's
 * department scope (a department sees the projects it has cases in), the contract JSON of `cli projects --json`
 * (ProjectsContract, projects in code order). Bad input → 400 { error }.
 */
import type { Analytics } from '../db';
import { jsonResponse } from '../kpi/api';
import { QueryError } from '../kpi/query';
import type { Thresholds } from '../kpi/thresholds';
import { inScope, projectTable, projectTargets, toContract } from './figures';
import { parseProjectsQuery } from './query';

export async function projectsResponse(
	db: Analytics,
	params: URLSearchParams,
	ctx: { scope: string[] | null; thresholds: Thresholds }
): Promise<Response> {
	const q = parseProjectsQuery(params);
	if (q instanceof QueryError) return jsonResponse({ error: q.message }, 400);
	const targets = projectTargets(ctx.thresholds);
	// The body per (as-of, targets, scope) once per data version: 10 000 projects are 2.8 MB of JSON.
	const scope = ctx.scope === null ? null : [...ctx.scope].sort();
	const body = await db.memoShared(`projects:api:v1:${q.as_of}:${JSON.stringify(targets)}:${JSON.stringify(scope)}`, async () => {
		const t = await projectTable(db, q.as_of, targets);
		return JSON.stringify(toContract(t, inScope(t.projects, ctx.scope)));
	}, (s) => s.length / 8);
	return new Response(body, { headers: { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' } });
}
