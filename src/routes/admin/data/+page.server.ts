/**
 * /admin/data — what the loaded data can and cannot answer (issue 12): table counts, the completeness notes by
 * level with the KPIs each one stops, and what to import next. Counts and notes only, no case detail, so the
 * supervision office may read it too (policy.ts); only admins get the link to the import screen.
 */
import type { PageServerLoad } from './$types';
import type { KpiId } from '$lib/kpi/catalog';
import { getAnalytics } from '$lib/server/analytics/instance';
import { dataCompleteness, kpiAvailability } from '$lib/server/analytics/completeness';
import { requireUser } from '$lib/server/auth/guard';

export const load: PageServerLoad = async (event) => {
	const user = requireUser(event, ['admin', 'supervisor']);
	const completeness = await dataCompleteness(await getAnalytics());
	// Note code → the KPIs it makes uncomputable (the same map the dashboard cards use).
	const affects: Record<string, KpiId[]> = {};
	for (const [id, code] of Object.entries(kpiAvailability(completeness)))
		if (code) (affects[code] ??= []).push(id as KpiId);
	return { completeness, affects, canImport: user.role === 'admin' };
};
