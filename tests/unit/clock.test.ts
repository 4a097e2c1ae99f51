/**
 * The server's one clock (src/lib/server/clock.ts): "today" is the date in TZ_LOCAL, a test fixes it with
 * setClock, and the modules that depend on the date (default period, as-of date of flags, import timestamps,
 * plan parsing) all follow the injected clock.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { localDayStart, localTimestamp, localToday, now, setClock } from '../../src/lib/server/clock';
import { resolveAsOf } from '../../src/lib/server/analytics/kpi/flags';
import { defaultRange } from '../../src/lib/server/dashboard/page-filters';
import { parsePlan } from '../../src/lib/server/tasks/parse';

const tz = process.env.TZ_LOCAL;
afterEach(() => {
	setClock(null);
	if (tz === undefined) delete process.env.TZ_LOCAL;
	else process.env.TZ_LOCAL = tz;
});

describe('clock', () => {
	it('gives the injected instant, and the real one again after a reset', () => {
		setClock('2024-03-05T10:00:00+08:00');
		expect(now().toISOString()).toBe('2024-03-05T02:00:00.000Z');
		setClock(null);
		expect(Math.abs(now().getTime() - Date.now())).toBeLessThan(5000);
	});

	it('restores the previous setting', () => {
		setClock('2024-01-01T12:00:00Z');
		const restore = setClock('2025-06-01T12:00:00Z');
		expect(localToday()).toBe('2025-06-01');
		restore();
		expect(localToday()).toBe('2024-01-01');
	});

	it('refuses what is not an instant and keeps the clock as it was', () => {
		setClock('2024-01-01T12:00:00Z');
		expect(() => setClock('yesterday')).toThrow(/not an instant/);
		expect(localToday()).toBe('2024-01-01');
	});

	it('"today" is the date in TZ_LOCAL (default Asia/Shanghai), not in UTC', () => {
		delete process.env.TZ_LOCAL;
		setClock('2024-12-31T17:30:00Z'); // 01:30 on 1 January in Shanghai
		expect(localToday()).toBe('2025-01-01');
		expect(localTimestamp()).toBe('2025-01-01 01:30:00');
		process.env.TZ_LOCAL = 'Europe/London';
		expect(localToday()).toBe('2024-12-31');
		expect(localTimestamp()).toBe('2024-12-31 17:30:00');
	});

	it('formats a given instant too (midnight is 00, not 24)', () => {
		process.env.TZ_LOCAL = 'Asia/Shanghai';
		expect(localTimestamp(new Date('2024-03-05T16:00:05Z'))).toBe('2024-03-06 00:00:05');
		expect(localToday(new Date('2024-03-05T16:00:05Z'))).toBe('2024-03-06');
	});
});

describe('modules that depend on the date follow the injected clock', () => {
	it('the as-of date of flags: the period end, or today if earlier', () => {
		setClock('2024-03-05T10:00:00+08:00');
		expect(resolveAsOf({ to: '2024-03-31', as_of: null })).toBe('2024-03-05');
		expect(resolveAsOf({ to: '2024-02-29', as_of: null })).toBe('2024-02-29');
	});

	it('the default period without data: the current month', () => {
		setClock('2024-03-05T10:00:00+08:00');
		const empty = { cases: 0, ratings: 0, firstCase: null, lastCase: null, lastRating: null };
		expect(defaultRange(empty)).toEqual({ from: '2024-03-01', to: '2024-03-31' });
	});

	it('a plan date without a year takes the current year', () => {
		setClock('2031-05-01T10:00:00+08:00');
		const plan = parsePlan(['1.公布清单。', '牵头单位：市编委办', '时间进度：6月底前'].join('\n'));
		expect(plan.tasks[0].milestones).toEqual([{ due: '2031-06-30', text: '6月底前' }]);
	});
});

describe('localDayStart', () => {
	it('is the first instant of a local day, in TZ_LOCAL', () => {
		process.env.TZ_LOCAL = 'Asia/Shanghai';
		expect(localDayStart('2024-03-05')?.toISOString()).toBe('2024-03-04T16:00:00.000Z');
		process.env.TZ_LOCAL = 'America/New_York';
		expect(localDayStart('2024-07-01')?.toISOString()).toBe('2024-07-01T04:00:00.000Z');
		expect(localDayStart('2024-01-01')?.toISOString()).toBe('2024-01-01T05:00:00.000Z');
	});

	it('refuses dates that do not exist', () => {
		process.env.TZ_LOCAL = 'Asia/Shanghai';
		for (const s of ['2024-02-30', '2023-02-29', '2024-13-01', '2024-3-5', ''])
			expect(localDayStart(s)).toBeNull();
		expect(localDayStart('2024-02-29')).not.toBeNull();
	});
});
