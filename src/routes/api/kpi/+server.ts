/** GET /api/kpi — KPI report and assessment (same JSON as `cli kpi --json`). Parameters: docs/kpi.md; bad input → 400 { error }. */
import type { RequestHandler } from './$types';
import { getAnalytics } from '$lib/server/analytics/instance';
import { kpiResponse } from '$lib/server/analytics/kpi/http';

export const GET: RequestHandler = async ({ url }) => {
	// Authorisation: the locals.user check (and the user's department scope) goes here, before any query.
	return kpiResponse(await getAnalytics(), url.searchParams);
};
