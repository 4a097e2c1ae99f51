/**
 * Message catalogue. UI text never lives in components: they call `t(lang, key, params)`.
 * Simplified Chinese is the default; English is chosen by the `lang` cookie (or ?lang=en).
 */
import { en } from './en';
import { zh, type MessageKey } from './zh';

export type Lang = 'zh' | 'en';
export type { MessageKey };

export const LANGS: Lang[] = ['zh', 'en'];
const catalogues: Record<Lang, Record<MessageKey, string>> = { zh, en };

export function parseLang(v: string | null | undefined): Lang {
	return v === 'en' ? 'en' : 'zh';
}

export function t(lang: Lang, key: MessageKey, params?: Record<string, string | number>): string {
	let s: string = catalogues[lang][key] ?? zh[key] ?? key;
	if (params) for (const [k, v] of Object.entries(params)) s = s.replaceAll(`{${k}}`, String(v));
	return s;
}

/** A translator bound to one language, for components: `const tr = translator(lang)`. */
export function translator(lang: Lang) {
	return (key: MessageKey, params?: Record<string, string | number>) => t(lang, key, params);
}
