/** GET /api/trend — one KPI per month / quarter / year with 同比 / 环比. Parameters: docs/kpi.md; bad input → 400 { error }. */
import type { RequestHandler } from './$types';
import { getAnalytics } from '$lib/server/analytics/instance';
import { trendResponse } from '$lib/server/analytics/kpi/http';

export const GET: RequestHandler = async ({ url }) => {
	// Authorisation: the locals.user check (and the user's department scope) goes here, before any query.
	return trendResponse(await getAnalytics(), url.searchParams);
};
