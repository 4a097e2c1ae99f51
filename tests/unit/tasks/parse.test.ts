/**
 * The reform-plan parser: each rule on a small fixture of our own, each doubt flagged, a document without tasks,
 * and (where ../shared exists) the seed plans with counts, units and milestones checked by reading the text.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parsePlan } from '../../../src/lib/server/tasks/parse';
import { parseSchedule } from '../../../src/lib/server/tasks/schedule';

const PLAN = [
	'XX市优化营商环境实施方案',
	'一、工作任务',
	'（一）深化审批改革',
	'1.推进相对集中许可。整合审批职能，划转到位。',
	'牵头单位：市编委办、市行政审批局',
	'配合单位：市财政局，市人社局；市司法局等部门',
	'时间进度：2017年6月底前完成划转，2017年底前运行；长期推进',
	'2．建立容缺受理制度（市政务服务中心牵头负责）。',
	'时间进度：适时推进',
	'（二）加强监管',
	'3.推行“双随机”抽查。',
	'牵头部门：市市场监管局',
	'完成时限：2018年取得阶段性成效',
	'4.开展“回头看”。',
	'牵头单位：市编委办',
	'时间进度：按照省政府要求及时推进',
	'5.建立评估制度。',
	'二、保障措施',
	'（一）加强组织领导。各地要高度重视。',
	'1.明确责任分工。'
].join('\n');

describe('parsePlan: the rules', () => {
	const p = parsePlan(PLAN, { today: '2026-12-01' });

	it('groups, numbering across groups, title', () => {
		expect(p.title).toBe('XX市优化营商环境实施方案');
		expect(p.groups).toEqual([
			{ number: '一', title: '深化审批改革' },
			{ number: '二', title: '加强监管' }
		]);
		expect(p.tasks.map((t) => [t.number, t.group])).toEqual([
			[1, '一'],
			[2, '一'],
			[3, '二'],
			[4, '二'],
			[5, '二']
		]);
		// 保障措施 carries no labels: its numbered paragraph is not a task.
		expect(p.warnings.map((w) => w.code)).toEqual(['unlabelled_items_skipped']);
	});

	it('lead and supporting units split on 、，,；; 等部门 dropped', () => {
		const t = p.tasks[0];
		expect(t.title).toBe('推进相对集中许可');
		expect(t.text).toBe('推进相对集中许可。整合审批职能，划转到位。');
		expect(t.lead_units).toEqual(['市编委办', '市行政审批局']);
		expect(t.support_units).toEqual(['市财政局', '市人社局', '市司法局']);
		expect(t.issues).toEqual([]);
	});

	it('a schedule with several milestones and an ongoing tail', () => {
		const t = p.tasks[0];
		expect(t.schedule).toBe('2017年6月底前完成划转，2017年底前运行；长期推进');
		expect(t.milestones).toEqual([
			{ due: '2017-06-30', text: '2017年6月底前完成划转' },
			{ due: '2017-12-31', text: '2017年底前运行' }
		]);
		expect(t.ongoing).toBe(true);
	});

	it('inline lead, label variants, missing lead and schedule are flagged', () => {
		expect(p.tasks[1].lead_units).toEqual(['市政务服务中心']);
		expect(p.tasks[1].issues).toEqual(['inline_lead']);
		expect(p.tasks[1].ongoing).toBe(true);
		expect(p.tasks[2].lead_units).toEqual(['市市场监管局']);
		expect(p.tasks[2].issues).toEqual(['lead_label_variant']);
		expect(p.tasks[2].milestones).toEqual([{ due: '2018-12-31', text: '2018年取得阶段性成效' }]);
		expect(p.tasks[2].ongoing).toBe(false);
		expect(p.tasks[3].ongoing).toBe(true);
		expect(p.tasks[3].milestones).toEqual([]);
		expect(p.tasks[4].issues).toEqual(['no_lead_unit', 'no_schedule']);
	});

	it('other numbering styles: 1、 and （1）, with （1） sub-items inside a 1、 task', () => {
		const r = parsePlan(
			['一、主要任务', '1、建立清单。', '（1）梳理事项；', '（2）公布清单。', '牵头单位：市编委办', '2、完善制度。', '牵头单位：市法制办'].join('\n')
		);
		expect(r.tasks.map((t) => [t.number, t.title, t.lead_units])).toEqual([
			[1, '建立清单', ['市编委办']],
			[2, '完善制度', ['市法制办']]
		]);
		expect(r.tasks[0].text).toBe('建立清单。\n（1）梳理事项；\n（2）公布清单。');
		const q = parsePlan(['（1）建立清单。', '牵头单位：市编委办', '（2）完善制度。（市法制办牵头）'].join('\n'));
		expect(q.groups).toEqual([]);
		expect(q.tasks.map((t) => [t.number, t.group, t.lead_units])).toEqual([
			[1, null, ['市编委办']],
			[2, null, ['市法制办']]
		]);
	});

	it('labels inline in a bracketed trailer, and 责任单位 with a marked lead', () => {
		const r = parsePlan(
			[
				'1.推进证照分离。（牵头单位：市市场监管局；配合单位：市司法局；完成时限：2019年9月底前）',
				'2.推进一网通办。',
				'责任单位：市政务服务中心（牵头）、市大数据局',
				'时间节点：2019年12月31日前'
			].join('\n')
		);
		expect(r.tasks[0].text).toBe('推进证照分离。');
		expect(r.tasks[0].lead_units).toEqual(['市市场监管局']);
		expect(r.tasks[0].support_units).toEqual(['市司法局']);
		expect(r.tasks[0].milestones).toEqual([{ due: '2019-09-30', text: '2019年9月底前' }]);
		expect(r.tasks[1].lead_units).toEqual(['市政务服务中心']);
		expect(r.tasks[1].support_units).toEqual(['市大数据局']);
		expect(r.tasks[1].milestones).toEqual([{ due: '2019-12-31', text: '2019年12月31日前' }]);
	});

	it('a schedule without a date that is not ongoing, and a year taken from the document date', () => {
		const r = parsePlan(['1.开展培训。', '牵头单位：市人社局', '时间进度：视情况安排', '2.公布清单。', '牵头单位：市编委办', '时间进度：6月底前', 'XX市人民政府办公室', '2018年3月1日'].join('\n'), { today: '2026-12-01' });
		expect(r.tasks[0].issues).toEqual(['undated_schedule']);
		expect(r.tasks[1].milestones).toEqual([{ due: '2018-06-30', text: '6月底前' }]);
		expect(r.tasks[1].issues).toEqual(['year_assumed']);
		// The signature is not part of the last task.
		expect(r.tasks[1].text).toBe('公布清单。');
	});

	it('a task table: category column → groups, 责任单位 header → lead with the variant flagged', () => {
		const r = parsePlan(
			[
				'类别\t序号\t工作任务\t责任单位\t时间节点',
				'一、简政放权\t1\t取消审批事项\t市编委办\t2018年底前',
				'一、简政放权\t2\t承接下放事项\t市法制办\t长期推进',
				'二、优化服务\t3\t推行一网通办\t市政务服务中心\t2018年6月底前'
			].join('\n')
		);
		expect(r.groups).toEqual([
			{ number: '一', title: '简政放权' },
			{ number: '二', title: '优化服务' }
		]);
		expect(r.tasks.map((t) => [t.number, t.group, t.lead_units, t.issues])).toEqual([
			[1, '一', ['市编委办'], ['lead_label_variant']],
			[2, '一', ['市法制办'], ['lead_label_variant']],
			[3, '二', ['市政务服务中心'], ['lead_label_variant']]
		]);
		// A written plan whose annex repeats the tasks as a table keeps the written tasks.
		const both = parsePlan(['1.取消审批事项。', '牵头单位：市编委办', '附件', '序号\t任务\t牵头单位', '1\t取消审批事项\t市编委办'].join('\n'));
		expect(both.tasks).toHaveLength(1);
		expect(both.warnings).toEqual([]);
	});

	it('traditional characters and full-width digits read alike', () => {
		const r = parsePlan(['一、主要任務', '１．推進事權下放。', '牽頭單位：區編辦、區法制辦', '配合單位：區政務辦', '時間進度：２０１１年６月底前完成，長期推進'].join('\n'));
		expect(r.tasks).toHaveLength(1);
		expect(r.tasks[0]).toMatchObject({
			number: 1,
			group: '一',
			lead_units: ['區編辦', '區法制辦'],
			support_units: ['區政務辦'],
			milestones: [{ due: '2011-06-30', text: '2011年6月底前完成' }],
			ongoing: true,
			issues: []
		});
	});

	it('never throws, whatever the text (shuffled and cut fixture lines, stray brackets and labels)', () => {
		let seed = 7;
		const rnd = (n: number) => ((seed = (seed * 1103515245 + 12345) % 2147483648), seed % n);
		const bits = [...PLAN.split('\n'), '（', '）', '牵头单位：', '时间进度：', '（）', '1.', '一、', '附件', '\t', '2017年', '由', '牵头'];
		for (let k = 0; k < 300; k++) {
			const text = Array.from({ length: rnd(40) }, () => {
				const b = bits[rnd(bits.length)];
				return b.slice(0, rnd(b.length + 1)) + (rnd(3) ? '' : bits[rnd(bits.length)]);
			}).join(rnd(2) ? '\n' : '');
			const r = parsePlan(text, { today: '2026-12-01' });
			expect(Array.isArray(r.tasks)).toBe(true);
			expect(new Set(r.tasks.map((t) => t.number)).size).toBe(r.tasks.length);
			for (const t of r.tasks) for (const m of t.milestones) expect(m.due).toMatch(/^\d{4}-\d{2}-\d{2}$/);
		}
	});

	it('a gap in the numbering is a warning', () => {
		const r = parsePlan(['1.甲事项。', '牵头单位：市编委办', '3.丙事项。', '牵头单位：市法制办'].join('\n'));
		expect(r.tasks.map((t) => t.number)).toEqual([1, 3]);
		expect(r.warnings).toMatchObject([{ code: 'numbering_gap', tasks: [3] }]);
	});

	it('a document without numbered tasks gives zero tasks and a warning, never a crash', () => {
		for (const text of ['', '   \n\n', '关于加强管理的通知\n各单位要高度重视，认真落实。', '一、总体要求\n（一）指导思想\n坚持改革。']) {
			const r = parsePlan(text);
			expect(r.tasks).toEqual([]);
			expect(r.warnings.map((w) => w.code)).toContain('no_numbered_tasks');
		}
	});
});

describe('parseSchedule', () => {
	const cases: [string, { due: string; text: string }[], boolean][] = [
		['2017年6月底前', [{ due: '2017-06-30', text: '2017年6月底前' }], false],
		['2016年2月底前完成', [{ due: '2016-02-29', text: '2016年2月底前完成' }], false],
		['2017年底前', [{ due: '2017-12-31', text: '2017年底前' }], false],
		['长期推进', [], true],
		['按照国家、省要求适时推进', [], true],
		['按照国务院、省政府要求及时推进', [], true],
		// A year inside a phrase is not a second milestone.
		['2017年12月底前编制公开2017年版权责清单，长期推进', [{ due: '2017-12-31', text: '2017年12月底前编制公开2017年版权责清单' }], true],
		['2018年上半年完成', [{ due: '2018-06-30', text: '2018年上半年完成' }], false],
		['2018年9月15日前上线', [{ due: '2018-09-15', text: '2018年9月15日前上线' }], false],
		['2011年6月1日—7月10日', [{ due: '2011-07-10', text: '2011年6月1日—7月10日' }], false],
		['年底前完成', [{ due: '2019-12-31', text: '年底前完成' }], false],
		['长期', [], true],
		['2018年底前完成，常态化', [{ due: '2018-12-31', text: '2018年底前完成' }], true],
		['长期性工作', [], false],
		// Not a date: an impossible month is not a year end either.
		['2017年13月底前', [], false]
	];
	it.each(cases)('%s', (s, milestones, ongoing) => {
		const r = parseSchedule(s, 2019);
		expect(r.milestones).toEqual(milestones);
		expect(r.ongoing).toBe(ongoing);
	});
	it('a year-less date is flagged', () => {
		expect(parseSchedule('6月底前', 2019).yearAssumed).toBe(true);
		expect(parseSchedule('2017年6月底前', 2019).yearAssumed).toBe(false);
	});
});

// The seeds are real plans kept outside the repository; these checks run only where ../shared exists.
const SEEDS = path.resolve('../shared/seeds');
const seed = (prefix: string) => {
	const f = fs.readdirSync(SEEDS).find((n) => n.startsWith(prefix))!;
	return parsePlan(fs.readFileSync(path.join(SEEDS, f), 'utf8'), { today: '2026-12-01' });
};

describe('seed plans', () => {
	it.runIf(fs.existsSync(SEEDS))('盘锦 (003): 36 tasks in 4 groups, units as written, dated milestones', () => {
		const p = seed('003_');
		expect(p.title).toBe('关于开展简政放权放管结合优化服务改革优化提升工作方案');
		expect(p.groups).toEqual([
			{ number: '一', title: '深入推进简政放权' },
			{ number: '二', title: '加强和创新政府监管' },
			{ number: '三', title: '提升政府服务效能' },
			{ number: '四', title: '推进其他重点改革' }
		]);
		expect(p.tasks.map((t) => t.number)).toEqual(Array.from({ length: 36 }, (_, i) => i + 1));
		expect(p.tasks.filter((t) => t.group === '一')).toHaveLength(19);
		expect(p.tasks.filter((t) => t.group === '二')).toHaveLength(6);
		expect(p.tasks.filter((t) => t.group === '三')).toHaveLength(7);
		expect(p.tasks.filter((t) => t.group === '四')).toHaveLength(4);
		expect(p.warnings).toEqual([]);
		expect(p.tasks.every((t) => t.lead_units.length > 0 && t.schedule)).toBe(true);

		const t = (n: number) => p.tasks[n - 1];
		expect(t(1).lead_units).toEqual(['市编委办', '市法制办', '各县区政府', '经济区管委会']);
		expect(t(1).ongoing).toBe(true);
		expect(t(1).milestones).toEqual([]);
		expect(t(2).milestones).toEqual([
			{
				due: '2017-06-30',
				text: '2017年6月底前完成“回头看”工作,制定出台《市政府取消下放行政职权事项落实承接工作的实施意见》'
			}
		]);
		expect(t(8).title).toBe('在辽东湾新区试行企业投资项目承诺制');
		expect(t(8).lead_units).toEqual(['辽东湾新区管委会']);
		expect(t(8).support_units).toEqual([]);
		expect(t(8).milestones).toEqual([{ due: '2017-04-30', text: '2017年4月底前' }]);
		expect(t(8).ongoing).toBe(false);
		expect(t(18).milestones).toEqual([{ due: '2017-08-31', text: '2017年8月底前' }]);
		expect(t(22).lead_units.at(-3)).toBe('市食药监局'); // 市食药监局等部门
		expect(t(28).milestones).toEqual([
			{ due: '2017-06-30', text: '2017年6月底前完成市、县、镇、村四级网上审批平台建设' },
			{ due: '2017-12-31', text: '2017年12月底前编制公开市直部门政务服务事项目录' }
		]);
		expect(t(28).ongoing).toBe(true);
		// The one task written with 牵头部门 / 配合部门.
		expect(t(31).lead_units).toEqual(['市发改委(市大数据中心)', '各县区政府', '经济区管委会']);
		expect(t(31).support_units).toEqual(['市政府有关部门']);
		expect(p.tasks.filter((x) => x.issues.includes('lead_label_variant')).map((x) => x.number)).toEqual([31]);
		expect(t(33).milestones).toEqual([]);
		expect(t(33).schedule).toBe('长期推进');
		expect(t(35).lead_units).toEqual(['各县区政府', '经济区管委会', '市行政审批服务局', '市编委办']);
		expect(t(36).support_units).toHaveLength(11);
		const dated = p.tasks.filter((x) => x.milestones.length).length;
		expect(dated).toBe(29); // all but 1, 3, 13, 17, 20, 27, 33
	});

	it.runIf(fs.existsSync(SEEDS))('天心区 (001): the eight （一） measures with 责任部门 / 完成时间 are the tasks', () => {
		const p = seed('001_');
		expect(p.groups).toEqual([{ number: '四', title: '具体措施' }]);
		expect(p.tasks.map((t) => t.number)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
		expect(p.tasks[0].title).toBe('全面推行“全面授权制”');
		expect(p.tasks[0].lead_units).toEqual(['具有行政许可、行政确认、行政备案职能的成员单位']);
		expect(p.tasks[0].milestones).toEqual([{ due: '2017-06-30', text: '2017年6月底前' }]);
		// 牵头部门 + 责任部门: the 责任部门 carry the work with the lead.
		expect(p.tasks[5].lead_units).toEqual(['区发改局']);
		expect(p.tasks[5].support_units).toEqual(['区财政局', '区城乡建设局', '区规划分局', '区公安消防大队']);
		expect(p.tasks[7].lead_units).toEqual(['区电子政务办']);
		expect(p.tasks[7].milestones).toEqual([{ due: '2017-12-31', text: '2017年12月底前' }]);
	});

	it.runIf(fs.existsSync(SEEDS))('宁乡 (000): numbering restarts per group → renumbered; lost （一） numerals', () => {
		const p = seed('000_');
		expect(p.groups.map((g) => g.title)).toEqual(['厘清职权职责', '明确审批流程', '优化审批平台', '稳定人才队伍', '建设智慧园区']);
		expect(p.tasks).toHaveLength(19);
		expect(p.tasks.map((t) => t.group)).toEqual([
			...Array(3).fill('一'), ...Array(5).fill('二'), ...Array(5).fill('三'), ...Array(3).fill('四'), ...Array(3).fill('五')
		]);
		expect(p.warnings.map((w) => w.code)).toEqual(['group_number_missing', 'renumbered']);
		expect(p.tasks[0].title).toBe('梳理园区权限');
		expect(p.tasks.every((t) => t.issues.includes('no_lead_unit'))).toBe(true);
	});

	it.runIf(fs.existsSync(SEEDS))('盘山县 (002): a page that repeats itself gives its seven items once', () => {
		const p = seed('002_');
		expect(p.groups).toEqual([
			{ number: '三（二）', title: '全面下沉市级权力' },
			{ number: '四（一）', title: '设置县审批专用分章和非审批类事项办理专用分章' }
		]);
		expect(p.tasks).toHaveLength(7);
		expect(p.tasks[3].title).toBe('权力承接部门');
		// The 1) 2) 3) sub-items stay in their task's text.
		expect(p.tasks[5].text).toContain('1)设置审批专用分章');
		expect(p.warnings.map((w) => w.code)).toEqual(['duplicate_tasks', 'renumbered']);
	});

	it.runIf(fs.existsSync(SEEDS))('番禺 (004): no numbered tasks', () => {
		const p = seed('004_');
		expect(p.title).toBe('番禺區簡政強區事權下放承接工作方案');
		expect(p.tasks).toEqual([]);
		expect(p.warnings.map((w) => w.code)).toEqual(['no_numbered_tasks']);
	});
});
