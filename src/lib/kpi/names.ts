/** Names of lagging reasons ('fail', 'bottom', indicator ids) for lists and chips. */
import { KPI_BY_ID, LAGGING_REASON_NAMES, isKpiId } from '$lib/kpi/catalog';
import { t, type Lang } from '$lib/i18n';

export function reasonName(reason: string, lang: Lang, indicatorKpi: Record<string, string> = {}): string {
	if (reason === 'fail' || reason === 'bottom') return LAGGING_REASON_NAMES[reason][lang];
	const kpi = indicatorKpi[reason] ?? reason;
	const name = isKpiId(kpi) ? KPI_BY_ID[kpi].name[lang] : reason;
	return t(lang, 'reason.indicator', { name });
}
