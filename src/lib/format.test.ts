import { describe, expect, it } from 'vitest';
import { formatCount, formatPercent } from './format';

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
	});
	it('formats ratios with one decimal', () => {
		expect(formatPercent(0.3)).toBe('30.0%');
		expect(formatPercent(0.12345)).toBe('12.3%');
	});
});
