import { describe, expect, it } from 'vitest';
import { hashPassword, passwordProblem, verifyPassword } from '../../../src/lib/server/auth/password';

describe('argon2id passwords', () => {
	it('hashes with argon2id (19 MiB, t=2, p=1), salted, and verifies', async () => {
		const h = await hashPassword('正确的马电池订书钉');
		expect(h).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
		expect(await hashPassword('正确的马电池订书钉')).not.toBe(h);
		expect(await verifyPassword(h, '正确的马电池订书钉')).toBe(true);
		expect(await verifyPassword(h, '正确的马电池订书')).toBe(false);
		expect(await verifyPassword('not a hash', 'x')).toBe(false);
	});

	it('rules: at least 8 characters (CJK counted as characters), not the username', () => {
		expect(passwordProblem('short')).toBe('tooShort');
		expect(passwordProblem('八个汉字的密码啊')).toBeNull();
		expect(passwordProblem('x'.repeat(300))).toBe('tooLong');
		expect(passwordProblem('Administrator', 'administrator')).toBe('sameAsUsername');
	});
});
