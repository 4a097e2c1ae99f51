/** GET /api/kpi — KPI report and assessment (same JSON as `cli kpi --json`). Parameters: docs/kpi.md; bad input → 400 { error }. */
import type { RequestHandler } from './$types';
import { getAnalytics } from '$lib/server/analytics/instance';
import { kpiResponse } from '$lib/server/analytics/kpi/api';
import { requireUser } from '$lib/server/auth/guard';
import { deptScope } from '$lib/server/auth/policy';
import { engineOptions } from '$lib/server/dashboard/kpi-reports';

export const GET: RequestHandler = async (event) => {
	// Checked again here (the hook checks the rule table too); department users are narrowed to their own
	// departments inside the handler, and the numbers use the same scheme/thresholds as the dashboards.
	const user = requireUser(event);
	return kpiResponse(await getAnalytics(), event.url.searchParams, { scope: deptScope(user), engine: engineOptions });
};
