/**
 * /projects/[code] — one project (issue 14): register attributes, stages, cases, who holds it now and its
 * timeline. A project outside the user's scope (department users: no case of theirs) or unknown → 404.
 */
import { error } from '@sveltejs/kit';
import type { PageServerLoad } from './$types';
import { getAnalytics } from '$lib/server/analytics/instance';
import { denyMessage, requireUser } from '$lib/server/auth/guard';
import { projectPage } from '$lib/server/dashboard/projects';
import { activeThresholds } from '$lib/server/settings/active-thresholds';

export const load: PageServerLoad = async (event) => {
	const user = requireUser(event);
	const p = await projectPage(
		await getAnalytics(),
		event.params.code,
		event.url.searchParams,
		user,
		activeThresholds()
	);
	if (!p) error(404, denyMessage(404, event.locals.lang));
	return { p };
};
