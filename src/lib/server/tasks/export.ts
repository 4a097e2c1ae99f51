/**
 * The task ledger as an Excel workbook: one sheet, the rows the page shows for the same URL filter (overdue
 * first), through the reports' sheet writer (reports/xlsx.ts addTable: title row, frozen header with an
 * auto-filter, numbers as numbers, every text neutralised against formulas). Overdue rows are tinted and also
 * say 已逾期 in the status column (colour is not the only carrier).
 */
import ExcelJS from 'exceljs';
import type { Lang } from '../../i18n';
import type { ReportTableDef } from '../../reports/tables';
import type { TaskRow, TaskState } from '../../tasks/types';
import { neutralise } from '../export/neutralise';
import { addTable } from '../reports/xlsx';

const STATE: Record<TaskState, { zh: string; en: string }> = {
	overdue: { zh: '已逾期', en: 'Overdue' },
	at_risk: { zh: '有风险', en: 'At risk' },
	on_track: { zh: '正常推进', en: 'On track' },
	done: { zh: '已完成', en: 'Done' }
};
const REPORT: Record<string, { zh: string; en: string }> = {
	on_track: { zh: '正常推进', en: 'On track' },
	at_risk: { zh: '存在困难', en: 'At risk' },
	milestone_met: { zh: '节点完成', en: 'Milestone met' },
	done: { zh: '任务完成', en: 'Task done' }
};

export function ledgerTable(rows: readonly TaskRow[], lang: Lang, asOf: string): ReportTableDef {
	const zh = lang === 'zh';
	const units = (u: TaskRow['lead']) => u.map((x) => x.deptName ?? x.name).join('、');
	return {
		id: 'tasks',
		title: zh ? `改革任务台账（截至${asOf}）` : `Reform task ledger (as of ${asOf})`,
		columns: [
			{ key: 'plan', label: zh ? '所属方案' : 'Plan', kind: 'text', width: 24 },
			{ key: 'group', label: zh ? '分组' : 'Group', kind: 'text', width: 18 },
			{ key: 'number', label: zh ? '序号' : 'No.', kind: 'number', width: 6 },
			{ key: 'title', label: zh ? '任务' : 'Task', kind: 'text', width: 48 },
			{ key: 'lead', label: zh ? '牵头单位' : 'Lead units', kind: 'text', width: 26 },
			{ key: 'support', label: zh ? '配合单位' : 'Supporting units', kind: 'text', width: 26 },
			{ key: 'schedule', label: zh ? '时间进度' : 'Schedule', kind: 'text', width: 36 },
			{ key: 'next', label: zh ? '下一时间节点' : 'Next milestone', kind: 'text', width: 12 },
			{ key: 'late', label: zh ? '逾期自' : 'Overdue since', kind: 'text', width: 12 },
			{ key: 'state', label: zh ? '状态' : 'Status', kind: 'text', width: 10 },
			{ key: 'last', label: zh ? '最新进展' : 'Latest report', kind: 'text', width: 22 }
		],
		rows: rows.map((r) => [
			r.planTitle,
			r.group ? `${r.group}、${r.groupTitle ?? ''}` : '',
			r.number,
			r.title,
			units(r.lead),
			units(r.support),
			r.schedule ?? '',
			r.nextDue ?? (r.ongoing ? (zh ? '长期推进' : 'ongoing') : ''),
			r.lateSince ?? '',
			STATE[r.state][lang],
			r.lastReport ? `${r.lastReport.at.slice(0, 10)} ${REPORT[r.lastReport.status][lang]}` : ''
		]),
		highlight: rows.map((r) => r.state === 'overdue')
	};
}

export async function ledgerXlsx(rows: readonly TaskRow[], lang: Lang, asOf: string): Promise<Buffer> {
	const wb = new ExcelJS.Workbook();
	const t = ledgerTable(rows, lang, asOf);
	wb.title = neutralise(t.title);
	addTable(wb, t, new Set());
	return Buffer.from(await wb.xlsx.writeBuffer());
}
