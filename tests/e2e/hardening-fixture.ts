/**
 * Data for the hardening security spec's private server (run with tsx before `node build` starts, and again
 * after it stopped): `npx tsx tests/e2e/hardening-fixture.ts setup DATA_DIR` builds a small jurisdiction with
 * canaries — cases of department D03 whose id, applicant_hash and reject_reason carry marker strings a D02
 * user or a leader must never see, formula-injection strings in names and reasons — plus one account and
 * API token per role and two supervision notices (D02's and D03's). Prints the ids and tokens as JSON.
 * `… checksum DATA_DIR` prints the analytics tables' checksums (the spec compares before / after).
 */
import fs from 'node:fs';
import path from 'node:path';

const [mode, dataDirArg] = process.argv.slice(2);
const dataDir = path.resolve(dataDirArg);
process.env.DATA_DIR = dataDir;
delete process.env.DATABASE_URL;
delete process.env.ANALYTICS_DB;

export const CANARY = { caseId: 'CNRY-D03-1', hash: 'HASHCANARY7Q', reason: 'REASONCANARY' } as const;
export const FORMULA = {
	reason: '=HYPERLINK("http://evil.example/r","x")',
	deptName: '=HYPERLINK("http://evil.example/d","dept")',
	itemName: "+cmd|' /C calc'!A0"
} as const;

const { openAnalytics, closeAllAnalytics } = await import('../../src/lib/server/analytics/db');
const { checksums } = await import('../hardening/helpers');

if (mode === 'checksum') {
	const db = await openAnalytics(path.join(dataDir, 'analytics.duckdb'));
	console.log(JSON.stringify(await checksums(db)));
	await closeAllAnalytics();
	process.exit(0);
}

const { importFiles } = await import('../../src/lib/server/ingest/index');
const { dataset, writeCanonical } = await import('../fixtures/ingest-data');
const { closeAppDb, getAppDb } = await import('../../src/lib/server/appdb/index');
const { createUser } = await import('../../src/lib/server/auth/users');
const { createApiToken } = await import('../../src/lib/server/auth/token');
const { createNotice } = await import('../../src/lib/server/notices/service');
const { hashVerify } = await import('../../src/lib/server/ingest/pii');
const { getConfig } = await import('../../src/lib/server/config');

fs.rmSync(dataDir, { recursive: true, force: true });
fs.mkdirSync(dataDir, { recursive: true });
const src = path.join(dataDir, 'src');
const ds = dataset(60);
ds.departments.push({
	dept_code: 'D05',
	name: FORMULA.deptName,
	region_code: '430102',
	peer_group: 'county'
});
ds.items.push({ ...ds.items[0], item_code: 'IFX', name: FORMULA.itemName, dept_code: 'D05' });
const base = ds.cases[0];
ds.cases.push(
	...[1, 2, 3].map((n) => ({
		...base,
		case_id: `CNRY-D03-${n}`,
		item_code: 'I002',
		dept_code: 'D03',
		applicant_hash: CANARY.hash,
		status: 'rejected',
		accepted_at: null,
		decided_at: null,
		completed_at: null,
		reject_reason: `${CANARY.reason} ${n}`
	})),
	{
		...base,
		case_id: 'FX-D02-1',
		item_code: 'I001',
		dept_code: 'D02',
		status: 'rejected',
		accepted_at: null,
		decided_at: null,
		completed_at: null,
		reject_reason: FORMULA.reason
	},
	{ ...base, case_id: 'FX-D05-1', item_code: 'IFX', dept_code: 'D05' }
);
writeCanonical(src, ds);
const db = await openAnalytics(path.join(dataDir, 'analytics.duckdb'));
const s = await importFiles(db, [{ path: src }]);
if (s.rejectsTotal) throw new Error(`fixture rejects: ${JSON.stringify(s.rejects)}`);
const own = await db.query(
	`SELECT case_id, item_code FROM cases WHERE dept_code = 'D02' AND case_id LIKE 'C2018%' ORDER BY case_id LIMIT 1`
);
const otherItem = await db.query(
	`SELECT item_code FROM items WHERE dept_code = 'D03' ORDER BY item_code LIMIT 1`
);
const ownItem = await db.query(
	`SELECT item_code FROM items WHERE dept_code = 'D02' ORDER BY item_code LIMIT 1`
);
// Projects (issue 14; the canonical CSVs of ingest-data.ts carry no project code, so the fixture sets it): PRJ-MIX
// holds D02's own case and a D03 canary case — a D02 user opens it without seeing D03's case id; PRJ-D03 holds
// only D03 canary cases — a D02 user gets 404.
await db.write(async (conn) => {
	await conn.run(`UPDATE cases SET project_code = 'PRJ-MIX' WHERE case_id IN ($1, 'CNRY-D03-1')`, [String(own[0].case_id)]);
	await conn.run(`UPDATE cases SET project_code = 'PRJ-D03' WHERE case_id IN ('CNRY-D03-2', 'CNRY-D03-3')`);
});

// The public project lookup (issue 14): PRJ-D03 (D03's canary cases, where the fixture gives them that project code) is
// in the register with a name, a canary owner name and the verification hash of its owner's code; the lookup must
// show its stages only — never a case id, a department, an item or the owner.
const LOOKUP = { code: 'PRJ-D03', ownerCode: '91430121MA4CVQ7Z9K', ownerName: 'OWNERCANARY有限公司' };
await db.write(async (conn) => {
	await conn.run(`INSERT INTO projects (project_code, name, owner_name, owner_verify) VALUES ($1, '金桥物流园', $2, $3)`, [
		LOOKUP.code,
		LOOKUP.ownerName,
		hashVerify(LOOKUP.ownerCode, getConfig().projectVerifyChars || 6)
	]);
});

const app = await getAppDb();
const users = {
	admin: { username: 'hz-admin', password: 'hz-admin-pass-1', role: 'admin', depts: [] as string[] },
	leader: { username: 'hz-leader', password: 'hz-leader-pass-1', role: 'leader', depts: [] as string[] },
	supervisor: {
		username: 'hz-super',
		password: 'hz-super-pass-1',
		role: 'supervisor',
		depts: [] as string[]
	},
	department: { username: 'hz-dept2', password: 'hz-dept2-pass-1', role: 'department', depts: ['D02'] },
	department3: { username: 'hz-dept3', password: 'hz-dept3-pass-1', role: 'department', depts: ['D03'] },
	victim: { username: 'hz-victim', password: 'hz-victim-pass-1', role: 'leader', depts: [] as string[] }
} as const;
const tokens: Record<string, string> = {};
const ids: Record<string, number> = {};
for (const [k, u] of Object.entries(users)) {
	const { id } = await createUser(app, {
		username: u.username,
		password: u.password,
		role: u.role,
		depts: [...u.depts]
	});
	ids[k] = id;
	tokens[k] = (await createApiToken(app, id, { name: 'hardening' })).token;
}
const sup = {
	id: ids.supervisor,
	username: users.supervisor.username,
	role: 'supervisor' as const,
	depts: []
};
const notice = (deptCode: string) =>
	createNotice(
		app,
		db,
		sup,
		{
			deptCode,
			title: `督办 ${deptCode}`,
			problem: `${deptCode} 问题${deptCode === 'D03' ? ` ${CANARY.reason}` : ''}`,
			requiredAction: '整改',
			deadlineWorkdays: 5
		},
		{ today: '2018-04-02' }
	);
const notices = { D02: await notice('D02'), D03: await notice('D03') };
await closeAppDb();
await closeAllAnalytics();
console.log(
	JSON.stringify({
		users,
		tokens,
		notices,
		ownCase: own[0].case_id,
		ownItem: ownItem[0].item_code,
		otherItem: otherItem[0].item_code,
		lookup: { ...LOOKUP, value: LOOKUP.ownerCode.slice(-(getConfig().projectVerifyChars || 6)) }
	})
);
process.exit(0);
