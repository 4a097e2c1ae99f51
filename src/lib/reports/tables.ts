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
import type {
	AppendixEntry,
	AssessmentReport,
	CellKind,
	HeadlineKpi,
	LaggingUnit,
	NoticeCountRow,
	RankingRow,
	ReportProjectSection,
	ReportTable,
	ReportTaskSection,
	TableCell,
	TableColumn
} from './types';

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

/** A column and the cell it takes from each of the table's sources (a headline KPI, a ranking row, a project …). */
interface Field<T> extends Column {
	cell: (x: T) => TableCell;
}

/** A field of `lang`'s tables: a column (columnsIn) with its cell. */
const fieldsIn =
	(lang: Lang) =>
	<T>(key: string, heading: LabelKey, kind: ColumnKind, width: number, cell: (x: T) => TableCell): Field<T> => ({
		...columnsIn(lang)(key, heading, kind, width),
		cell
	});

/** The columns of `fields`, and a row of their cells for each source in `of`. */
function fieldTable<T>(fields: Field<T>[], of: readonly T[]): Pick<ReportTableDef, 'columns' | 'rows'> {
	return {
		columns: fields.map(({ key, label, kind, width }) => ({ key, label, kind, width })),
		rows: of.map((x) => fields.map((f) => f.cell(x)))
	};
}

/** The unit a row is about, as the ranking, lagging and notices tables all show it. */
const deptFields = <T extends { dept_code: string; name: string }>(lang: Lang): Field<T>[] => {
	const f = fieldsIn(lang);
	return [f('dept_code', 'deptCode', 'text', 12, (x: T) => x.dept_code), f('name', 'dept', 'text', 22, (x: T) => x.name)];
};

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
	const f = fieldsIn(lang)<HeadlineKpi>;
	return {
		id: 'summary',
		title: label(lang, 'summaryTable'),
		...fieldTable(
			[
				f('id', 'id', 'text', 24, (h) => h.id),
				f('name', 'indicator', 'text', 18, (h) => h.name),
				f('value', 'value', 'byRow', 12, (h) => h.value),
				f('yoy_then', 'yoyThen', 'byRow', 12, (h) => h.yoy?.then ?? null),
				f('yoy_delta', 'yoy', 'byRowDelta', 12, (h) => h.yoy?.delta ?? null),
				f('pop_then', 'popThen', 'byRow', 12, (h) => h.pop?.then ?? null),
				f('pop_delta', 'pop', 'byRowDelta', 12, (h) => h.pop?.delta ?? null)
			],
			r.headline
		),
		rowKinds: r.headline.map((h) => unitKind(h.unit))
	};
}

function rankingFields(r: AssessmentReport, lang: Lang, withGroup: boolean): Field<RankingRow>[] {
	const f = fieldsIn(lang)<RankingRow>;
	return [
		f('rank', 'rank', 'number', 6, (x) => x.rank),
		...deptFields<RankingRow>(lang),
		...(withGroup ? [f('peer_group', 'peerGroup', 'text', 12, (x) => x.peer_group)] : []),
		...r.indicators.map(
			(i): Field<RankingRow> => ({
				key: `ind_${i.id}`,
				label: i.name,
				kind: 'score',
				width: 10,
				cell: (x) => x.indicator_scores[i.id] ?? null
			})
		),
		f('deductions', 'deductions', 'score', 8, (x) => x.deductions),
		f('score', 'score', 'score', 8, (x) => x.score),
		f('grade', 'grade', 'text', 8, (x) => gradeName(x.grade, lang)),
		f('prev_rank', 'prevRank', 'number', 8, (x) => x.prev_rank),
		f('rank_change', 'rankChange', 'signed', 8, (x) => x.rank_change),
		f('score_change', 'scoreChange', 'signed', 8, (x) => x.score_change),
		f('lagging', 'laggingTable', 'text', 8, (x) => yesNo(x.lagging, lang))
	];
}

/** One ranking table per peer group (XLSX sheets, DOCX / PDF tables). */
export function rankingTables(r: AssessmentReport, lang: Lang): ReportTableDef[] {
	return r.groups.map((g, n) => ({
		id: `ranking-${n + 1}`,
		title: `${label(lang, 'rankingTable')}（${g.peer_group ?? label(lang, 'noGroup')}）`,
		...fieldTable(rankingFields(r, lang, false), g.rows),
		highlight: g.rows.map((x) => x.lagging)
	}));
}

/** Every group in one table with a peer-group column (the CSV default). */
export function rankingAllTable(r: AssessmentReport, lang: Lang): ReportTableDef {
	const rows = r.groups.flatMap((g) => g.rows);
	return {
		id: 'ranking',
		title: label(lang, 'rankingTable'),
		...fieldTable(rankingFields(r, lang, true), rows),
		highlight: rows.map((x) => x.lagging)
	};
}

export function laggingTable(r: AssessmentReport, lang: Lang): ReportTableDef {
	const f = fieldsIn(lang)<LaggingUnit>;
	return {
		id: 'lagging',
		title: label(lang, 'laggingTable'),
		...fieldTable(
			[
				...deptFields<LaggingUnit>(lang),
				f('peer_group', 'peerGroup', 'text', 15, (l) => l.peer_group),
				f('score', 'score', 'score', 8, (l) => l.score),
				f('grade', 'grade', 'text', 7, (l) => gradeName(l.grade, lang)),
				f('rank', 'rank', 'number', 7, (l) => l.rank),
				f('reasons', 'reasons', 'text', 46, (l) => l.reasons.join('；'))
			],
			r.lagging
		)
	};
}

export function noticesTable(r: AssessmentReport, lang: Lang): ReportTableDef | null {
	if (!r.notices) return null;
	const f = fieldsIn(lang)<NoticeCountRow>;
	return {
		id: 'notices',
		title: label(lang, 'noticesTable'),
		...fieldTable(
			[
				...deptFields<NoticeCountRow>(lang),
				f('raised', 'raised', 'count', 10, (n) => n.raised),
				f('open', 'open', 'count', 8, (n) => n.open),
				f('overdue', 'overdue', 'count', 8, (n) => n.overdue),
				f('closed', 'closed', 'count', 8, (n) => n.closed)
			],
			r.notices
		),
		highlight: r.notices.map((n) => n.overdue > 0)
	};
}

/** 改革任务推进情况 (issue 13): counts by status, and the overdue tasks with their lead units; [] without a ledger. */
export function taskTables(r: AssessmentReport, lang: Lang): ReportTableDef[] {
	const t = r.tasks;
	if (!t) return [];
	const n = t.counts;
	const c = columnsIn(lang);
	const f = fieldsIn(lang)<ReportTaskSection['overdue'][number]>;
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
			...fieldTable(
				[
					f('number', 'taskNo', 'number', 6, (o) => o.number),
					f('title', 'taskTitle', 'text', 50, (o) => o.title),
					f('lead', 'taskLead', 'text', 28, (o) => o.lead),
					f('due', 'taskLateSince', 'text', 12, (o) => o.lateSince),
					f('plan', 'taskPlan', 'text', 28, (o) => o.plan)
				],
				t.overdue
			)
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
	const slow = fieldsIn(lang)<ReportProjectSection['slowest'][number]>;
	const st = fieldsIn(lang)<ReportProjectSection['stages'][number]>;
	const stage = (s: string) => (s ? label(lang, `stage_${s}` as LabelKey) : '—');
	return [
		{
			id: 'projects-slowest',
			title: label(lang, 'projectsTable'),
			...fieldTable(
				[
					slow('code', 'projectCode', 'text', 26, (x) => x.code),
					slow('name', 'projectName', 'text', 36, (x) => x.name),
					slow('state', 'projectState', 'text', 12, (x) => label(lang, STATE_LABEL[x.state])),
					slow('stage', 'projectStage', 'text', 18, (x) => stage(x.stage)),
					slow('approval', 'projectApproval', 'count', 12, (x) => x.approval),
					slow('span', 'projectSpan', 'count', 12, (x) => x.span),
					slow('over', 'projectOver', 'text', 8, (x) => yesNo(x.overTarget, lang))
				],
				p.slowest
			),
			highlight: p.slowest.map((x) => x.overTarget)
		},
		{
			id: 'projects-stages',
			title: label(lang, 'projectStagesTable'),
			...fieldTable(
				[
					st('stage', 'stageName', 'text', 22, (x) => stage(x.stage)),
					st('projects', 'stageProjects', 'count', 10, (x) => x.projects),
					st('mean', 'stageMean', 'days', 10, (x) => x.mean),
					st('median', 'stageMedian', 'days', 10, (x) => x.median),
					st('target', 'stageTarget', 'count', 10, (x) => x.target)
				],
				p.stages
			)
		}
	];
}

export function appendixTable(r: AssessmentReport, lang: Lang): ReportTableDef {
	const f = fieldsIn(lang)<AppendixEntry>;
	return {
		id: 'appendix',
		title: label(lang, 'appendixTable'),
		...fieldTable(
			[
				f('id', 'id', 'text', 26, (k) => k.id),
				f('name', 'indicator', 'text', 18, (k) => k.name),
				f('unit', 'unit', 'text', 10, (k) => k.unit),
				f('definition', 'definition', 'text', 80, (k) => k.definition)
			],
			r.appendix.kpis
		)
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
