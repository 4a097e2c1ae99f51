import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { closeAllAnalytics } from '../../../src/lib/server/analytics/db';
import { getAnalytics } from '../../../src/lib/server/analytics/instance';
import { listAudit } from '../../../src/lib/server/auth/audit';
import { createUser } from '../../../src/lib/server/auth/users';
import { drainImportJobs, failInterruptedJobs, getJob, listJobs, safeFileName, startImportJob, subscribe } from '../../../src/lib/server/ingest/jobs';
import { rejectsCsv } from '../../../src/lib/server/ingest/rejects-csv';
import { toCsv } from '../../../src/lib/server/export/csv';
import { importJob } from '../../../src/lib/server/appdb/schema';
import { gbEncode } from '../../fixtures/ingest-data';
import { describeEachDriver } from '../helpers/appdb-drivers';

const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'import-jobs-'));
const saved = process.env.DATA_DIR;
beforeAll(() => {
	process.env.DATA_DIR = dataDir; // uploads and the analytics database of this file
});
afterAll(async () => {
	await closeAllAnalytics();
	process.env.DATA_DIR = saved;
	fs.rmSync(dataDir, { recursive: true, force: true });
});

let run = 0;
const csv = (tag: string) =>
	gbEncode(
		['区划代码,区划名称,层级,上级区划代码', `Q${tag},测试市,city,`, `Q${tag}1,东区,county,Q${tag}`, `,无编码,county,Q${tag}`, `Q${tag}2,西区,planet,Q${tag}`].join('\n') + '\n',
		'gbk'
	);

describeEachDriver('import jobs', (ctx) => {
	it('upload → queued → running → committed, with the summary, rejects, audit row; uploads removed', async () => {
		const tag = `${ctx.driver === 'pglite' ? 'L' : 'P'}${++run}`;
		const admin = await createUser(ctx.db, { username: `imp-${tag.toLowerCase()}`, password: 'import-admin-pw', role: 'admin' });
		const actor = { id: admin.id, username: admin.username, displayName: '', role: 'admin' as const, depts: [] };
		const seen: string[] = [];
		const id = await startImportJob(ctx.db, [{ name: '../../区划.csv', data: csv(tag) }], { encoding: 'gbk' }, actor);
		const off = subscribe(id, (j) => seen.push(j.status));
		await drainImportJobs();
		off();
		const job = await getJob(ctx.db, id);
		expect(job).toMatchObject({ status: 'committed', files: [{ name: '区划.csv' }], createdBy: admin.username });
		expect(seen).toContain('committed');
		expect(job!.progress?.percent).toBe(100);
		const f = job!.summary!.files[0];
		expect(f).toMatchObject({ table: 'regions', rowsRead: 4, rowsStored: 2, rowsRejected: 2 });
		expect(job!.summary!.rejects.map((r) => r.row).sort()).toEqual([4, 5]);
		expect(fs.existsSync(path.join(dataDir, 'uploads', `job-${id}`))).toBe(false);
		const text = await rejectsCsv(await getAnalytics(), job!.batchId!);
		expect(text.startsWith('\uFEFF')).toBe(true);
		expect(text.trim().split('\r\n')).toHaveLength(3);
		const { rows } = await listAudit(ctx.db, { action: 'import', username: admin.username });
		expect(rows[0].details).toMatchObject({ job_id: id, status: 'completed', rejects: 2 });
		expect((await listJobs(ctx.db)).map((j) => j.id)).toContain(id);
	});

	it('a refused file fails the job with the message, nothing stored', async () => {
		const admin = await createUser(ctx.db, { username: `imp-bad-${ctx.driver}`, password: 'import-admin-pw', role: 'admin' });
		const actor = { id: admin.id, username: admin.username, displayName: '', role: 'admin' as const, depts: [] };
		const id = await startImportJob(ctx.db, [{ name: 'mystery.csv', data: new TextEncoder().encode('foo,bar\n1,2\n') }], {}, actor);
		await drainImportJobs();
		const job = await getJob(ctx.db, id);
		expect(job?.status).toBe('failed');
		expect(job?.error).toBeTruthy();
	});

	it('jobs cut off by a restart are marked failed at start-up', async () => {
		const [r] = await ctx.db.insert(importJob).values({ status: 'running' }).returning({ id: importJob.id });
		expect(await failInterruptedJobs(ctx.db)).toBeGreaterThanOrEqual(1);
		expect((await getJob(ctx.db, r.id))?.status).toBe('failed');
	});
});

it('upload names cannot escape the upload directory; CSV cells cannot start formulas', () => {
	expect(safeFileName('../../etc/passwd', 0)).toBe('000-passwd');
	expect(safeFileName('..\\..\\a.csv', 1)).toBe('001-a.csv');
	expect(safeFileName('..', 2)).toBe('002-upload-2');
	// The rejects CSV is written by the one CSV writer: formulas neutralised, quoting, nulls empty.
	expect(toCsv(['h'], [['=HYPERLINK("x")'], ['-1'], ['a,b'], [null]])).toBe(`\uFEFFh\r\n"'=HYPERLINK(""x"")"\r\n'-1\r\n"a,b"\r\n\r\n`);
});
