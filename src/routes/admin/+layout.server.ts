import type { LayoutServerLoad } from './$types';
import { requireUser } from '$lib/server/auth/guard';

// Convenience only: the hook already applied the rule table and every admin load / action checks again.
// /admin/data (data completeness) is also the supervision office's (policy.ts); every other page is admins'.
export const load: LayoutServerLoad = async (event) => {
	requireUser(event, event.route.id === '/admin/data' ? ['admin', 'supervisor'] : ['admin']);
	return {};
};
