/**
 * Hand-computed projects for the project engine's specs (DOMAIN.md "Construction and investment project
 * approval"). Calendar: data/calendar/cn-holidays.csv, 2024 — 春节 10–17 Feb off, Sun 4 and Sun 18 Feb worked;
 * 劳动节 1–5 May off, Sun 28 Apr and Sat 11 May worked; 中秋 15–17 Sep off, Sat 14 Sep worked; 国庆 1–7 Oct off,
 * Sun 29 Sep and Sat 12 Oct worked. A case covers the working days d with start < d ≤ end.
 *
 * P1 (Spring Festival, parallel planning cases, a gap before engineering) — complete:
 *   a  IP  D01 accepted 02-05, completed 02-20: 6 7 8 9 | 18 19 20                 = 7
 *   b  IP2 D02 accepted 02-07, completed 02-22: 8 9 | 18 19 20 21 22               = 7  (parallel with a)
 *      planning union (02-05, 02-22]: 6 7 8 9 18 19 20 21 22                        = 9, span 9
 *   c  IE  D03 accepted 03-04, completed 03-08: 5 6 7 8                            = 4, span 4
 *   approval 9 + 4 = 13 (22 Feb → 4 Mar is the applicant's time); span wd(02-05, 03-08) = 14 (Feb) + 6 (Mar) = 20
 * P2 (调休, missing accepted_at, refusals with and without decided_at) — complete:
 *   a  IC  D01 submitted 04-26 (no accepted_at), completed 05-13: Apr 28 29 30 | May 6–10, 11 (Sat), 13 = 10
 *   b  IC2 D02 rejected, accepted 05-06, decided 05-08: 7 8                        = 2  (inside a)
 *   c  IC3 D03 withdrawn 05-20, no decided_at / completed_at: no end, covers nothing
 *   d  IA  D01 withdrawn, accepted 05-20, completed_at 05-22 (no decided_at): 21 22 = 2
 *   e  IA2 D02 accepted 05-27, completed 05-29: 28 29                              = 2
 *   construction 10 (span 10), acceptance 4 (span wd(05-20, 05-29) = 7); approval 14;
 *   span wd(04-26, 05-29) = 3 + 5 + 1 + 5 + 5 + 3 = 22
 * P3 (in progress at the as-of date 2024-12-31):
 *   a  IP  D01 in_progress, accepted 12-23: 24 25 26 27 30 31                      = 6 (end = as-of)
 *   b  IP2 D02 accepted 12-16, completed 12-18: 17 18                              = 2
 *   d  IE  D03 accepted 12-26, completed 2025-01-03 (after the as-of date: open then): 27 30 31 = 3
 *   c  IP  D01 submitted 2025-01-02: after the as-of date, not there yet
 *   planning 8 (span wd(12-16, 12-31) = 11), engineering 3 (span 3); approval 8, span 11; holders a (6), d (3)
 * P4 / P5 (exactly 120 and 121 working days):
 *   1  IP  D01 accepted 06-11, completed 09-13: Jun 12–14 (3) + 13 full weeks      = 68
 *   2  IC  D01 accepted 10-08, completed 12-18 (P5: 12-19): 9 10 11, 12 (Sat), 9 weeks, 16 17 18 = 52 (P5: 53)
 *   approval 120 / 121; span 68 + wd(09-13, 10-08) = 12 + 52 → 132 / 133
 * P6 (only a refusal): IX D03 rejected, accepted 03-11, decided 03-13: 12 13 = 2 — not complete, waiting.
 * A case without a project code (N1) belongs to no project.
 */
import type { DuckDBConnection, DuckDBValue } from '@duckdb/node-api';
import { openAnalytics, type Analytics } from '../../../src/lib/server/analytics/db';
import { refreshCases } from '../../../src/lib/server/analytics/derive';

type R = Record<string, DuckDBValue>;

export const AS_OF = '2024-12-31';

const departments: R[] = [
	{ dept_code: 'D01', name: '发改局', peer_group: 'A', region_code: 'R1' },
	{ dept_code: 'D02', name: '自然资源局', peer_group: 'A', region_code: 'R1' },
	{ dept_code: 'D03', name: '住建局', peer_group: 'A', region_code: 'R2' }
];
const regions: R[] = [
	{ region_code: 'R0', name: '临江县', level: 'county', parent_code: null },
	{ region_code: 'R1', name: '城关镇', level: 'town', parent_code: 'R0' },
	{ region_code: 'R2', name: '经开区', level: 'park', parent_code: 'R0' }
];
const item = (item_code: string, dept_code: string, stage: string | null): R => ({
	item_code,
	name: `事项${item_code}`,
	dept_code,
	stage
});
const items: R[] = [
	item('IP', 'D01', 'planning'),
	item('IP2', 'D02', 'planning'),
	item('IE', 'D03', 'engineering'),
	item('IC', 'D01', 'construction'),
	item('IC2', 'D02', 'construction'),
	item('IC3', 'D03', 'construction'),
	item('IA', 'D01', 'acceptance'),
	item('IA2', 'D02', 'acceptance'),
	item('IX', 'D03', null)
];

interface CaseSpec {
	id: string;
	project: string | null;
	item: string;
	dept: string;
	status: string;
	submitted: string;
	accepted?: string | null;
	decided?: string | null;
	completed?: string | null;
}
const c = (s: CaseSpec): R => ({
	case_id: s.id,
	project_code: s.project,
	item_code: s.item,
	dept_code: s.dept,
	status: s.status,
	submitted_at: `${s.submitted} 09:00:00`,
	accepted_at: s.accepted === undefined ? `${s.submitted} 10:00:00` : s.accepted && `${s.accepted} 10:00:00`,
	decided_at: s.decided ? `${s.decided} 15:00:00` : null,
	completed_at: s.completed ? `${s.completed} 16:00:00` : null
});
export const cases: R[] = [
	c({ id: 'P1-a', project: 'P1', item: 'IP', dept: 'D01', status: 'completed', submitted: '2024-02-05', completed: '2024-02-20' }),
	c({ id: 'P1-b', project: 'P1', item: 'IP2', dept: 'D02', status: 'completed', submitted: '2024-02-07', completed: '2024-02-22' }),
	c({ id: 'P1-c', project: 'P1', item: 'IE', dept: 'D03', status: 'completed', submitted: '2024-03-04', completed: '2024-03-08' }),
	c({ id: 'P2-a', project: 'P2', item: 'IC', dept: 'D01', status: 'completed', submitted: '2024-04-26', accepted: null, completed: '2024-05-13' }),
	c({ id: 'P2-b', project: 'P2', item: 'IC2', dept: 'D02', status: 'rejected', submitted: '2024-05-06', decided: '2024-05-08' }),
	c({ id: 'P2-c', project: 'P2', item: 'IC3', dept: 'D03', status: 'withdrawn', submitted: '2024-05-20', accepted: null }),
	c({ id: 'P2-d', project: 'P2', item: 'IA', dept: 'D01', status: 'withdrawn', submitted: '2024-05-20', completed: '2024-05-22' }),
	c({ id: 'P2-e', project: 'P2', item: 'IA2', dept: 'D02', status: 'completed', submitted: '2024-05-27', completed: '2024-05-29' }),
	c({ id: 'P3-a', project: 'P3', item: 'IP', dept: 'D01', status: 'in_progress', submitted: '2024-12-23' }),
	c({ id: 'P3-b', project: 'P3', item: 'IP2', dept: 'D02', status: 'completed', submitted: '2024-12-16', completed: '2024-12-18' }),
	c({ id: 'P3-c', project: 'P3', item: 'IP', dept: 'D01', status: 'in_progress', submitted: '2025-01-02' }),
	c({ id: 'P3-d', project: 'P3', item: 'IE', dept: 'D03', status: 'completed', submitted: '2024-12-26', completed: '2025-01-03' }),
	c({ id: 'P4-1', project: 'P4', item: 'IP', dept: 'D01', status: 'completed', submitted: '2024-06-11', completed: '2024-09-13' }),
	c({ id: 'P4-2', project: 'P4', item: 'IC', dept: 'D01', status: 'completed', submitted: '2024-10-08', completed: '2024-12-18' }),
	c({ id: 'P5-1', project: 'P5', item: 'IP', dept: 'D01', status: 'completed', submitted: '2024-06-11', completed: '2024-09-13' }),
	c({ id: 'P5-2', project: 'P5', item: 'IC', dept: 'D01', status: 'completed', submitted: '2024-10-08', completed: '2024-12-19' }),
	c({ id: 'P6-a', project: 'P6', item: 'IX', dept: 'D03', status: 'rejected', submitted: '2024-03-11', decided: '2024-03-13' }),
	c({ id: 'N1', project: null, item: 'IP', dept: 'D01', status: 'completed', submitted: '2024-03-11', completed: '2024-03-29' })
];

export const register: R[] = [
	{ project_code: 'P1', name: '年产十万吨新材料项目', owner_name: '临江新材料有限公司', region_code: 'R2', park: '临江经开区', industry: '制造业', investment: 52000.5 },
	{ project_code: 'P4', name: '智能装备产业园', owner_name: '临江装备集团', region_code: null, park: null, industry: '制造业', investment: 120000 }
];

async function insert(conn: DuckDBConnection, table: string, rows: R[]) {
	for (const row of rows) {
		const cols = Object.keys(row);
		await conn.run(
			`INSERT INTO ${table} (${cols.map((k) => `"${k}"`).join(', ')}) VALUES (${cols.map((_, n) => `$${n + 1}`).join(', ')})`,
			cols.map((k) => row[k])
		);
	}
}

export async function projectsDb(opts: { register?: boolean; file?: string } = {}): Promise<Analytics> {
	const db = await openAnalytics(opts.file ?? ':memory:');
	await db.write(async (conn) => {
		await insert(conn, 'regions', regions);
		await insert(conn, 'departments', departments);
		await insert(conn, 'items', items);
		await insert(conn, 'cases', cases);
		if (opts.register !== false) await insert(conn, 'projects', register);
		await refreshCases(conn);
	});
	return db;
}
