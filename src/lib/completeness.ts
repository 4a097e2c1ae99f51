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

/**
 * Every note code, once, with what it may do: `reason` — it may make a KPI card unavailable, so it has a short
 * card text (`completeness.short.*`); `next` — its remedy is another import, so the data page lists it under
 * "what to import next" (`completeness.next.*`).
 */
const NOTES = {
	no_data: { reason: true, next: true },
	no_cases: { reason: true, next: true },
	no_catalogue: { reason: true, next: true },
	no_delegation: { reason: true, next: true },
	no_ratings: { reason: true, next: true },
	only_default_ratings: { reason: true, next: true },
	no_rating_case: { reason: true },
	no_limits: { reason: true, next: true },
	no_statutory: { reason: true, next: true },
	no_promised: { reason: true, next: true },
	no_visits: { reason: true, next: true },
	no_channel: { reason: true, next: true },
	no_events: { next: true },
	items_from_export: { next: true },
	departments_from_export: {},
	departments_without_peer_group: { next: true },
	cases_without_accepted: {},
	cases_without_limit: { reason: true },
	cases_without_visits: {},
	cases_without_channel: {},
	ratings_without_case: {},
	default_ratings: {}
} as const satisfies Record<string, { reason?: true; next?: true }>;

export type NoteCode = keyof typeof NOTES;
export const NOTE_CODES = Object.keys(NOTES) as NoteCode[];

export interface CompletenessNote {
	level: NoteLevel;
	code: NoteCode;
	/** Counts named in the text ({n}, {total}); formatted by `noteText`. */
	params: Record<string, number>;
}

/** Codes that may make a KPI card unavailable. */
export type ReasonCode = {
	[C in NoteCode]: (typeof NOTES)[C] extends { reason: true } ? C : never;
}[NoteCode];
export const REASON_CODES = NOTE_CODES.filter((c): c is ReasonCode => 'reason' in NOTES[c]);

/** Codes whose remedy is another import. */
export const NEXT_CODES = NOTE_CODES.filter((c) => 'next' in NOTES[c]);

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
	return 'next' in NOTES[code] ? t(lang, `completeness.next.${code}` as MessageKey) : null;
}

/** Notes in reading order: missing first, then partial, then info (stable within a level). */
export function byLevel(notes: readonly CompletenessNote[]): CompletenessNote[] {
	return [...notes].sort((a, b) => NOTE_LEVELS.indexOf(a.level) - NOTE_LEVELS.indexOf(b.level));
}
