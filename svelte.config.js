import adapter from '@sveltejs/adapter-node';
import { vitePreprocess } from '@sveltejs/vite-plugin-svelte';

/** @type {import('@sveltejs/kit').Config} */
const config = {
	preprocess: vitePreprocess(),
	kit: {
		// CSRF: SvelteKit's origin check is on by default and must stay on (no trustedOrigins here).
		adapter: adapter({ out: 'build' }),
		// Absolute asset paths: the auth hook answers a denied request with the /denied page's HTML at the
		// requested URL, where relative paths (./_app/…) would resolve under that URL and 404.
		paths: { relative: false }
	}
};

export default config;
