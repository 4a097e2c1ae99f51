/**
 * The reform task ledger's rules (issue 13): everyone signed in reads the ledger (the service narrows
 * department users to their units' tasks, 404 outside); only the office and admins import plans and review;
 * only departments report; task pages hide their existence (404) from roles without access.
 */
import { describe, expect, it } from 'vitest';
import { decide, type Role } from '../../../src/lib/server/auth/policy';

const ROLES: Role[] = ['leader', 'supervisor', 'department', 'admin'];
const allowed = (key: string) => ROLES.filter((r) => decide({ role: r }, key).allow);

describe('task ledger rules', () => {
	it.each([
		['GET /tasks', ROLES],
		['GET /tasks/export.xlsx', ROLES],
		['GET /tasks/[id]', ROLES],
		['GET /tasks/[id]/attachments/[file]', ROLES],
		['GET /tasks/import', ['supervisor', 'admin']],
		['POST /tasks/import?/parse', ['supervisor', 'admin']],
		['POST /tasks/import?/save', ['supervisor', 'admin']],
		['POST /tasks/[id]?/report', ['department']],
		['POST /tasks/[id]?/accept', ['supervisor', 'admin']],
		['POST /tasks/[id]?/return', ['supervisor', 'admin']]
	])('%s → %j', (key, roles) => {
		expect(allowed(key)).toEqual(roles);
		expect(decide(null, key)).toMatchObject({ allow: false, status: 401 });
	});

	it('a leader cannot review or report, and gets 404 (not 403) for a task action', () => {
		expect(decide({ role: 'leader' }, 'POST /tasks/[id]?/accept')).toMatchObject({ allow: false, status: 404 });
		expect(decide({ role: 'department' }, 'POST /tasks/[id]?/return')).toMatchObject({ allow: false, status: 404 });
		expect(decide({ role: 'department' }, 'POST /tasks/import?/save')).toMatchObject({ allow: false, status: 403 });
	});
});
