/**
 * The report's charts as SVG strings, from the dashboards' own option builders (src/lib/charts) rendered
 * server-side by renderSvg: the monthly trend of the headline rates, a score ranking per peer group, and
 * the distribution of scores over the grade bands. The DOCX embeds them as PNG (png.ts), the PDF inline.
 *
 * Invariant: no number is computed here — the trend points and scores are the engine's, only binned.
 */
import { GRADES, KPI_BY_ID, type GradeId } from '../../kpi/catalog';
import type { Trend } from '../../kpi/types';
import type { Lang } from '../../i18n';
import { histogramOption, rankingOption, trendOption } from '../../charts';
import { renderSvg } from '../../charts/echarts';
import { label } from '../../reports/labels';
import type { RankingGroup, ReportChart } from '../../reports/types';

/** Chart width in CSS pixels: the text width of an A4 page with official margins (156 mm ≈ 590 px). */
export const CHART_WIDTH = 590;
const MAX_RANKING_ROWS = 40;

/** Score bands of the distribution: the grade bars of the default scheme, split into tens. */
const SCORE_BANDS: [number, number | null][] = [
	[0, 59],
	[60, 69],
	[70, 79],
	[80, 89],
	[90, null]
];

export function reportCharts(input: { groups: RankingGroup[]; trends: Trend[]; lang: Lang }): ReportChart[] {
	const { groups, trends, lang } = input;
	const charts: ReportChart[] = [];
	const gradeNames = Object.fromEntries(GRADES.map((g) => [g.id, g.name[lang]])) as Record<GradeId, string>;

	if (trends.length && trends[0].points.length) {
		const spec = trendOption({
			lang,
			periods: trends[0].points.map((p) => p.bucket),
			series: trends.map((t) => ({ name: KPI_BY_ID[t.kpi].name[lang], values: t.points.map((p) => p.value) })),
			kind: 'ratio',
			periodLabel: label(lang, 'month')
		});
		const height = 300;
		charts.push({
			id: 'trend',
			title: label(lang, 'trendChart'),
			caption: `${label(lang, 'trendChart')}：${trends.map((t) => KPI_BY_ID[t.kpi].name[lang]).join('、')}（${trends[0].period.from} – ${trends[0].period.to}）`,
			svg: renderSvg(spec.option, CHART_WIDTH, height),
			width: CHART_WIDTH,
			height
		});
	}

	groups.forEach((g, n) => {
		const rows = g.rows.filter((r) => r.score !== null).slice(0, MAX_RANKING_ROWS);
		if (rows.length < 2) return;
		const spec = rankingOption({
			lang,
			kind: 'score',
			max: 100,
			valueLabel: label(lang, 'score'),
			nameLabel: label(lang, 'dept'),
			rankLabel: label(lang, 'rank'),
			gradeLabel: label(lang, 'grade'),
			gradeNames,
			rows: rows.map((r) => ({ label: r.name, value: r.score, grade: r.grade, rank: r.rank }))
		});
		const group = g.peer_group ?? label(lang, 'noGroup');
		charts.push({
			id: `ranking-${n + 1}`,
			title: `${label(lang, 'rankingChart')}（${group}）`,
			caption: `${label(lang, 'rankingChart')}（${group}）`,
			svg: renderSvg(spec.option, CHART_WIDTH, spec.height),
			width: CHART_WIDTH,
			height: spec.height
		});
	});

	const scores = groups.flatMap((g) => g.rows.map((r) => r.score)).filter((s): s is number => s !== null);
	if (scores.length >= 2) {
		const bins = SCORE_BANDS.map(([lo, hi]) => ({
			lo,
			hi: hi ?? 100,
			count: scores.filter((s) => Math.floor(s) >= lo && (hi === null || Math.floor(s) <= hi)).length
		}));
		const spec = histogramOption({
			lang,
			bins,
			xLabel: label(lang, 'scoreBand'),
			yLabel: label(lang, 'departments'),
			shareLabel: label(lang, 'share')
		});
		charts.push({
			id: 'distribution',
			title: label(lang, 'distributionChart'),
			caption: `${label(lang, 'distributionChart')}（n = ${scores.length}）`,
			svg: renderSvg(spec.option, CHART_WIDTH, spec.height),
			width: CHART_WIDTH,
			height: spec.height
		});
	}
	return charts;
}
