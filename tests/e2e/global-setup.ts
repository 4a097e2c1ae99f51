/**
 * Prepares the e2e data directory before the server starts. Later issues fill it with imported demo data.
 */
import fs from 'node:fs';

export default async function globalSetup() {
	fs.mkdirSync('test-results/e2e-data', { recursive: true });
}
