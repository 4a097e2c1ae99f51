import { describe, expect, it } from 'vitest';
import type { MappingProfile } from '../../../src/lib/server/ingest/profile';
import { dice, nameSimilarity, proposeColumns } from '../../../src/lib/server/ingest/propose';
import { headerKey } from '../../../src/lib/server/ingest/profile';

// A hand-written profile (DOMAIN.md's base aliases only), so the expectations do not move when default-zh learns
// more platform names.
const profile: MappingProfile = {
	name: 'test',
	tables: {},
	headers: {
		cases: {
			case_id: ['办件编号'],
			item_code: ['事项编码'],
			dept_code: ['办理部门编码'],
			channel: ['办理渠道'],
			submitted_at: ['申请时间'],
			accepted_at: ['受理时间'],
			completed_at: ['办结时间'],
			status: ['办件状态'],
			visits: ['跑动次数']
		},
		ratings: { channel: ['评价渠道'], rated_at: ['评价时间'], score: ['评价等级'] }
	},
	pii: { id_number: ['身份证号'] },
	values: {
		status: { 办结: 'completed', 在办: 'in_progress', 不予受理: 'rejected' },
		'cases.channel': { 网上: 'online', 窗口: 'window', 自助: 'self_service' },
		'ratings.channel': { 网上: 'online', 评价器: 'window_device' },
		score: { 非常满意: '5', 满意: '4', 不满意: '2' }
	}
};
const by = (headers: string[], sample: (string | null)[][], table: 'cases' | 'ratings' = 'cases') => {
	const p = proposeColumns(profile, table, headers, sample);
	return Object.fromEntries(headers.map((h, i) => [h, p[i]]));
};

describe('name similarity', () => {
	it('bigram Dice and synonyms bring platform names close to the aliases', () => {
		expect(dice('办结时间', '办结时间')).toBe(1);
		expect(dice('abc', 'xyz')).toBe(0);
		expect(nameSimilarity(headerKey('办结日期'), headerKey('办结时间'))).toBeGreaterThan(0.8);
		expect(nameSimilarity(headerKey('办毕时间'), headerKey('办结时间'))).toBeGreaterThan(0.8);
		expect(nameSimilarity(headerKey('业务流水号'), headerKey('流水号'))).toBeGreaterThan(0.7);
		expect(nameSimilarity(headerKey('备注'), headerKey('办件编号'))).toBeLessThan(0.2);
	});
});

describe('proposeColumns', () => {
	it('aliases are certain; similar names and fitting values are proposed with less confidence', () => {
		const headers = ['业务流水号', '事项编码', '办理部门编码', '提交日期', '办毕时间', '当前状态', '备注'];
		const sample = [
			['YW2024000001', 'XK001', 'D01', '2024-03-01', '2024-03-05 10:02', '已送达', '无'],
			['YW2024000002', 'XK001', 'D02', '2024/3/2', '2024-03-06 16:40:11', '办结', ''],
			['YW2024000003', 'XK002', 'D01', '2024年3月3日', '', '在办', '加急']
		];
		const p = by(headers, sample);
		expect(p['事项编码']).toEqual({ column: 'item_code', confidence: 1, reason: 'alias' });
		expect(p['办理部门编码']).toEqual({ column: 'dept_code', confidence: 1, reason: 'alias' });
		expect(p['提交日期']).toMatchObject({ column: 'submitted_at', reason: 'name' });
		expect(p['办毕时间']).toMatchObject({ column: 'completed_at', reason: 'name' });
		expect(p['当前状态'].column).toBe('status');
		expect(p['业务流水号'].column).toBe('case_id');
		expect(p['备注']).toEqual({ column: null, confidence: 0, reason: 'none' });
		for (const h of ['提交日期', '办毕时间', '当前状态', '业务流水号']) {
			expect(p[h].confidence).toBeGreaterThan(0.35);
			expect(p[h].confidence).toBeLessThan(1);
		}
	});

	it('never proposes a column twice: the better match wins, the other header gets its next choice', () => {
		const headers = ['申请日期', '申报日期', '受理日期'];
		const sample = [['2024-01-02', '2024-01-02', '2024-01-03']];
		const p = proposeColumns(profile, 'cases', headers, sample);
		const cols = p.map((x) => x.column).filter(Boolean);
		expect(new Set(cols).size).toBe(cols.length);
		expect(p[0].column).toBe('submitted_at');
		expect(p[2].column).toBe('accepted_at');
		expect(p[1].column).not.toBe('submitted_at');
	});

	it('values decide where names say nothing: scores, channel words, small integers', () => {
		const headers = ['满意度', '途径', '次数'];
		const sample = [
			['非常满意', '网上', '1'],
			['满意', '窗口', '0'],
			['不满意', '网上', '2']
		];
		const r = by(headers, sample, 'ratings');
		expect(r['满意度'].column).toBe('score');
		expect(r['途径'].column).toBe('channel');
		const c = by(
			['办理方式', '跑动'],
			[
				['网上', '1'],
				['窗口', '0'],
				['自助', '2']
			]
		);
		expect(c['办理方式'].column).toBe('channel');
		expect(c['跑动'].column).toBe('visits');
	});

	it('values refute a similar name: unit names are not unit codes, dates are not ids', () => {
		const p = by(
			['办理部门', '办件编号'],
			[
				['市场监管局', '2024-01-02'],
				['民政局', '2024-01-03']
			]
		);
		expect(p['办理部门'].column).not.toBe('dept_code');
		// an alias is taken on the profile's word even if the sample looks odd
		expect(p['办件编号'].column).toBe('case_id');
		const q = by(
			['流水号', '时间'],
			[
				['2024-01-02', 'x'],
				['2024-01-03', 'y']
			]
		);
		expect(q['流水号'].column).not.toBe('case_id');
	});

	it('explicit profile columns win, null means ignore, personal-data columns are never proposed', () => {
		const custom = { ...profile, columns: { cases: { 业务流水号: 'case_id', 备注: null } } };
		const p = proposeColumns(
			custom,
			'cases',
			['业务流水号', '备注', '身份证号', '办件编号'],
			[['A1', 'x', '110101199001011234', 'B2']]
		);
		expect(p[0]).toEqual({ column: 'case_id', confidence: 1, reason: 'alias' });
		expect(p[1].column).toBeNull();
		expect(p[2].column).toBeNull();
		// 办件编号 is case_id's alias, but the explicit entry already took case_id
		expect(p[3].column).not.toBe('case_id');
	});

	it('no sample: names alone, discounted', () => {
		const p = proposeColumns(profile, 'cases', ['办结日期', 'foo'], []);
		expect(p[0].column).toBe('completed_at');
		expect(p[0].confidence).toBeLessThan(0.95);
		expect(p[1].column).toBeNull();
	});
});
