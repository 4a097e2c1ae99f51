/**
 * GET /api/process, framework-free (testable without SvelteKit): parse (the dashboards' parser + item, period
 * optional), narrow to the caller's department scope with the department-scope rule (auth/dept-scope.ts: another
 * department → 404, no dept filter → exactly their own), compute, answer JSON; bad input → 400 { error }.
 */
import type { Analytics } from '../db';
import { jsonResponse } from '../kpi/api';
import { QueryError } from '../kpi/query';
import { computeProcess } from './index';
import { narrowProcessToScope, parseProcessQuery } from './query';

export async function processResponse(
	db: Analytics,
	params: URLSearchParams,
	ctx: { scope: string[] | null } = { scope: null }
): Promise<Response> {
	const parsed = parseProcessQuery(params);
	if (parsed instanceof QueryError) return jsonResponse({ error: parsed.message }, 400);
	const q = narrowProcessToScope(parsed, ctx.scope);
	if (!q) return jsonResponse({ error: '未找到 / not found' }, 404);
	return jsonResponse(await computeProcess(db, q));
}
