import type { PageServerLoad } from './$types';
import { canSeeCaseDetail, canListCases } from '$lib/server/auth/policy';
import { cachedScreen } from '$lib/server/dashboard/load';
import { SCREENS } from '$lib/server/dashboard/screen-list';

export const load: PageServerLoad = async (event) => {
	const { frame, data } = await cachedScreen(event, 'timeliness', SCREENS.timeliness.compute);
	const user = event.locals.user!; // checked by cachedScreen (requireUser)
	return {
		frame,
		timeliness: data,
		canOpen: canSeeCaseDetail(user),
		canList: canListCases(user)
	};
};
