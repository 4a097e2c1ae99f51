import { describe, expect, it } from 'vitest';
import { ProfileError, validateProfile } from '../../../src/lib/server/settings/profiles';

describe('custom mapping profiles', () => {
	it('a profile extending default-zh with local aliases is valid', () => {
		const p = validateProfile({
			name: 'county-a',
			extends: 'default-zh',
			tables: { cases: ['业务'] },
			headers: { cases: { case_id: ['业务流水号'] } },
			values: { status: { 已办结: 'completed' } }
		});
		expect(p.name).toBe('county-a');
	});

	it('lists every problem: name, unknown table, alias shape, unknown base profile', () => {
		try {
			validateProfile({
				name: 'bad name!',
				extends: 'nope',
				tables: { plans: ['x'] },
				headers: { cases: { case_id: '业务流水号' } },
				values: { status: ['x'] }
			});
			throw new Error('accepted');
		} catch (e) {
			expect(e).toBeInstanceOf(ProfileError);
			expect((e as ProfileError).problems).toHaveLength(5);
		}
		expect(() => validateProfile([])).toThrow(ProfileError);
	});
});
