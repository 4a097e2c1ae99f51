/**
 * The timeline's geometry (src/lib/projects/timeline.ts): lanes for parallel cases, stage groups in process order,
 * positions on the shared scale, the target line, colours in order of appearance, ticks.
 */
import { describe, expect, it } from 'vitest';
import {
	assignLanes,
	dayNumber,
	dayTicks,
	deptLegend,
	DEPT_COLOURS,
	extentDays,
	isoDay,
	layoutTimeline,
	MIN_BAR,
	monthTicks,
	pageScale
} from '../../../src/lib/projects/timeline';
import type { ProjectCase } from '../../../src/lib/projects/types';

type C = Pick<ProjectCase, 'dept_code' | 'stage' | 'state' | 'start' | 'end'>;
const c = (
	stage: C['stage'],
	start: string | null,
	end: string | null,
	dept = 'D01',
	state: C['state'] = 'completed'
): C => ({
	dept_code: dept,
	stage,
	state,
	start,
	end
});

describe('days', () => {
	it('counts calendar days across months and leap years', () => {
		expect(dayNumber('2024-03-01') - dayNumber('2024-02-28')).toBe(2);
		expect(isoDay(dayNumber('2024-12-31'))).toBe('2024-12-31');
	});
});

describe('lanes', () => {
	it('stacks overlapping cases, reuses a lane once its case has ended (cases cover (start, end])', () => {
		// a: 1–10, b: 5–12 (overlaps a), c: 10–15 (starts the day a ends: a's lane), d: 11–13 (overlaps b and c)
		expect(
			assignLanes([
				{ s: 1, e: 10 },
				{ s: 5, e: 12 },
				{ s: 10, e: 15 },
				{ s: 11, e: 13 }
			])
		).toEqual([0, 1, 0, 2]);
	});
});

describe('layout', () => {
	// P1 of the engine fixture: two parallel planning cases, a gap, one engineering case.
	const p1 = {
		start: '2024-02-05',
		end: '2024-03-08',
		target_date: '2024-07-31',
		cases: [
			c('planning', '2024-02-05', '2024-02-20', 'D01'),
			c('planning', '2024-02-07', '2024-02-22', 'D02'),
			c('engineering', '2024-03-04', '2024-03-08', 'D03'),
			c('construction', null, null, 'D03', 'none')
		]
	};

	it('groups by stage in process order, parallel cases in lanes, positions as % of the shared scale', () => {
		const scale = 200;
		const lay = layoutTimeline(p1, scale);
		expect(lay.groups.map((g) => [g.stage, g.firstLane, g.lanes])).toEqual([
			['planning', 0, 2],
			['engineering', 2, 1]
		]);
		expect(lay.lanes).toBe(3);
		const [a, b] = lay.groups[0].bars;
		expect(a).toEqual({ index: 0, lane: 0, left: 0, width: (15 / scale) * 100 });
		expect(b).toEqual({ index: 1, lane: 1, left: (2 / scale) * 100, width: (15 / scale) * 100 });
		const e = lay.groups[1].bars[0];
		expect(e.lane).toBe(2);
		expect(e.left).toBeCloseTo((28 / scale) * 100); // 5 Feb → 4 Mar (leap year): 28 days
		expect(lay.undrawn).toEqual([3]); // the case without dates is listed, not drawn
		expect(lay.target).toBeCloseTo(((dayNumber('2024-07-31') - dayNumber('2024-02-05')) / scale) * 100);
	});

	it('cases without a stage come last; a zero-length case still shows; nothing without a start', () => {
		const lay = layoutTimeline(
			{
				start: '2024-01-01',
				end: '2024-01-31',
				target_date: null,
				cases: [c(null, '2024-01-10', '2024-01-10'), c('acceptance', '2024-01-01', '2024-01-31')]
			},
			30
		);
		expect(lay.groups.map((g) => g.stage)).toEqual(['acceptance', null]);
		expect(lay.groups[1].bars[0].width).toBe(MIN_BAR);
		expect(lay.target).toBeNull();
		expect(
			layoutTimeline({ start: null, end: null, target_date: null, cases: [c('planning', null, null)] }, 30)
		).toMatchObject({ lanes: 0, undrawn: [0] });
	});

	it('one scale for the page: the widest extent (end or target date), rounded up to 30 days', () => {
		expect(extentDays(p1)).toBe(dayNumber('2024-07-31') - dayNumber('2024-02-05'));
		expect(pageScale([p1, { start: '2024-01-01', end: '2024-12-31', target_date: '2024-06-20' }])).toBe(390);
		expect(pageScale([])).toBe(30);
	});
});

describe('legend and ticks', () => {
	it('colours departments in order of first appearance across the page', () => {
		const l = deptLegend([
			{
				cases: [
					{ dept_code: 'D02', dept_name: '自然资源局' },
					{ dept_code: 'D01', dept_name: null }
				]
			},
			{
				cases: [
					{ dept_code: 'D02', dept_name: '自然资源局' },
					{ dept_code: 'D03', dept_name: '住建局' }
				]
			}
		]);
		expect(l).toEqual([
			{ dept_code: 'D02', name: '自然资源局', colour: DEPT_COLOURS[0] },
			{ dept_code: 'D01', name: 'D01', colour: DEPT_COLOURS[1] },
			{ dept_code: 'D03', name: '住建局', colour: DEPT_COLOURS[2] }
		]);
	});

	it('day ticks: a round step, at most eight; month ticks on the 1st of each month', () => {
		expect(dayTicks(210).map((t) => t.days)).toEqual([30, 60, 90, 120, 150, 180, 210]);
		expect(dayTicks(600).map((t) => t.days)).toEqual([90, 180, 270, 360, 450, 540]);
		const m = monthTicks('2024-02-05', 60);
		expect(m.map((t) => t.label)).toEqual(['2024-03', '2024-04']);
		expect(m[0].left).toBeCloseTo((25 / 60) * 100);
		expect(monthTicks('2024-01-15', 800, 6).length).toBeLessThanOrEqual(6);
	});
});
