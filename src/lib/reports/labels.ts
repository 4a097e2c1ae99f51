/**
 * The report document's own wording (titles, column heads, section names), Chinese first with English.
 * Kept apart from the UI catalogue (src/lib/i18n) because it is document content: the printed 通报 follows
 * official-document phrasing, and the same words appear in XLSX, DOCX, PDF and CSV alike.
 */
import type { Lang } from '../i18n';

const L = {
	titleSuffix: { zh: '简政放权绩效考核通报', en: 'Assessment report on delegated administrative powers' },
	scorecardSuffix: { zh: '简政放权绩效考核记分卡', en: 'Assessment scorecard' },
	issuerDefault: { zh: '简政放权改革工作领导小组办公室', en: 'Office of the reform leading group' },
	jurisdiction: { zh: '全辖区', en: 'Whole jurisdiction' },
	noGroup: { zh: '未分组', en: 'No peer group' },
	period: { zh: '考核期间', en: 'Period' },
	baseline: { zh: '基期', en: 'Baseline' },
	scope: { zh: '范围', en: 'Scope' },
	issuer: { zh: '印发单位', en: 'Issued by' },
	date: { zh: '印发日期', en: 'Date' },
	scheme: { zh: '考核方案', en: 'Scheme' },
	summary: { zh: '一、主要指标', en: '1. Headline indicators' },
	ranking: { zh: '二、考核排名', en: '2. Assessment ranking' },
	lagging: { zh: '三、后进单位', en: '3. Lagging units' },
	notices: { zh: '四、督办情况', en: '4. Supervision notices' },
	charts: { zh: '五、图表', en: '5. Charts' },
	appendix: { zh: '附件：指标定义与考核规则', en: 'Appendix: definitions and rules' },
	summaryTable: { zh: '主要指标', en: 'Headline indicators' },
	rankingTable: { zh: '考核排名', en: 'Ranking' },
	laggingTable: { zh: '后进单位', en: 'Lagging units' },
	noticesTable: { zh: '督办统计', en: 'Notices' },
	appendixTable: { zh: '指标定义', en: 'Definitions' },
	rulesTable: { zh: '考核规则', en: 'Rules' },
	coverTable: { zh: '封面', en: 'Cover' },
	indicator: { zh: '指标', en: 'Indicator' },
	id: { zh: '编号', en: 'Id' },
	value: { zh: '本期', en: 'This period' },
	yoyThen: { zh: '去年同期', en: 'Same period last year' },
	yoy: { zh: '同比', en: 'YoY' },
	popThen: { zh: '上期', en: 'Previous period' },
	pop: { zh: '环比', en: 'PoP' },
	rank: { zh: '排名', en: 'Rank' },
	deptCode: { zh: '部门编码', en: 'Code' },
	dept: { zh: '单位', en: 'Department' },
	peerGroup: { zh: '考核分组', en: 'Peer group' },
	deductions: { zh: '扣分', en: 'Deductions' },
	score: { zh: '得分', en: 'Score' },
	grade: { zh: '等级', en: 'Grade' },
	prevRank: { zh: '上期排名', en: 'Previous rank' },
	rankChange: { zh: '名次变化', en: 'Rank change' },
	scoreChange: { zh: '得分变化', en: 'Score change' },
	reasons: { zh: '原因', en: 'Reasons' },
	open: { zh: '在办', en: 'Open' },
	overdue: { zh: '逾期', en: 'Overdue' },
	closed: { zh: '已办结', en: 'Closed' },
	raised: { zh: '本期下发', en: 'Raised in period' },
	unit: { zh: '单位', en: 'Unit' },
	definition: { zh: '定义', en: 'Definition' },
	rule: { zh: '规则', en: 'Rule' },
	noLagging: { zh: '本期无后进单位。', en: 'No lagging units this period.' },
	noNotices: { zh: '本期无督办事项。', en: 'No supervision notices.' },
	tasks: { zh: '改革任务推进情况', en: 'Reform task progress' },
	tasksTable: { zh: '改革任务统计', en: 'Reform tasks by status' },
	tasksOverdueTable: { zh: '逾期改革任务', en: 'Overdue reform tasks' },
	tasksLead: { zh: '截至{date}，共有改革任务{total}项：已完成{done}项，正常推进{on_track}项，有风险{at_risk}项，已逾期{overdue}项。', en: 'As of {date}: {total} reform tasks — {done} done, {on_track} on track, {at_risk} at risk, {overdue} overdue.' },
	noOverdueTasks: { zh: '无逾期改革任务。', en: 'No reform task is overdue.' },
	projects: { zh: '工程建设项目审批情况', en: 'Construction project approvals' },
	projectsLead: {
		zh: '截至{date}，在批项目{started}个：已完成审批{complete}个，审批中{in_progress}个，待企业申报{waiting}个。本期完成审批{done}个，其中在{target}个工作日内完成{ok}个（{rate}），平均用时{mean}个工作日；审批用时最长的阶段为{stage}。',
		en: 'As of {date}: {started} projects — {complete} approved, {in_progress} in approval, {waiting} waiting for the applicant. {done} completed this period, {ok} within {target} working days ({rate}), mean {mean} working days; the slowest stage: {stage}.'
	},
	projectsTable: { zh: '审批用时最长的项目', en: 'Slowest projects' },
	projectStagesTable: { zh: '各阶段审批用时（已完成项目）', en: 'Approval working days by stage (completed projects)' },
	projectCode: { zh: '项目代码', en: 'Project code' },
	projectName: { zh: '项目名称', en: 'Project' },
	projectState: { zh: '状态', en: 'State' },
	projectStage: { zh: '当前阶段', en: 'Current stage' },
	projectApproval: { zh: '审批用时（工作日）', en: 'Approval (working days)' },
	projectSpan: { zh: '跨度（工作日）', en: 'Span (working days)' },
	projectOver: { zh: '超目标', en: 'Over target' },
	stageName: { zh: '阶段', en: 'Stage' },
	stageProjects: { zh: '项目数', en: 'Projects' },
	stageMean: { zh: '平均用时', en: 'Mean' },
	stageMedian: { zh: '中位用时', en: 'Median' },
	stageTarget: { zh: '阶段目标', en: 'Stage target' },
	projectComplete: { zh: '已完成', en: 'Complete' },
	projectInProgress: { zh: '审批中', en: 'In approval' },
	projectWaiting: { zh: '待企业申报', en: 'Waiting for the applicant' },
	stage_planning: { zh: '立项用地规划许可', en: 'Project approval and land-use planning' },
	stage_engineering: { zh: '工程建设许可', en: 'Engineering permit' },
	stage_construction: { zh: '施工许可', en: 'Construction permit' },
	stage_acceptance: { zh: '竣工验收', en: 'Completion acceptance' },
	taskState: { zh: '状态', en: 'Status' },
	taskCount: { zh: '任务数', en: 'Tasks' },
	taskNo: { zh: '序号', en: 'No.' },
	taskPlan: { zh: '所属方案', en: 'Plan' },
	taskTitle: { zh: '任务', en: 'Task' },
	taskLead: { zh: '牵头单位', en: 'Lead units' },
	taskLateSince: { zh: '到期日', en: 'Due' },
	stateDone: { zh: '已完成', en: 'Done' },
	stateOnTrack: { zh: '正常推进', en: 'On track' },
	stateAtRisk: { zh: '有风险', en: 'At risk' },
	stateOverdue: { zh: '已逾期', en: 'Overdue' },
	stateTotal: { zh: '合计', en: 'Total' },
	noneScored: { zh: '本期无考核得分。', en: 'No scores this period.' },
	trendChart: { zh: '主要指标月度趋势', en: 'Monthly trend of headline indicators' },
	rankingChart: { zh: '考核得分排名', en: 'Score ranking' },
	distributionChart: { zh: '考核得分分布', en: 'Score distribution' },
	month: { zh: '月份', en: 'Month' },
	departments: { zh: '单位数', en: 'Departments' },
	share: { zh: '占比', en: 'Share' },
	scoreBand: { zh: '得分段', en: 'Score band' },
	page: { zh: '第 {p} 页 / 共 {n} 页', en: 'Page {p} of {n}' },
	lead: {
		zh: '现将{period}{scope}简政放权改革绩效考核结果通报如下。',
		en: 'The assessment results for {period} ({scope}) are as follows.'
	},
	leadCounts: {
		zh: '本期参加考核单位{n}个，其中优秀{e}个、良好{g}个、合格{p}个、不合格{f}个；后进单位{l}个。',
		en: '{n} departments were scored: {e} excellent, {g} good, {p} pass, {f} fail; {l} lagging.'
	},
	rankOf: { zh: '第{rank}名 / 共{n}个', en: 'rank {rank} of {n}' },
	unitRatio: { zh: '比率', en: 'ratio' },
	unitCount: { zh: '件/个', en: 'count' },
	unitDays: { zh: '工作日', en: 'working days' },
	unitScore: { zh: '分', en: 'points' },
	reasonFail: { zh: '考核不合格', en: 'Graded fail' },
	reasonBottom: { zh: '同组排名末位', en: 'Bottom of its peer group' },
	reasonIndicator: { zh: '“{name}”得分低于{bar}分', en: '“{name}” scored below {bar}' },
	ruleIndicator: {
		zh: '{name}：权重{w}；≤{lo}得0分，≥{hi}得100分，其间线性计分。',
		en: '{name}: weight {w}; 0 points at ≤ {lo}, 100 at ≥ {hi}, linear between.'
	},
	ruleScore: {
		zh: '部门得分 = Σ权重×指标得分 ÷ Σ权重（仅计指标值不为空的指标，权重重新归一）− 扣分，限定在0–100分，保留两位小数。',
		en: 'Score = Σ weight × indicator score ÷ Σ weight over the indicators with a value (weights re-normalised) − deductions, clamped to 0–100, 2 decimals.'
	},
	ruleDeductFlag: { zh: '每件“{name}”办件扣{p}分。', en: '{p} point(s) per case flagged “{name}”.' },
	ruleDeductBad: {
		zh: '每条整改期限已到期且未按期整改的差评扣{p}分。',
		en: '{p} point(s) per bad review past its deadline and not rectified in time.'
	},
	ruleCap: { zh: '扣分合计最多{cap}分。', en: 'At most {cap} points deducted in all.' },
	ruleGrades: {
		zh: '等级：≥{e}分优秀，≥{g}分良好，≥{p}分合格，其余不合格。',
		en: 'Grades: ≥ {e} excellent, ≥ {g} good, ≥ {p} pass, else fail.'
	},
	ruleRank: {
		zh: '在同一考核分组内按得分从高到低排名，得分相同名次并列。',
		en: 'Ranked within the peer group by score, descending; equal scores share a rank.'
	},
	ruleLagging: {
		zh: '后进单位：考核不合格，或得分处于本组末{share}%（至少1个），或任一指标得分低于{bar}分。',
		en: 'Lagging: graded fail, or in the bottom {share}% of the peer group (at least one), or any indicator score below {bar}.'
	},
	ruleComparisons: {
		zh: '同比：与上年同期比较；环比：与上一期比较。比率的变化以百分点表示。',
		en: 'YoY: against the same period a year earlier; PoP: against the previous period. Changes of ratios are in percentage points.'
	}
} as const;

export type LabelKey = keyof typeof L;

export function label(lang: Lang, key: LabelKey, params?: Record<string, string | number>): string {
	let s: string = L[key][lang];
	if (params) for (const [k, v] of Object.entries(params)) s = s.replaceAll(`{${k}}`, String(v));
	return s;
}

/** 2026-11-05 → 2026年11月5日 (zh) / 5 November 2026 (en). */
export function dateLabel(date: string, lang: Lang): string {
	const [y, m, d] = date.split('-').map(Number);
	if (lang === 'zh') return `${y}年${m}月${d}日`;
	const months = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];
	return `${d} ${months[m - 1]} ${y}`;
}
