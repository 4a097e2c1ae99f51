/**
 * Inspection for the mapping screen: a file whose headers the profile does not know gets its header row,
 * first rows, a proposed column per header, the required columns still missing and its unknown coded values —
 * and nothing is written.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { openAnalytics } from '../../../src/lib/server/analytics/db';
import { inspectFiles } from '../../../src/lib/server/ingest/inspect';
import { gbEncode } from '../../fixtures/ingest-data';
import { tempDir, writeText } from '../helpers/ingest';

const dir = tempDir('inspect');
const db = await openAnalytics(':memory:');
afterAll(() => db.close());

describe('inspectFiles', () => {
	it('proposes columns, lists unknown values and missing columns, writes nothing', async () => {
		const f = writeText(
			dir,
			'export.csv',
			gbEncode(
				'业务流水号,事项编码,办理部门编码,提交日期,办毕日期,当前状态\n' +
					'A1,I1,D1,2024-03-01 09:00,2024-03-05 10:00,已送达\n' +
					'A2,I1,D1,2024-03-02 09:00,,在办\n' +
					'A3,I2,D2,2024-03-03 09:00,2024-03-04 10:00,已送达\n',
				'gbk'
			)
		);
		const r = await inspectFiles(db, [{ path: f }]);
		expect(r.parts).toHaveLength(1);
		const p = r.parts[0];
		expect(p).toMatchObject({ file: 'export.csv', table: 'cases', headerRow: 1, rows: 3 });
		expect(p.headers).toEqual(['业务流水号', '事项编码', '办理部门编码', '提交日期', '办毕日期', '当前状态']);
		expect(p.sample[0]).toEqual(['A1', 'I1', 'D1', '2024-03-01 09:00', '2024-03-05 10:00', '已送达']);
		const byHeader = Object.fromEntries(p.columns.map((c) => [c.header, [c.column, c.source]]));
		expect(byHeader['业务流水号']).toEqual(['case_id', 'alias']);
		expect(byHeader['事项编码']).toEqual(['item_code', 'alias']);
		expect(byHeader['当前状态'][0]).toBe('status');
		expect(byHeader['当前状态'][1]).toBe('proposed');
		expect(p.unknownValues).toEqual([{ column: 'status', header: '当前状态', values: [{ value: '已送达', count: 2 }] }]);
		expect(await db.query(`SELECT count(*) AS n FROM cases`)).toEqual([{ n: 0 }]);
	});
});
