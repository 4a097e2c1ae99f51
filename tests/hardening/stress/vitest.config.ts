/**
 * `npm run test:stress` — the long hardening cases kept out of `npm test` (issue 8): the 100 MB single-line CSVs
 * and the 1.1 M-row XLSX of the corpus, and 20 seeded kills of a 300 k-row import. About 3.5 minutes on the
 * 2-core machine (see docs/hardening.md).
 */
import { defineConfig } from 'vitest/config';

export default defineConfig({
	test: {
		include: ['tests/hardening/stress/**/*.test.ts'],
		environment: 'node',
		pool: 'forks',
		fileParallelism: false,
		testTimeout: 3_600_000,
		hookTimeout: 3_600_000,
		env: { HARDENING_STRESS: '1' }
	}
});
