import type { PageServerLoad } from './$types';
import { canSeeCaseDetail, canListCases } from '$lib/server/auth/policy';
import { engineSafe, startDashboard } from '$lib/server/dashboard/load';
import { timelinessData } from '$lib/server/dashboard/screens';

export const load: PageServerLoad = async (event) => {
	const start = await startDashboard(event);
	const { frame, data } = await engineSafe(start, () =>
		timelinessData(start.db, start.ctx, start.ctx.query!)
	);
	return {
		frame,
		timeliness: data,
		canOpen: canSeeCaseDetail(start.user),
		canList: canListCases(start.user)
	};
};
