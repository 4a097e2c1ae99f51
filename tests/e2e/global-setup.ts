/**
 * Prepares the e2e data directory. Note: Playwright starts the webServer BEFORE globalSetup, so whatever the
 * server holds open from its start (the app database: accounts, tokens) is prepared by prepare-server.ts,
 * which the webServer command runs before `node build`. Later issues fill it with imported demo data.
 */
import fs from 'node:fs';

export default async function globalSetup() {
	fs.mkdirSync('test-results/e2e-data', { recursive: true });
}
