import type { PageServerLoad } from './$types';
import { assessmentData } from '$lib/server/dashboard/assessment';
import { engineSafe, startDashboard } from '$lib/server/dashboard/load';

export const load: PageServerLoad = async (event) => {
	const start = await startDashboard(event);
	const { frame, data } = await engineSafe(start, () =>
		assessmentData(start.db, start.ctx, start.ctx.query!, start.user, event.locals.lang)
	);
	return { frame, assessment: data };
};
