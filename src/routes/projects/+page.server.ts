/**
 * /projects — the project board (issue 14): headline figures, stage counts, where projects wait longest, and the
 * sorted, filtered, paginated projects as timelines with their table. The URL is the board's state
 * (analytics/projects/query.ts); department users see the projects they have a case in.
 */
import type { PageServerLoad } from './$types';
import { getAnalytics } from '$lib/server/analytics/instance';
import { requireUser } from '$lib/server/auth/guard';
import { projectsBoard } from '$lib/server/dashboard/projects';
import { activeThresholds } from '$lib/server/settings/active-thresholds';

export const load: PageServerLoad = async (event) => {
	const user = requireUser(event);
	const board = await projectsBoard(await getAnalytics(), event.url.searchParams, user, activeThresholds());
	return { board, isAdmin: user.role === 'admin' };
};
