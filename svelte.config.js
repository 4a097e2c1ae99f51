import adapter from '@sveltejs/adapter-node';
import { vitePreprocess } from '@sveltejs/vite-plugin-svelte';

/** @type {import('@sveltejs/kit').Config} */
const config = {
	preprocess: vitePreprocess(),
	kit: {
		// CSRF: SvelteKit's origin check is on by default and must stay on (no trustedOrigins here).
		adapter: adapter({ out: 'build' })
	}
};

export default config;
