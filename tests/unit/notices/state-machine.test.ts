/** The supervision notice workflow's state machine (pure). */
import { describe, expect, it } from 'vitest';
import { canDo, isOverdue, TRANSITIONS } from '../../../src/lib/notices/types';

describe('notice state machine', () => {
	it('lets departments answer open / returned notices and supervisors judge submitted ones', () => {
		expect(canDo('submit', 'open', 'department')).toBe(true);
		expect(canDo('submit', 'returned', 'department')).toBe(true);
		expect(canDo('submit', 'submitted', 'department')).toBe(false);
		expect(canDo('accept', 'submitted', 'supervisor')).toBe(true);
		expect(canDo('accept', 'open', 'supervisor')).toBe(false);
		expect(canDo('accept', 'submitted', 'department')).toBe(false);
		expect(canDo('return', 'closed', 'supervisor')).toBe(false);
		expect(TRANSITIONS.respond.to).toBeNull();
	});
	it('is overdue after the due date until closed', () => {
		expect(isOverdue({ status: 'open', dueOn: '2024-03-10' }, '2024-03-11')).toBe(true);
		expect(isOverdue({ status: 'open', dueOn: '2024-03-10' }, '2024-03-10')).toBe(false);
		expect(isOverdue({ status: 'closed', dueOn: '2024-03-10' }, '2024-04-01')).toBe(false);
	});
});
