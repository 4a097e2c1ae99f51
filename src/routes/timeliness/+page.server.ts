import type { PageServerLoad } from './$types';
import { canSeeCaseDetail, canListCases } from '$lib/server/auth/policy';
import { cachedScreen, engineSafe } from '$lib/server/dashboard/load';
import { timelinessData } from '$lib/server/dashboard/screens';

export const load: PageServerLoad = async (event) => {
	const { frame, data } = await cachedScreen(event, 'timeliness', (start) =>
		engineSafe(start, () => timelinessData(start.db, start.ctx, start.ctx.query!))
	);
	const user = event.locals.user!; // checked by cachedScreen (requireUser)
	return {
		frame,
		timeliness: data,
		canOpen: canSeeCaseDetail(user),
		canList: canListCases(user)
	};
};
