import { describe, expect, it } from 'vitest';
import {
	formatAxis,
	formatBytes,
	formatChinaTime,
	formatCount,
	formatDays,
	formatDelta,
	formatInstant,
	formatInteger,
	formatPercent,
	formatScore,
	formatTimestamp,
	formatValue
} from './format';

describe('formatCount', () => {
	it('uses 万 and 亿 for Chinese readers', () => {
		expect(formatCount(9999, 'zh')).toBe('9,999');
		expect(formatCount(12345, 'zh')).toBe('1.23万');
		expect(formatCount(30000, 'zh')).toBe('3万');
		expect(formatCount(123456789, 'zh')).toBe('1.23亿');
	});
	it('uses thousands separators in English', () => {
		expect(formatCount(1234567, 'en')).toBe('1,234,567');
	});
	it('shows a dash for null', () => {
		expect(formatCount(null, 'zh')).toBe('—');
		expect(formatPercent(null)).toBe('—');
		expect(formatDays(undefined, 'en')).toBe('—');
		expect(formatDelta(null, 'ratio', 'zh')).toBe('—');
	});
	it('formats ratios with one decimal', () => {
		expect(formatPercent(0.3)).toBe('30.0%');
		expect(formatPercent(0.12345)).toBe('12.3%');
	});
});

describe('other kinds', () => {
	it('formats exact integers, days and scores', () => {
		expect(formatInteger(12345, 'zh')).toBe('12,345');
		expect(formatDays(3.25, 'zh')).toBe('3.3天');
		expect(formatDays(4, 'en')).toBe('4 d');
		expect(formatScore(87.5)).toBe('87.50');
	});
	it('formats changes of ratios in percentage points', () => {
		expect(formatDelta(0.023, 'ratio', 'zh')).toBe('+2.3个百分点');
		expect(formatDelta(-0.023, 'ratio', 'en')).toBe('−2.3 pp');
		expect(formatDelta(0, 'score', 'en')).toBe('±0.00');
		expect(formatDelta(-1.5, 'days', 'zh')).toBe('−1.5天');
	});
	it('dispatches by kind', () => {
		expect(formatValue(0.5, 'ratio', 'en')).toBe('50.0%');
		expect(formatValue(20000, 'count', 'zh')).toBe('2万');
		expect(formatValue('', 'text', 'zh')).toBe('—');
		expect(formatValue(1.234, 'number', 'zh')).toBe('1.23');
	});
	it('keeps axis labels short', () => {
		expect(formatAxis(0.3, 'ratio', 'zh')).toBe('30%');
		expect(formatAxis(25000, 'count', 'en')).toBe('25k');
		expect(formatAxis(25000, 'count', 'zh')).toBe('2.5万');
	});
	it('shows stored local timestamps without seconds', () => {
		expect(formatTimestamp('2024-03-05T14:02:07')).toBe('2024-03-05 14:02');
		expect(formatTimestamp(null)).toBe('—');
	});
	it('shows stored instants in China Standard Time', () => {
		expect(formatInstant('2026-03-05T06:02:07Z', 'en')).toBe('05/03/2026, 14:02:07');
		expect(formatInstant('2026-03-05T06:02:07Z', 'zh')).toContain('14:02:07');
	});
	it('shows log instants in China Standard Time', () => {
		expect(formatChinaTime('2026-03-05T18:02:07Z')).toBe('2026-03-06 02:02');
		expect(formatChinaTime('2026-03-05T18:02:07Z', true)).toBe('2026-03-06 02:02:07');
		expect(formatChinaTime(null)).toBe('—');
	});
	it('shows file sizes in KB or MB', () => {
		expect(formatBytes(1)).toBe('1 KB');
		expect(formatBytes(2048)).toBe('2 KB');
		expect(formatBytes(1.5 * 1024 * 1024)).toBe('1.5 MB');
	});
});
