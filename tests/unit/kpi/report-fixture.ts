/**
 * A small jurisdiction for end-to-end report specs (engine, CLI, API): city C0 ⊃ county C1 ⊃ town C11.
 * E1 (C11) and E2 (C1) form peer group X; E3 (nothing) and E4 (C0) form Y. Period: March 2024.
 */
import type { Fixture } from './fixture';
import { depts } from './fixture';

const done = (
	case_id: string,
	item_code: string,
	dept_code: string,
	accepted_at: string,
	completed_at: string,
	channel: string,
	visits: number | null
) => ({
	case_id,
	item_code,
	dept_code,
	submitted_at: accepted_at,
	accepted_at,
	completed_at,
	decided_at: completed_at,
	status: 'completed',
	channel,
	visits
});

export const REPORT_FIXTURE: Fixture = {
	regions: [
		{ region_code: 'C0', name: '市', level: 'city', parent_code: null },
		{ region_code: 'C1', name: '县', level: 'county', parent_code: 'C0' },
		{ region_code: 'C11', name: '镇', level: 'town', parent_code: 'C1' }
	],
	departments: depts(['E1', 'X', 'C11'], ['E2', 'X', 'C1'], ['E3', 'Y', 'C0'], ['E4', 'Y', 'C0']),
	items: [
		{ item_code: 'EI1', name: '事项一', dept_code: 'E1', statutory_days: 10, promised_days: 5 },
		{ item_code: 'EI2', name: '事项二', dept_code: 'E2', statutory_days: 10, promised_days: null }
	],
	cases: [
		done('X1', 'EI1', 'E1', '2024-03-04 09:00', '2024-03-06 09:00', 'online', 0), // 2 wd ≤ 5
		done('X2', 'EI1', 'E1', '2024-03-04 09:00', '2024-03-04 11:00', 'window', 1), // 0 wd
		done('X3', 'EI2', 'E2', '2024-03-04 09:00', '2024-03-18 09:00', 'online', 2), // 10 wd ≤ 10
		done('X4', 'EI2', 'E4', '2024-03-04 09:00', '2024-03-05 09:00', 'self_service', null) // 1 wd
	],
	ratings: [
		{
			rating_id: 'Q1',
			case_id: 'X1',
			dept_code: 'E1',
			rated_at: '2024-03-06 10:00',
			score: 5,
			channel: 'online'
		},
		// bad, deadline Fri 03-22 ≤ 03-31, never rectified → 0.5 point
		{
			rating_id: 'Q2',
			case_id: 'X3',
			dept_code: 'E2',
			rated_at: '2024-03-01 10:00',
			score: 2,
			channel: 'window_device'
		}
	]
};
