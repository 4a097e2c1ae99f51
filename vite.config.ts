import { sveltekit } from '@sveltejs/kit/vite';
import { defineConfig } from 'vite';
import { cssWhereFallback } from './scripts/css-where-fallback.js';

export default defineConfig({
	plugins: [sveltekit()],
	build: {
		// The browser floor, Chromium 86 (README "Browsers"): syntax above it is lowered, CSS too (cssTarget
		// follows). A string, not an array: SvelteKit sets 'node18.13' for its server build and Vite
		// concatenates arrays when merging configs, so an array would also lower the server bundle; a string is
		// replaced there and applies to the client build only. Built-ins the floor lacks: static/browser-floor.js.
		target: 'chrome86'
	},
	css: {
		// Selectors of Chromium 88 (Svelte 5's `:where()` scoping, `:not(a, b)`) get a copy older cores parse:
		// scripts/css-where-fallback.js.
		postcss: { plugins: [cssWhereFallback()] }
	},
	ssr: {
		// Native / large server-only packages stay external to the SSR bundle.
		external: ['@duckdb/node-api', '@electric-sql/pglite', '@node-rs/argon2', 'exceljs', 'docx', 'playwright-core', 'pg']
	},
	test: {
		include: ['src/**/*.{test,spec}.ts', 'tests/unit/**/*.{test,spec}.ts', 'tests/integration/**/*.{test,spec}.ts', 'tests/hardening/*.{test,spec}.ts'],
		environment: 'node',
		testTimeout: 60_000,
		hookTimeout: 120_000,
		pool: 'forks'
	}
});
