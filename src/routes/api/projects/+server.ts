/** GET /api/projects — every project at `as_of` (same JSON as `cli projects --json`). Definitions: docs/projects.md. */
import type { RequestHandler } from './$types';
import { getAnalytics } from '$lib/server/analytics/instance';
import { projectsResponse } from '$lib/server/analytics/projects/api';
import { requireUser } from '$lib/server/auth/guard';
import { deptScope } from '$lib/server/auth/policy';
import { activeThresholds } from '$lib/server/settings/active-thresholds';

export const GET: RequestHandler = async (event) => {
	// Checked again here (the hook checks the rule table too); department users see the projects they have cases in.
	const user = requireUser(event);
	return projectsResponse(await getAnalytics(), event.url.searchParams, { scope: deptScope(user), thresholds: activeThresholds() });
};
