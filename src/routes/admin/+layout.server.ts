import type { LayoutServerLoad } from './$types';
import { requireUser } from '$lib/server/auth/guard';

// Convenience only: the hook already applied the rule table and every admin load / action checks again.
export const load: LayoutServerLoad = async (event) => {
	requireUser(event, ['admin']);
	return {};
};
