/**
 * The KPI endpoints' shared request handling, framework-free so it is testable without SvelteKit:
 * parse the query (one parser), load the scheme / thresholds, run the engine, answer JSON; bad input
 * (QueryError, SchemeError for a named scheme) → 400 `{ "error": message }`.
 *
 * Authorisation is not done here: each route checks `locals.user` before calling these functions.
 */
import type { Analytics } from '../db';
import { computeKpiReport } from './engine';
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

async function answer(
	params: URLSearchParams,
	opts: ParseOptions,
	run: (q: KpiQuery) => Promise<unknown>
): Promise<Response> {
	const q = parseKpiQuery(params, opts);
	if (q instanceof QueryError) return jsonResponse({ error: q.message }, 400);
	try {
		return jsonResponse(await run(q));
	} catch (e) {
		if (e instanceof QueryError || e instanceof SchemeError) return jsonResponse({ error: e.message }, 400);
		throw e;
	}
}

/** GET /api/kpi — the same object as `cli kpi --json`. */
export function kpiResponse(db: Analytics, params: URLSearchParams): Promise<Response> {
	return answer(params, {}, async (q) => {
		const scheme = q.scheme ? loadNamedScheme(q.scheme) : loadScheme();
		return computeKpiReport(db, q, { scheme, thresholds: loadThresholds() });
	});
}

/** GET /api/flags — a page of flagged cases, or with `view=counts` the per-department counts. */
export function flagsResponse(db: Analytics, params: URLSearchParams): Promise<Response> {
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
	return answer(params, {}, (q) =>
		view === 'counts'
			? countFlags(db, q, { thresholds: loadThresholds() })
			: listFlags(db, q, { thresholds: loadThresholds() })
	);
}

/** GET /api/trend — one KPI per bucket with 同比 / 环比. */
export function trendResponse(db: Analytics, params: URLSearchParams): Promise<Response> {
	return answer(params, { require: ['kpi'] }, (q) => computeTrend(db, q, { thresholds: loadThresholds() }));
}
