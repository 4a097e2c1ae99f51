/**
 * CLI contracts: `ingest` (summary, exit codes), `tables --json`, `cases --format csv|json`; the GBK Chinese
 * directory and its canonical UTF-8 twin give byte-identical `cases` output.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { writeCanonical, writeChinese } from '../../fixtures/ingest-data';
import { tempDir, writeText } from '../helpers/ingest';
import { runCli } from '../helpers/cli';

const dir = tempDir('cli');
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

const cli = (...args: string[]) => runCli(args, { DATA_DIR: path.join(dir, 'data') });

describe('cli ingest / tables / cases', () => {
	const zhDb = path.join(dir, 'zh.duckdb');
	const enDb = path.join(dir, 'en.duckdb');

	it('imports a GBK Chinese directory and prints a summary', () => {
		writeChinese(path.join(dir, 'zh'), 'gbk');
		const r = cli('ingest', '--db', zhDb, path.join(dir, 'zh'));
		expect(r.stderr).toBe('');
		expect(r.code).toBe(0);
		expect(r.stdout).toMatch(/导入批次 \/ batch 1: 完成 \/ completed/);
		expect(r.stdout).toMatch(/办件\.csv\s+cases\s+csv\s+gbk\s+40\s+40\s+0\s+0/);
	});

	it('tables --json prints row counts of the canonical tables', () => {
		const r = cli('tables', '--db', zhDb, '--json');
		expect(r.code).toBe(0);
		expect(JSON.parse(r.stdout)).toEqual({
			regions: 4,
			departments: 4,
			items: 8,
			cases: 40,
			events: 25,
			ratings: 18,
			projects: 0,
			calendar: 13149
		});
	});

	it('the canonical UTF-8 twin gives identical cases output, as JSON and CSV', () => {
		writeCanonical(path.join(dir, 'en'));
		expect(cli('ingest', '--db', enDb, path.join(dir, 'en')).code).toBe(0);
		for (const format of ['json', 'csv']) {
			const zh = cli('cases', '--db', zhDb, '--format', format);
			const en = cli('cases', '--db', enDb, '--format', format);
			expect(zh.code).toBe(0);
			expect(zh.stdout.length).toBeGreaterThan(1000);
			expect(zh.stdout).toEqual(en.stdout);
		}
	});

	it('cases writes the canonical columns in order, ISO local timestamps, ordered by case_id', () => {
		const json = JSON.parse(cli('cases', '--db', zhDb, '--format', 'json').stdout) as Record<
			string,
			unknown
		>[];
		expect(json).toHaveLength(40);
		expect(Object.keys(json[0])).toEqual([
			'case_id',
			'item_code',
			'dept_code',
			'region_code',
			'channel',
			'applicant_type',
			'applicant_hash',
			'submitted_at',
			'accepted_at',
			'decided_at',
			'completed_at',
			'status',
			'reject_reason',
			'suspended_days',
			'visits',
			'supplement_requests',
			'tolerance_accepted',
			'parallel',
			'project_code'
		]);
		expect(json.map((c) => c.case_id)).toEqual([...json.map((c) => c.case_id as string)].sort());
		expect(json[1]).toMatchObject({
			case_id: 'C201800002',
			submitted_at: '2018-03-02T08:31:00',
			status: 'completed',
			visits: 1,
			tolerance_accepted: true
		});
		const csv = cli('cases', '--db', zhDb, '--format', 'csv').stdout.trim().split('\n');
		expect(csv).toHaveLength(41);
		expect(csv[0]).toBe(Object.keys(json[0]).join(','));
		expect(csv[2]).toMatch(/^C201800002,I002,D03,430121,window,enterprise,[0-9a-f]{64},2018-03-02T08:31:00,/);
	});

	it('rejected rows still exit 0 and are listed; a refused import exits 1 with a clear message', () => {
		const bad = writeText(
			dir,
			'bad/办件.csv',
			'办件编号,事项编码,办理部门编码,申请时间,办件状态\nB1,I001,D02,2018-02-30,在办\nB2,I001,D02,2018-03-02,在办\n'
		);
		const r = cli('ingest', '--db', zhDb, bad);
		expect(r.code).toBe(0);
		expect(r.stdout).toMatch(/办件\.csv 第 2 行 \/ row 2, 列 \/ column「申请时间」 = "2018-02-30": bad_date/);
		// A non-empty file of which nothing could be stored is a failure, with its rejects listed.
		const none = writeText(
			dir,
			'none/办件.csv',
			'办件编号,事项编码,办理部门编码,申请时间,办件状态\nB3,I001,D02,2018-02-30,在办\n'
		);
		const n = cli('ingest', '--db', zhDb, none);
		expect(n.code).toBe(1);
		expect(n.stderr).toMatch(/all 1 rows were rejected, nothing was stored/);
		expect(n.stderr).toMatch(/row 2, 列 \/ column「申请时间」 = "2018-02-30": bad_date/);
		const refused = writeText(dir, 'refused/cases.csv', 'case_id,submitted_at\nX1,2018-03-05\n');
		const f = cli('ingest', '--db', zhDb, refused);
		expect(f.code).toBe(1);
		expect(f.stderr).toMatch(/import failed, nothing was stored/);
		expect(f.stderr).toMatch(/cases\.csv.*事项编码 item_code/s);
		const t = JSON.parse(cli('tables', '--db', zhDb, '--json').stdout);
		expect(t.cases).toBe(41);
	});

	it('usage errors exit 2', () => {
		expect(cli('ingest', '--db', zhDb).code).toBe(2);
		expect(cli('cases', '--db', zhDb, '--format', 'xml').code).toBe(2);
		expect(cli('ingest', '--db', zhDb, '--encoding', 'latin1', dir).code).toBe(2);
	});
});
