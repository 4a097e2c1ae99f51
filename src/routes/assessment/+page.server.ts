import type { PageServerLoad } from './$types';
import { assessmentData } from '$lib/server/dashboard/assessment';
import { cachedScreen, engineSafe } from '$lib/server/dashboard/load';

export const load: PageServerLoad = async (event) => {
	const lang = event.locals.lang;
	const { frame, data } = await cachedScreen(
		event,
		'assessment',
		(start) =>
			engineSafe(start, () => assessmentData(start.db, start.ctx, start.ctx.query!, start.user, lang)),
		{ lang: true }
	);
	return { frame, assessment: data };
};
