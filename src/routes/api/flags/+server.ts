/** GET /api/flags — flagged cases (paged) or, with view=counts, flag counts per department. Parameters: docs/kpi.md; bad input → 400 { error }. */
import type { RequestHandler } from './$types';
import { getAnalytics } from '$lib/server/analytics/instance';
import { flagsResponse } from '$lib/server/analytics/kpi/http';

export const GET: RequestHandler = async ({ url }) => {
	// Authorisation: the locals.user check (and the user's department scope) goes here, before any query.
	return flagsResponse(await getAnalytics(), url.searchParams);
};
