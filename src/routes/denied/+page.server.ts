import { error } from '@sveltejs/kit';
import type { PageServerLoad } from './$types';
import { denyMessage } from '$lib/server/auth/guard';

// Rendered by the auth hook (handle.ts) for a denied page request, so the friendly error page keeps the layout.
export const load: PageServerLoad = async ({ url, locals }) => {
	const s = Number(url.searchParams.get('status'));
	const status = s === 401 || s === 404 ? s : 403;
	error(status, denyMessage(status, locals.lang));
};
