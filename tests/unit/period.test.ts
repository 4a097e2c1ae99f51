import { describe, expect, it } from 'vitest';
import {
	parseDate,
	presetOf,
	presetRange,
	previousRange,
	rangeLabel,
	sameRangeLastYear,
	shiftYears,
	trailingMonths
} from '../../src/lib/period';

describe('presets', () => {
	it('recognises months, quarters, years and custom ranges', () => {
		expect(presetOf({ from: '2024-02-01', to: '2024-02-29' })).toBe('month');
		expect(presetOf({ from: '2024-04-01', to: '2024-06-30' })).toBe('quarter');
		expect(presetOf({ from: '2024-02-01', to: '2024-04-30' })).toBe('custom');
		expect(presetOf({ from: '2024-01-01', to: '2024-12-31' })).toBe('year');
		expect(presetOf({ from: '2024-01-02', to: '2024-01-31' })).toBe('custom');
		expect(presetOf({ from: 'x', to: '2024-01-31' })).toBe('custom');
	});
	it('finds the preset range containing a date', () => {
		expect(presetRange('month', '2023-02-15')).toEqual({ from: '2023-02-01', to: '2023-02-28' });
		expect(presetRange('quarter', '2024-11-03')).toEqual({ from: '2024-10-01', to: '2024-12-31' });
		expect(presetRange('year', '2024-11-03')).toEqual({ from: '2024-01-01', to: '2024-12-31' });
	});
	it('rejects impossible dates', () => {
		expect(parseDate('2023-02-29')).toBeNull();
		expect(parseDate('2024-02-29')).toEqual({ y: 2024, m: 2, d: 29 });
	});
});

describe('comparisons', () => {
	it('同比 keeps whole months whole', () => {
		expect(sameRangeLastYear({ from: '2024-02-01', to: '2024-02-29' })).toEqual({
			from: '2023-02-01',
			to: '2023-02-28'
		});
		expect(sameRangeLastYear({ from: '2024-01-10', to: '2024-02-29' })).toEqual({
			from: '2023-01-10',
			to: '2023-02-28'
		});
		expect(shiftYears('2024-02-29', -1)).toBe('2023-02-28');
	});
	it('环比 takes the previous period of the same kind', () => {
		expect(previousRange({ from: '2024-03-01', to: '2024-03-31' })).toEqual({
			from: '2024-02-01',
			to: '2024-02-29'
		});
		expect(previousRange({ from: '2024-01-01', to: '2024-03-31' })).toEqual({
			from: '2023-10-01',
			to: '2023-12-31'
		});
		expect(previousRange({ from: '2024-01-01', to: '2024-12-31' })).toEqual({
			from: '2023-01-01',
			to: '2023-12-31'
		});
		expect(previousRange({ from: '2024-03-11', to: '2024-03-20' })).toEqual({
			from: '2024-03-01',
			to: '2024-03-10'
		});
	});
	it('lists the trailing twelve months', () => {
		expect(trailingMonths('2024-03-15')).toEqual({ from: '2023-04-01', to: '2024-03-31' });
		expect(trailingMonths('2024-12-31', 3)).toEqual({ from: '2024-10-01', to: '2024-12-31' });
	});
	it('labels ranges for readers', () => {
		expect(rangeLabel({ from: '2024-04-01', to: '2024-06-30' }, 'zh')).toBe('2024年第2季度');
		expect(rangeLabel({ from: '2024-03-01', to: '2024-03-31' }, 'en')).toBe('Mar 2024');
		expect(rangeLabel({ from: '2024-03-02', to: '2024-03-31' }, 'zh')).toBe('2024-03-02 至 2024-03-31');
	});
});
