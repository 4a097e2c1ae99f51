/**
 * A plan written as a table (重点任务分工表: 序号 | 任务 | 牵头单位 | 配合单位 | 完成时限) → the same lines a
 * written plan has (`1.任务` / `牵头单位：…` / `完成时限：…`), so one set of rules reads both. Pure.
 *
 * Rows arrive as tab-separated lines (the .docx reader writes a table row that way; text copied out of Word
 * looks the same). A header row needs a task column and a lead or schedule column; the rows under it, up to the
 * first line without a tab, are its tasks. A row's empty number takes the next one in sequence.
 */

type Column = 'number' | 'task' | 'lead' | 'support' | 'schedule' | 'group';

function columnOf(cell: string): Column | null {
	const c = cell.replace(/\s+/g, '');
	if (/^(序号|编号|序)$/.test(c)) return 'number';
	if (/^(牵头(单位|部门)?|责任(单位|部门)|主责(单位|部门))$/.test(c)) return 'lead';
	if (/^(配合|协办|协助|参与)(单位|部门)?$/.test(c)) return 'support';
	if (/^(完成时限|时间进度|时间节点|完成时间|时限|时间安排|进度安排|完成期限|时间要求|时限要求)$/.test(c)) return 'schedule';
	if (/^(类别|分类|领域|重点领域|类型|改革领域)$/.test(c)) return 'group';
	if (/任务|内容|事项|措施|举措|工作/.test(c)) return 'task';
	return null;
}

/** The label a row's cell is written under; the header's own word when the parser knows it. */
const LABEL: Record<string, Record<string, string>> = {
	lead: { 牵头单位: '牵头单位', 牵头部门: '牵头部门', 责任单位: '责任单位', 责任部门: '责任部门', 主责单位: '主责单位', 主责部门: '主责部门' },
	support: { 配合单位: '配合单位', 配合部门: '配合部门', 协办单位: '协办单位', 协助单位: '协助单位', 参与单位: '参与单位' },
	schedule: { 时间进度: '时间进度', 时间节点: '时间节点', 完成时间: '完成时间', 时间安排: '时间安排', 进度安排: '进度安排', 完成期限: '完成期限', 时间要求: '时间要求', 时限要求: '时限要求' }
};
const DEFAULT_LABEL: Record<string, string> = { lead: '牵头单位', support: '配合单位', schedule: '完成时限' };

const NUMERALS = ['', '一', '二', '三', '四', '五', '六', '七', '八', '九', '十', '十一', '十二', '十三', '十四', '十五'];

/** The lines with every task table rewritten as numbered tasks; null when the text holds no task table. */
export function expandTaskTables(lines: string[]): string[] | null {
	const out: string[] = [];
	let found = false;
	for (let i = 0; i < lines.length; i++) {
		const cells = lines[i].split('\t').map((c) => c.trim());
		const cols = cells.map(columnOf);
		const taskCol = cols.indexOf('task');
		if (cells.length < 2 || taskCol < 0 || (!cols.includes('lead') && !cols.includes('schedule'))) {
			out.push(lines[i]);
			continue;
		}
		found = true;
		const label = (k: Column) => {
			const at = cols.indexOf(k);
			const word = cells[at].replace(/\s+/g, '');
			return LABEL[k]?.[word] ?? DEFAULT_LABEL[k];
		};
		let next = 1;
		let group = '';
		let groups = 0;
		for (i++; i < lines.length && lines[i].includes('\t'); i++) {
			const row = lines[i].split('\t').map((c) => c.trim());
			const cell = (k: Column) => (cols.indexOf(k) >= 0 ? (row[cols.indexOf(k)] ?? '') : '');
			const task = cell('task');
			if (!task) continue;
			// A category column becomes a （一） heading when its value changes.
			const g = cell('group');
			if (g && g !== group) {
				group = g;
				groups++;
				const title = g.replace(/^[（(]?[一二三四五六七八九十\d]+[）)、.．]\s*/, '');
				out.push(`（${NUMERALS[groups] ?? groups}）${title}`);
			}
			const n = /^\d{1,3}$/.test(cell('number')) ? Number(cell('number')) : next;
			next = n + 1;
			out.push(`${n}.${task.replace(/\n/g, ' ')}`);
			for (const k of ['lead', 'support', 'schedule'] as const) if (cell(k)) out.push(`${label(k)}：${cell(k)}`);
		}
		i--;
	}
	return found ? out : null;
}
