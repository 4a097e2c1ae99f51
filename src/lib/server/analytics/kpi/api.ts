/**
 * The KPI endpoints' shared request handling, framework-free so it is testable without SvelteKit:
 * parse the query (one parser), load the scheme / thresholds, run the engine, answer JSON; bad input
 * (QueryError, SchemeError for a named scheme) → 400 `{ "error": message }`.
 *
 * Authorisation is decided by the route (`requireUser`); it passes the user's department scope here, and
 * every query goes through the department-scope rule (auth/dept-scope.ts) before the engine runs: a department
 * user asking for another department gets 404 (existence is private), and without a `dept` filter gets exactly
 * their own departments.
 * The scheme and thresholds are the caller's (the server passes the administrators' active ones, as the
 * dashboards use; the CLI the shipped files), so the API and the screens show the same numbers.
 */
import { narrowToScope, REFUSED_MESSAGE } from '../../auth/dept-scope';
import type { Analytics } from '../db';
import { computeKpiReport, type EngineOptions } from './compute-report';
import { countFlags, listFlags } from './flags';
import { parseKpiQuery, QueryError, type ParseOptions } from './query';
import { loadNamedScheme, loadScheme, SchemeError } from './scheme';
import { loadThresholds } from './thresholds';
import { computeTrend } from './trend';
import type { KpiQuery } from '../../../kpi/types';

export function jsonResponse(body: unknown, status = 200): Response {
	return new Response(JSON.stringify(body), {
		status,
		headers: { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' }
	});
}

export interface ApiContext {
	/** Department codes the caller may see (null = all), from the auth policy's deptScope. */
	scope: string[] | null;
	/** Scheme and thresholds to compute with (default: the shipped files). */
	engine?: () => Pick<EngineOptions, 'scheme' | 'thresholds'>;
}

const ALL: ApiContext = { scope: null };

// The rule lives in auth/dept-scope.ts; re-exported for the callers and specs that know it from here.
export { narrowToScope };

function engineFor(ctx: ApiContext): Pick<EngineOptions, 'scheme' | 'thresholds'> {
	return ctx.engine ? ctx.engine() : { scheme: loadScheme(), thresholds: loadThresholds() };
}

async function answer(
	params: URLSearchParams,
	opts: ParseOptions,
	ctx: ApiContext,
	run: (q: KpiQuery) => Promise<unknown>
): Promise<Response> {
	const parsed = parseKpiQuery(params, opts);
	if (parsed instanceof QueryError) return jsonResponse({ error: parsed.message }, 400);
	const q = narrowToScope(parsed, ctx.scope);
	if (!q) return jsonResponse({ error: REFUSED_MESSAGE }, 404);
	try {
		return jsonResponse(await run(q));
	} catch (e) {
		// The department filter came from the user's scope, not the request: their department has no analytics
		// rows yet (nothing imported for it) — not a bad request.
		if (e instanceof QueryError && e.param === 'dept' && parsed.dept === null && ctx.scope !== null)
			return jsonResponse(
				{
					error: `本部门尚无分析数据（尚未导入）/ no analytics data for your department yet: ${q.dept?.join(', ')}`
				},
				404
			);
		if (e instanceof QueryError || e instanceof SchemeError) return jsonResponse({ error: e.message }, 400);
		throw e;
	}
}

/** GET /api/kpi — the same object as `cli kpi --json`. */
export function kpiResponse(
	db: Analytics,
	params: URLSearchParams,
	ctx: ApiContext = ALL
): Promise<Response> {
	return answer(params, {}, ctx, async (q) => {
		const engine = engineFor(ctx);
		const scheme = q.scheme ? loadNamedScheme(q.scheme) : engine.scheme;
		return computeKpiReport(db, q, { scheme, thresholds: engine.thresholds });
	});
}

/** GET /api/flags — a page of flagged cases, or with `view=counts` the per-department counts. */
export function flagsResponse(
	db: Analytics,
	params: URLSearchParams,
	ctx: ApiContext = ALL
): Promise<Response> {
	const view = params.get('view');
	if (view !== null && view !== 'list' && view !== 'counts')
		return Promise.resolve(
			jsonResponse(
				{
					error: `参数 view 取值无效：${view}（可选：list, counts） / invalid view: ${view} (allowed: list, counts)`
				},
				400
			)
		);
	return answer(params, {}, ctx, (q) => {
		const { thresholds } = engineFor(ctx);
		return view === 'counts' ? countFlags(db, q, { thresholds }) : listFlags(db, q, { thresholds });
	});
}

/** GET /api/trend — one KPI per bucket with 同比 / 环比. */
export function trendResponse(
	db: Analytics,
	params: URLSearchParams,
	ctx: ApiContext = ALL
): Promise<Response> {
	return answer(params, { require: ['kpi'] }, ctx, (q) =>
		computeTrend(db, q, { thresholds: engineFor(ctx).thresholds })
	);
}
