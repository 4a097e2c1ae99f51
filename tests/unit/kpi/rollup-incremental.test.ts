/**
 * Incremental rollup maintenance (rollup.ts refreshKpiRollups): after each kind of batch the ingest
 * recomputes only the touched days, and the three rollups then hold exactly the rows a full rebuild gives —
 * new cases on new and on existing days, replaced cases that move day, department, channel and status,
 * new ratings, replaced ratings that move day and case or become default ratings, and a batch of events only.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { all, openAnalytics, type Analytics } from '../../../src/lib/server/analytics/db';
import {
	rebuildKpiRollups,
	ROLLUP_META_KEY,
	ROLLUP_VERSION
} from '../../../src/lib/server/analytics/kpi/rollup';
import { importFiles } from '../../../src/lib/server/ingest/index';
import { importedDemo, type DemoDb } from '../../fixtures/demo-db';
import { toCsv } from '../../fixtures/ingest-data';

const ROLLUPS = ['kpi_sub_day', 'kpi_done_day', 'kpi_rate_day'];
let dir = '';

function csv(name: string, header: string[], rows: (string | number | null)[][]): string {
	const f = path.join(dir, name);
	fs.writeFileSync(f, toCsv(header, rows));
	return f;
}

const CASE_COLS = [
	'case_id',
	'item_code',
	'dept_code',
	'region_code',
	'channel',
	'applicant_type',
	'submitted_at',
	'accepted_at',
	'completed_at',
	'status',
	'suspended_days',
	'visits',
	'supplement_requests'
];

describe('KPI rollups, incremental', () => {
	let demo: DemoDb;
	let db: Analytics;
	beforeAll(async () => {
		demo = await importedDemo({
			seed: 'kpi-rollup-inc',
			cases: 3_000,
			from: '2024-01-01',
			to: '2024-06-30',
			tables: ['regions', 'departments', 'items', 'cases', 'ratings'],
			events: true
		});
		({ db, dir } = demo);
	}, 300_000);
	afterAll(async () => demo?.cleanup());

	/** Import, check the refresh was incremental, then compare every rollup with a rebuild (both ways). */
	async function importAndCompare(file: string) {
		const s = await importFiles(db, [{ path: file }]);
		expect(s.status).toBe('completed');
		expect(s.rejectsTotal).toBe(0);
		expect(s.files[0].rowsStored).toBeGreaterThan(0);
		const [meta] = await db.read((c) => all(c, `SELECT value FROM meta WHERE key = $1`, [ROLLUP_META_KEY]));
		expect(JSON.parse(String(meta.value)).mode).toBe('incremental');
		const diffs = await db.write(async (c) => {
			for (const t of ROLLUPS) await c.run(`CREATE OR REPLACE TEMP TABLE inc_${t} AS SELECT * FROM ${t}`);
			await rebuildKpiRollups(c);
			const out: Record<string, number> = {};
			for (const t of ROLLUPS) {
				const [{ n }] = await all(
					c,
					`SELECT (SELECT count(*) FROM (SELECT * FROM inc_${t} EXCEPT ALL SELECT * FROM ${t}))
					      + (SELECT count(*) FROM (SELECT * FROM ${t} EXCEPT ALL SELECT * FROM inc_${t})) AS n`
				);
				out[t] = Number(n);
			}
			return out;
		});
		expect(diffs).toEqual({ kpi_sub_day: 0, kpi_done_day: 0, kpi_rate_day: 0 });
	}

	it('new cases on new and existing days', async () => {
		const [d] = await db.read((c) =>
			all(
				c,
				`SELECT item_code, dept_code, region_code FROM cases c JOIN items USING (item_code, dept_code) LIMIT 1`
			)
		);
		const rows = [
			// an existing day (cases on 2024-03-05 are already counted) and two days after the data
			[
				'INC-1',
				d.item_code,
				d.dept_code,
				d.region_code,
				'online',
				'person',
				'2024-03-05 09:00',
				'2024-03-05 10:00',
				'2024-03-08 16:00',
				'completed',
				0,
				0,
				0
			],
			[
				'INC-2',
				d.item_code,
				d.dept_code,
				d.region_code,
				'window',
				'enterprise',
				'2024-07-02 09:00',
				null,
				null,
				'rejected',
				null,
				2,
				3
			],
			[
				'INC-3',
				d.item_code,
				d.dept_code,
				d.region_code,
				'window',
				'person',
				'2024-07-03 09:00',
				'2024-07-03 09:30',
				'2024-07-03 11:00',
				'completed',
				0,
				1,
				0
			]
		] as (string | number | null)[][];
		await importAndCompare(csv('cases-new.csv', CASE_COLS, rows));
	});

	it('replaced cases that move day, department, channel and status (with ratings attached)', async () => {
		const old = await db.read((c) =>
			all(
				c,
				`SELECT c.case_id, c.item_code, c.region_code, c.channel, i2.dept_code AS other_dept, i2.item_code AS other_item
				 FROM cases c JOIN ratings r USING (case_id)
				 JOIN items i2 ON i2.dept_code <> c.dept_code
				 WHERE c.status = 'completed'
				 QUALIFY row_number() OVER (PARTITION BY c.case_id) = 1
				 ORDER BY c.case_id LIMIT 5`
			)
		);
		expect(old.length).toBe(5);
		const rows = old.map((o, i) => [
			o.case_id,
			o.other_item,
			o.other_dept,
			o.region_code,
			o.channel === 'online' ? 'window' : 'online',
			'person',
			`2024-08-0${i + 1} 09:00`,
			`2024-08-0${i + 1} 10:00`,
			i % 2 ? null : `2024-08-1${i} 15:00`,
			i % 2 ? 'in_progress' : 'completed',
			0,
			1,
			0
		]) as (string | number | null)[][];
		await importAndCompare(csv('cases-replaced.csv', CASE_COLS, rows));
	});

	it('new ratings and replaced ratings that move day and case', async () => {
		const rated = await db.read((c) =>
			all(c, `SELECT rating_id, dept_code FROM ratings ORDER BY rating_id LIMIT 3`)
		);
		const unrated = await db.read((c) =>
			all(
				c,
				`SELECT case_id, dept_code FROM cases c WHERE status = 'completed'
				 AND NOT EXISTS (SELECT 1 FROM ratings r WHERE r.case_id = c.case_id) ORDER BY case_id LIMIT 5`
			)
		);
		expect(unrated.length).toBe(5);
		const rows = [
			...rated.map((r, i) => [
				r.rating_id,
				unrated[i].case_id,
				unrated[i].dept_code,
				'app',
				`2024-09-0${i + 1} 10:00`,
				i + 1,
				null,
				i === 0 ? '2024-09-03 10:00' : null,
				// a replaced rating that becomes a default one (默认评价), one that stops being unknown
				i === 0 ? 'true' : i === 1 ? 'false' : null
			]),
			[
				'INC-R1',
				unrated[3].case_id,
				unrated[3].dept_code,
				'online',
				'2024-06-30 23:00',
				2,
				'slow',
				null,
				'true'
			],
			[
				'INC-R2',
				unrated[4].case_id,
				unrated[4].dept_code,
				'window_device',
				'2024-05-06 08:00',
				5,
				null,
				null,
				'false'
			]
		] as (string | number | null)[][];
		await importAndCompare(
			csv(
				'ratings-more.csv',
				[
					'rating_id',
					'case_id',
					'dept_code',
					'channel',
					'rated_at',
					'score',
					'reason',
					'rectified_at',
					'is_default'
				],
				rows
			)
		);
		const flags = await db.read((c) =>
			all(c, `SELECT rating_id, is_default FROM ratings WHERE rating_id IN ($1, $2, $3) ORDER BY rating_id`, [
				'INC-R1',
				'INC-R2',
				String(rated[0].rating_id)
			])
		);
		expect(Object.fromEntries(flags.map((r) => [r.rating_id, r.is_default]))).toEqual({
			'INC-R1': true,
			'INC-R2': false,
			[String(rated[0].rating_id)]: true
		});
	});

	it('a batch of events only', async () => {
		await importAndCompare(path.join(dir, 'events.csv'));
	});

	it('rollups of an older layout are rebuilt when the database opens', async () => {
		const { closeAllAnalytics } = await import('../../../src/lib/server/analytics/db');
		const file = path.join(dir, 'upgrade.duckdb');
		let f = await openAnalytics(file);
		const files = ['regions', 'departments', 'items', 'cases', 'ratings'].map((n) => ({
			path: path.join(dir, `${n}.csv`)
		}));
		expect((await importFiles(f, files)).status).toBe('completed');
		// as an installation before ROLLUP_VERSION 2 left it: no per-channel columns, no version in the record
		// (nor the defaults column of version 3)
		await f.write(async (c) => {
			await c.run(`ALTER TABLE kpi_done_day DROP COLUMN rated_app`);
			await c.run(`ALTER TABLE kpi_rate_day DROP COLUMN defaults`);
			await c.run(`UPDATE meta SET value = replace(value, $2, '') WHERE key = $1`, [
				ROLLUP_META_KEY,
				`,"version":${ROLLUP_VERSION}`
			]);
		});
		await closeAllAnalytics();
		f = await openAnalytics(file);
		try {
			const [meta] = await f.read((c) => all(c, `SELECT value FROM meta WHERE key = $1`, [ROLLUP_META_KEY]));
			expect(JSON.parse(String(meta.value))).toMatchObject({ version: ROLLUP_VERSION, mode: 'rebuilt' });
			const cols = await f.read((c) =>
				all(
					c,
					`SELECT table_name || '.' || column_name AS col FROM duckdb_columns() WHERE table_name LIKE 'kpi_%'`
				)
			);
			expect(cols.map((r) => r.col)).toEqual(
				expect.arrayContaining(['kpi_done_day.rated_app', 'kpi_rate_day.defaults'])
			);
		} finally {
			await closeAllAnalytics();
		}
	});
});
