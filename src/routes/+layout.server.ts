import type { LayoutServerLoad } from './$types';

// The browser gets only what the top bar needs about the user (never ids, sessions or tokens).
export const load: LayoutServerLoad = async ({ locals }) => {
	const u = locals.user;
	return {
		lang: locals.lang,
		user: u ? { username: u.username, displayName: u.displayName, role: u.role, depts: u.depts } : null
	};
};
