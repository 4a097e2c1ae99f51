/**
 * The public progress lookup's decision (auth/project-lookup.ts) on the hand-computed projects of
 * tests/unit/projects/fixture.ts, against both app-database drivers (the throttle and the audit log live there):
 * the right value gives stage-level progress only; a wrong value, an unknown code, a project without a register
 * row and one without a verification hash give one and the same answer; failures lock the IP after 5 and the code
 * after 10; successes lock the IP after 30; every attempt is audited without the value. The throttle table is
 * emptied before each test (no state leaks between them).
 */
import { afterAll, beforeAll, beforeEach, expect, it } from 'vitest';
import type { Analytics } from '../../../src/lib/server/analytics/db';
import { DEFAULT_THRESHOLDS } from '../../../src/lib/server/analytics/kpi/thresholds';
import { projectTargets } from '../../../src/lib/server/analytics/projects/figures';
import { auditLog, loginThrottle } from '../../../src/lib/server/appdb/schema';
import {
	lookupProject,
	type LookupContext,
	type LookupResult
} from '../../../src/lib/server/auth/project-lookup';
import {
	LOOKUP_CODE_POLICY,
	LOOKUP_IP_POLICY,
	LOOKUP_OK_IP_POLICY
} from '../../../src/lib/server/auth/throttle';
import { hashVerify } from '../../../src/lib/server/ingest/pii';
import { AS_OF, cases, projectsDb } from '../../unit/projects/fixture';
import { describeEachDriver } from '../helpers/appdb-drivers';

const CHARS = 6;
/** Owners' 统一社会信用代码 (made up); only the keyed hash of the last 6 characters is stored. */
const OWNER = {
	P1: '91330100MA2B3C4D5X',
	P2: '91330100MA2P2P2P2A',
	P3: '91330100MA2K7Q8R9Y',
	P6: '913301007799000012',
	P9: '91330100MA2ZZZZ01T'
};
const MIN = 60_000;

let analytics: Analytics;
beforeAll(async () => {
	analytics = await projectsDb();
	await analytics.write(async (conn) => {
		const v = (code: string) => hashVerify(code, CHARS);
		await conn.run(`UPDATE projects SET owner_verify = $1 WHERE project_code = 'P1'`, [v(OWNER.P1)]);
		// P4 stays without owner_verify (cannot be looked up); P5 has no register row at all
		for (const [code, name] of [
			['P2', '标准厂房二期'],
			['P3', '城东污水处理厂扩建工程'],
			['P6', '综合管廊一期'],
			['P9', '尚未申报的项目']
		])
			await conn.run(
				`INSERT INTO projects (project_code, name, owner_name, owner_verify) VALUES ($1, $2, '某某建设有限公司', $3)`,
				[code, name, v(OWNER[code as keyof typeof OWNER])]
			);
	});
});
afterAll(async () => {
	await analytics?.close();
});

const ctxAt = (now: Date): LookupContext => ({
	chars: CHARS,
	asOf: AS_OF,
	targets: projectTargets(DEFAULT_THRESHOLDS),
	now
});
const T0 = new Date('2025-03-03T02:00:00Z');
const at = (ms: number) => new Date(T0.getTime() + ms);

/** Everything a caller could ever see of the engine's detail that the public answer must not carry. */
const PRIVATE = [
	'发改局',
	'自然资源局',
	'住建局',
	'D01',
	'D02',
	'D03',
	'临江新材料有限公司',
	'某某建设有限公司',
	'事项',
	'IP2',
	...cases.map((c) => String(c.case_id))
];

describeEachDriver('public project lookup', (ctx) => {
	const look = (code: string, value: string, ip = '198.51.100.1', now = T0): Promise<LookupResult> =>
		lookupProject(ctx.db, analytics, { code, value, ip }, ctxAt(now));

	beforeEach(async () => {
		await ctx.db.delete(loginThrottle);
		await ctx.db.delete(auditLog);
	});

	it('the right value gives stage-level progress: four stages in order, dates, working days, total against the target', async () => {
		const r = await look('P1', OWNER.P1.slice(-6));
		expect(r).toEqual({
			ok: true,
			progress: {
				project_code: 'P1',
				name: '年产十万吨新材料项目',
				as_of: AS_OF,
				// no case open, but 竣工验收 not done: to the owner it is their next application, not "complete"
				state: 'idle',
				complete: true,
				approval_workdays: 13,
				target_workdays: 120,
				on_target: true,
				stages: [
					{ stage: 'planning', state: 'done', start: '2024-02-05', end: '2024-02-22', workdays: 9 },
					{ stage: 'engineering', state: 'done', start: '2024-03-04', end: '2024-03-08', workdays: 4 },
					{ stage: 'construction', state: 'not_started', start: null, end: null, workdays: 0 },
					{ stage: 'acceptance', state: 'not_started', start: null, end: null, workdays: 0 }
				]
			}
		});
		// nothing but stages: no case id, department, item or owner name anywhere in the answer
		const json = JSON.stringify(r);
		for (const s of PRIVATE) expect(json, s).not.toContain(s);
	});

	it('complete (竣工验收 done), in progress, only refusals, and registered without a case yet', async () => {
		const p2 = await look('P2', OWNER.P2.slice(-6));
		expect(p2.ok && p2.progress).toMatchObject({
			state: 'complete',
			complete: true,
			approval_workdays: 14,
			on_target: true,
			stages: [
				{ stage: 'planning', state: 'not_started' },
				{ stage: 'engineering', state: 'not_started' },
				{ stage: 'construction', state: 'done', start: '2024-04-26', end: '2024-05-13', workdays: 10 },
				{ stage: 'acceptance', state: 'done', start: '2024-05-20', end: '2024-05-29', workdays: 4 }
			]
		});
		const p3 = await look('P3', OWNER.P3.slice(-6));
		expect(p3.ok && p3.progress).toMatchObject({
			state: 'in_progress',
			complete: false,
			approval_workdays: 8,
			on_target: null,
			stages: [
				{ stage: 'planning', state: 'running', start: '2024-12-16', end: null, workdays: 8 },
				{ stage: 'engineering', state: 'running', start: '2024-12-26', end: null, workdays: 3 },
				{ stage: 'construction', state: 'not_started' },
				{ stage: 'acceptance', state: 'not_started' }
			]
		});
		// P6's only case is a refusal of an item without a stage: 2 working days, no stage started
		const p6 = await look('P6', OWNER.P6.slice(-6));
		expect(p6.ok && p6.progress).toMatchObject({ state: 'waiting', approval_workdays: 2, on_target: null });
		expect(p6.ok && p6.progress.stages.every((s) => s.state === 'not_started')).toBe(true);
		const p9 = await look('P9', OWNER.P9.slice(-6));
		expect(p9.ok && p9.progress).toMatchObject({
			name: '尚未申报的项目',
			state: 'not_started',
			approval_workdays: 0,
			complete: false
		});
		for (const r of [p2, p3, p6, p9]) for (const s of PRIVATE) expect(JSON.stringify(r), s).not.toContain(s);
	});

	it('accepts the value as people type it: lower case, blanks, full-width, or the whole 18-character code; the code in any case', async () => {
		const tail = OWNER.P3.slice(-6); // 'R9Y' at the end: letters
		for (const [code, value] of [
			['P3', tail.toLowerCase()],
			[' p3 ', ` ${tail.slice(0, 3)} ${tail.slice(3)} `],
			['Ｐ３', tail.replace(/[0-9A-Z]/g, (c) => String.fromCharCode(c.charCodeAt(0) + 0xfee0))],
			['P3', OWNER.P3]
		]) {
			const r = await look(code, value, `203.0.113.${code.length}`);
			expect(r.ok, `${code} / ${value}`).toBe(true);
		}
	});

	it('a wrong value, an unknown code, a project without a register row or without a verification hash: one answer', async () => {
		const answers = [
			await look('P1', '000000', '192.0.2.1'), // wrong value
			await look('P404', OWNER.P1.slice(-6), '192.0.2.2'), // unknown project
			await look('P5', OWNER.P1.slice(-6), '192.0.2.3'), // cases but no register row
			await look('P4', OWNER.P1.slice(-6), '192.0.2.4'), // register row without owner_verify
			await look('P3', OWNER.P1.slice(-6), '192.0.2.5') // another owner's value
		];
		for (const a of answers) expect(a).toEqual({ ok: false, reason: 'invalid', lockedUntil: null });
		expect(new Set(answers.map((a) => JSON.stringify(a))).size).toBe(1);
	});

	it('missing or malformed input is answered before any lookup and counts nothing', async () => {
		expect(await look('', '123456')).toEqual({ ok: false, reason: 'missing' });
		expect(await look('P1', '  ')).toEqual({ ok: false, reason: 'missing' });
		expect(await look('P1', '12345')).toEqual({ ok: false, reason: 'format' });
		expect(await look('P'.repeat(65), '123456')).toEqual({ ok: false, reason: 'format' });
		expect(await look('P1\u0000', '123456')).toEqual({ ok: false, reason: 'format' });
		expect(await ctx.db.select().from(loginThrottle)).toEqual([]);
		expect(await ctx.db.select().from(auditLog)).toEqual([]);
	});

	it(`per IP: the ${LOOKUP_IP_POLICY.free + 1}th failure locks the IP for 15 min — then even the right value is refused; other IPs are not`, async () => {
		const ip = '198.51.100.7';
		for (let i = 0; i < LOOKUP_IP_POLICY.free; i++)
			expect(await look(`X${i}`, '000000', ip, at(i))).toEqual({
				ok: false,
				reason: 'invalid',
				lockedUntil: null
			});
		const fifth = await look('X9', '000000', ip, at(10));
		expect(fifth).toEqual({ ok: false, reason: 'invalid', lockedUntil: at(10 + 15 * MIN) });
		expect(await look('P1', OWNER.P1.slice(-6), ip, at(20))).toEqual({
			ok: false,
			reason: 'throttled',
			lockedUntil: at(10 + 15 * MIN)
		});
		expect((await look('P1', OWNER.P1.slice(-6), '198.51.100.8', at(20))).ok).toBe(true);
		// after the wait the right value answers; one more failure within the hour doubles the lock
		expect((await look('P1', OWNER.P1.slice(-6), ip, at(16 * MIN))).ok).toBe(true);
		expect(await look('X10', '000000', ip, at(17 * MIN))).toEqual({
			ok: false,
			reason: 'invalid',
			lockedUntil: at(17 * MIN + 30 * MIN)
		});
	});

	it(`per code: the ${LOOKUP_CODE_POLICY.free + 1}th failure on a code (from any IPs) locks that code — the owner too; a success clears the code's count`, async () => {
		for (let i = 0; i < LOOKUP_CODE_POLICY.free; i++) {
			const r = await look('P1', `00000${i}`, `10.0.0.${i}`, at(i));
			expect(r).toEqual({ ok: false, reason: 'invalid', lockedUntil: null });
		}
		// the code key is the normalised code: case and blanks do not make a new one
		const tenth = await look(' p1', '999999', '10.0.0.99', at(50));
		expect(tenth).toEqual({ ok: false, reason: 'invalid', lockedUntil: at(50 + 15 * MIN) });
		expect(await look('P1', OWNER.P1.slice(-6), '10.9.9.9', at(60))).toMatchObject({
			ok: false,
			reason: 'throttled'
		});
		// an unknown code is throttled the same way (no enumeration through the throttle either)
		for (let i = 0; i < LOOKUP_CODE_POLICY.free + 1; i++)
			await look('NOPE-1', '000000', `10.1.0.${i}`, at(i));
		expect(await look('NOPE-1', '000000', '10.1.9.9', at(100))).toMatchObject({
			ok: false,
			reason: 'throttled'
		});
		// other codes from the same IPs answer
		expect((await look('P3', OWNER.P3.slice(-6), '10.0.0.1', at(70))).ok).toBe(true);
		// after the lock the owner gets in, and the code's count starts again
		expect((await look('P1', OWNER.P1.slice(-6), '10.9.9.9', at(16 * MIN))).ok).toBe(true);
		expect(await look('P1', '123123', '10.9.9.8', at(17 * MIN))).toEqual({
			ok: false,
			reason: 'invalid',
			lockedUntil: null
		});
	});

	it(`successes count per IP: ${LOOKUP_OK_IP_POLICY.free + 1} lookups answer, then the IP waits an hour (no scraping)`, async () => {
		const ip = '198.51.100.30';
		for (let i = 0; i <= LOOKUP_OK_IP_POLICY.free; i++)
			expect((await look('P1', OWNER.P1.slice(-6), ip, at(i * 1000))).ok, `lookup ${i + 1}`).toBe(true);
		const next = await look('P1', OWNER.P1.slice(-6), ip, at(60_000));
		expect(next).toEqual({
			ok: false,
			reason: 'throttled',
			lockedUntil: at(LOOKUP_OK_IP_POLICY.free * 1000 + 60 * MIN)
		});
		expect((await look('P1', OWNER.P1.slice(-6), ip, at(2 * 60 * MIN))).ok).toBe(true);
	});

	it('every attempt is audited with the code and the IP — success, failure, throttled — never the value', async () => {
		const ip = '198.51.100.40';
		await look('P1', OWNER.P1.slice(-6), ip, at(0));
		for (let i = 0; i < LOOKUP_IP_POLICY.free + 2; i++) await look('p1', 'ZZ9ZZ9', ip, at(1000 + i));
		const rows = (await ctx.db.select().from(auditLog)).sort((a, b) => a.id - b.id);
		expect(
			rows.map((r) => [r.action, r.ip, r.userId, (r.details as Record<string, unknown>).project_code])
		).toEqual([
			['project_lookup.success', ip, null, 'P1'],
			...Array.from({ length: LOOKUP_IP_POLICY.free + 1 }, () => ['project_lookup.failure', ip, null, 'p1']),
			['project_lookup.throttled', ip, null, 'p1']
		]);
		expect((rows[1].details as Record<string, unknown>).reason).toBe('mismatch');
		const all = JSON.stringify(rows);
		for (const v of [OWNER.P1, OWNER.P1.slice(-6), 'ZZ9ZZ9', hashVerify(OWNER.P1, CHARS)])
			expect(all).not.toContain(v);
	});
});
