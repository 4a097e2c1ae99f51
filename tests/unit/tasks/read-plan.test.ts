/**
 * Plan documents on disk: UTF-8, GBK and GB18030 text, UTF-16 with a BOM, .docx (typed numbers or Word's own
 * list numbering) give the same parse; unreadable, empty, oversized and legacy files are refused by name.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { gbEncode } from '../../fixtures/ingest-data';
import { writeNumberedPlanDocx, writePlanDocx, writeRawDocx } from '../../fixtures/plan-docx';
import { parsePlan } from '../../../src/lib/server/tasks/parse';
import { MAX_PLAN_BYTES, parsePlanFile, PlanFileError, readPlanFile } from '../../../src/lib/server/tasks/read-plan';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'plan-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
const at = (n: string) => path.join(dir, n);

const LINES = [
	'某市深化放管服改革实施方案',
	'一、重点任务',
	'（一）精简审批',
	'1.取消一批审批事项。对照清单逐项清理。',
	'牵头单位：市编委办、市法制办',
	'配合单位：市直有关部门',
	'时间进度：2017年6月底前完成，长期推进',
	'2.推行容缺受理（市行政审批服务局牵头负责）。',
	'时间进度：2017年底前',
	'（二）强化监管',
	'3.推行“双随机、一公开”。',
	'牵头部门：市工商局',
	'时间进度：按照国家、省要求适时推进',
	'二、保障措施',
	'加强组织领导。'
];
const TEXT = LINES.join('\n');

describe('readPlanFile / parsePlanFile', () => {
	it('UTF-8, GBK, GB18030 and UTF-16 text give the same plan', async () => {
		const expected = parsePlan(TEXT);
		expect(expected.tasks).toHaveLength(3);
		fs.writeFileSync(at('u8.txt'), TEXT + '\r\n');
		fs.writeFileSync(at('gbk.txt'), gbEncode(TEXT.replace(/\n/g, '\r\n'), 'gbk'));
		fs.writeFileSync(at('gb18030.txt'), gbEncode(TEXT + '\n注：㐀', 'gb18030'));
		fs.writeFileSync(at('u16.txt'), Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(TEXT, 'utf16le')]));
		expect((await readPlanFile(at('u8.txt'))).encoding).toBe('utf-8');
		expect((await readPlanFile(at('gbk.txt'))).encoding).toBe('gbk');
		expect((await readPlanFile(at('gb18030.txt'))).encoding).toBe('gb18030');
		expect((await readPlanFile(at('u16.txt'))).encoding).toBe('utf-16le');
		for (const f of ['u8.txt', 'gbk.txt', 'gb18030.txt', 'u16.txt']) {
			const r = await parsePlanFile(at(f));
			expect(r.format).toBe('txt');
			expect(r.plan.tasks).toEqual(expected.tasks);
			expect(r.plan.groups).toEqual(expected.groups);
		}
	});

	it('a .docx of the same text gives the same plan', async () => {
		await writePlanDocx(at('plan.docx'), LINES);
		const r = await parsePlanFile(at('plan.docx'));
		expect(r.format).toBe('docx');
		expect(r.encoding).toBeNull();
		expect(r.plan).toEqual(parsePlan(TEXT));
	});

	it('Word list numbering (（一） headings, 1. tasks) is read as if typed', async () => {
		const numbered = LINES.map((l) => l.replace(/^（[一二]）/, '#').replace(/^\d\./, '*'));
		await writeNumberedPlanDocx(at('numbered.docx'), numbered);
		const f = await readPlanFile(at('numbered.docx'));
		expect(f.text.split('\n')).toEqual(LINES);
		expect((await parsePlanFile(at('numbered.docx'))).plan).toEqual(parsePlan(TEXT));
	});

	it('table rows become tab-separated lines (empty cells kept); a task table is read as tasks', async () => {
		await writeNumberedPlanDocx(at('table.docx'), [
			'附件：重点任务分工表',
			'序号|重点任务|牵头单位|配合单位|完成时限',
			'1|清理审批事项|市编委办|市法制办|2017年6月底前',
			'2|推行网上审批|市行政审批服务局||长期推进'
		]);
		expect((await readPlanFile(at('table.docx'))).text).toBe(
			'附件：重点任务分工表\n序号\t重点任务\t牵头单位\t配合单位\t完成时限\n1\t清理审批事项\t市编委办\t市法制办\t2017年6月底前\n2\t推行网上审批\t市行政审批服务局\t\t长期推进'
		);
		const { plan } = await parsePlanFile(at('table.docx'));
		expect(plan.warnings.map((w) => w.code)).toEqual(['tasks_from_table']);
		expect(plan.tasks.map((t) => [t.number, t.title, t.lead_units, t.support_units, t.milestones, t.ongoing])).toEqual([
			[1, '清理审批事项', ['市编委办'], ['市法制办'], [{ due: '2017-06-30', text: '2017年6月底前' }], false],
			[2, '推行网上审批', ['市行政审批服务局'], [], [], true]
		]);
	});

	it('text boxes (a paragraph inside a paragraph) once, deleted text and field codes skipped', async () => {
		const W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006"';
		const r = (t: string) => `<w:r><w:t xml:space="preserve">${t}</w:t></w:r>`;
		const body = [
			`<w:p>${r('1.推进改革。')}<w:r><mc:AlternateContent><mc:Choice Requires="wps"><w:txbxContent><w:p>${r('框内文字')}</w:p></w:txbxContent></mc:Choice><mc:Fallback><w:txbxContent><w:p>${r('框内文字')}</w:p></w:txbxContent></mc:Fallback></mc:AlternateContent></w:r>${r('牵头')}</w:p>`,
			`<w:p><w:r><w:delText>删除的</w:delText></w:r><w:r><w:instrText> PAGE </w:instrText></w:r>${r('牵头单位：市编委办')}</w:p>`
		].join('');
		writeRawDocx(at('box.docx'), `<?xml version="1.0" encoding="UTF-8"?><w:document ${W}><w:body>${body}</w:body></w:document>`);
		expect((await readPlanFile(at('box.docx'))).text).toBe('框内文字\n1.推进改革。牵头\n牵头单位：市编委办');
	});

	it('refuses unreadable, empty, oversized and legacy files, naming them', async () => {
		const refuse = async (file: string, re: RegExp) => {
			const e = await readPlanFile(file).catch((x: unknown) => x);
			expect(e).toBeInstanceOf(PlanFileError);
			expect((e as Error).message).toMatch(re);
			expect((e as Error).message).toContain(path.basename(file));
		};
		await refuse(at('missing.txt'), /不存在.*no such file/);
		fs.writeFileSync(at('empty.txt'), ' \n\u3000\n');
		await refuse(at('empty.txt'), /没有文字内容 .* holds no text/);
		fs.writeFileSync(at('big.txt'), Buffer.alloc(MAX_PLAN_BYTES + 1, 0x41));
		await refuse(at('big.txt'), /过大.*too large/);
		fs.writeFileSync(at('old.doc'), Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]));
		await refuse(at('old.doc'), /\.docx/);
		fs.writeFileSync(at('broken.docx'), Buffer.from('PK\u0003\u0004 not really a zip'));
		await refuse(at('broken.docx'), /无法读取 Word 文档.*cannot read the Word document/);
		fs.writeFileSync(at('binary.txt'), Buffer.from([0x00, 0x01, 0x02, 0x00]));
		await refuse(at('binary.txt'), /neither a text file nor a \.docx/);
	});
});

// Panjin's plan as a .docx gives the same parse as its text (only where ../shared exists; never committed).
const SEED = path.resolve('../shared/seeds/003_ea1a0dfc794d91b0.txt');
it.runIf(fs.existsSync(SEED))('盘锦 (003) as .docx: the same 36 tasks', async () => {
	const text = fs.readFileSync(SEED, 'utf8');
	await writePlanDocx(at('panjin.docx'), text.split('\n'));
	const r = await parsePlanFile(at('panjin.docx'));
	expect(r.plan.tasks).toHaveLength(36);
	expect(r.plan).toEqual(parsePlan(text));
});
