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

type Column = ReportTableDef['columns'][number];

/** A column of `lang`'s tables: its key (XLSX, CSV), its heading (labels.ts), its kind and its width in characters. */
const columnsIn =
	(lang: Lang) =>
	(key: string, heading: LabelKey, kind: ColumnKind, width: number): Column => ({
		key,
		label: label(lang, heading),
		kind,
		width
	});

/** The unit a row is about, as the ranking, lagging and notices tables all show it. */
const deptColumns = (c: ReturnType<typeof columnsIn>) => [
	c('dept_code', 'deptCode', 'text', 12),
	c('name', 'dept', 'text', 22)
];

const unitKind = (u: KpiUnit): CellKind =>
	u === 'ratio' ? 'ratio' : u === 'count' ? 'count' : u === 'days' ? 'days' : 'score';

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
	const c = columnsIn(lang);
	return {
		id: 'summary',
		title: label(lang, 'summaryTable'),
		columns: [
			c('id', 'id', 'text', 24),
			c('name', 'indicator', 'text', 18),
			c('value', 'value', 'byRow', 12),
			c('yoy_then', 'yoyThen', 'byRow', 12),
			c('yoy_delta', 'yoy', 'byRowDelta', 12),
			c('pop_then', 'popThen', 'byRow', 12),
			c('pop_delta', 'pop', 'byRowDelta', 12)
		],
		rowKinds: r.headline.map((h) => unitKind(h.unit)),
		rows: r.headline.map((h) => [
			h.id,
			h.name,
			h.value,
			h.yoy?.then ?? null,
			h.yoy?.delta ?? null,
			h.pop?.then ?? null,
			h.pop?.delta ?? null
		])
	};
}

function rankingColumns(r: AssessmentReport, lang: Lang, withGroup: boolean): ReportTableDef['columns'] {
	const c = columnsIn(lang);
	return [
		c('rank', 'rank', 'number', 6),
		...deptColumns(c),
		...(withGroup ? [c('peer_group', 'peerGroup', 'text', 12)] : []),
		...r.indicators.map((i) => ({ key: `ind_${i.id}`, label: i.name, kind: 'score' as const, width: 10 })),
		c('deductions', 'deductions', 'score', 8),
		c('score', 'score', 'score', 8),
		c('grade', 'grade', 'text', 8),
		c('prev_rank', 'prevRank', 'number', 8),
		c('rank_change', 'rankChange', 'signed', 8),
		c('score_change', 'scoreChange', 'signed', 8),
		c('lagging', 'laggingTable', 'text', 8)
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
	const c = columnsIn(lang);
	return {
		id: 'lagging',
		title: label(lang, 'laggingTable'),
		columns: [
			...deptColumns(c),
			c('peer_group', 'peerGroup', 'text', 15),
			c('score', 'score', 'score', 8),
			c('grade', 'grade', 'text', 7),
			c('rank', 'rank', 'number', 7),
			c('reasons', 'reasons', 'text', 46)
		],
		rows: r.lagging.map((l) => [
			l.dept_code,
			l.name,
			l.peer_group,
			l.score,
			gradeName(l.grade, lang),
			l.rank,
			l.reasons.join('；')
		])
	};
}

export function noticesTable(r: AssessmentReport, lang: Lang): ReportTableDef | null {
	if (!r.notices) return null;
	const c = columnsIn(lang);
	return {
		id: 'notices',
		title: label(lang, 'noticesTable'),
		columns: [
			...deptColumns(c),
			c('raised', 'raised', 'count', 10),
			c('open', 'open', 'count', 8),
			c('overdue', 'overdue', 'count', 8),
			c('closed', 'closed', 'count', 8)
		],
		rows: r.notices.map((n) => [n.dept_code, n.name, n.raised, n.open, n.overdue, n.closed]),
		highlight: r.notices.map((n) => n.overdue > 0)
	};
}

/** 改革任务推进情况 (issue 13): counts by status, and the overdue tasks with their lead units; [] without a ledger. */
export function taskTables(r: AssessmentReport, lang: Lang): ReportTableDef[] {
	const t = r.tasks;
	if (!t) return [];
	const n = t.counts;
	const c = columnsIn(lang);
	return [
		{
			id: 'tasks',
			title: label(lang, 'tasksTable'),
			columns: [c('state', 'taskState', 'text', 14), c('n', 'taskCount', 'count', 10)],
			rows: [
				[label(lang, 'stateDone'), n.done],
				[label(lang, 'stateOnTrack'), n.on_track],
				[label(lang, 'stateAtRisk'), n.at_risk],
				[label(lang, 'stateOverdue'), n.overdue],
				[label(lang, 'stateTotal'), n.total]
			],
			highlight: [false, false, false, n.overdue > 0, false]
		},
		{
			id: 'tasks-overdue',
			title: label(lang, 'tasksOverdueTable'),
			columns: [
				c('number', 'taskNo', 'number', 6),
				c('title', 'taskTitle', 'text', 50),
				c('lead', 'taskLead', 'text', 28),
				c('due', 'taskLateSince', 'text', 12),
				c('plan', 'taskPlan', 'text', 28)
			],
			rows: t.overdue.map((o) => [o.number, o.title, o.lead, o.lateSince, o.plan])
		}
	];
}

const STATE_LABEL = {
	complete: 'projectComplete',
	in_progress: 'projectInProgress',
	waiting: 'projectWaiting'
} as const;

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
	const c = columnsIn(lang);
	const stage = (s: string) => (s ? label(lang, `stage_${s}` as LabelKey) : '—');
	return [
		{
			id: 'projects-slowest',
			title: label(lang, 'projectsTable'),
			columns: [
				c('code', 'projectCode', 'text', 26),
				c('name', 'projectName', 'text', 36),
				c('state', 'projectState', 'text', 12),
				c('stage', 'projectStage', 'text', 18),
				c('approval', 'projectApproval', 'count', 12),
				c('span', 'projectSpan', 'count', 12),
				c('over', 'projectOver', 'text', 8)
			],
			rows: p.slowest.map((x) => [
				x.code,
				x.name,
				label(lang, STATE_LABEL[x.state]),
				stage(x.stage),
				x.approval,
				x.span,
				yesNo(x.overTarget, lang)
			]),
			highlight: p.slowest.map((x) => x.overTarget)
		},
		{
			id: 'projects-stages',
			title: label(lang, 'projectStagesTable'),
			columns: [
				c('stage', 'stageName', 'text', 22),
				c('projects', 'stageProjects', 'count', 10),
				c('mean', 'stageMean', 'days', 10),
				c('median', 'stageMedian', 'days', 10),
				c('target', 'stageTarget', 'count', 10)
			],
			rows: p.stages.map((x) => [stage(x.stage), x.projects, x.mean, x.median, x.target])
		}
	];
}

export function appendixTable(r: AssessmentReport, lang: Lang): ReportTableDef {
	const c = columnsIn(lang);
	return {
		id: 'appendix',
		title: label(lang, 'appendixTable'),
		columns: [
			c('id', 'id', 'text', 26),
			c('name', 'indicator', 'text', 18),
			c('unit', 'unit', 'text', 10),
			c('definition', 'definition', 'text', 80)
		],
		rows: r.appendix.kpis.map((k) => [k.id, k.name, k.unit, k.definition])
	};
}

export function rulesTable(r: AssessmentReport, lang: Lang): ReportTableDef {
	const c = columnsIn(lang);
	return {
		id: 'rules',
		title: label(lang, 'rulesTable'),
		columns: [
			{ key: 'n', label: lang === 'zh' ? '序号' : 'No.', kind: 'number', width: 6 },
			c('rule', 'rule', 'text', 100)
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
