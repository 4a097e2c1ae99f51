/** GET /api/process — the process view (same JSON as `cli process --json`). Parameters and definitions: docs/process.md. */
import type { RequestHandler } from './$types';
import { getAnalytics } from '$lib/server/analytics/instance';
import { processResponse } from '$lib/server/analytics/process/api';
import { requireUser } from '$lib/server/auth/guard';
import { deptScope } from '$lib/server/auth/policy';

export const GET: RequestHandler = async (event) => {
	// Checked again here (the hook checks the rule table too); department users are narrowed to their own
	// departments' cases inside the handler (another department → 404).
	const user = requireUser(event);
	return processResponse(await getAnalytics(), event.url.searchParams, { scope: deptScope(user) });
};
