/**
 * The KPI, flag and grade catalogue of DOMAIN.md — ids, bilingual names, units and definitions — as data.
 * Client-safe (no server imports): dashboards, the report appendix, the API and the CLI render from it.
 *
 * Invariants: `KPI_IDS` is DOMAIN.md's KPI table in table order; ids are the API/CLI/export contract.
 * The definitions describe exactly what src/lib/server/analytics/kpi computes (see docs/kpi.md). Every rating
 * KPI but `default_ratings` counts only ratings that are not default ratings (默认评价, `is_default` true).
 */

/** The KPIs of delegated and cancelled items (权力下放承接): DOMAIN.md's first rows; they need the item catalogue. */
export const DELEGATION_KPI_IDS = [
	'delegated_items',
	'acceptance_rate',
	'handover_on_time_rate',
	'activation_rate',
	'idle_items',
	'nominal_delegation_cases',
	'cancelled_item_cases'
] as const;

export const KPI_IDS = [
	...DELEGATION_KPI_IDS,
	'cases',
	'completed',
	'on_time_rate',
	'mean_elapsed_workdays',
	'immediate_rate',
	'promise_compression_rate',
	'speedup_vs_statutory',
	'speedup_vs_baseline',
	'online_rate',
	'one_visit_rate',
	'zero_visit_rate',
	'rejection_rate',
	'return_rate',
	'ratings',
	'satisfaction_rate',
	'bad_reviews',
	'rectification_rate',
	'rating_coverage',
	'mean_score',
	'default_ratings'
] as const;
export type KpiId = (typeof KPI_IDS)[number];

export const FLAG_IDS = [
	'red_overdue',
	'yellow_due_soon',
	'no_reason_rejection',
	'midway_return',
	'no_one_time_notice',
	'fake_completion_suspect',
	'nominal_delegation',
	'cancelled_item'
] as const;
export type FlagId = (typeof FLAG_IDS)[number];

export const GRADE_IDS = ['excellent', 'good', 'pass', 'fail'] as const;
export type GradeId = (typeof GRADE_IDS)[number];

export type KpiUnit = 'ratio' | 'count' | 'days' | 'score';
/** Which way is better; `neutral` for volumes that are neither good nor bad in themselves. */
export type KpiDirection = 'higher' | 'lower' | 'neutral';
/** The engine query that computes the KPI (one SQL per family). */
export type KpiFamily = 'delegation' | 'volume' | 'timeliness' | 'satisfaction' | 'baseline';
/**
 * What places a row in the period: `stock` = state at the period end (items), `submitted` / `completed` /
 * `rated` = the date column that must fall in [from, to].
 */
export type KpiBasis = 'stock' | 'submitted' | 'completed' | 'rated';

export interface Bilingual {
	zh: string;
	en: string;
}

export interface KpiDef {
	id: KpiId;
	name: Bilingual;
	unit: KpiUnit;
	better: KpiDirection;
	family: KpiFamily;
	basis: KpiBasis;
	definition: Bilingual;
}

const k = (
	id: KpiId,
	zh: string,
	en: string,
	unit: KpiUnit,
	better: KpiDirection,
	family: KpiFamily,
	basis: KpiBasis,
	defZh: string,
	defEn: string
): KpiDef => ({ id, name: { zh, en }, unit, better, family, basis, definition: { zh: defZh, en: defEn } });

export const KPIS: readonly KpiDef[] = [
	k(
		'delegated_items',
		'下放事项数',
		'Delegated items',
		'count',
		'neutral',
		'delegation',
		'stock',
		'下放方式为下放、委托或赋权，且下放日期不晚于期末的事项数。',
		'Items delegated (devolved, entrusted or empowered) with delegated_on on or before the period end.'
	),
	k(
		'acceptance_rate',
		'承接率',
		'Acceptance rate',
		'ratio',
		'higher',
		'delegation',
		'stock',
		'承接日期不晚于期末的下放事项数 ÷ 下放事项数。',
		'Delegated items with accepted_on on or before the period end ÷ delegated items.'
	),
	k(
		'handover_on_time_rate',
		'按期交接率',
		'On-time handover rate',
		'ratio',
		'higher',
		'delegation',
		'stock',
		'已承接下放事项中，下放日至承接日不超过 15 个工作日的比例。',
		'Share of accepted delegated items whose handover took at most 15 working days from delegated_on to accepted_on.'
	),
	k(
		'activation_rate',
		'运行率',
		'Activation rate',
		'ratio',
		'higher',
		'delegation',
		'stock',
		'已承接下放事项中，本期在承接部门有至少 1 件办件（按申请日期）的比例。',
		'Share of accepted delegated items with at least one case submitted in the period at their receiving department.'
	),
	k(
		'idle_items',
		'零办件事项（权力悬空）',
		'Idle items (no cases)',
		'count',
		'lower',
		'delegation',
		'stock',
		'已承接下放事项中，本期在承接部门没有办件的事项数。',
		'Accepted delegated items with no case submitted in the period at their receiving department.'
	),
	k(
		'nominal_delegation_cases',
		'明放暗不放',
		'Nominal delegation cases',
		'count',
		'lower',
		'volume',
		'submitted',
		'本期申请的下放事项办件中，仍由下放部门办理且申请日晚于下放日起 3 个月过渡期的件数。',
		'Cases submitted in the period, of a delegated item, handled by its source department, submitted more than 3 calendar months after delegated_on.'
	),
	k(
		'cancelled_item_cases',
		'取消事项仍在办',
		'Cases of cancelled items',
		'count',
		'lower',
		'volume',
		'submitted',
		'本期申请、申请日晚于事项取消日期的办件数。',
		'Cases submitted in the period whose submission date is after their item’s cancelled_on.'
	),
	k(
		'cases',
		'办件量',
		'Cases',
		'count',
		'neutral',
		'volume',
		'submitted',
		'本期申请的办件数。',
		'Cases submitted in the period.'
	),
	k(
		'completed',
		'办结量',
		'Completed',
		'count',
		'neutral',
		'timeliness',
		'completed',
		'状态为办结、办结日期在本期的办件数。',
		'Cases with status completed and completed_at in the period.'
	),
	k(
		'on_time_rate',
		'按时办结率',
		'On-time completion rate',
		'ratio',
		'higher',
		'timeliness',
		'completed',
		'本期办结且用时（工作日，扣除特殊环节）不超过时限（承诺时限，无则法定时限）的件数 ÷ 有时限的本期办结件数。',
		'Completed cases with elapsed working days (net of suspended days) ≤ limit (promised, else statutory days) ÷ completed cases whose item has a limit.'
	),
	k(
		'mean_elapsed_workdays',
		'平均办理时长',
		'Mean elapsed working days',
		'days',
		'lower',
		'timeliness',
		'completed',
		'本期办结件的平均用时（工作日）。',
		'Mean elapsed working days of the cases completed in the period.'
	),
	k(
		'immediate_rate',
		'即办率',
		'Immediate completion rate',
		'ratio',
		'higher',
		'timeliness',
		'completed',
		'本期办结件中用时为 0 个工作日的比例。',
		'Share of completed cases with 0 elapsed working days.'
	),
	k(
		'promise_compression_rate',
		'承诺时限压缩率',
		'Promised-time compression',
		'ratio',
		'higher',
		'delegation',
		'stock',
		'1 − Σ承诺时限 ÷ Σ法定时限，范围为期末未取消、两者均有且法定时限大于 0 的事项。',
		'1 − Σ promised_days ÷ Σ statutory_days over the items not cancelled by the period end that have both, statutory > 0.'
	),
	k(
		'speedup_vs_statutory',
		'实际提速率',
		'Speed-up vs statutory',
		'ratio',
		'higher',
		'timeliness',
		'completed',
		'1 − Σ实际用时 ÷ Σ法定时限，范围为本期办结且事项法定时限大于 0 的办件。',
		'1 − Σ elapsed ÷ Σ statutory_days over the cases completed in the period whose item has statutory_days > 0.'
	),
	k(
		'speedup_vs_baseline',
		'同比提速率',
		'Speed-up vs baseline',
		'ratio',
		'higher',
		'baseline',
		'completed',
		'1 − 本期平均用时 ÷ 基期平均用时，仅计两期均有办结件的事项；仅在指定基期时计算。',
		'1 − mean elapsed now ÷ mean elapsed in the baseline period, both over completed cases of the items completed in both periods; only with a baseline.'
	),
	k(
		'online_rate',
		'网办率',
		'Online rate',
		'ratio',
		'higher',
		'volume',
		'submitted',
		'本期申请的办件中网上办理的比例。',
		'Share of the cases submitted in the period with channel online.'
	),
	k(
		'one_visit_rate',
		'最多跑一次率',
		'At-most-one-visit rate',
		'ratio',
		'higher',
		'volume',
		'submitted',
		'本期申请且有跑动次数的办件中，跑动次数不超过 1 的比例。',
		'Share of the cases submitted in the period (with a visits figure) with at most one visit.'
	),
	k(
		'zero_visit_rate',
		'零跑动率',
		'Zero-visit rate',
		'ratio',
		'higher',
		'volume',
		'submitted',
		'本期申请且有跑动次数的办件中，跑动次数为 0 的比例。',
		'Share of the cases submitted in the period (with a visits figure) with no visit.'
	),
	k(
		'rejection_rate',
		'不予受理率',
		'Rejection rate',
		'ratio',
		'lower',
		'volume',
		'submitted',
		'本期申请的办件中状态为不予受理的比例。',
		'Share of the cases submitted in the period with status rejected.'
	),
	k(
		'return_rate',
		'退件率',
		'Return rate',
		'ratio',
		'lower',
		'volume',
		'submitted',
		'本期申请的办件中状态为退件的比例。',
		'Share of the cases submitted in the period with status returned.'
	),
	k(
		'ratings',
		'评价数',
		'Ratings',
		'count',
		'neutral',
		'satisfaction',
		'rated',
		'本期的评价数（不含默认评价）。',
		'Ratings made in the period (default ratings excluded).'
	),
	k(
		'satisfaction_rate',
		'满意率',
		'Satisfaction rate',
		'ratio',
		'higher',
		'satisfaction',
		'rated',
		'本期评价（不含默认评价）中评分不低于 3（基本满意及以上）的比例。',
		'Share of the period’s ratings (default ratings excluded) with score ≥ 3.'
	),
	k(
		'bad_reviews',
		'差评数',
		'Bad reviews',
		'count',
		'lower',
		'satisfaction',
		'rated',
		'本期评分不高于 2 的评价数（不含默认评价）。',
		'Ratings of the period with score ≤ 2 (default ratings excluded).'
	),
	k(
		'rectification_rate',
		'差评整改率',
		'Rectification rate',
		'ratio',
		'higher',
		'satisfaction',
		'rated',
		'本期差评（不含默认评价）中 15 个工作日内整改的件数 ÷ 已整改或整改期限（评价后第 15 个工作日）不晚于期末的差评数。',
		'Bad reviews (default ratings excluded) rectified within 15 working days ÷ bad reviews that are rectified or whose deadline (15th working day after rated_at) is on or before the period end.'
	),
	k(
		'rating_coverage',
		'主动评价率',
		'Rating coverage',
		'ratio',
		'higher',
		'timeliness',
		'completed',
		'本期办结件中有至少一条非默认评价（按办件编号匹配）的比例。',
		'Share of the cases completed in the period with at least one rating that is not a default rating (matched by case_id).'
	),
	k(
		'mean_score',
		'平均评分',
		'Mean score',
		'score',
		'higher',
		'satisfaction',
		'rated',
		'本期评价（不含默认评价）的平均评分（1–5）。',
		'Mean score (1–5) of the period’s ratings (default ratings excluded).'
	),
	k(
		'default_ratings',
		'默认评价数',
		'Default ratings',
		'count',
		'neutral',
		'satisfaction',
		'rated',
		'本期的默认评价数：申请人未评价时由系统自动给出的评价，不计入其他评价指标、差评扣分。',
		'Default ratings of the period: ratings the system made because the applicant rated nothing; no other rating KPI, flag or deduction counts them.'
	)
];

/** A catalogue table by id. */
const byId = <Id extends string, D extends { id: Id }>(defs: readonly D[]): Readonly<Record<Id, D>> =>
	Object.fromEntries(defs.map((d) => [d.id, d])) as Record<Id, D>;

export const KPI_BY_ID = byId<KpiId, KpiDef>(KPIS);

export interface FlagDef {
	id: FlagId;
	name: Bilingual;
	/** Traffic-light colour for lists and badges. */
	level: 'red' | 'yellow' | 'orange';
	definition: Bilingual;
}

const f = (
	id: FlagId,
	zh: string,
	en: string,
	level: FlagDef['level'],
	defZh: string,
	defEn: string
): FlagDef => ({
	id,
	name: { zh, en },
	level,
	definition: { zh: defZh, en: defEn }
});

export const FLAGS: readonly FlagDef[] = [
	f(
		'red_overdue',
		'红灯超期',
		'Overdue (red)',
		'red',
		'已办结且用时超过时限，或在办且截至统计时点已用工作日（扣除特殊环节）超过时限。',
		'Completed with elapsed > limit, or in progress with working days used up to the as-of date (net of suspended days) > limit.'
	),
	f(
		'yellow_due_soon',
		'黄灯预警',
		'Due soon (yellow)',
		'yellow',
		'在办且截至统计时点剩余时限为 0–1 个工作日（尚未超期）。',
		'In progress with 0 to 1 working day left at the as-of date (not yet overdue).'
	),
	f(
		'no_reason_rejection',
		'无理由不予受理',
		'Rejected without reason',
		'orange',
		'不予受理但未填写不予受理原因。',
		'Rejected with an empty reject_reason.'
	),
	f(
		'midway_return',
		'受理后退件',
		'Returned after acceptance',
		'orange',
		'已受理（有受理时间）后被退件。',
		'Returned after acceptance (accepted_at present).'
	),
	f(
		'no_one_time_notice',
		'未一次性告知',
		'No one-time notice',
		'orange',
		'补正次数不少于 2 次（未一次性告知所需材料）。',
		'Two or more supplement requests (the applicant was not told everything at once).'
	),
	f(
		'fake_completion_suspect',
		'疑似虚假办结',
		'Suspected fake completion',
		'red',
		'办结时间早于受理时间；或办结但无决定时间；或办结后 5 个工作日内同一申请人再次申请同一事项（标记前一件）。',
		'Completed before acceptance; or completed without decided_at; or the same applicant submits the same item again within 5 working days after this completion (the earlier case is flagged).'
	),
	f(
		'nominal_delegation',
		'明放暗不放',
		'Nominal delegation',
		'red',
		'下放事项在 3 个月过渡期后仍由下放部门办理。',
		'A delegated item handled by its source department more than 3 calendar months after delegated_on.'
	),
	f(
		'cancelled_item',
		'取消事项仍在办',
		'Cancelled item',
		'red',
		'申请日晚于事项取消日期。',
		'Submitted after the item’s cancelled_on.'
	)
];

export const FLAG_BY_ID = byId<FlagId, FlagDef>(FLAGS);

export const GRADES: readonly { id: GradeId; name: Bilingual }[] = [
	{ id: 'excellent', name: { zh: '优秀', en: 'Excellent' } },
	{ id: 'good', name: { zh: '良好', en: 'Good' } },
	{ id: 'pass', name: { zh: '合格', en: 'Pass' } },
	{ id: 'fail', name: { zh: '不合格', en: 'Fail' } }
];

export const LAGGING_REASON_NAMES: Readonly<Record<'fail' | 'bottom', Bilingual>> = {
	fail: { zh: '考核不合格', en: 'Graded fail' },
	bottom: { zh: '同组排名末位', en: 'Bottom of its peer group' }
};

export function isKpiId(v: string): v is KpiId {
	return (KPI_IDS as readonly string[]).includes(v);
}

export function isFlagId(v: string): v is FlagId {
	return (FLAG_IDS as readonly string[]).includes(v);
}
