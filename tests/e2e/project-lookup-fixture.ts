/**
 * Data for a private server of the project lookup specs (throttling must not lock the shared e2e server's
 * loopback IP): `npx tsx tests/e2e/project-lookup-fixture.ts DATA_DIR` writes $DATA_DIR/analytics.duckdb with the
 * hand-computed projects of tests/unit/projects/fixture.ts, the register's P1 and P3 verifiable by the last
 * PROJECT_VERIFY_CHARS (default 6) characters of a made-up 统一社会信用代码, and prints the project codes and
 * those values as JSON (the last line).
 */
import fs from 'node:fs';
import path from 'node:path';

const dataDir = path.resolve(process.argv[2] ?? '');
if (!process.argv[2]) throw new Error('usage: project-lookup-fixture.ts DATA_DIR');
process.env.DATA_DIR = dataDir;
delete process.env.ANALYTICS_DB;
fs.mkdirSync(dataDir, { recursive: true });

const { projectsDb } = await import('../unit/projects/fixture');
const { closeAllAnalytics } = await import('../../src/lib/server/analytics/db');
const { hashVerify } = await import('../../src/lib/server/ingest/pii');
const { getConfig } = await import('../../src/lib/server/config');

export const OWNERS = { P1: '91330100MA2B3C4D5X', P3: '91330100MA2K7Q8R9Y' } as const;
const chars = getConfig().projectVerifyChars || 6;
const file = path.join(dataDir, 'analytics.duckdb');
fs.rmSync(file, { force: true });
fs.rmSync(`${file}.wal`, { force: true });
const db = await projectsDb({ file });
await db.write(async (conn) => {
	await conn.run(`UPDATE projects SET owner_verify = $1 WHERE project_code = 'P1'`, [
		hashVerify(OWNERS.P1, chars)
	]);
	await conn.run(
		`INSERT INTO projects (project_code, name, owner_name, owner_verify) VALUES ('P3', '城东污水处理厂扩建工程', '城东水务有限公司', $1)`,
		[hashVerify(OWNERS.P3, chars)]
	);
});
await closeAllAnalytics();
console.log(
	JSON.stringify({
		projects: Object.entries(OWNERS).map(([code, owner]) => ({ code, value: owner.slice(-chars) }))
	})
);
process.exit(0);
