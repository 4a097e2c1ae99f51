/**
 * Runs before the e2e server (playwright.config.ts webServer: `tsx tests/e2e/prepare-server.ts && node build`).
 * Playwright starts the webServer BEFORE globalSetup, and the embedded app database admits one process, so
 * accounts must exist before `node build` opens it: a fresh app database with one user per role (users.ts)
 * and an API token per role (kept in E2E_TOKENS_FILE for the specs).
 */
import fs from 'node:fs';
import path from 'node:path';
import { closeAppDb, getAppDb } from '../../src/lib/server/appdb/index';
import { acquireDirLock } from '../../src/lib/server/appdb/lock';
import { createApiToken } from '../../src/lib/server/auth/token';
import { createUser } from '../../src/lib/server/auth/users';
import { E2E_TOKENS_FILE, E2E_USERS } from './users';

const dataDir = path.resolve(process.env.DATA_DIR || 'test-results/e2e-data');
process.env.DATA_DIR = dataDir;
delete process.env.DATABASE_URL; // the e2e server uses the embedded database under DATA_DIR
fs.mkdirSync(dataDir, { recursive: true });
// Never wipe a database another e2e server is using (another run: set E2E_PORT and E2E_DATA_DIR).
acquireDirLock(path.join(dataDir, 'appdb'))();
fs.rmSync(path.join(dataDir, 'appdb'), { recursive: true, force: true });

const db = await getAppDb();
const tokens: Record<string, string> = {};
for (const [role, u] of Object.entries(E2E_USERS)) {
	const { id } = await createUser(db, { username: u.username, password: u.password, role: u.role, depts: [...u.depts] });
	tokens[role] = (await createApiToken(db, id, { name: 'e2e' })).token;
}
await closeAppDb();
fs.writeFileSync(path.resolve(E2E_TOKENS_FILE), JSON.stringify(tokens, null, 2));
console.log(`e2e: app database ready with ${Object.keys(E2E_USERS).length} users under ${dataDir}`);
