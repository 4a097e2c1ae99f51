import { describe, expect, it } from 'vitest';
import { buildProfile, canonicalValues, inspectionMaps, MappingChoiceError, type Inspection } from '../../../src/lib/server/ingest/mapping-step';
import { validateProfile } from '../../../src/lib/server/settings/profiles';

const part = (over: Partial<Inspection['parts'][number]> = {}): Inspection['parts'][number] => ({
	file: '办件.csv',
	table: 'cases',
	headerRow: 1,
	headers: ['业务流水号', '事项编码', '办理部门编码', '提交日期', '当前状态', '', '备注'],
	sample: [],
	rows: 3,
	columns: [],
	missing: [],
	conflicts: [],
	unknownValues: [{ column: 'status', header: '当前状态', values: [{ value: '已送达', count: 2 }] }],
	...over
});
const insp = (parts = [part()]): Inspection => ({ parts, skipped: [], warnings: [] });
const cols = ['case_id', 'item_code', 'dept_code', 'submitted_at', 'status', null, null];

describe('mapping step', () => {
	it('a part maps only with a table, all required columns, no conflicts and no unknown values', () => {
		expect(inspectionMaps(insp())).toBe(false);
		expect(inspectionMaps(insp([part({ unknownValues: [] })]))).toBe(true);
		expect(inspectionMaps(insp([part({ unknownValues: [], table: null })]))).toBe(false);
		expect(inspectionMaps(insp([part({ unknownValues: [], missing: ['status'] })]))).toBe(false);
		expect(inspectionMaps(insp([]))).toBe(false);
	});

	it('builds a valid profile: explicit columns for every header, ignored as null, values, signature', () => {
		const p = buildProfile('county-a', undefined, insp(), { parts: [{ table: 'cases', columns: cols, values: { status: { 已送达: 'completed' } } }] });
		expect(p).toMatchObject({
			name: 'county-a',
			extends: 'default-zh',
			columns: { cases: { 业务流水号: 'case_id', 当前状态: 'status', 备注: null } },
			values: { 'cases.status': { 已送达: 'completed' } },
			signature: { cases: ['业务流水号', '事项编码', '办理部门编码', '提交日期', '当前状态', '备注'] }
		});
		expect(Object.keys(p.columns!.cases!)).not.toContain('');
		expect(validateProfile(p).name).toBe('county-a');
	});

	it('a stored base profile is copied (its other layouts kept), not extended', () => {
		const base = { name: 'old', version: 3, extends: 'default-zh', tables: {}, headers: {}, columns: { ratings: { 评价单号: 'rating_id' } }, values: { 'cases.status': { 已归档: 'completed' } } };
		const p = buildProfile('old', base, insp(), { parts: [{ table: 'cases', columns: cols, values: {} }] });
		expect(p.version).toBeUndefined();
		expect(p.columns).toMatchObject({ ratings: { 评价单号: 'rating_id' }, cases: { 业务流水号: 'case_id' } });
		expect(p.values).toEqual({ 'cases.status': { 已归档: 'completed' } });
	});

	it('lists every problem: no table, a column twice, an unknown column, an invalid value', () => {
		try {
			buildProfile('x', undefined, insp([part(), part({ file: 'b.csv', table: null })]), {
				parts: [
					{ table: 'cases', columns: ['case_id', 'case_id', 'nope', null, null, null, null], values: { status: { 已送达: 'done' } } },
					{ table: null, columns: [], values: {} }
				]
			});
			throw new Error('accepted');
		} catch (e) {
			expect(e).toBeInstanceOf(MappingChoiceError);
			expect((e as MappingChoiceError).problems).toHaveLength(4);
		}
	});

	it('canonical values for the value selects', () => {
		expect(canonicalValues('cases', 'status')).toContain('completed');
		expect(canonicalValues('ratings', 'score')).toEqual(['5', '4', '3', '2', '1']);
		expect(canonicalValues('cases', 'tolerance_accepted')).toEqual(['true', 'false']);
		expect(canonicalValues('cases', 'case_id')).toEqual([]);
	});
});
