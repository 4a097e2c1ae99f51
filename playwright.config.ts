import { defineConfig } from '@playwright/test';

const port = Number(process.env.E2E_PORT || 4173);

export default defineConfig({
	testDir: 'tests/e2e',
	timeout: 60_000,
	workers: 1,
	retries: 0,
	outputDir: 'test-results/playwright',
	use: {
		baseURL: `http://127.0.0.1:${port}`,
		viewport: { width: 1440, height: 900 },
		launchOptions: {
			executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium',
			args: [
				'--headless',
				'--no-sandbox',
				'--disable-gpu',
				'--disable-quic',
				'--no-first-run',
				'--disable-background-networking',
				'--disable-component-update',
				'--disable-sync'
			]
		}
	},
	webServer: {
		// Accounts and the demo analytics data first: the server opens both databases at start (one process each).
		command: 'npx tsx tests/e2e/prepare-server.ts && node build',
		url: `http://127.0.0.1:${port}/`,
		reuseExistingServer: false,
		timeout: 240_000,
		env: {
			PORT: String(port),
			HOST: '127.0.0.1',
			DATA_DIR: process.env.E2E_DATA_DIR || 'test-results/e2e-data',
			ORIGIN: `http://127.0.0.1:${port}`
		}
	}
});
