/**
 * The report's tables, derived from the report model once and shared by every renderer: one XLSX sheet,
 * one CSV file, one DOCX / PDF table each, and the /reports preview. Pure and client-safe.
 *
 * Columns carry a kind (ratio, count, score …) that decides number formats; the summary's rows mix units,
 * so its value columns are 'byRow' and take the row's kind from `rowKinds`. Values stay the engine's numbers
 * (ratios as fractions, changes of ratios as fractions too — shown as signed percentages / percentage points).
 */
import { GRADES, type GradeId, type KpiUnit } from '../kpi/catalog';
import type { Lang } from '../i18n';
import { label, type LabelKey } from './labels';
import type { AssessmentReport, CellKind, RankingGroup, ReportTable, TableCell, TableColumn } from './types';

export type ColumnKind = CellKind | 'byRow' | 'byRowDelta';

export interface ReportTableDef extends Omit<ReportTable, 'columns'> {
	columns: (Omit<TableColumn, 'kind'> & { kind: ColumnKind })[];
	/** Kind of each row, for 'byRow' / 'byRowDelta' columns. */
	rowKinds?: CellKind[];
	/** Rows to emphasise (lagging units). */
	highlight?: boolean[];
}

const unitKind = (u: KpiUnit): CellKind => (u === 'ratio' ? 'ratio' : u === 'count' ? 'count' : u === 'days' ? 'days' : 'score');

/** The cell kind of column `c` in row `r`. */
export function cellKind(t: ReportTableDef, c: number, r: number): CellKind {
	const k = t.columns[c].kind;
	if (k === 'byRow') return t.rowKinds?.[r] ?? 'number';
	if (k === 'byRowDelta') return t.rowKinds?.[r] === 'ratio' ? 'signedRatio' : 'signed';
	return k;
}

export function gradeName(g: GradeId | null, lang: Lang): string | null {
	return g ? (GRADES.find((x) => x.id === g)?.name[lang] ?? g) : null;
}

const yesNo = (b: boolean, lang: Lang) => (b ? (lang === 'zh' ? '是' : 'yes') : lang === 'zh' ? '否' : 'no');

export function coverTable(r: AssessmentReport, lang: Lang): ReportTableDef {
	const m = r.meta;
	const rows: TableCell[][] = [
		[lang === 'zh' ? '标题' : 'Title', m.title],
		[label(lang, 'period'), `${m.periodLabel}（${m.period.from} – ${m.period.to}）`],
		...(m.baseline ? [[label(lang, 'baseline'), `${m.baseline.from} – ${m.baseline.to}`]] : []),
		[label(lang, 'yoyThen'), `${m.yoyPeriod.from} – ${m.yoyPeriod.to}`],
		[label(lang, 'popThen'), `${m.popPeriod.from} – ${m.popPeriod.to}`],
		[label(lang, 'scope'), m.scopeLabel],
		[label(lang, 'issuer'), m.issuer],
		[label(lang, 'date'), m.dateLabel],
		[label(lang, 'scheme'), m.schemeName ?? m.scheme]
	];
	return {
		id: 'cover',
		title: label(lang, 'coverTable'),
		columns: [
			{ key: 'field', label: lang === 'zh' ? '项目' : 'Field', kind: 'text', width: 16 },
			{ key: 'value', label: lang === 'zh' ? '内容' : 'Value', kind: 'text', width: 60 }
		],
		rows
	};
}

export function summaryTable(r: AssessmentReport, lang: Lang): ReportTableDef {
	return {
		id: 'summary',
		title: label(lang, 'summaryTable'),
		columns: [
			{ key: 'id', label: label(lang, 'id'), kind: 'text', width: 24 },
			{ key: 'name', label: label(lang, 'indicator'), kind: 'text', width: 18 },
			{ key: 'value', label: label(lang, 'value'), kind: 'byRow', width: 12 },
			{ key: 'yoy_then', label: label(lang, 'yoyThen'), kind: 'byRow', width: 12 },
			{ key: 'yoy_delta', label: label(lang, 'yoy'), kind: 'byRowDelta', width: 12 },
			{ key: 'pop_then', label: label(lang, 'popThen'), kind: 'byRow', width: 12 },
			{ key: 'pop_delta', label: label(lang, 'pop'), kind: 'byRowDelta', width: 12 }
		],
		rowKinds: r.headline.map((h) => unitKind(h.unit)),
		rows: r.headline.map((h) => [h.id, h.name, h.value, h.yoy?.then ?? null, h.yoy?.delta ?? null, h.pop?.then ?? null, h.pop?.delta ?? null])
	};
}

function rankingColumns(r: AssessmentReport, lang: Lang, withGroup: boolean): ReportTableDef['columns'] {
	return [
		{ key: 'rank', label: label(lang, 'rank'), kind: 'number', width: 6 },
		{ key: 'dept_code', label: label(lang, 'deptCode'), kind: 'text', width: 12 },
		{ key: 'name', label: label(lang, 'dept'), kind: 'text', width: 22 },
		...(withGroup ? [{ key: 'peer_group', label: label(lang, 'peerGroup'), kind: 'text' as const, width: 12 }] : []),
		...r.indicators.map((i) => ({ key: `ind_${i.id}`, label: i.name, kind: 'score' as const, width: 10 })),
		{ key: 'deductions', label: label(lang, 'deductions'), kind: 'score', width: 8 },
		{ key: 'score', label: label(lang, 'score'), kind: 'score', width: 8 },
		{ key: 'grade', label: label(lang, 'grade'), kind: 'text', width: 8 },
		{ key: 'prev_rank', label: label(lang, 'prevRank'), kind: 'number', width: 8 },
		{ key: 'rank_change', label: label(lang, 'rankChange'), kind: 'signed', width: 8 },
		{ key: 'score_change', label: label(lang, 'scoreChange'), kind: 'signed', width: 8 },
		{ key: 'lagging', label: label(lang, 'laggingTable'), kind: 'text', width: 8 }
	];
}

function rankingRows(r: AssessmentReport, g: RankingGroup, lang: Lang, withGroup: boolean): TableCell[][] {
	return g.rows.map((x) => [
		x.rank,
		x.dept_code,
		x.name,
		...(withGroup ? [x.peer_group] : []),
		...r.indicators.map((i) => x.indicator_scores[i.id] ?? null),
		x.deductions,
		x.score,
		gradeName(x.grade, lang),
		x.prev_rank,
		x.rank_change,
		x.score_change,
		yesNo(x.lagging, lang)
	]);
}

/** One ranking table per peer group (XLSX sheets, DOCX / PDF tables). */
export function rankingTables(r: AssessmentReport, lang: Lang): ReportTableDef[] {
	return r.groups.map((g, n) => ({
		id: `ranking-${n + 1}`,
		title: `${label(lang, 'rankingTable')}（${g.peer_group ?? label(lang, 'noGroup')}）`,
		columns: rankingColumns(r, lang, false),
		rows: rankingRows(r, g, lang, false),
		highlight: g.rows.map((x) => x.lagging)
	}));
}

/** Every group in one table with a peer-group column (the CSV default). */
export function rankingAllTable(r: AssessmentReport, lang: Lang): ReportTableDef {
	return {
		id: 'ranking',
		title: label(lang, 'rankingTable'),
		columns: rankingColumns(r, lang, true),
		rows: r.groups.flatMap((g) => rankingRows(r, g, lang, true)),
		highlight: r.groups.flatMap((g) => g.rows.map((x) => x.lagging))
	};
}

export function laggingTable(r: AssessmentReport, lang: Lang): ReportTableDef {
	return {
		id: 'lagging',
		title: label(lang, 'laggingTable'),
		columns: [
			{ key: 'dept_code', label: label(lang, 'deptCode'), kind: 'text', width: 12 },
			{ key: 'name', label: label(lang, 'dept'), kind: 'text', width: 22 },
			{ key: 'peer_group', label: label(lang, 'peerGroup'), kind: 'text', width: 15 },
			{ key: 'score', label: label(lang, 'score'), kind: 'score', width: 8 },
			{ key: 'grade', label: label(lang, 'grade'), kind: 'text', width: 7 },
			{ key: 'rank', label: label(lang, 'rank'), kind: 'number', width: 7 },
			{ key: 'reasons', label: label(lang, 'reasons'), kind: 'text', width: 46 }
		],
		rows: r.lagging.map((l) => [l.dept_code, l.name, l.peer_group, l.score, gradeName(l.grade, lang), l.rank, l.reasons.join('；')])
	};
}

export function noticesTable(r: AssessmentReport, lang: Lang): ReportTableDef | null {
	if (!r.notices) return null;
	return {
		id: 'notices',
		title: label(lang, 'noticesTable'),
		columns: [
			{ key: 'dept_code', label: label(lang, 'deptCode'), kind: 'text', width: 12 },
			{ key: 'name', label: label(lang, 'dept'), kind: 'text', width: 22 },
			{ key: 'raised', label: label(lang, 'raised'), kind: 'count', width: 10 },
			{ key: 'open', label: label(lang, 'open'), kind: 'count', width: 8 },
			{ key: 'overdue', label: label(lang, 'overdue'), kind: 'count', width: 8 },
			{ key: 'closed', label: label(lang, 'closed'), kind: 'count', width: 8 }
		],
		rows: r.notices.map((n) => [n.dept_code, n.name, n.raised, n.open, n.overdue, n.closed]),
		highlight: r.notices.map((n) => n.overdue > 0)
	};
}

/** 改革任务推进情况 (issue 13): counts by status, and the overdue tasks with their lead units; [] without a ledger. */
export function taskTables(r: AssessmentReport, lang: Lang): ReportTableDef[] {
	const t = r.tasks;
	if (!t) return [];
	const c = t.counts;
	return [
		{
			id: 'tasks',
			title: label(lang, 'tasksTable'),
			columns: [
				{ key: 'state', label: label(lang, 'taskState'), kind: 'text', width: 14 },
				{ key: 'n', label: label(lang, 'taskCount'), kind: 'count', width: 10 }
			],
			rows: [
				[label(lang, 'stateDone'), c.done],
				[label(lang, 'stateOnTrack'), c.on_track],
				[label(lang, 'stateAtRisk'), c.at_risk],
				[label(lang, 'stateOverdue'), c.overdue],
				[label(lang, 'stateTotal'), c.total]
			],
			highlight: [false, false, false, c.overdue > 0, false]
		},
		{
			id: 'tasks-overdue',
			title: label(lang, 'tasksOverdueTable'),
			columns: [
				{ key: 'number', label: label(lang, 'taskNo'), kind: 'number', width: 6 },
				{ key: 'title', label: label(lang, 'taskTitle'), kind: 'text', width: 50 },
				{ key: 'lead', label: label(lang, 'taskLead'), kind: 'text', width: 28 },
				{ key: 'due', label: label(lang, 'taskLateSince'), kind: 'text', width: 12 },
				{ key: 'plan', label: label(lang, 'taskPlan'), kind: 'text', width: 28 }
			],
			rows: t.overdue.map((o) => [o.number, o.title, o.lead, o.lateSince, o.plan])
		}
	];
}

const STATE_LABEL = { complete: 'projectComplete', in_progress: 'projectInProgress', waiting: 'projectWaiting' } as const;

/** The lead sentence of 工程建设项目审批情况 (one text for every renderer). */
export function projectsLead(r: AssessmentReport, lang: Lang, date: string): string {
	const p = r.projects!;
	const pct = (x: number | null) => (x === null ? '—' : `${(x * 100).toFixed(1)}%`);
	return label(lang, 'projectsLead', {
		date,
		...p.counts,
		done: p.completedInPeriod,
		ok: p.onTargetInPeriod,
		target: p.target,
		rate: pct(p.onTargetRate),
		mean: p.meanWorkdays === null ? '—' : p.meanWorkdays.toFixed(1),
		stage: p.slowestStage ? label(lang, `stage_${p.slowestStage}` as LabelKey) : '—'
	});
}

/** 工程建设项目审批情况 (issue 14): the slowest projects and the stages; [] without project data. */
export function projectTables(r: AssessmentReport, lang: Lang): ReportTableDef[] {
	const p = r.projects;
	if (!p) return [];
	const stage = (s: string) => (s ? label(lang, `stage_${s}` as LabelKey) : '—');
	return [
		{
			id: 'projects-slowest',
			title: label(lang, 'projectsTable'),
			columns: [
				{ key: 'code', label: label(lang, 'projectCode'), kind: 'text', width: 26 },
				{ key: 'name', label: label(lang, 'projectName'), kind: 'text', width: 36 },
				{ key: 'state', label: label(lang, 'projectState'), kind: 'text', width: 12 },
				{ key: 'stage', label: label(lang, 'projectStage'), kind: 'text', width: 18 },
				{ key: 'approval', label: label(lang, 'projectApproval'), kind: 'count', width: 12 },
				{ key: 'span', label: label(lang, 'projectSpan'), kind: 'count', width: 12 },
				{ key: 'over', label: label(lang, 'projectOver'), kind: 'text', width: 8 }
			],
			rows: p.slowest.map((x) => [x.code, x.name, label(lang, STATE_LABEL[x.state]), stage(x.stage), x.approval, x.span, yesNo(x.overTarget, lang)]),
			highlight: p.slowest.map((x) => x.overTarget)
		},
		{
			id: 'projects-stages',
			title: label(lang, 'projectStagesTable'),
			columns: [
				{ key: 'stage', label: label(lang, 'stageName'), kind: 'text', width: 22 },
				{ key: 'projects', label: label(lang, 'stageProjects'), kind: 'count', width: 10 },
				{ key: 'mean', label: label(lang, 'stageMean'), kind: 'days', width: 10 },
				{ key: 'median', label: label(lang, 'stageMedian'), kind: 'days', width: 10 },
				{ key: 'target', label: label(lang, 'stageTarget'), kind: 'count', width: 10 }
			],
			rows: p.stages.map((x) => [stage(x.stage), x.projects, x.mean, x.median, x.target])
		}
	];
}

export function appendixTable(r: AssessmentReport, lang: Lang): ReportTableDef {
	return {
		id: 'appendix',
		title: label(lang, 'appendixTable'),
		columns: [
			{ key: 'id', label: label(lang, 'id'), kind: 'text', width: 26 },
			{ key: 'name', label: label(lang, 'indicator'), kind: 'text', width: 18 },
			{ key: 'unit', label: label(lang, 'unit'), kind: 'text', width: 10 },
			{ key: 'definition', label: label(lang, 'definition'), kind: 'text', width: 80 }
		],
		rows: r.appendix.kpis.map((k) => [k.id, k.name, k.unit, k.definition])
	};
}

export function rulesTable(r: AssessmentReport, lang: Lang): ReportTableDef {
	return {
		id: 'rules',
		title: label(lang, 'rulesTable'),
		columns: [
			{ key: 'n', label: lang === 'zh' ? '序号' : 'No.', kind: 'number', width: 6 },
			{ key: 'rule', label: label(lang, 'rule'), kind: 'text', width: 100 }
		],
		rows: r.appendix.rules.map((x, i) => [i + 1, x])
	};
}

/** Every table, in document order: cover, summary, rankings per group, lagging, notices, definitions, rules. */
export function reportTables(r: AssessmentReport, lang: Lang): ReportTableDef[] {
	const n = noticesTable(r, lang);
	return [
		coverTable(r, lang),
		summaryTable(r, lang),
		...rankingTables(r, lang),
		laggingTable(r, lang),
		...(n ? [n] : []),
		...taskTables(r, lang),
		...projectTables(r, lang),
		appendixTable(r, lang),
		rulesTable(r, lang)
	];
}

/** A table by id for CSV: any of reportTables' ids, or 'ranking' (all groups in one). */
export function tableById(r: AssessmentReport, lang: Lang, id: string): ReportTableDef | null {
	if (id === 'ranking') return rankingAllTable(r, lang);
	return reportTables(r, lang).find((t) => t.id === id) ?? null;
}
