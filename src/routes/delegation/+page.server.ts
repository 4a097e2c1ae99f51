import type { PageServerLoad } from './$types';
import { cachedScreen, engineSafe } from '$lib/server/dashboard/load';
import { delegationData } from '$lib/server/dashboard/screens';

export const load: PageServerLoad = async (event) => {
	const { frame, data } = await cachedScreen(event, 'delegation', (start) =>
		engineSafe(start, () => delegationData(start.db, start.ctx, start.ctx.query!))
	);
	return { frame, delegation: data };
};
