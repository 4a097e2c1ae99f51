/**
 * KPI cards of KPIs the loaded data cannot compute at all (no catalogue, no ratings, no 法定时限 …) carry the
 * reason (analytics/completeness.ts), so a card says "需导入权力清单" instead of a 0 or "—" that reads as a real
 * value. Applied once, to every cached screen's cards (screen-list.ts); a period without cases is not a reason.
 */
import type { CompletenessNote, ReasonCode } from '../../completeness';
import type { KpiCardData } from '../../dashboard/rows';
import type { Analytics } from '../analytics/db';
import { dataCompleteness, kpiAvailability } from '../analytics/completeness';

type CardLike = Pick<KpiCardData, 'id' | 'unavailable'>;

/** The screen result with `unavailable` set on the cards whose KPI the data cannot answer. */
export async function markUnavailable<T extends { data: { cards: CardLike[] } | null }>(
	db: Analytics,
	result: T
): Promise<T> {
	if (!result.data) return result;
	const c = await dataCompleteness(db);
	const reasons = kpiAvailability(c);
	// The note itself when the data page lists it (same counts, same words); else the bare reason.
	const noteFor = (code: ReasonCode): CompletenessNote =>
		c.notes.find((x) => x.code === code) ?? { level: 'missing', code, params: {} };
	const cards = result.data.cards.map((card) => {
		const code = reasons[card.id];
		return code ? { ...card, unavailable: noteFor(code) } : card;
	});
	// A screen none of whose KPIs the data can answer (e.g. 好差评 with no rating imported at all) is not an empty
	// *period*: show the cards with their reasons rather than "本期无数据". A period that is merely empty stays so.
	const data: Record<string, unknown> = { ...result.data, cards };
	if (data.emptyPeriod === true && cards.length > 0 && cards.every((x) => x.unavailable))
		data.emptyPeriod = false;
	return { ...result, data } as T;
}
