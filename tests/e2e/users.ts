/** The e2e accounts (created by prepare-server.ts before `node build` starts) — one per role. */
export const E2E_USERS = {
	admin: { username: 'e2e-admin', password: 'e2e-admin-pass', role: 'admin', depts: [] },
	leader: { username: 'e2e-leader', password: 'e2e-leader-pass', role: 'leader', depts: [] },
	supervisor: { username: 'e2e-supervisor', password: 'e2e-supervisor-pass', role: 'supervisor', depts: [] },
	department: { username: 'e2e-dept', password: 'e2e-dept-pass', role: 'department', depts: ['D01'] },
	/** Changes its password in auth.spec.ts — no other spec uses it. */
	pwchange: { username: 'e2e-pwchange', password: 'e2e-pwchange-pass', role: 'leader', depts: [] }
} as const;

export type E2eRole = keyof typeof E2E_USERS;

/** Tokens written by prepare-server.ts (API tokens are shown once, so the script keeps them for the specs). */
export const E2E_TOKENS_FILE = `${process.env.E2E_DATA_DIR || 'test-results/e2e-data'}/e2e-tokens.json`;
