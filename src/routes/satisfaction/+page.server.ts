import type { PageServerLoad } from './$types';
import { cachedScreen, engineSafe } from '$lib/server/dashboard/load';
import { satisfactionData } from '$lib/server/dashboard/screens';

export const load: PageServerLoad = async (event) => {
	const { frame, data } = await cachedScreen(event, 'satisfaction', (start) =>
		engineSafe(start, () => satisfactionData(start.db, start.ctx, start.ctx.query!, start.user))
	);
	return { frame, satisfaction: data };
};
