/**
 * The derived process tables kept current incrementally (issue 17): after each import only the cases the batch
 * wrote are recomputed — new events, a case's events replaced (with a new activity and a hand-off), a case moved
 * to another unit — and every view then equals the events path and a full rebuild; a calendar change rebuilds.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { Analytics } from '../../../src/lib/server/analytics/db';
import {
	computeProcess,
	processQuery,
	rebuildProcessStepsNow,
	refreshProcessStepsNow
} from '../../../src/lib/server/analytics/process/index';
import { stepsFresh } from '../../../src/lib/server/analytics/process/steps';
import { importFiles } from '../../../src/lib/server/ingest/index';
import { dataset, toCsv, writeCanonical, type Row } from '../../fixtures/ingest-data';
import { freshDb, tempDir, writeText } from '../helpers/ingest';

const dir = tempDir('process-refresh');
const dbs: Analytics[] = [];
afterAll(async () => {
	for (const db of dbs) await db.close();
	fs.rmSync(dir, { recursive: true, force: true });
});

const FILTERS: Record<string, string>[] = [{}, { dept: 'D02' }, { from: '2018-03-01', to: '2018-03-15' }];

/** Every filter: the derived tables (fresh) give what the events path gives, and what a full rebuild gives. */
async function expectConsistent(db: Analytics) {
	expect(await stepsFresh(db)).toBe(true);
	const incremental = [];
	for (const f of FILTERS) {
		const q = processQuery(f);
		const derived = await computeProcess(db, q);
		expect(derived, JSON.stringify(f)).toEqual(await computeProcess(db, q, { source: 'events' }));
		incremental.push(derived);
	}
	const rows = await db.query(`SELECT * EXCLUDE (a, b, da, db) FROM process_steps ORDER BY case_id, pos`);
	await rebuildProcessStepsNow(db);
	expect(await db.query(`SELECT * EXCLUDE (a, b, da, db) FROM process_steps ORDER BY case_id, pos`)).toEqual(
		rows
	);
	for (const [i, f] of FILTERS.entries())
		expect(await computeProcess(db, processQuery(f))).toEqual(incremental[i]);
}

describe('incremental refresh of process_steps / process_cases', () => {
	it('recomputes only what each batch changed; a calendar change rebuilds', async () => {
		const db = await freshDb(dir);
		dbs.push(db);
		const ds = dataset();
		const files = writeCanonical(path.join(dir, 'b1'), ds);
		await importFiles(
			db,
			files.map((f) => ({ path: f }))
		);
		expect(await stepsFresh(db)).toBe(false);
		expect(await refreshProcessStepsNow(db)).toBe('rebuilt');
		expect(await refreshProcessStepsNow(db)).toBe('fresh');
		const before = await db.query(`SELECT count(*) AS n FROM process_steps`);
		expect(Number(before[0].n)).toBe(ds.events.length);
		await expectConsistent(db);

		// Batch 2: events for five more cases, and case 1's events replaced — a 补正 loop in another unit.
		const c1 = ds.cases[0];
		const extra = ds.cases.slice(10, 15).flatMap((c) => [
			[c.case_id, '申请', c.submitted_at, '申请人', c.dept_code],
			[c.case_id, '受理', c.accepted_at ?? c.submitted_at, '窗口', c.dept_code]
		]);
		const replaced = [
			[c1.case_id, '申请', c1.submitted_at, '申请人', c1.dept_code],
			[c1.case_id, '补正', c1.submitted_at, '窗口', 'D03'],
			[c1.case_id, '受理', c1.accepted_at ?? c1.submitted_at, '窗口', c1.dept_code]
		];
		await importFiles(db, [
			{
				path: writeText(
					dir,
					'b2/events.csv',
					toCsv(['case_id', 'activity', 'ts', 'actor', 'dept_code'], [...extra, ...replaced])
				)
			}
		]);
		expect(await stepsFresh(db)).toBe(false);
		expect(await refreshProcessStepsNow(db)).toBe('incremental');
		const names = await db.query(`SELECT name FROM process_names ORDER BY id`);
		expect(names.map((r) => r.name)).toContain('补正');
		await expectConsistent(db);

		// Batch 3: case 2 moves to another unit (its steps' denormalised department must follow).
		const c2: Row = { ...ds.cases[1], dept_code: ds.cases[1].dept_code === 'D01' ? 'D02' : 'D01' };
		const cols = Object.keys(c2);
		await importFiles(db, [{ path: writeText(dir, 'b3/cases.csv', toCsv(cols, [cols.map((k) => c2[k])])) }]);
		expect(await refreshProcessStepsNow(db)).toBe('incremental');
		const moved = await db.query(`SELECT DISTINCT dept_code FROM process_steps WHERE case_id = $1`, [
			c2.case_id
		]);
		expect(moved).toEqual([{ dept_code: c2.dept_code }]);
		await expectConsistent(db);

		// Batch 4: a calendar notice changes working days — every stored wd moves: rebuilt.
		await importFiles(db, [
			{ path: writeText(dir, 'b4/calendar.csv', 'date,is_workday,name\n2018-03-06,false,测试假日\n') }
		]);
		expect(await refreshProcessStepsNow(db)).toBe('rebuilt');
		await expectConsistent(db);
	});
});
