import { describe, expect, it } from 'vitest';
import { xesWithActivityStages } from '../../../src/lib/server/ingest/profile';
import { activityProblems, mergeActivities } from '../../../src/lib/server/settings/activities';
import { ProfileError, validateProfile } from '../../../src/lib/server/settings/profiles';

describe('activity names in mapping profiles', () => {
	it('accepts codes mapped to a name and one of the four stages', () => {
		expect(
			activityProblems({ SL: { name: '受理', stage: 'accepted' }, '01_HOOFD_010': { name: '收件' } })
		).toEqual([]);
		const p = validateProfile({
			name: 'site',
			extends: 'default-zh',
			tables: {},
			headers: {},
			activities: { BJ: { name: '办结', stage: 'completed' } }
		});
		expect(p.activities).toEqual({ BJ: { name: '办结', stage: 'completed' } });
	});
	it('lists every problem: not an object, unknown key, unknown stage, a name too long', () => {
		expect(activityProblems([])).toHaveLength(1);
		const p = activityProblems({
			a: 'x',
			b: { stage: 'approved' },
			c: { label: 'y' },
			d: { name: 'x'.repeat(101) }
		});
		expect(p).toHaveLength(4);
		expect(p.join('\n')).toMatch(/activities\.b\.stage/);
		expect(() =>
			validateProfile({ name: 'bad', tables: {}, headers: {}, activities: { x: { stage: 'nope' } } })
		).toThrow(ProfileError);
	});
	it('merges sections, later ones winning; codes without a name are absent', () => {
		expect(
			mergeActivities([
				{ A: { name: '甲' }, B: { name: '乙' } },
				undefined,
				{ A: { name: '甲2' }, C: { stage: 'decided' } }
			]).names
		).toEqual({ A: '甲2', B: '乙' });
	});
	it('merges stages the same way, each field on its own', () => {
		expect(
			mergeActivities([
				{ A: { name: '甲', stage: 'accepted' } },
				{ A: { stage: 'decided' }, B: { name: '乙' } }
			])
		).toEqual({ names: { A: '甲', B: '乙' }, stages: { A: 'decided' } });
	});
	it('fills the XES mapping stages that have no list; an explicit list wins; nothing to fill keeps the mapping', () => {
		const xes = { deptCode: 'ZJJ', accepted: ['check'] };
		expect(
			xesWithActivityStages(
				xes,
				{ SL: { stage: 'accepted' }, JD: { stage: 'decided' } },
				{ BJ: 'completed', JD2: 'decided' }
			)
		).toEqual({ deptCode: 'ZJJ', accepted: ['check'], decided: ['JD', 'JD2'], completed: ['BJ'] });
		expect(xesWithActivityStages(xes, { X: { name: '只有名称' } })).toBe(xes);
		expect(xesWithActivityStages(undefined, undefined)).toBeUndefined();
	});
});
