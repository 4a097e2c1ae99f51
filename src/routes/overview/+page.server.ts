import type { PageServerLoad } from './$types';
import { requireUser } from '$lib/server/auth/guard';
import { cachedScreen, engineSafe } from '$lib/server/dashboard/load';
import { overviewCore, overviewNotices } from '$lib/server/dashboard/overview';

export const load: PageServerLoad = async (event) => {
	const user = requireUser(event);
	// KPI part: shared per role / scope / query / data version (dashboard/page-cache.ts); notices: fresh.
	const { frame, data } = await cachedScreen(event, 'overview', (start) =>
		engineSafe(start, () =>
			overviewCore(start.db, start.ctx, start.ctx.query!, start.user, start.scope !== null)
		)
	);
	const overview = data
		? { ...data, notices: await overviewNotices(user, { from: frame.filters.from, to: frame.filters.to }) }
		: null;
	return { frame, overview };
};
