import type { PageServerLoad } from './$types';
import { requireUser } from '$lib/server/auth/guard';
import { cachedScreen } from '$lib/server/dashboard/load';
import { overviewNotices } from '$lib/server/dashboard/overview';
import { SCREENS } from '$lib/server/dashboard/screen-list';
import { overviewTasks } from '$lib/server/tasks/widgets';
import { getAnalytics } from '$lib/server/analytics/instance';
import { overviewProjects } from '$lib/server/dashboard/projects';
import { activeThresholds } from '$lib/server/settings/active-thresholds';

export const load: PageServerLoad = async (event) => {
	const user = requireUser(event);
	// KPI part: shared per role / scope / query / data version (dashboard/page-cache.ts); notices: fresh.
	const { frame, data } = await cachedScreen(event, 'overview', SCREENS.overview.compute);
	const overview = data
		? { ...data, notices: await overviewNotices(user, { from: frame.filters.from, to: frame.filters.to }) }
		: null;
	const [tasks, projects] = await Promise.all([
		overviewTasks(user),
		overviewProjects(await getAnalytics(), user, activeThresholds())
	]);
	return { frame, overview, tasks, projects };
};
