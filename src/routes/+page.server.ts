import type { PageServerLoad } from './$types';
import { getAnalytics } from '$lib/server/analytics/instance';
import { recentImports, tableCounts } from '$lib/server/analytics/status';
import { requireUser } from '$lib/server/auth/guard';

export const load: PageServerLoad = async (event) => {
	requireUser(event);
	const db = await getAnalytics();
	const [counts, imports] = await Promise.all([tableCounts(db), recentImports(db, 10)]);
	return { counts, imports, dbPath: db.path };
};
