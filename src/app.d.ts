// See https://svelte.dev/docs/kit/types#app.d.ts
import type { Lang } from '$lib/i18n';
import type { AuthUser, SessionInfo } from '$lib/server/auth/session';

declare global {
	namespace App {
		interface Locals {
			lang: Lang;
			/** Signed-in user (session cookie or API token), filled by handleAuth; null = anonymous. */
			user: AuthUser | null;
			/** The browser session behind `user` (null for API tokens). */
			session: SessionInfo | null;
			/** How the user authenticated. */
			auth: 'session' | 'token' | null;
		}
		interface Error {
			message: string;
		}
	}
}

export {};
