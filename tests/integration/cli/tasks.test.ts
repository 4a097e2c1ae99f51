/**
 * `cli tasks parse` as a contract: the JSON keys in order, a .docx of the same text gives the same JSON, zero tasks
 * is exit 0 with a note on stderr, an unreadable file exit 1, usage errors exit 2.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { writePlanDocx } from '../../fixtures/plan-docx';
import { runCli } from '../helpers/cli';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tasks-cli-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

const cli = (...args: string[]) => runCli(args, { DATA_DIR: path.join(dir, 'data') });

const LINES = [
	'某市优化营商环境实施方案',
	'一、工作任务',
	'（一）深化审批改革',
	'1.推进相对集中许可。整合审批职能。',
	'牵头单位：市编委办、市行政审批局',
	'配合单位：市财政局',
	'时间进度：2017年6月底前完成划转，长期推进',
	'（二）加强监管',
	'2.推行“双随机”抽查。',
	'牵头部门：市工商局',
	'完成时限：2017年底前'
];

describe('cli tasks parse', () => {
	const txt = path.join(dir, 'plan.txt');
	const docx = path.join(dir, 'plan.docx');

	it('--json prints the contract: keys in order, milestones, ongoing', () => {
		fs.writeFileSync(txt, LINES.join('\n'));
		const r = cli('tasks', 'parse', txt, '--json');
		expect(r.code).toBe(0);
		expect(r.stderr).toBe('');
		const j = JSON.parse(r.stdout);
		expect(Object.keys(j).slice(0, 2)).toEqual(['groups', 'tasks']);
		expect(j.groups).toEqual([
			{ number: '一', title: '深化审批改革' },
			{ number: '二', title: '加强监管' }
		]);
		expect(Object.keys(j.tasks[0]).slice(0, 9)).toEqual([
			'number',
			'group',
			'title',
			'lead_units',
			'support_units',
			'schedule',
			'milestones',
			'ongoing',
			'issues'
		]);
		expect(j.tasks[0]).toMatchObject({
			number: 1,
			group: '一',
			title: '推进相对集中许可',
			lead_units: ['市编委办', '市行政审批局'],
			support_units: ['市财政局'],
			schedule: '2017年6月底前完成划转，长期推进',
			milestones: [{ due: '2017-06-30', text: '2017年6月底前完成划转' }],
			ongoing: true
		});
		expect(j.tasks[1]).toMatchObject({
			number: 2,
			group: '二',
			lead_units: ['市工商局'],
			milestones: [{ due: '2017-12-31', text: '2017年底前' }],
			ongoing: false,
			issues: ['lead_label_variant']
		});
	});

	it('a .docx of the same text prints the same JSON', async () => {
		await writePlanDocx(docx, LINES);
		const a = cli('tasks', 'parse', txt, '--json');
		const b = cli('tasks', 'parse', docx, '--json');
		expect(b.code).toBe(0);
		expect(b.stdout).toBe(a.stdout);
	});

	it('without --json: a readable table', () => {
		const r = cli('tasks', 'parse', txt);
		expect(r.code).toBe(0);
		expect(r.stdout).toMatch(/^1\s+一\s+推进相对集中许可\s+市编委办、市行政审批局\s+2017-06-30 长期/m);
	});

	it('zero tasks: exit 0, empty lists, said on stderr', () => {
		const f = path.join(dir, 'notice.txt');
		fs.writeFileSync(f, '关于加强管理的通知\n各单位要高度重视。\n');
		const r = cli('tasks', 'parse', f, '--json');
		expect(r.code).toBe(0);
		expect(r.stderr).toMatch(/no tasks/);
		const j = JSON.parse(r.stdout);
		expect(j.groups).toEqual([]);
		expect(j.tasks).toEqual([]);
		expect(j.warnings[0].code).toBe('no_numbered_tasks');
	});

	it('unreadable file → 1; usage errors → 2', () => {
		const missing = cli('tasks', 'parse', path.join(dir, 'nope.txt'), '--json');
		expect(missing.code).toBe(1);
		expect(missing.stderr).toMatch(/nope\.txt/);
		expect(missing.stdout).toBe('');
		fs.writeFileSync(path.join(dir, 'empty.txt'), '');
		expect(cli('tasks', 'parse', path.join(dir, 'empty.txt')).code).toBe(1);
		expect(cli('tasks').code).toBe(2);
		expect(cli('tasks', 'parse').code).toBe(2);
		expect(cli('tasks', 'parse', txt, '--bogus').code).toBe(2);
		expect(cli('tasks', 'parse', txt, '--today', '2017').code).toBe(2);
		expect(cli('tasks', 'frobnicate', txt).code).toBe(2);
	});
});

// Panjin's plan through the CLI (only where ../shared exists).
const SEED = path.resolve('../shared/seeds/003_ea1a0dfc794d91b0.txt');
it.runIf(fs.existsSync(SEED))('盘锦 (003): 36 tasks in 4 groups through the CLI', () => {
	const r = cli('tasks', 'parse', SEED, '--json');
	expect(r.code).toBe(0);
	const j = JSON.parse(r.stdout);
	expect(j.groups).toHaveLength(4);
	expect(j.tasks).toHaveLength(36);
	expect(j.tasks[30].lead_units).toEqual(['市发改委(市大数据中心)', '各县区政府', '经济区管委会']);
});
