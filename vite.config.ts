import { sveltekit } from '@sveltejs/kit/vite';
import { defineConfig } from 'vite';

export default defineConfig({
	plugins: [sveltekit()],
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
