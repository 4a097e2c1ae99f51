/**
 * The ledger's status rules (lib/tasks/types.ts taskStatus), hand-computed: milestone passed / not passed /
 * met and accepted / met but returned / done accepted, ongoing tasks, the clock at the boundary dates.
 */
import { describe, expect, it } from 'vitest';
import { countStates, taskStatus, type StatusReport } from '../../../src/lib/tasks/types';

const M1 = { id: 1, due: '2024-06-30' };
const M2 = { id: 2, due: '2024-12-31' };
let seq = 0;
const rep = (r: Partial<StatusReport>): StatusReport => ({ id: ++seq, at: `2024-01-01T00:00:0${seq % 10}Z`, status: 'on_track', milestoneId: null, review: 'accepted', lead: true, ...r });

describe('taskStatus', () => {
	it('before and ON the due day a task is in time; the day after it is overdue', () => {
		expect(taskStatus([M1, M2], [], '2024-06-29').state).toBe('on_track');
		expect(taskStatus([M1, M2], [], '2024-06-30').state).toBe('on_track');
		const after = taskStatus([M1, M2], [], '2024-07-01');
		expect(after).toEqual({ state: 'overdue', met: [], late: [1], next: 1 });
	});

	it('a milestone met by an ACCEPTED report is not late; the next milestone becomes due', () => {
		const met = [rep({ status: 'milestone_met', milestoneId: 1 })];
		expect(taskStatus([M1, M2], met, '2024-07-01')).toEqual({ state: 'on_track', met: [1], late: [], next: 2 });
		expect(taskStatus([M1, M2], met, '2025-01-01')).toEqual({ state: 'overdue', met: [1], late: [2], next: 2 });
	});

	it('a pending or returned milestone report does not count', () => {
		expect(taskStatus([M1], [rep({ status: 'milestone_met', milestoneId: 1, review: 'pending' })], '2024-07-01').state).toBe('overdue');
		expect(taskStatus([M1], [rep({ status: 'milestone_met', milestoneId: 1, review: 'returned' })], '2024-07-01').state).toBe('overdue');
	});

	it('done needs an accepted done report of a lead unit; then every milestone counts as met', () => {
		expect(taskStatus([M1, M2], [rep({ status: 'done' })], '2025-06-01')).toEqual({ state: 'done', met: [1, 2], late: [], next: null });
		expect(taskStatus([M1], [rep({ status: 'done', review: 'pending' })], '2024-07-01').state).toBe('overdue');
		expect(taskStatus([M1], [rep({ status: 'done', lead: false })], '2024-07-01').state).toBe('overdue');
	});

	it('a task without dated milestones (ongoing) is never overdue', () => {
		expect(taskStatus([], [], '2099-12-31').state).toBe('on_track');
	});

	it('at risk = the latest report not returned says at_risk', () => {
		const a = rep({ status: 'at_risk', review: 'pending', at: '2024-03-01T00:00:00Z' });
		expect(taskStatus([M2], [a], '2024-03-02').state).toBe('at_risk');
		const later = rep({ status: 'on_track', review: 'returned', at: '2024-04-01T00:00:00Z' });
		expect(taskStatus([M2], [a, later], '2024-04-02').state).toBe('at_risk');
		const fine = rep({ status: 'on_track', review: 'pending', at: '2024-05-01T00:00:00Z' });
		expect(taskStatus([M2], [a, later, fine], '2024-05-02').state).toBe('on_track');
		// overdue wins over at risk
		expect(taskStatus([M1], [a], '2024-07-01').state).toBe('overdue');
	});

	it('counts by state', () => {
		expect(countStates([{ state: 'done' }, { state: 'overdue' }, { state: 'overdue' }, { state: 'on_track' }])).toEqual({ total: 4, done: 1, on_track: 1, at_risk: 0, overdue: 2 });
	});
});
