/**
 * The demo generator (scripts/demo): deterministic, canonical headers, referential integrity, the planted
 * anomalies present in the files, the GBK Chinese form decoding to the profile's headers and values and
 * to the same rows, Parquet readable by DuckDB with the same row counts.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { generateDemo, MANIFEST, ZH_NAMES, type DemoOptions } from '../../scripts/demo/generate';
import { WorkCalendar, addMonths, parseDay } from '../../scripts/demo/calendar';
import { encodeGbk } from '../../scripts/demo/gbk';
import { CANONICAL } from '../../src/lib/server/analytics/schema';

type Row = Record<string, string>;

/** Minimal RFC 4180 reader (quotes, doubled quotes). */
function parseCsv(text: string): { header: string[]; rows: Row[] } {
	const records: string[][] = [];
	let field = '';
	let rec: string[] = [];
	let q = false;
	for (let i = 0; i < text.length; i++) {
		const ch = text[i];
		if (q) {
			if (ch === '"' && text[i + 1] === '"') {
				field += '"';
				i++;
			} else if (ch === '"') q = false;
			else field += ch;
		} else if (ch === '"') q = true;
		else if (ch === ',') {
			rec.push(field);
			field = '';
		} else if (ch === '\n') {
			rec.push(field);
			records.push(rec);
			rec = [];
			field = '';
		} else if (ch !== '\r') field += ch;
	}
	if (field || rec.length) {
		rec.push(field);
		records.push(rec);
	}
	const [header, ...body] = records;
	for (const r of body)
		if (r.length !== header.length) throw new Error(`row has ${r.length} fields, header ${header.length}`);
	return { header, rows: body.map((r) => Object.fromEntries(header.map((h, i) => [h, r[i]]))) };
}

const root = path.resolve(__dirname, '../..');
const profile = JSON.parse(fs.readFileSync(path.join(root, 'data/profiles/default-zh.json'), 'utf8'));
const TABLES = ['regions', 'departments', 'items', 'cases', 'events', 'ratings'] as const;
let tmp: string;
let dirA: string;
let dirB: string;
const data: Record<string, { header: string[]; rows: Row[] }> = {};
const opts = (out: string): DemoOptions => ({
	out,
	cases: 2000,
	from: '2023-01-01',
	to: '2026-10-31',
	format: 'both',
	chinese: true,
	seed: 'test',
	events: true,
	progress: false,
	root
});

function listFiles(dir: string): string[] {
	return fs
		.readdirSync(dir, { recursive: true, withFileTypes: true })
		.filter((e) => e.isFile())
		.map((e) => path.relative(dir, path.join(e.parentPath, e.name)))
		.sort();
}

beforeAll(async () => {
	tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'demo-gen-'));
	dirA = path.join(tmp, 'a');
	dirB = path.join(tmp, 'b');
	await generateDemo(opts(dirA));
	await generateDemo(opts(dirB));
	for (const t of TABLES) data[t] = parseCsv(fs.readFileSync(path.join(dirA, `${t}.csv`), 'utf8'));
});

afterAll(() => {
	if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
});

describe('demo generator', () => {
	it('is deterministic: two runs with the same options write byte-identical files', () => {
		const files = listFiles(dirA);
		expect(files).toEqual(listFiles(dirB));
		expect(files).toContain('cases.parquet');
		for (const f of files)
			expect(fs.readFileSync(path.join(dirA, f)).equals(fs.readFileSync(path.join(dirB, f))), f).toBe(true);
	});

	it('writes the canonical headers and the requested number of cases', () => {
		for (const t of TABLES) expect(data[t].header).toEqual(CANONICAL[t].columns.map((c) => c.name));
		expect(data.cases.rows).toHaveLength(2000);
		const manifest = JSON.parse(fs.readFileSync(path.join(dirA, MANIFEST), 'utf8'));
		expect(manifest.options.cases).toBe(2000);
		expect(manifest.counts.cases).toBe(2000);
	});

	it('builds the jurisdiction of the seeds: a city, county, district, park, towns; 29 receiving departments', () => {
		const levels = data.regions.rows.map((r) => r.level);
		for (const l of ['city', 'county', 'district', 'park', 'town']) expect(levels).toContain(l);
		const peer = new Map<string, number>();
		for (const d of data.departments.rows) peer.set(d.peer_group, (peer.get(d.peer_group) ?? 0) + 1);
		expect(peer.size).toBe(5);
		expect(data.departments.rows.length - peer.get('市直部门')!).toBe(29);
		const modes = new Map<string, number>();
		for (const it of data.items.rows) modes.set(it.delegation_mode, (modes.get(it.delegation_mode) ?? 0) + 1);
		expect((modes.get('devolved') ?? 0) + (modes.get('entrusted') ?? 0) + (modes.get('empowered') ?? 0)).toBe(
			300
		);
		expect(modes.get('cancelled')).toBe(49);
		expect(modes.get('retained')).toBeGreaterThan(0);
		expect(new Set(data.items.rows.map((i) => i.batch).filter(Boolean)).size).toBeGreaterThanOrEqual(4);
	});

	it('keeps referential integrity', () => {
		const regions = new Set(data.regions.rows.map((r) => r.region_code));
		const depts = new Set(data.departments.rows.map((d) => d.dept_code));
		const items = new Set(data.items.rows.map((i) => i.item_code));
		const cases = new Set(data.cases.rows.map((c) => c.case_id));
		expect(regions.size).toBe(data.regions.rows.length);
		expect(depts.size).toBe(data.departments.rows.length);
		expect(items.size).toBe(data.items.rows.length);
		expect(cases.size).toBe(data.cases.rows.length);
		for (const r of data.regions.rows) if (r.parent_code) expect(regions.has(r.parent_code)).toBe(true);
		for (const d of data.departments.rows) expect(regions.has(d.region_code)).toBe(true);
		for (const i of data.items.rows) {
			expect(depts.has(i.dept_code)).toBe(true);
			if (i.source_dept_code) expect(depts.has(i.source_dept_code)).toBe(true);
		}
		for (const c of data.cases.rows) {
			expect(items.has(c.item_code)).toBe(true);
			expect(depts.has(c.dept_code)).toBe(true);
			expect(regions.has(c.region_code)).toBe(true);
		}
		for (const r of data.ratings.rows) {
			expect(depts.has(r.dept_code)).toBe(true);
			if (r.case_id) expect(cases.has(r.case_id)).toBe(true);
		}
		for (const e of data.events.rows) expect(cases.has(e.case_id)).toBe(true);
	});

	it('plants every anomaly the KPIs and flags look for', () => {
		const cal = new WorkCalendar(
			parseDay('2020-01-01'),
			parseDay('2028-12-31'),
			path.join(root, 'data/calendar/cn-holidays.csv')
		);
		const day = (ts: string) => parseDay(ts.slice(0, 10));
		const wd = (a: string, b: string) => cal.wd(day(a), day(b));
		const itemBy = new Map(data.items.rows.map((i) => [i.item_code, i]));
		const limit = (i: Row) =>
			i.promised_days !== '' ? +i.promised_days : i.statutory_days !== '' ? +i.statutory_days : null;
		const delegated = data.items.rows.filter((i) =>
			['devolved', 'entrusted', 'empowered'].includes(i.delegation_mode)
		);
		const accepted = delegated.filter((i) => i.accepted_on);
		const casesAtDept = new Set(data.cases.rows.map((c) => c.item_code + '|' + c.dept_code));
		const C = data.cases.rows;
		const end = '2026-10-31';
		const elapsed = (c: Row) =>
			Math.max(0, wd(c.accepted_at || c.submitted_at, c.completed_at) - +(c.suspended_days || 0));
		const count: Record<string, number> = {
			promised_null: data.items.rows.filter((i) => i.promised_days === '' && i.statutory_days !== '').length,
			no_limit: data.items.rows.filter((i) => i.promised_days === '' && i.statutory_days === '').length,
			promised_shorter: data.items.rows.filter(
				(i) => i.promised_days !== '' && +i.promised_days < +i.statutory_days
			).length,
			handover_on_time: accepted.filter((i) => wd(i.delegated_on, i.accepted_on) <= 15).length,
			handover_late: accepted.filter((i) => wd(i.delegated_on, i.accepted_on) > 15).length,
			never_accepted: delegated.length - accepted.length,
			idle_items: accepted.filter((i) => !casesAtDept.has(i.item_code + '|' + i.dept_code)).length,
			nominal_delegation: C.filter((c) => {
				const i = itemBy.get(c.item_code)!;
				return (
					i.source_dept_code === c.dept_code &&
					i.delegated_on &&
					day(c.submitted_at) > addMonths(parseDay(i.delegated_on), 3)
				);
			}).length,
			cancelled_item: C.filter((c) => {
				const i = itemBy.get(c.item_code)!;
				return i.cancelled_on && day(c.submitted_at) > parseDay(i.cancelled_on);
			}).length,
			rejected_with_reason: C.filter((c) => c.status === 'rejected' && c.reject_reason).length,
			no_reason_rejection: C.filter((c) => c.status === 'rejected' && !c.reject_reason).length,
			midway_return: C.filter((c) => c.status === 'returned' && c.accepted_at).length,
			withdrawn: C.filter((c) => c.status === 'withdrawn').length,
			no_one_time_notice: C.filter((c) => +c.supplement_requests >= 2).length,
			suspended: C.filter((c) => +c.suspended_days > 0).length,
			suspended_null: C.filter((c) => c.suspended_days === '').length,
			visits_null: C.filter((c) => c.visits === '').length,
			completed_before_accepted: C.filter(
				(c) => c.status === 'completed' && c.accepted_at && c.completed_at < c.accepted_at
			).length,
			completed_without_decision: C.filter((c) => c.status === 'completed' && !c.decided_at).length,
			red_overdue_completed: C.filter((c) => {
				const l = limit(itemBy.get(c.item_code)!);
				return c.status === 'completed' && l !== null && elapsed(c) > l;
			}).length,
			in_progress_overdue: 0,
			yellow_due_soon: 0,
			repeat_within_5_workdays: 0,
			tolerance_accepted: C.filter((c) => c.tolerance_accepted === 'true').length,
			parallel: C.filter((c) => c.parallel === 'true').length
		};
		for (const c of C.filter((c) => c.status === 'in_progress' && c.accepted_at)) {
			const l = limit(itemBy.get(c.item_code)!);
			if (l === null) continue;
			const used = wd(c.accepted_at, end) - +(c.suspended_days || 0);
			if (used > l) count.in_progress_overdue++;
			else if (l - used <= 1) count.yellow_due_soon++;
		}
		const lastCompletion = new Map<string, string>();
		for (const c of [...C].sort((a, b) => (a.submitted_at < b.submitted_at ? -1 : 1))) {
			if (!c.applicant_hash) continue;
			const k = c.applicant_hash + '|' + c.item_code;
			const prev = lastCompletion.get(k);
			if (prev && c.submitted_at > prev && wd(prev, c.submitted_at) <= 5) count.repeat_within_5_workdays++;
			if (c.status === 'completed') lastCompletion.set(k, c.completed_at);
		}
		const R = data.ratings.rows;
		const bad = R.filter((r) => +r.score <= 2);
		Object.assign(count, {
			bad_rectified_on_time: bad.filter((r) => r.rectified_at && wd(r.rated_at, r.rectified_at) <= 15).length,
			bad_rectified_late: bad.filter((r) => r.rectified_at && wd(r.rated_at, r.rectified_at) > 15).length,
			bad_never_rectified: bad.filter((r) => !r.rectified_at).length,
			bad_without_reason: bad.filter((r) => !r.reason).length,
			ratings_without_case: R.filter((r) => !r.case_id).length
		});
		for (const s of ['1', '2', '3', '4', '5']) count[`score_${s}`] = R.filter((r) => r.score === s).length;
		for (const [k, v] of Object.entries(count)) expect(v, k).toBeGreaterThan(0);
		expect(count.never_accepted).toBeGreaterThanOrEqual(3);
		expect(count.handover_on_time).toBeGreaterThan(count.handover_late);

		// The Chinese calendar: submissions mostly on working days, completions always on one.
		const onWorkday = C.filter((c) => cal.isWorkday(day(c.submitted_at))).length;
		expect(onWorkday / C.length).toBeGreaterThan(0.9);
		for (const c of C.filter((c) => c.status === 'completed'))
			expect(cal.isWorkday(day(c.completed_at)), c.case_id).toBe(true);
		// Repeat applicants are pseudonymous hashes, never raw ID numbers.
		for (const c of C) if (c.applicant_hash) expect(c.applicant_hash).toMatch(/^[0-9a-f]{32}$/);
	});

	it('shows the reform: elapsed shrinks and the online rate rises year over year', () => {
		const cal = new WorkCalendar(
			parseDay('2020-01-01'),
			parseDay('2028-12-31'),
			path.join(root, 'data/calendar/cn-holidays.csv')
		);
		const byYear = (y: string) => data.cases.rows.filter((c) => c.submitted_at.startsWith(y));
		const meanElapsed = (y: string) => {
			const done = byYear(y).filter(
				(c) => c.status === 'completed' && c.completed_at >= (c.accepted_at || c.submitted_at)
			);
			const s = done.reduce(
				(a, c) =>
					a +
					Math.max(
						0,
						cal.wd(
							parseDay((c.accepted_at || c.submitted_at).slice(0, 10)),
							parseDay(c.completed_at.slice(0, 10))
						) - +(c.suspended_days || 0)
					),
				0
			);
			return s / done.length;
		};
		const online = (y: string) => byYear(y).filter((c) => c.channel === 'online').length / byYear(y).length;
		expect(meanElapsed('2025')).toBeLessThan(meanElapsed('2023') * 0.9);
		expect(online('2026')).toBeGreaterThan(online('2023') + 0.1);
	});

	it('writes the Chinese form in GBK: profile headers and values, same rows as the canonical form', () => {
		const inverse = (key: string) => profile.values[key] as Record<string, string>;
		const dec = new TextDecoder('gbk');
		const isoDate = (s: string) => {
			const m =
				/^(\d{4})[年/-](\d{1,2})[月/-](\d{1,2})日?(?: (\d{2}):(\d{2})(?::(\d{2}))?)?$/.exec(s) ??
				/^(\d{4})(\d{2})(\d{2})$/.exec(s);
			if (!m) throw new Error(`unexpected date form: ${s}`);
			const p2 = (x: string) => x.padStart(2, '0');
			const d = `${m[1]}-${p2(m[2])}-${p2(m[3])}`;
			return m[4] ? `${d} ${m[4]}:${m[5]}:${m[6] ?? '00'}` : d;
		};
		const forms = new Set<string>();
		for (const t of ['regions', 'departments', 'items', 'cases', 'ratings'] as const) {
			const bytes = fs.readFileSync(path.join(dirA, 'zh', `${ZH_NAMES[t]}.csv`));
			const zh = parseCsv(dec.decode(bytes));
			const cols = CANONICAL[t].columns;
			expect(zh.header).toEqual(cols.map((c) => profile.headers[t][c.name][0]));
			expect(zh.rows).toHaveLength(data[t].rows.length);
			zh.rows.forEach((zr, i) => {
				const cr = data[t].rows[i];
				cols.forEach((col, j) => {
					const v = zr[zh.header[j]];
					let back = v;
					if (v !== '') {
						if (col.kind === 'bool') back = inverse('bool')[v];
						else if (col.kind === 'score') back = inverse('score')[v];
						else if (col.kind === 'date' || col.kind === 'timestamp') {
							back = isoDate(v);
							forms.add(v.replace(/\d/g, '9'));
						} else if (typeof col.kind === 'object') {
							const key = col.name === 'channel' ? `${t}.channel` : col.name;
							back = inverse(key)[v];
						}
					}
					expect(back, `${t}.${col.name} row ${i + 2}: ${v}`).toBe(cr[col.name]);
				});
			});
		}
		// Mixed Chinese forms, as a county system exports them.
		expect([...forms].some((f) => f.includes('年'))).toBe(true);
		expect([...forms].some((f) => f.includes('/'))).toBe(true);
		expect([...forms].some((f) => /^9{8}$/.test(f))).toBe(true);
		expect([...forms].some((f) => /^9999\/9\/9 99:99$/.test(f) || /^9999\/99?\/99? 99:99$/.test(f))).toBe(
			true
		);
	});

	it('encodes GBK exactly as TextDecoder("gbk") decodes it', () => {
		const s = '临江市发展和改革委员会〔2023〕（场）“五一”；办结,ABC 123';
		expect(new TextDecoder('gbk').decode(encodeGbk(s))).toBe(s);
		expect(() => encodeGbk('😀')).toThrow(/no GBK encoding/);
	});

	it('writes Parquet that DuckDB reads with the same row counts', async () => {
		const inst = await DuckDBInstance.create(':memory:');
		const conn = await inst.connect();
		try {
			for (const t of TABLES) {
				const r = await conn.runAndReadAll(
					`SELECT count(*) FROM read_parquet('${path.join(dirA, `${t}.parquet`)}')`
				);
				expect(Number(r.getRows()[0][0]), t).toBe(data[t].rows.length);
			}
			const r = await conn.runAndReadAll(
				`SELECT typeof(submitted_at), typeof(suspended_days), typeof(parallel) FROM read_parquet('${path.join(dirA, 'cases.parquet')}') LIMIT 1`
			);
			expect(r.getRows()[0]).toEqual(['TIMESTAMP', 'INTEGER', 'BOOLEAN']);
		} finally {
			conn.closeSync();
			inst.closeSync();
		}
	});
});
