/**
 * Number formatting for Chinese and English readers: counts with 万 / 亿 in Chinese (12.3万),
 * thousands separators in English; ratios as percentages with one decimal; null as an em dash.
 */
import type { Lang } from './i18n';

export function formatCount(n: number | null | undefined, lang: Lang): string {
	if (n === null || n === undefined || !Number.isFinite(n)) return '—';
	if (lang === 'zh') {
		const a = Math.abs(n);
		if (a >= 1e8) return `${trim(n / 1e8)}亿`;
		if (a >= 1e4) return `${trim(n / 1e4)}万`;
		return n.toLocaleString('zh-CN');
	}
	return n.toLocaleString('en-US');
}

export function formatPercent(r: number | null | undefined): string {
	if (r === null || r === undefined || !Number.isFinite(r)) return '—';
	return `${(r * 100).toFixed(1)}%`;
}

export function formatNumber(n: number | null | undefined, digits = 2): string {
	if (n === null || n === undefined || !Number.isFinite(n)) return '—';
	return n.toFixed(digits);
}

function trim(x: number): string {
	// 2 significant decimals at most: 12.34万, 1.2亿, 3万
	return String(Number(x.toFixed(2)));
}
