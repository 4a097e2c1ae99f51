/**
 * Supervision notices end to end on both app-database drivers: raise (deadline in working days from the DuckDB
 * calendar), department scope (404 outside it), respond with attachments, submit, return, submit again,
 * accept; history of every change; overdue; counts per department; the report's notices table.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Analytics } from '../../../src/lib/server/analytics/db';
import { createUser } from '../../../src/lib/server/auth/users';
import type { AuthUser } from '../../../src/lib/server/auth/session';
import { noticeCounts, noticeCountsFn } from '../../../src/lib/server/notices/counts';
import { accept, attachmentFor, createNotice, getNotice, listNotices, NoticeError, respond, returnNotice } from '../../../src/lib/server/notices/service';
import { readStored } from '../../../src/lib/server/notices/attachments';
import { AttachmentError } from '../../../src/lib/server/notices/attachments';
import { describeEachDriver } from '../helpers/appdb-drivers';
import { build, reportsDb } from '../../unit/reports/report-fixture';

let analytics: Analytics;
let dataDir: string;
const prevDataDir = process.env.DATA_DIR;

beforeAll(async () => {
	analytics = await reportsDb();
	dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'notices-'));
	process.env.DATA_DIR = dataDir;
});
afterAll(async () => {
	await analytics.close();
	fs.rmSync(dataDir, { recursive: true, force: true });
	if (prevDataDir === undefined) delete process.env.DATA_DIR;
	else process.env.DATA_DIR = prevDataDir;
});

const PDF = Buffer.from('%PDF-1.4\n%âãÏÓ\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n');

describeEachDriver('notices', (ctx) => {
	let sup: AuthUser;
	let e2: AuthUser;
	let e1: AuthUser;
	let id: number;

	beforeAll(async () => {
		const mk = async (username: string, role: AuthUser['role'], depts: string[] = []): Promise<AuthUser> => {
			const { id } = await createUser(ctx.db, { username, password: `${username}-password`, role, depts });
			return { id, username, displayName: '', role, depts };
		};
		sup = await mk('sup', 'supervisor');
		e2 = await mk('dept-e2', 'department', ['E2']);
		e1 = await mk('dept-e1', 'department', ['E1']);
	});

	it('a supervisor raises a notice; the due date is the N-th working day after issue', async () => {
		id = await createNotice(
			ctx.db,
			analytics,
			sup,
			{
				deptCode: 'E2',
				title: '差评未整改',
				problem: '2024年3月差评逾期未整改。',
				requiredAction: '5个工作日内完成整改并报送整改情况。',
				deadlineWorkdays: 5,
				indicator: 'rectification_rate',
				caseIds: ['X3'],
				periodFrom: '2024-03-01',
				periodTo: '2024-03-31'
			},
			{ today: '2024-09-27' }
		);
		const n = await getNotice(ctx.db, analytics, sup, id, { today: '2024-09-27' });
		// Fri 09-27 + 5 working days: 09-29 (Sun, 调休 working day), 09-30, then 10-08, 10-09, 10-10.
		expect([n.status, n.issuedOn, n.dueOn, n.deptName, n.workdaysLeft]).toEqual(['open', '2024-09-27', '2024-10-10', '部门E2', 5]);
		expect(n.events.map((e) => [e.action, e.toStatus, e.username])).toEqual([['create', 'open', 'sup']]);
	});

	it('refuses bad input: unknown department, a case of another department, non-supervisors', async () => {
		const base = { deptCode: 'E2', title: 't', problem: 'p', requiredAction: 'a', deadlineWorkdays: 5 };
		await expect(createNotice(ctx.db, analytics, sup, { ...base, deptCode: 'NOPE' })).rejects.toMatchObject({ status: 400 });
		await expect(createNotice(ctx.db, analytics, sup, { ...base, caseIds: ['X1'] })).rejects.toMatchObject({ status: 400 });
		await expect(createNotice(ctx.db, analytics, sup, { ...base, deadlineWorkdays: 0 })).rejects.toMatchObject({ status: 400 });
		await expect(createNotice(ctx.db, analytics, e2, base)).rejects.toMatchObject({ status: 403 });
	});

	it('department users see only their own notices (others: 404)', async () => {
		expect((await listNotices(ctx.db, analytics, e2, {}, { today: '2024-09-27' })).map((n) => n.id)).toEqual([id]);
		expect(await listNotices(ctx.db, analytics, e1)).toEqual([]);
		await expect(getNotice(ctx.db, analytics, e1, id)).rejects.toMatchObject({ status: 404 });
		await expect(respond(ctx.db, e1, id, { text: 'x', done: true })).rejects.toMatchObject({ status: 404 });
	});

	it('the department answers with an attachment and marks it done; wrong files are refused', async () => {
		await expect(respond(ctx.db, e2, id, { text: '已整改', done: true, files: [{ name: 'evil.pdf', bytes: Buffer.from('MZ\x90\x00') }] })).rejects.toBeInstanceOf(AttachmentError);
		await expect(respond(ctx.db, e2, id, { text: '已整改', done: true, files: [{ name: 'run.exe', bytes: Buffer.from('MZ') }] })).rejects.toBeInstanceOf(AttachmentError);
		await expect(accept(ctx.db, sup, id)).rejects.toMatchObject({ status: 409 });
		expect(await respond(ctx.db, e2, id, { text: '正在整改', done: false })).toBe('open');
		expect(await respond(ctx.db, e2, id, { text: '已整改，见附件', done: true, files: [{ name: '整改报告.pdf', bytes: PDF }] })).toBe('submitted');
		const n = await getNotice(ctx.db, analytics, e2, id);
		const last = n.events.at(-1)!;
		expect([last.action, last.fromStatus, last.toStatus, last.attachments.map((a) => a.fileName)]).toEqual(['submit', 'open', 'submitted', ['整改报告.pdf']]);
		const a = await attachmentFor(ctx.db, sup, id, last.attachments[0].id);
		expect(readStored(id, a.storedName).equals(PDF)).toBe(true);
		await expect(attachmentFor(ctx.db, e1, id, a.id)).rejects.toBeInstanceOf(NoticeError);
	});

	it('the supervisor returns it, the department submits again, the supervisor closes it; all kept as history', async () => {
		await expect(returnNotice(ctx.db, sup, id, '')).rejects.toMatchObject({ status: 400 });
		expect(await returnNotice(ctx.db, sup, id, '附件缺少整改前后对比')).toBe('returned');
		await expect(accept(ctx.db, sup, id)).rejects.toMatchObject({ status: 409 });
		expect(await respond(ctx.db, e2, id, { text: '已补充对比材料', done: true })).toBe('submitted');
		await expect(accept(ctx.db, e2, id)).rejects.toMatchObject({ status: 403 });
		expect(await accept(ctx.db, sup, id, '同意办结')).toBe('closed');
		const n = await getNotice(ctx.db, analytics, sup, id);
		expect(n.events.map((e) => `${e.action}:${e.fromStatus ?? '-'}→${e.toStatus}`)).toEqual([
			'create:-→open',
			'respond:open→open',
			'submit:open→submitted',
			'return:submitted→returned',
			'submit:returned→submitted',
			'accept:submitted→closed'
		]);
		expect(n.workdaysLeft).toBeNull();
	});

	it('counts open / overdue / closed per department, by period, and feeds the report', async () => {
		const late = await createNotice(
			ctx.db,
			analytics,
			sup,
			{ deptCode: 'E1', title: '网办率低', problem: 'p', requiredAction: 'a', deadlineWorkdays: 3 },
			{ today: '2024-03-04' }
		);
		expect((await listNotices(ctx.db, analytics, sup, { overdue: true }, { today: '2024-03-20' })).map((n) => n.id)).toEqual([late]);
		const all = await noticeCounts(ctx.db, { today: '2024-03-20' });
		expect(all).toEqual([
			{ dept_code: 'E1', open: 1, overdue: 1, closed: 0, raised: 1 },
			{ dept_code: 'E2', open: 0, overdue: 0, closed: 1, raised: 1 }
		]);
		// March 2024: E2's notice was raised for March (period overlap), E1's was issued in March.
		const march = await noticeCounts(ctx.db, { period: { from: '2024-03-01', to: '2024-03-31' }, today: '2024-03-20' });
		expect(march.map((r) => [r.dept_code, r.raised])).toEqual([
			['E1', 1],
			['E2', 0]
		]);
		expect(await noticeCounts(ctx.db, { period: { from: '2024-01-01', to: '2024-01-31' } })).toEqual([]);
		expect(await noticeCounts(ctx.db, { deptCodes: ['E2'] })).toHaveLength(1);

		const r = await build(analytics, { kind: 'jurisdiction' }, { noticeCounts: noticeCountsFn(ctx.db) }).report;
		expect(r.notices?.map((n) => [n.dept_code, n.name, n.closed])).toEqual([
			['E1', '部门E1', 0],
			['E2', '部门E2', 1]
		]);
	});
});
