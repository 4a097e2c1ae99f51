/**
 * Number formatting for Chinese and English readers: counts with 万 / 亿 in Chinese (12.3万),
 * thousands separators in English; ratios as percentages with one decimal; changes of ratios in
 * percentage points; working days with one decimal; null as an em dash. Pure: used by pages, chart
 * option builders (also server-side for reports) and exports.
 */
import type { Lang } from './i18n';

export const DASH = '—';

/** What a number measures; decides how it is shown. */
export type ValueKind = 'ratio' | 'count' | 'days' | 'score' | 'number' | 'text';

function missing(n: unknown): n is null | undefined {
	return n === null || n === undefined || typeof n !== 'number' || !Number.isFinite(n);
}

export function formatCount(n: number | null | undefined, lang: Lang): string {
	if (missing(n)) return DASH;
	if (lang === 'zh') {
		const a = Math.abs(n);
		if (a >= 1e8) return `${trim(n / 1e8)}亿`;
		if (a >= 1e4) return `${trim(n / 1e4)}万`;
		return n.toLocaleString('zh-CN');
	}
	return n.toLocaleString('en-US');
}

/** Exact integer with separators (tables where the reader compares digits, e.g. 12,345). */
export function formatInteger(n: number | null | undefined, lang: Lang = 'zh'): string {
	if (missing(n)) return DASH;
	return Math.round(n).toLocaleString(lang === 'zh' ? 'zh-CN' : 'en-US');
}

export function formatPercent(r: number | null | undefined): string {
	if (missing(r)) return DASH;
	return `${(r * 100).toFixed(1)}%`;
}

export function formatNumber(n: number | null | undefined, digits = 2): string {
	if (missing(n)) return DASH;
	return n.toFixed(digits);
}

/** Working days, one decimal: 3.2天 / 3.2 d. */
export function formatDays(n: number | null | undefined, lang: Lang): string {
	if (missing(n)) return DASH;
	const v = String(Number(n.toFixed(1)));
	return lang === 'zh' ? `${v}天` : `${v} d`;
}

/** Assessment score: two decimals as DOMAIN.md rounds it. */
export function formatScore(n: number | null | undefined): string {
	return formatNumber(n, 2);
}

/** Any value by kind: the one switch pages and tables use. */
export function formatValue(v: number | string | null | undefined, kind: ValueKind, lang: Lang): string {
	if (kind === 'text') return v === null || v === undefined || v === '' ? DASH : String(v);
	if (typeof v === 'string') return v;
	switch (kind) {
		case 'ratio':
			return formatPercent(v);
		case 'count':
			return formatCount(v, lang);
		case 'days':
			return formatDays(v, lang);
		case 'score':
			return formatScore(v);
		default:
			return missing(v) ? DASH : String(Number(v.toFixed(2)));
	}
}

/** Difference between two values of a kind, signed: ratios in percentage points, others in their unit. */
export function formatDelta(d: number | null | undefined, kind: ValueKind, lang: Lang): string {
	if (missing(d)) return DASH;
	const sign = d > 0 ? '+' : d < 0 ? '−' : '±';
	const a = Math.abs(d);
	switch (kind) {
		case 'ratio': {
			const pp = (a * 100).toFixed(1);
			return lang === 'zh' ? `${sign}${pp}个百分点` : `${sign}${pp} pp`;
		}
		case 'count':
			return `${sign}${formatCount(a, lang)}`;
		case 'days':
			return `${sign}${formatDays(a, lang)}`;
		case 'score':
			return `${sign}${a.toFixed(2)}`;
		default:
			return `${sign}${String(Number(a.toFixed(2)))}`;
	}
}

/** Compact axis label (charts): 1.2万 / 12k; ratios as whole percentages. */
export function formatAxis(v: number, kind: ValueKind, lang: Lang): string {
	if (!Number.isFinite(v)) return '';
	if (kind === 'ratio') return `${Math.round(v * 100)}%`;
	if (kind === 'count') {
		if (lang === 'zh') return formatCount(v, lang);
		const a = Math.abs(v);
		if (a >= 1e6) return `${trim(v / 1e6)}M`;
		if (a >= 1e3) return `${trim(v / 1e3)}k`;
		return String(v);
	}
	return String(Number(v.toFixed(1)));
}

/** 'YYYY-MM-DDTHH:MM:SS' → 'YYYY-MM-DD HH:MM' (local time as stored). */
export function formatTimestamp(ts: string | null | undefined): string {
	if (!ts) return DASH;
	return ts.replace('T', ' ').slice(0, 16);
}

/**
 * An instant the app database stored (ISO 8601 with an offset, e.g. a notice's history) as a reader in the
 * jurisdiction sees it: China Standard Time, 24-hour clock.
 */
export function formatInstant(iso: string, lang: Lang): string {
	return new Date(iso).toLocaleString(lang === 'zh' ? 'zh-CN' : 'en-GB', {
		timeZone: 'Asia/Shanghai',
		hour12: false
	});
}

/**
 * An instant as a log shows it, 'YYYY-MM-DD HH:MM' (':SS' with `seconds`), in China Standard Time — the zone
 * the filters use — whatever the browser's or the server's zone.
 */
export function formatChinaTime(iso: string | null | undefined, seconds = false): string {
	if (!iso) return DASH;
	const cst = new Date(new Date(iso).getTime() + 8 * 3600_000).toISOString();
	return cst.slice(0, seconds ? 19 : 16).replace('T', ' ');
}

/** A file size: whole KB (rounded up) under 1 MB, else MB with one decimal. */
export function formatBytes(bytes: number): string {
	return bytes >= 1024 * 1024 ? `${(bytes / 1024 / 1024).toFixed(1)} MB` : `${Math.ceil(bytes / 1024)} KB`;
}

function trim(x: number): string {
	// 2 significant decimals at most: 12.34万, 1.2亿, 3万
	return String(Number(x.toFixed(2)));
}
