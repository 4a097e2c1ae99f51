import { redirect } from '@sveltejs/kit';
import type { PageServerLoad } from './$types';
import { requireUser } from '$lib/server/auth/guard';

export const load: PageServerLoad = async (event) => {
	requireUser(event, ['admin']);
	redirect(303, '/admin/users');
};
