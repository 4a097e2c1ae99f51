import type { PageServerLoad } from './$types';
import { engineSafe, startDashboard } from '$lib/server/dashboard/load';
import { satisfactionData } from '$lib/server/dashboard/screens';

export const load: PageServerLoad = async (event) => {
	const start = await startDashboard(event);
	const { frame, data } = await engineSafe(start, () =>
		satisfactionData(start.db, start.ctx, start.ctx.query!, start.user)
	);
	return { frame, satisfaction: data };
};
