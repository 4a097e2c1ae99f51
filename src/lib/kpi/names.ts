/**
 * The names people read for assessment ids (client-safe; the dashboards, the CLI's tables): grades and lagging
 * reasons ('fail', 'bottom', indicator ids). Ids stay in JSON and URLs; text for people goes through here.
 */
import { GRADES, KPI_BY_ID, LAGGING_REASON_NAMES, isKpiId, type GradeId } from './catalog';
import { t, type Lang } from '../i18n';

export function gradeName(grade: GradeId, lang: Lang): string {
	return GRADES.find((g) => g.id === grade)?.name[lang] ?? grade;
}

/** A lagging reason's name; an indicator id is named by its KPI (`indicatorKpi`: the scheme's indicator → KPI). */
export function reasonName(reason: string, lang: Lang, indicatorKpi: Record<string, string> = {}): string {
	if (reason === 'fail' || reason === 'bottom') return LAGGING_REASON_NAMES[reason][lang];
	const kpi = indicatorKpi[reason] ?? reason;
	const name = isKpiId(kpi) ? KPI_BY_ID[kpi].name[lang] : reason;
	return t(lang, 'reason.indicator', { name });
}
