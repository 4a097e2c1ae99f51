/**
 * `cli tasks parse FILE [--json] [--today YYYY-MM-DD]` — a reform plan (.txt in UTF-8 / GBK, or .docx) → its
 * groups and numbered tasks, the contract other tools rely on:
 *   {"groups":[{"number","title"}],"tasks":[{"number","group","title","lead_units","support_units","schedule",
 *    "milestones":[{"due","text"}],"ongoing", …}], …}
 * The listed keys come first, in that order; after them each task carries its `issues` and the plan its
 * `warnings` (extra keys a consumer of the contract can ignore; the full text stays out of the JSON). Exit 0 when parsed — also with
 * zero tasks, said on stderr — 1 when the file cannot be read, 2 for usage errors.
 */
import { parseArgs, opt, UsageError } from '../args';
import type { Command } from '../command';
import type { ParsedPlan, ParsedTask } from '../../lib/server/tasks/parse';
import { parsePlanFile, PlanFileError } from '../../lib/server/tasks/read-plan';

/** The contract's key order (JSON.stringify keeps insertion order). */
export function planJson(p: ParsedPlan): object {
	return {
		groups: p.groups.map((g) => ({ number: g.number, title: g.title })),
		tasks: p.tasks.map((t: ParsedTask) => ({
			number: t.number,
			group: t.group,
			title: t.title,
			lead_units: t.lead_units,
			support_units: t.support_units,
			schedule: t.schedule,
			milestones: t.milestones.map((m) => ({ due: m.due, text: m.text })),
			ongoing: t.ongoing,
			issues: t.issues
		})),
		warnings: p.warnings
	};
}

function width(s: string): number {
	return [...s].reduce((x, ch) => x + (/[\u1100-\uffff]/.test(ch) ? 2 : 1), 0);
}
function cut(s: string, n: number): string {
	let out = '';
	for (const ch of s) {
		if (width(out + ch) > n - 1) return out + '…';
		out += ch;
	}
	return out;
}
const pad = (s: string, n: number) => {
	const c = cut(s, n);
	return c + ' '.repeat(Math.max(0, n - width(c)));
};

export function renderPlan(p: ParsedPlan): string {
	const lines: string[] = [];
	if (p.title) lines.push(p.title, '');
	for (const g of p.groups) lines.push(`${g.number}  ${g.title}`);
	if (p.groups.length) lines.push('');
	lines.push(
		`${pad('#', 4)} ${pad('组', 8)} ${pad('任务 task', 36)} ${pad('牵头单位 lead', 30)} ${pad('时间节点 due', 24)} 存疑 issues`
	);
	for (const t of p.tasks) {
		const due = [...t.milestones.map((m) => m.due), ...(t.ongoing ? ['长期'] : [])].join(' ') || '—';
		lines.push(
			`${pad(String(t.number), 4)} ${pad(t.group ?? '—', 8)} ${pad(t.title, 36)} ${pad(t.lead_units.join('、') || '—', 30)} ${pad(due, 24)} ${t.issues.join(', ')}`
		);
	}
	return lines.join('\n');
}

const USAGE = 'npm run --silent cli -- tasks parse FILE [--json] [--today YYYY-MM-DD]';

const command: Command = {
	summary: 'parse a reform plan (.txt / .docx) into groups and tasks (lead units, schedule, milestones)',
	usage: USAGE,
	async run(argv) {
		const [sub, ...rest] = argv;
		if (sub !== 'parse')
			throw new UsageError(sub ? `unknown subcommand: ${sub}` : 'a subcommand is required: parse');
		const a = parseArgs(rest, { values: ['today'], flags: ['json'] });
		if (a.positionals.length !== 1)
			throw new UsageError(
				a.positionals.length ? `unexpected argument: ${a.positionals[1]}` : 'FILE is required'
			);
		const today = opt(a, 'today');
		if (today !== undefined && !/^\d{4}-\d{2}-\d{2}$/.test(today))
			throw new UsageError('--today must be YYYY-MM-DD');
		let parsed;
		try {
			parsed = await parsePlanFile(a.positionals[0], { today });
		} catch (e) {
			if (e instanceof PlanFileError) {
				console.error(e.message);
				return 1;
			}
			throw e;
		}
		const { plan } = parsed;
		if (!plan.tasks.length)
			console.error('未解析出任务：文件中没有编号的任务 / no tasks: the document has no numbered tasks');
		for (const w of plan.warnings)
			if (w.code !== 'no_numbered_tasks') console.error(`注意 / note: ${w.message}`);
		console.log(a.options.json ? JSON.stringify(planJson(plan)) : renderPlan(plan));
		return 0;
	}
};

export default command;
