import { redirect } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import { getAppDb } from '$lib/server/appdb';
import { audit } from '$lib/server/auth/audit';
import { deleteSessionCookie, invalidateSession } from '$lib/server/auth/session';

// POST only (a GET link could be triggered by any page); SvelteKit's origin check stops cross-site posts.
// Signing out needs no permission, so an expired session still lands on the login page.
export const POST: RequestHandler = async (event) => {
	if (event.locals.session) {
		const db = await getAppDb();
		await invalidateSession(db, event.locals.session.id);
		await audit(event, 'logout', {}, { db });
	}
	deleteSessionCookie(event);
	event.locals.user = null;
	event.locals.session = null;
	redirect(303, '/login?loggedOut');
};
