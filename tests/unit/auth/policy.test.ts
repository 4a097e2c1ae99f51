import { describe, expect, it } from 'vitest';
import {
	RULES,
	ROLES,
	actionName,
	anonymiseRanking,
	canSeeDept,
	decide,
	deptScope,
	maskPersonal,
	ruleFor,
	ruleKey
} from '../../../src/lib/server/auth/policy';
import { safeNext } from '../../../src/lib/server/auth/guard';
import { routeKeys } from '../../helpers/route-keys';

const keys = routeKeys();
const leader = { role: 'leader' as const, depts: [] };
const dept = { role: 'department' as const, depts: ['D01', 'D03'] };

describe('authorization matrix: every route file has a rule', () => {
	it('finds the routes (sanity)', () => {
		expect(keys.map((k) => k.key)).toEqual(expect.arrayContaining(['GET /login', 'POST /login', 'POST /logout', 'GET /account', 'POST /account?/password']));
	});

	it('every page, form action and endpoint of src/routes has a rule in policy.ts (a new route without one fails here)', () => {
		const missing = keys.filter((k) => ruleFor(k.key) === null).map((k) => `${k.key}   (${k.file})`);
		expect(missing, `add these keys to RULES in src/lib/server/auth/policy.ts:\n${missing.join('\n')}`).toEqual([]);
	});

	it.each(keys.map((k) => [k.key] as const))('%s: allowed roles pass, others get 403/404, anonymous gets 401 unless public', (key) => {
		const rule = ruleFor(key);
		expect(rule, `${key} has no rule`).not.toBeNull();
		if (!rule) return;
		for (const role of ROLES) {
			const d = decide({ role }, key);
			if (rule.allow === 'public' || rule.allow.includes(role)) expect(d).toMatchObject({ allow: true });
			else expect(d).toEqual({ allow: false, status: rule.hide ? 404 : 403, reason: 'forbidden' });
		}
		expect(decide(null, key)).toEqual(rule.allow === 'public' ? { allow: true, public: true } : { allow: false, status: 401, reason: 'unauthenticated' });
	});

	it('rules for routes that do not exist (yet) are listed, not failed', () => {
		const present = new Set(keys.map((k) => k.key));
		const stale = Object.keys(RULES).filter((k) => !present.has(k));
		if (stale.length) console.info(`policy rules without a route file yet: ${stale.join(', ')}`);
		expect(Array.isArray(stale)).toBe(true);
	});
});

describe('fail closed', () => {
	it('a key without a rule is denied to every role and to anonymous', () => {
		for (const role of ROLES) expect(decide({ role }, 'GET /no/such/route')).toMatchObject({ allow: false, status: 403, reason: 'no-rule' });
		expect(decide(null, 'GET /no/such/route')).toMatchObject({ allow: false, status: 401 });
		expect(decide({ role: 'admin' }, 'FALLBACK /api/kpi')).toMatchObject({ allow: false });
		expect(decide({ role: 'admin' }, 'OPTIONS /login')).toMatchObject({ allow: false });
	});

	it('builds keys the way SvelteKit picks actions', () => {
		const u = (s: string) => new URL(`http://x${s}`);
		expect(ruleKey('HEAD', '/account')).toBe('GET /account');
		expect(ruleKey('POST', '/account', u('/account?/password'))).toBe('POST /account?/password');
		expect(ruleKey('POST', '/account', u('/account?x=1&/password'))).toBe('POST /account?/password');
		expect(ruleKey('POST', '/login', u('/login'))).toBe('POST /login');
		expect(ruleKey('post', '/login', u('/login?/default'))).toBe('POST /login');
		expect(actionName(u('/a?/b&/c'))).toBe('b');
		// an action name that is not in the table is denied even on a public page
		expect(decide(null, ruleKey('POST', '/login', u('/login?/sneaky')))).toMatchObject({ allow: false });
	});
});

describe('scope helpers', () => {
	it('deptScope: null (all) for leader, supervisor and admin; the codes for a department user', () => {
		expect(deptScope(leader)).toBeNull();
		expect(deptScope({ role: 'supervisor', depts: [] })).toBeNull();
		expect(deptScope({ role: 'admin', depts: [] })).toBeNull();
		expect(deptScope(dept)).toEqual(['D01', 'D03']);
		expect(deptScope({ role: 'department', depts: [] })).toEqual([]);
		expect(canSeeDept(dept, 'D03')).toBe(true);
		expect(canSeeDept(dept, 'D02')).toBe(false);
		expect(canSeeDept(dept, null)).toBe(false);
		expect(canSeeDept(leader, 'D02')).toBe(true);
	});

	it('anonymiseRanking keeps own rows, reduces the others to rank positions, same order', () => {
		const rows = [
			{ dept_code: 'D02', name: '交通局', rank: 1, score: 91, peer_group: 'A' },
			{ dept_code: 'D01', name: '民政局', rank: 2, score: 88, peer_group: 'A' },
			{ dept_code: 'D05', name: '水利局', rank: 2, score: 88, peer_group: 'A' },
			{ dept_code: 'D09', name: '城管局', rank: null, score: null, peer_group: 'B' }
		];
		const out = anonymiseRanking(dept, rows);
		expect(out).toEqual([
			{ anonymous: true, rank: 1 },
			rows[1],
			{ anonymous: true, rank: 2 },
			{ anonymous: true, rank: null }
		]);
		expect(JSON.stringify(out)).not.toMatch(/交通局|水利局|城管局|D02|D05|D09/);
		const kept = anonymiseRanking(dept, rows, { keep: ['peer_group', 'score', 'name'] });
		expect(kept[0]).toEqual({ anonymous: true, rank: 1, peer_group: 'A', score: 91 });
		expect(anonymiseRanking(leader, rows)).toEqual(rows);
		// rows without a rank keep their position
		expect(anonymiseRanking(dept, [{ dept_code: 'X' }, { dept_code: 'D01' }])).toEqual([{ anonymous: true, rank: 1 }, { dept_code: 'D01' }]);
	});

	it('maskPersonal blanks applicant and staff fields for leaders only', () => {
		const rows = [{ case_id: 'C1', applicant_hash: 'h', reject_reason: '材料不全', dept_code: 'D01' }];
		expect(maskPersonal(leader, rows)).toEqual([{ case_id: 'C1', applicant_hash: null, reject_reason: null, dept_code: 'D01' }]);
		expect(maskPersonal({ role: 'supervisor' }, rows)).toEqual(rows);
	});

	it('safeNext only allows same-site paths', () => {
		expect(safeNext('/cases?x=1')).toBe('/cases?x=1');
		for (const bad of ['//evil.example/x', 'https://evil.example', '/\\evil.example', 'javascript:alert(1)', '', null]) expect(safeNext(bad)).toBe('/');
	});
});
