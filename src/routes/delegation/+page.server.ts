import type { PageServerLoad } from './$types';
import { cachedScreen } from '$lib/server/dashboard/load';
import { SCREENS } from '$lib/server/dashboard/screen-list';

export const load: PageServerLoad = async (event) => {
	const { frame, data } = await cachedScreen(event, 'delegation', SCREENS.delegation.compute);
	return { frame, delegation: data };
};
