import type { PageServerLoad } from './$types';
import { engineSafe, startDashboard } from '$lib/server/dashboard/load';
import { overviewData } from '$lib/server/dashboard/overview';

export const load: PageServerLoad = async (event) => {
	const start = await startDashboard(event);
	const { frame, data } = await engineSafe(start, () =>
		overviewData(start.db, start.ctx, start.ctx.query!, start.user, start.scope !== null)
	);
	return { frame, overview: data };
};
