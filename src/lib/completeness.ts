/**
 * Data completeness notes as the reader sees them: the note codes, their levels and their bilingual texts
 * (i18n `completeness.note.*`, short card reasons `completeness.short.*`, next steps `completeness.next.*`).
 * Client-safe: the data page, the KPI cards and the import summary render notes through these functions;
 * the server (analytics/completeness.ts) decides which notes hold for the loaded data.
 *
 * Invariant: params are raw numbers; they are formatted here, for the reader's language, by format.ts.
 */
import { formatCount } from './format';
import { t, type Lang, type MessageKey } from './i18n';

/** missing: something cannot be computed at all · partial: computed from part of the rows · info: worth knowing. */
export type NoteLevel = 'missing' | 'partial' | 'info';
export const NOTE_LEVELS: readonly NoteLevel[] = ['missing', 'partial', 'info'];

export const NOTE_CODES = [
	'no_data',
	'no_cases',
	'no_catalogue',
	'no_delegation',
	'no_ratings',
	'only_default_ratings',
	'no_rating_case',
	'no_limits',
	'no_statutory',
	'no_promised',
	'no_visits',
	'no_channel',
	'no_events',
	'items_from_export',
	'departments_from_export',
	'departments_without_peer_group',
	'cases_without_accepted',
	'cases_without_limit',
	'cases_without_visits',
	'cases_without_channel',
	'ratings_without_case',
	'default_ratings'
] as const;
export type NoteCode = (typeof NOTE_CODES)[number];

export interface CompletenessNote {
	level: NoteLevel;
	code: NoteCode;
	/** Counts named in the text ({n}, {total}); formatted by `noteText`. */
	params: Record<string, number>;
}

/** Codes that may make a KPI card unavailable have a short card text (`completeness.short.*`). */
export const REASON_CODES = [
	'no_data',
	'no_cases',
	'no_catalogue',
	'no_delegation',
	'no_ratings',
	'only_default_ratings',
	'no_rating_case',
	'no_limits',
	'no_statutory',
	'no_promised',
	'no_visits',
	'no_channel',
	'cases_without_limit'
] as const satisfies readonly NoteCode[];
export type ReasonCode = (typeof REASON_CODES)[number];

/** Codes whose remedy is another import: the data page lists them under "what to import next". */
export const NEXT_CODES = [
	'no_data',
	'no_cases',
	'no_catalogue',
	'no_delegation',
	'items_from_export',
	'no_ratings',
	'only_default_ratings',
	'no_limits',
	'no_statutory',
	'no_promised',
	'no_visits',
	'no_channel',
	'no_events',
	'departments_without_peer_group'
] as const satisfies readonly NoteCode[];

export function noteText(note: CompletenessNote, lang: Lang): string {
	const params: Record<string, string> = {};
	for (const [k, v] of Object.entries(note.params)) params[k] = formatCount(v, lang);
	return t(lang, `completeness.note.${note.code}` as MessageKey, params);
}

/** A few words for a KPI card that cannot be computed (e.g. 需导入权力清单). */
export function reasonShort(code: ReasonCode, lang: Lang): string {
	return t(lang, `completeness.short.${code}` as MessageKey);
}

/** What to import to lift a note, or null when nothing is to import for it. */
export function nextStep(code: NoteCode, lang: Lang): string | null {
	return (NEXT_CODES as readonly string[]).includes(code)
		? t(lang, `completeness.next.${code}` as MessageKey)
		: null;
}

/** Notes in reading order: missing first, then partial, then info (stable within a level). */
export function byLevel(notes: readonly CompletenessNote[]): CompletenessNote[] {
	return [...notes].sort((a, b) => NOTE_LEVELS.indexOf(a.level) - NOTE_LEVELS.indexOf(b.level));
}
