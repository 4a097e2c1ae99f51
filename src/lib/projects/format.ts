/**
 * Project figures as text: investment (the register's 万元) with 万 / 亿 for Chinese readers (formatCount),
 * exact yuan with separators for English readers; working days as whole numbers (the engine counts whole days).
 */
import { DASH, formatCount, formatInteger } from '../format';
import type { Lang } from '../i18n';

/** 52000.5 (万元) → '5.2亿元' / 'CNY 520,005,000'; 800 → '800万元'. */
export function formatInvestment(wan: number | null | undefined, lang: Lang): string {
	if (wan === null || wan === undefined || !Number.isFinite(wan)) return DASH;
	const yuan = Math.round(wan * 1e4);
	return lang === 'zh' ? `${formatCount(yuan, 'zh')}元` : `CNY ${formatCount(yuan, 'en')}`;
}

/** Whole working days: '87' (the unit is in the column or sentence). */
export function formatWorkdays(n: number | null | undefined, lang: Lang): string {
	return formatInteger(n, lang);
}
