/**
 * A tiny hand-computed event log for the process engine's specs (the KPI fixture's approach: rows inserted
 * with SQL in one db.write(), derived case columns refreshed as the ingest does). `seq` is given explicitly,
 * as mergeEvents writes it (order within the case: ts, then source order).
 *
 * Calendar (data/calendar/cn-holidays.csv, 2024): 春节 holidays Sat 10 – Sat 17 Feb, make-up working days
 * Sun 4 Feb and Sun 18 Feb; 劳动节 make-up working day Sat 11 May.
 *
 * A (D01, I1, 2024-02-08): 收件 02-08 09:00 [u1 D01] · 受理 02-08 09:00 [u1 D01] (same ts; source order) ·
 *   审查 02-19 10:00 [u2 D01] · 决定 02-19 15:00 [u2 D02]
 * B (D01, I1, 2024-05-10): the loop 审查 05-10 09:00 · 补正 05-11 09:00 (调休 Saturday) · 审查 05-13 09:00 ·
 *   补正 05-13 17:00 — all [u3 D01]
 * C (D02, I2, 2024-05-20): one event 收件 05-20 09:00 [null null]
 * D (D01, I1, 2024-03-01): 收件 03-01 09:00 [u1 D01] · 受理 03-01 09:00 [u1 D01] · 审查 03-05 09:00 [u4 D01] ·
 *   决定 03-06 09:00 [u4 D02]
 * E (D01, I1, 2024-06-03): no events
 */
import type { DuckDBValue } from '@duckdb/node-api';
import { openAnalytics, type Analytics } from '../../../src/lib/server/analytics/db';
import { refreshCases } from '../../../src/lib/server/analytics/derive';

type R = Record<string, DuckDBValue>;

const departments: R[] = [
	{ dept_code: 'D01', name: '一局', peer_group: 'A', region_code: null },
	{ dept_code: 'D02', name: '二局', peer_group: 'A', region_code: null }
];
const items: R[] = [
	{ item_code: 'I1', name: '许可甲', dept_code: 'D01', power_type: '行政许可' },
	{ item_code: 'I2', name: '确认乙', dept_code: 'D02', power_type: '行政确认' }
];
const kase = (case_id: string, dept_code: string, item_code: string, submitted_at: string): R => ({
	case_id,
	dept_code,
	item_code,
	submitted_at,
	status: 'completed',
	channel: case_id === 'C' ? 'online' : 'window'
});
const cases: R[] = [
	kase('A', 'D01', 'I1', '2024-02-08 09:00:00'),
	kase('B', 'D01', 'I1', '2024-05-10 09:00:00'),
	kase('C', 'D02', 'I2', '2024-05-20 09:00:00'),
	kase('D', 'D01', 'I1', '2024-03-01 09:00:00'),
	kase('E', 'D01', 'I1', '2024-06-03 09:00:00')
];
const ev = (case_id: string, seq: number, activity: string, ts: string, actor: string | null, dept_code: string | null): R => ({
	case_id,
	seq,
	activity,
	ts,
	actor,
	dept_code
});
/** Rows deliberately not in seq order (the physical order must not matter). */
export const events: R[] = [
	ev('A', 2, '受理', '2024-02-08 09:00:00', 'u1', 'D01'),
	ev('A', 1, '收件', '2024-02-08 09:00:00', 'u1', 'D01'),
	ev('A', 4, '决定', '2024-02-19 15:00:00', 'u2', 'D02'),
	ev('A', 3, '审查', '2024-02-19 10:00:00', 'u2', 'D01'),
	ev('B', 1, '审查', '2024-05-10 09:00:00', 'u3', 'D01'),
	ev('B', 2, '补正', '2024-05-11 09:00:00', 'u3', 'D01'),
	ev('B', 3, '审查', '2024-05-13 09:00:00', 'u3', 'D01'),
	ev('B', 4, '补正', '2024-05-13 17:00:00', 'u3', 'D01'),
	ev('C', 1, '收件', '2024-05-20 09:00:00', null, null),
	ev('D', 2, '受理', '2024-03-01 09:00:00', 'u1', 'D01'),
	ev('D', 1, '收件', '2024-03-01 09:00:00', 'u1', 'D01'),
	ev('D', 3, '审查', '2024-03-05 09:00:00', 'u4', 'D01'),
	ev('D', 4, '决定', '2024-03-06 09:00:00', 'u4', 'D02')
];

async function insert(conn: import('@duckdb/node-api').DuckDBConnection, table: string, rows: R[]) {
	for (const row of rows) {
		const cols = Object.keys(row);
		await conn.run(
			`INSERT INTO ${table} (${cols.map((c) => `"${c}"`).join(', ')}) VALUES (${cols.map((_, n) => `$${n + 1}`).join(', ')})`,
			cols.map((c) => row[c])
		);
	}
}

export async function processDb(extraEvents: R[] = [], file = ':memory:'): Promise<Analytics> {
	const db = await openAnalytics(file);
	await db.write(async (conn) => {
		await insert(conn, 'departments', departments);
		await insert(conn, 'items', items);
		await insert(conn, 'cases', cases);
		await insert(conn, 'events', [...events, ...extraEvents]);
		await refreshCases(conn);
	});
	return db;
}
