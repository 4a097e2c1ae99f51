/**
 * The assessment report model: ONE object per (period, baseline, scope) that every format renders.
 *
 * Every number comes from the KPI engine (computeKpiReport, computeTrend) — this module only arranges:
 * the report itself, the same scope 同比 (a year earlier) and 环比 (previous period), the monthly trend of the
 * twelve months up to the period end, and (for region / department scopes, whose listing is a part of a peer
 * group) the unscoped report to count each group's scored departments. All of them run concurrently.
 *
 * Invariants: ranks, grades and lagging are the engine's (a scoped report never re-ranks); the comparison
 * periods and queries are the KPI layer's comparison module (kpi/comparison.ts: a whole month compares with
 * whole months), the same as the dashboards'; names of regions and
 * departments come from the analytics database; notice counts come from an injected function (the app
 * database may be unavailable, e.g. to the CLI while the server holds the embedded database).
 */
import {
	FLAG_BY_ID,
	GRADE_IDS,
	KPI_BY_ID,
	KPIS,
	type FlagId,
	type GradeId,
	type KpiId
} from '../../kpi/catalog';
import { standingOf } from '../../kpi/standing';
import type { DepartmentResult, KpiQuery, KpiReport, Period, ReportedKpis } from '../../kpi/types';
import type { Lang } from '../../i18n';
import { rangeLabel, trailingMonths } from '../../period';
import { dateLabel, label } from '../../reports/labels';
import type {
	AssessmentReport,
	Compared,
	HeadlineKpi,
	LaggingUnit,
	NoticeCountRow,
	RankingGroup,
	RankingRow,
	ReportIndicator,
	ReportScope
} from '../../reports/types';
import type { Analytics } from '../analytics/db';
import { dimensionOptions, type DimensionOptions } from '../analytics/dimensions';
import { comparisonReports, delta, queryFor } from '../analytics/kpi/comparison';
import { computeKpiReport, type EngineOptions } from '../analytics/kpi/compute-report';
import { localToday } from '../clock';
import { getConfig } from '../config';
import type { Scheme } from '../analytics/kpi/scheme';
import { computeTrend } from '../analytics/kpi/trend';
import { reportCharts } from './charts';
import type { TaskSectionFn } from '../tasks/report-section';
import { projectReportSection } from '../analytics/projects/report-section';

/** The summary's indicators, in reading order (speedup_vs_baseline only with a baseline). */
export const HEADLINE_KPIS: KpiId[] = [
	'cases',
	'completed',
	'acceptance_rate',
	'activation_rate',
	'on_time_rate',
	'mean_elapsed_workdays',
	'speedup_vs_statutory',
	'speedup_vs_baseline',
	'online_rate',
	'one_visit_rate',
	'satisfaction_rate',
	'bad_reviews',
	'rectification_rate'
];

/** The trend chart's series. */
export const TREND_KPIS: KpiId[] = [
	'on_time_rate',
	'speedup_vs_statutory',
	'online_rate',
	'satisfaction_rate'
];

export type NoticeCountsFn = (deptCodes: string[] | null, period: Period) => Promise<NoticeCountRow[]>;

export interface BuildOptions extends EngineOptions {
	scope: ReportScope;
	lang?: Lang;
	/** Issue date (YYYY-MM-DD); default today in TZ_LOCAL. */
	date?: string;
	/** Issuing unit; default REPORT_ISSUER, else "<jurisdiction>简政放权改革工作领导小组办公室". */
	issuer?: string;
	noticeCounts?: NoticeCountsFn | null;
	/** The reform task section (tasks/report-section.ts); absent or null: no section. */
	taskSection?: TaskSectionFn | null;
	/** Skip the SVG charts (CSV and XLSX do not use them). */
	charts?: boolean;
	/** Compute the trend data without rendering SVG charts (the cockpit draws live charts). */
	trendOnly?: boolean;
}

function compared(now: number | null, then: number | null | undefined): Compared {
	return { value: now, then: then ?? null, delta: delta(now, then) };
}

const kpiOf = (k: ReportedKpis, id: KpiId): number | null =>
	(k as Record<string, number | null | undefined>)[id] ?? null;

function rankOrder(
	a: { rank: number | null; dept_code: string },
	b: { rank: number | null; dept_code: string }
): number {
	if (a.rank === null && b.rank === null) return a.dept_code < b.dept_code ? -1 : 1;
	if (a.rank === null) return 1;
	if (b.rank === null) return -1;
	return a.rank - b.rank || (a.dept_code < b.dept_code ? -1 : 1);
}

export function reasonTexts(ids: readonly string[], scheme: Scheme, lang: Lang): string[] {
	return ids.map((r) => {
		if (r === 'fail') return label(lang, 'reasonFail');
		if (r === 'bottom') return label(lang, 'reasonBottom');
		const ind = scheme.indicators.find((i) => i.id === r);
		const name = ind ? KPI_BY_ID[ind.kpi].name[lang] : r;
		return label(lang, 'reasonIndicator', { name, bar: scheme.lagging.indicator_below });
	});
}

function scopeLabel(scope: ReportScope, dims: DimensionOptions, lang: Lang): string {
	switch (scope.kind) {
		case 'jurisdiction':
			return label(lang, 'jurisdiction');
		case 'region':
			return dims.regions.find((r) => r.code === scope.code)?.name ?? scope.code;
		case 'peer_group':
			return scope.group;
		case 'dept':
			return dims.departments.find((d) => d.code === scope.code)?.name ?? scope.code;
	}
}

/** The jurisdiction's name: REPORT_JURISDICTION, else the root region's name (the first root in tree order). */
export function jurisdictionName(dims: DimensionOptions): string {
	return getConfig().reportJurisdiction || dims.regions.find((r) => r.depth === 0)?.name || '';
}

function title(
	scope: ReportScope,
	scopeName: string,
	jurisdiction: string,
	period: string,
	lang: Lang
): string {
	if (lang === 'en') {
		const what = scope.kind === 'dept' ? label(lang, 'scorecardSuffix') : label(lang, 'titleSuffix');
		const who = scope.kind === 'jurisdiction' ? jurisdiction : scopeName;
		return `${who ? `${who}: ` : ''}${what} (${period})`;
	}
	if (scope.kind === 'dept') return `${scopeName}${label(lang, 'scorecardSuffix')}（${period}）`;
	if (scope.kind === 'region') return `${scopeName}${label(lang, 'titleSuffix')}（${period}）`;
	if (scope.kind === 'peer_group')
		return `${jurisdiction}${label(lang, 'titleSuffix')}（${scopeName}，${period}）`;
	return `${jurisdiction}${label(lang, 'titleSuffix')}（${period}）`;
}

function indicatorsOf(scheme: Scheme, lang: Lang): ReportIndicator[] {
	return scheme.indicators.map((i) => ({
		id: i.id,
		kpi: i.kpi,
		name: KPI_BY_ID[i.kpi].name[lang],
		weight: i.weight,
		lo: i.rule.lo,
		hi: i.rule.hi
	}));
}

function rankingGroups(
	rep: KpiReport,
	prev: KpiReport,
	scheme: Scheme,
	scoredPerGroup: Map<string | null, number>
): RankingGroup[] {
	const before = new Map(prev.departments.map((d) => [d.dept_code, d]));
	const byGroup = new Map<string | null, RankingRow[]>();
	for (const d of rep.departments) {
		const p = before.get(d.dept_code);
		const prevRank = p?.rank ?? null;
		const prevScore = p?.score ?? null;
		const row: RankingRow = {
			dept_code: d.dept_code,
			name: d.name,
			peer_group: d.peer_group,
			indicator_scores: Object.fromEntries(
				scheme.indicators.map((i) => [i.id, d.indicator_scores[i.id] ?? null])
			),
			deductions: d.deductions,
			score: d.score,
			grade: d.grade,
			rank: d.rank,
			prev_rank: prevRank,
			prev_score: prevScore,
			rank_change: d.rank !== null && prevRank !== null ? prevRank - d.rank : null,
			score_change:
				d.score !== null && prevScore !== null ? Math.round((d.score - prevScore) * 100) / 100 : null,
			lagging: d.lagging
		};
		const list = byGroup.get(d.peer_group) ?? [];
		list.push(row);
		byGroup.set(d.peer_group, list);
	}
	const names = [...byGroup.keys()].sort((a, b) =>
		a === null ? 1 : b === null ? -1 : a.localeCompare(b, 'zh-CN')
	);
	return names.map((g) => ({
		peer_group: g,
		scored: scoredPerGroup.get(g) ?? 0,
		rows: byGroup.get(g)!.sort(rankOrder)
	}));
}

function scoredCount(depts: readonly DepartmentResult[]): Map<string | null, number> {
	const m = new Map<string | null, number>();
	for (const d of depts) if (d.score !== null) m.set(d.peer_group, (m.get(d.peer_group) ?? 0) + 1);
	return m;
}

function laggingUnits(rep: KpiReport, scheme: Scheme, lang: Lang): LaggingUnit[] {
	return rep.departments
		.filter((d) => d.lagging)
		.sort((a, b) => (a.score ?? -1) - (b.score ?? -1) || (a.dept_code < b.dept_code ? -1 : 1))
		.map((d) => ({
			...standingOf(d),
			reason_ids: [...d.lagging_reasons],
			reasons: reasonTexts(d.lagging_reasons, scheme, lang)
		}));
}

function headline(rep: KpiReport, yoy: KpiReport, pop: KpiReport, lang: Lang): HeadlineKpi[] {
	const withBaseline = rep.baseline !== null;
	return HEADLINE_KPIS.filter((id) => id !== 'speedup_vs_baseline' || withBaseline).map((id) => {
		const def = KPI_BY_ID[id];
		const value = kpiOf(rep.total.kpis, id);
		// A speed-up against a baseline is itself a comparison: no 同比 / 环比 of its own.
		const plain = id !== 'speedup_vs_baseline';
		return {
			id,
			name: def.name[lang],
			unit: def.unit,
			better: def.better,
			value,
			yoy: plain ? compared(value, kpiOf(yoy.total.kpis, id)) : null,
			pop: plain ? compared(value, kpiOf(pop.total.kpis, id)) : null
		};
	});
}

function appendix(scheme: Scheme, lang: Lang): AssessmentReport['appendix'] {
	const unitName = {
		ratio: label(lang, 'unitRatio'),
		count: label(lang, 'unitCount'),
		days: label(lang, 'unitDays'),
		score: label(lang, 'unitScore')
	};
	const pct = (v: number, kpi: KpiId) =>
		KPI_BY_ID[kpi].unit === 'ratio' ? `${Number((v * 100).toFixed(1))}%` : String(v);
	const rules: string[] = [
		...scheme.indicators.map((i) =>
			label(lang, 'ruleIndicator', {
				name: KPI_BY_ID[i.kpi].name[lang],
				w: i.weight,
				lo: pct(i.rule.lo, i.kpi),
				hi: pct(i.rule.hi, i.kpi)
			})
		),
		label(lang, 'ruleScore'),
		...Object.entries(scheme.deductions.flags)
			.filter(([, p]) => (p ?? 0) > 0)
			.map(([f, p]) => label(lang, 'ruleDeductFlag', { name: flagName(f, lang), p: p! })),
		...(scheme.deductions.unrectified_bad_review > 0
			? [label(lang, 'ruleDeductBad', { p: scheme.deductions.unrectified_bad_review })]
			: []),
		...(Number.isFinite(scheme.deductions.cap)
			? [label(lang, 'ruleCap', { cap: scheme.deductions.cap })]
			: []),
		label(lang, 'ruleGrades', { e: scheme.grades.excellent, g: scheme.grades.good, p: scheme.grades.pass }),
		label(lang, 'ruleRank'),
		label(lang, 'ruleLagging', {
			share: Math.round(scheme.lagging.bottom_share * 100),
			bar: scheme.lagging.indicator_below
		}),
		label(lang, 'ruleComparisons')
	];
	return {
		kpis: KPIS.map((d) => ({
			id: d.id,
			name: d.name[lang],
			unit: unitName[d.unit],
			definition: d.definition[lang]
		})),
		rules
	};
}

function flagName(f: string, lang: Lang): string {
	return FLAG_BY_ID[f as FlagId]?.name[lang] ?? f;
}

export function gradeCounts(groups: RankingGroup[]): Record<GradeId, number> {
	const out = Object.fromEntries(GRADE_IDS.map((g) => [g, 0])) as Record<GradeId, number>;
	for (const g of groups) for (const r of g.rows) if (r.grade) out[r.grade]++;
	return out;
}

export async function buildReport(db: Analytics, q: KpiQuery, opts: BuildOptions): Promise<AssessmentReport> {
	const lang = opts.lang ?? 'zh';
	const engine: EngineOptions = { scheme: opts.scheme, thresholds: opts.thresholds };
	const trendRange = trailingMonths(q.to);
	const partial = opts.scope.kind === 'region' || opts.scope.kind === 'dept';
	const wantCharts = opts.charts !== false && !opts.trendOnly;
	const wantTrend = wantCharts || !!opts.trendOnly;

	const [rep, { yoy, pop, yoyRange, popRange }, full, dims, trends] = await Promise.all([
		computeKpiReport(db, q, engine),
		comparisonReports(q, (x) => computeKpiReport(db, x, engine)),
		// A region's or a department's listing is part of a peer group: count the whole groups.
		partial
			? computeKpiReport(
					db,
					queryFor(q, q, { keepBaseline: true, set: { dept: null, region: null, peer_group: null } }),
					engine
				)
			: null,
		dimensionOptions(db),
		wantTrend
			? Promise.all(
					TREND_KPIS.map((kpi) =>
						computeTrend(db, queryFor(q, trendRange, { set: { grain: 'month', kpi } }), {
							thresholds: opts.thresholds,
							kpi
						})
					)
				)
			: Promise.resolve([])
	]);

	const scheme = opts.scheme;
	const groups = rankingGroups(rep, pop, scheme, scoredCount((full ?? rep).departments));
	const lagging = laggingUnits(rep, scheme, lang);
	const deptCodes = opts.scope.kind === 'jurisdiction' ? null : rep.departments.map((d) => d.dept_code);
	const deptName = new Map(dims.departments.map((d) => [d.code, d.name]));
	const notices = opts.noticeCounts
		? (await opts.noticeCounts(deptCodes, { from: q.from, to: q.to })).map((n) => ({
				...n,
				name: n.name || deptName.get(n.dept_code) || n.dept_code
			}))
		: null;
	const period = rangeLabel(q, lang);
	const sName = scopeLabel(opts.scope, dims, lang);
	const jurisdiction = jurisdictionName(dims);
	const date = opts.date ?? localToday();
	const tasks = opts.taskSection ? await opts.taskSection(deptCodes, date, deptName) : null;
	const projects = await projectReportSection(db, {
		from: q.from,
		to: q.to,
		deptCodes,
		thresholds: opts.thresholds
	});
	const issuer =
		opts.issuer?.trim() ||
		getConfig().reportIssuer ||
		(lang === 'zh' ? `${jurisdiction}${label(lang, 'issuerDefault')}` : label(lang, 'issuerDefault'));
	const head = headline(rep, yoy, pop, lang);

	return {
		meta: {
			title: title(opts.scope, sName, jurisdiction, period, lang),
			periodLabel: period,
			period: { from: q.from, to: q.to },
			baseline: q.baseline,
			yoyPeriod: yoyRange,
			popPeriod: popRange,
			scope: opts.scope,
			scopeLabel: sName,
			issuer,
			date,
			dateLabel: dateLabel(date, lang),
			scheme: rep.scheme,
			schemeName: scheme.title?.[lang] ?? scheme.name,
			generatedAt: new Date().toISOString()
		},
		headline: head,
		indicators: indicatorsOf(scheme, lang),
		groups,
		lagging,
		notices,
		tasks,
		projects,
		charts: wantCharts ? reportCharts({ groups, trends, lang }) : [],
		trend: trends.length
			? {
					periods: trends[0].points.map((p) => p.bucket),
					series: trends.map((t) => ({
						kpi: t.kpi,
						name: KPI_BY_ID[t.kpi].name[lang],
						values: t.points.map((p) => p.value)
					}))
				}
			: null,
		appendix: appendix(scheme, lang)
	};
}
