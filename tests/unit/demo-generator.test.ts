/**
 * The demo generator (scripts/demo): deterministic, canonical headers, referential integrity, the planted
 * anomalies present in the files, the GBK Chinese form decoding to the profile's headers and values and
 * to the same rows, Parquet readable by DuckDB with the same row counts, default ratings (默认评价), and the
 * platform-style flat exports (OUT/flat/) holding the same rows as the canonical files; the park's investment
 * projects (register, stage order, parallel approvals, stuck and over-target projects), also as the project engine
 * reads them after the product's import.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import ExcelJS from 'exceljs';
import { DEFAULTS, MANIFEST, ZH_NAMES, projectCount, type DemoOptions } from '../../scripts/demo/generate';
import { outColumns } from '../../scripts/demo/rows';
import { Rng } from '../../scripts/demo/random';
import { buildJurisdiction } from '../../scripts/demo/jurisdiction';
import { buildCatalogue } from '../../scripts/demo/catalogue';
import { creditCodeValid, defaultProjects, planProjects, unionDays } from '../../scripts/demo/projects';
import { projectTable } from '../../src/lib/server/analytics/projects/figures';
import { importedDemo, type DemoDb } from '../fixtures/demo-db';
import {
	CASE_COLUMNS,
	CATALOGUE_COLUMNS,
	FLAT_FILES,
	RATING_COLUMNS,
	STAGE_WORDS,
	writeFlatExports
} from '../../scripts/demo/flat';
import { DEFAULT_DELAY } from '../../scripts/demo/ratings';
import { WorkCalendar, addMonths, parseDay } from '../../scripts/demo/calendar';
import { encodeGbk } from '../../scripts/demo/gbk';
import { CANONICAL } from '../../src/lib/server/analytics/schema';

type Row = Record<string, string>;

/** Minimal RFC 4180 reader (quotes, doubled quotes): all records. */
function parseRecords(text: string): string[][] {
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
	return records;
}

/** Header on the first line, one object per record. */
function parseCsv(text: string): { header: string[]; rows: Row[] } {
	const [header, ...body] = parseRecords(text);
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
	// The flat exports ride along on the same runs (they must not change the canonical files).
	await writeFlatExports(opts(dirA), 'both');
	await writeFlatExports(opts(dirB), 'both');
	for (const t of [...TABLES, 'projects']) data[t] = parseCsv(fs.readFileSync(path.join(dirA, `${t}.csv`), 'utf8'));
});

afterAll(() => {
	if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
});

describe('demo generator', () => {
	it('is deterministic: two runs with the same options write byte-identical files', () => {
		const files = listFiles(dirA);
		expect(files).toEqual(listFiles(dirB));
		expect(files).toContain('cases.parquet');
		expect(files).toContain(path.join('flat', FLAT_FILES.casesCsv));
		// XLSX zips carry the writing time of each entry; their cells are compared in the flat tests.
		for (const f of files.filter((f) => !f.endsWith('.xlsx')))
			expect(fs.readFileSync(path.join(dirA, f)).equals(fs.readFileSync(path.join(dirB, f))), f).toBe(true);
	});

	it('writes the canonical headers and the requested number of cases', () => {
		for (const t of TABLES) expect(data[t].header).toEqual(CANONICAL[t].columns.map((c) => c.name));
		// The register carries the owner's 统一社会信用代码 where the table stores only its hash (owner_verify).
		expect(data.projects.header).toEqual(
			CANONICAL.projects.columns.map((c) => (c.name === 'owner_verify' ? 'owner_code' : c.name))
		);
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
		// ~300 ordinary delegated items; the park's project approval items (with a stage) come on top.
		for (const it of data.items.rows.filter((i) => !i.stage))
			modes.set(it.delegation_mode, (modes.get(it.delegation_mode) ?? 0) + 1);
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
		for (const t of ['regions', 'departments', 'items', 'projects', 'cases', 'ratings'] as const) {
			const bytes = fs.readFileSync(path.join(dirA, 'zh', `${ZH_NAMES[t]}.csv`));
			const zh = parseCsv(dec.decode(bytes));
			const cols = outColumns(t);
			// is_default is newer than the shipped profile: the generator falls back to 是否默认评价.
			const zhHeader = (c: string) =>
				profile.headers[t][c]?.[0] ?? (t === 'ratings' && c === 'is_default' ? '是否默认评价' : undefined);
			expect(zh.header).toEqual(cols.map((c) => zhHeader(c.name)));
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
			for (const t of [...TABLES, 'projects']) {
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
	it('writes default ratings (默认评价): a share of every department, more at lagging units, always 非常满意', () => {
		const R = data.ratings.rows;
		const def = R.filter((r) => r.is_default === 'true');
		expect(R.every((r) => r.is_default === 'true' || r.is_default === 'false')).toBe(true);
		expect(def.length / R.length).toBeGreaterThan(0.12);
		expect(def.length / R.length).toBeLessThan(0.35);
		const caseBy = new Map(data.cases.rows.map((c) => [c.case_id, c]));
		const sec = (ts: string) => Date.parse(ts.replace(' ', 'T') + 'Z') / 1000;
		for (const r of def) {
			expect(r.score).toBe('5');
			expect(r.reason).toBe('');
			expect(r.rectified_at).toBe('');
			const c = caseBy.get(r.case_id)!;
			expect(c.status).toBe('completed');
			expect(sec(r.rated_at) - sec(c.completed_at)).toBe(DEFAULT_DELAY);
		}
		// One rating per case at most: the platform rates only what the applicant left unrated.
		const rated = R.filter((r) => r.case_id).map((r) => r.case_id);
		expect(new Set(rated).size).toBe(rated.length);
		// Lagging units (the manifest's three) push their applicants harder: more of their completed cases that the
		// applicant left unrated get a default rating than at the rest (the per-unit propensity of ratings.ts; the
		// share of all ratings is too noisy at 2 000 cases, where the park's project cases crowd one lagging unit).
		const lagging = new Set(
			data.departments.rows
				.filter((d) =>
					['江源县自然资源局', '河西区住房和城乡建设局', '临江经开区规划建设局'].includes(d.name)
				)
				.map((d) => d.dept_code)
		);
		const ratedBy = new Map(R.filter((r) => r.case_id).map((r) => [r.case_id, r.is_default === 'true']));
		const share = (f: (c: Row) => boolean) => {
			const unrated = data.cases.rows.filter((c) => c.status === 'completed' && ratedBy.get(c.case_id) !== false && f(c));
			return unrated.filter((c) => ratedBy.get(c.case_id)).length / unrated.length;
		};
		expect(share((c) => lagging.has(c.dept_code))).toBeGreaterThan(share((c) => !lagging.has(c.dept_code)) + 0.1);
		// The Chinese form says 是 / 否.
		const zh = parseCsv(new TextDecoder('gbk').decode(fs.readFileSync(path.join(dirA, 'zh', '评价.csv'))));
		expect(zh.rows.filter((r) => r['是否默认评价'] === '是')).toHaveLength(def.length);
		expect(zh.rows.every((r) => ['是', '否'].includes(r['是否默认评价']))).toBe(true);
	});

	it('writes events with the Chinese steps, loops, hand-offs and the bottleneck at lagging units (issue 17)', () => {
		const C = new Map(data.cases.rows.map((c) => [c.case_id, c]));
		const byCase = new Map<string, Row[]>();
		for (const e of data.events.rows) {
			if (!byCase.has(e.case_id)) byCase.set(e.case_id, []);
			byCase.get(e.case_id)!.push(e);
		}
		// Every case of a small run has its steps.
		expect(byCase.size).toBe(data.cases.rows.length);
		const STEPS = ['收件', '受理', '审查', '现场踏勘', '审核', '决定', '制证', '送达', '补正', '不予受理', '退件', '撤回'];
		expect(new Set(data.events.rows.map((e) => e.activity))).toEqual(new Set(STEPS));
		const sec = (ts: string) => Date.parse(ts.replace(' ', 'T') + 'Z') / 1000;
		let loops = 0;
		let reviewTwice = 0;
		let unitHandoffs = 0;
		const gap = { lagging: [] as number[], other: [] as number[] };
		const lagging = new Set(
			data.departments.rows
				.filter((d) => ['江源县自然资源局', '河西区住房和城乡建设局', '临江经开区规划建设局'].includes(d.name))
				.map((d) => d.dept_code)
		);
		for (const [id, es] of byCase) {
			const c = C.get(id)!;
			expect(es[0].activity).toBe('收件');
			expect(es[0].ts).toBe(c.submitted_at);
			const acts = es.map((e) => e.activity);
			if (c.status === 'completed' && sec(c.completed_at) >= sec(c.accepted_at)) {
				// listed in time order (决定 and 送达 may share the case's minute), ending with 送达 at completion
				for (let i = 1; i < es.length; i++) expect(sec(es[i].ts), id).toBeGreaterThanOrEqual(sec(es[i - 1].ts));
				expect(acts.at(-1)).toBe('送达');
				expect(es.at(-1)!.ts).toBe(c.completed_at);
			}
			if (acts.includes('补正')) loops++;
			if (acts.filter((a) => a === '审核').length > 1) reviewTwice++;
			if (es.some((e) => e.dept_code !== c.dept_code)) unitHandoffs++;
			const s = acts.indexOf('现场踏勘');
			if (s >= 0 && acts[s + 1] === '审核')
				gap[lagging.has(c.dept_code) ? 'lagging' : 'other'].push((sec(es[s + 1].ts) - sec(es[s].ts)) / 86400);
		}
		expect(loops).toBeGreaterThan(50);
		expect(reviewTwice).toBeGreaterThan(20);
		expect(unitHandoffs).toBeGreaterThan(20);
		const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
		expect(gap.lagging.length).toBeGreaterThan(20);
		expect(median(gap.lagging)).toBeGreaterThan(3 * median(gap.other));
	});

	describe('flat exports (OUT/flat/)', () => {
		const flat = (f: string) => path.join(dirA, 'flat', f);
		const gbk = (f: string) => new TextDecoder('gbk').decode(fs.readFileSync(flat(f)));
		const slash = (ts: string) => {
			// canonical `2025-03-05 14:02:00` → platform `2025/3/5 14:02`
			const [d, t] = ts.split(' ');
			const [y, m, dd] = d.split('-');
			return `${y}/${+m}/${+dd} ${t.slice(0, 5)}`;
		};
		const STATUS: Record<string, string[]> = {
			completed: ['准予许可', '不予许可', '已办结'],
			rejected: ['不予受理'],
			returned: ['退件'],
			withdrawn: ['撤件'],
			in_progress: ['在办']
		};
		const CHANNEL: Record<string, string> = {
			online: '网上申报',
			window: '窗口申报',
			self_service: '自助终端'
		};

		it('writes the four files; department names are unique (好差评 resolves units by name)', () => {
			for (const f of Object.values(FLAT_FILES)) expect(fs.statSync(flat(f)).size, f).toBeGreaterThan(1000);
			const names = data.departments.rows.map((d) => d.name);
			expect(new Set(names).size).toBe(names.length);
		});

		it('办件明细.csv: GBK, two title lines, the header, the same cases as cases.csv, a 合计 line', () => {
			const recs = parseRecords(gbk(FLAT_FILES.casesCsv));
			expect(recs[0][0]).toBe('临江市政务服务办件明细表');
			expect(recs[1][0]).toMatch(/^导出时间：2026-11-01 08:00\u3000导出人：/);
			expect(recs[2]).toEqual([...CASE_COLUMNS]);
			const last = recs.at(-1)!;
			expect(last.slice(0, 2)).toEqual(['合计', '2000']);
			const body = recs.slice(3, -1).map((r) => Object.fromEntries(CASE_COLUMNS.map((h, i) => [h, r[i]])));
			expect(body.map((r) => r['申报号'])).toEqual(data.cases.rows.map((c) => c.case_id));
			const itemBy = new Map(data.items.rows.map((i) => [i.item_code, i]));
			const deptBy = new Map(data.departments.rows.map((d) => [d.dept_code, d]));
			const nameOnly = new Set<string>();
			body.forEach((r, i) => {
				const c = data.cases.rows[i];
				const it = itemBy.get(c.item_code)!;
				expect(r['序号']).toBe(String(i + 1));
				if (r['事项编码'] === '') nameOnly.add(c.item_code);
				else expect(r['事项编码']).toBe(c.item_code);
				expect(r['事项名称']).toBe(it.name);
				expect(r['实施主体']).toBe(deptBy.get(c.dept_code)!.name);
				expect(r['实施主体编码']).toBe(c.dept_code);
				expect(r['申报方式']).toBe(CHANNEL[c.channel]);
				expect(r['申请人类型']).toBe(c.applicant_type === 'person' ? '自然人' : '法人');
				expect(r['申报时间']).toBe(c.submitted_at);
				expect(r['受理时间']).toBe(c.accepted_at);
				expect(r['办结时间']).toBe(c.completed_at && slash(c.completed_at));
				expect(STATUS[c.status]).toContain(r['办理状态']);
				expect(r['法定办结时限(工作日)']).toBe(it.statutory_days);
				expect(r['承诺办结时限(工作日)']).toBe(it.promised_days);
				expect(r['特殊环节用时(工作日)']).toBe(c.suspended_days);
				expect(r['跑动次数']).toBe(c.visits);
				expect(r['补正次数']).toBe(c.supplement_requests);
				expect(r['项目代码']).toBe(c.project_code);
				expect(r['审批阶段']).toBe(c.project_code ? STAGE_WORDS[it.stage] : '');
			});
			expect(body.filter((r) => r['项目代码']).length).toBeGreaterThan(100);
			// An item is either always or never exported without its code; about 1 in 20.
			const codesSeen = new Set(body.map((r) => r['事项编码']).filter(Boolean));
			for (const code of nameOnly) expect(codesSeen.has(code)).toBe(false);
			expect(nameOnly.size).toBeGreaterThan(0);
			expect(nameOnly.size).toBeLessThan(40);
			expect(body.some((r) => r['办理状态'] === '准予许可')).toBe(true);
			expect(body.some((r) => r['办理状态'] === '已办结')).toBe(true);
		});

		it('办件明细.xlsx: title, export line, header on row 4, one sheet per year with a 合计 row, a 说明 sheet', async () => {
			const wb = new ExcelJS.Workbook();
			await wb.xlsx.readFile(flat(FLAT_FILES.casesXlsx));
			const years = [...new Set(data.cases.rows.map((c) => c.submitted_at.slice(0, 4)))];
			expect(wb.worksheets.map((w) => w.name)).toEqual([...years.map((y) => `${y}年`), '说明']);
			const ids: string[] = [];
			const canon = new Map(data.cases.rows.map((c) => [c.case_id, c]));
			const iso = (d: Date) => d.toISOString().slice(0, 19).replace('T', ' ');
			for (const y of years) {
				const ws = wb.getWorksheet(`${y}年`)!;
				expect(ws.getCell('A1').value).toBe('临江市政务服务办件明细表');
				expect(ws.getCell('A1').isMerged).toBe(true);
				expect(ws.getCell('Q1').isMerged).toBe(true);
				expect(String(ws.getCell('A2').value)).toMatch(/^导出时间：2026-11-01 08:00/);
				expect(ws.getRow(3).cellCount).toBe(0);
				expect((ws.getRow(4).values as unknown[]).slice(1)).toEqual([...CASE_COLUMNS]);
				const last = ws.rowCount;
				expect(ws.getCell(last, 1).value).toBe('合计');
				const n = last - 5;
				expect(ws.getCell(last, 2).value).toBe(n);
				for (let r = 5; r < last; r++) {
					const row = ws.getRow(r);
					const id = row.getCell(2).value as string;
					ids.push(id);
					const c = canon.get(id)!;
					expect(row.getCell(1).value).toBe(r - 4);
					const sub = row.getCell(9);
					expect(sub.type).toBe(ExcelJS.ValueType.Date);
					expect(sub.numFmt).toMatch(/yy/);
					expect(iso(sub.value as Date)).toBe(c.submitted_at);
					const acc = row.getCell(10).value as Date | null;
					expect(acc ? iso(acc) : '').toBe(c.accepted_at);
					const done = row.getCell(11).value;
					expect(done ?? '').toBe(c.completed_at && slash(c.completed_at));
					if (done !== null) expect(typeof done).toBe('string');
					expect(row.getCell(6).value).toBe(c.dept_code);
				}
			}
			expect(ids).toEqual(data.cases.rows.map((c) => c.case_id));
			const notes = wb.getWorksheet('说明')!;
			expect(notes.rowCount).toBeGreaterThanOrEqual(3);
			notes.eachRow((row) => expect(row.cellCount).toBe(1));
		});

		it('好差评.csv: GBK, the same ratings; 评价部门 by name only; 评价方式 主动 / 默认', () => {
			const { header, rows } = parseCsv(gbk(FLAT_FILES.ratingsCsv));
			expect(header).toEqual([...RATING_COLUMNS]);
			expect(rows.map((r) => r['评价编号'])).toEqual(data.ratings.rows.map((r) => r.rating_id));
			const codeByName = new Map(data.departments.rows.map((d) => [d.name, d.dept_code]));
			const SCORE = ['', '非常不满意', '不满意', '基本满意', '满意', '非常满意'];
			const CH: Record<string, string> = {
				window_device: '窗口评价器',
				online: 'PC端',
				app: '移动端',
				sms: '短信',
				hotline: '12345热线'
			};
			rows.forEach((r, i) => {
				const c = data.ratings.rows[i];
				expect(r['办件编号']).toBe(c.case_id);
				expect(codeByName.get(r['评价部门'])).toBe(c.dept_code);
				expect(r['评价渠道']).toBe(CH[c.channel]);
				expect(r['评价时间']).toBe(c.rated_at);
				expect(r['评价等级']).toBe(SCORE[+c.score]);
				expect(r['评价方式']).toBe(c.is_default === 'true' ? '默认评价' : '主动评价');
				expect(r['差评原因']).toBe(c.reason);
				if (c.rectified_at) expect(r['整改时间']).toBe(slash(c.rectified_at) + c.rectified_at.slice(16));
				else expect(r['整改时间']).toBe('');
			});
		});

		it('权力清单.xlsx: title row, header, every item that the 办件 export names by code', async () => {
			const wb = new ExcelJS.Workbook();
			await wb.xlsx.readFile(flat(FLAT_FILES.catalogueXlsx));
			const ws = wb.worksheets[0];
			expect(String(ws.getCell('A1').value)).toMatch(/^临江市/);
			expect((ws.getRow(2).values as unknown[]).slice(1)).toEqual([...CATALOGUE_COLUMNS]);
			const codes: string[] = [];
			for (let r = 3; r <= ws.rowCount; r++) codes.push(ws.getCell(r, 1).value as string);
			const recs = parseRecords(gbk(FLAT_FILES.casesCsv)).slice(3, -1);
			const noCode = new Set(recs.filter((r) => r[2] === '').map((r) => r[3]));
			const itemBy = new Map(data.items.rows.map((i) => [i.item_code, i]));
			expect(codes.length).toBeGreaterThan(data.items.rows.length * 0.9);
			for (const code of codes) expect(noCode.has(itemBy.get(code)!.name)).toBe(false);
			// Left out: the items exported without a code (~1 in 20); none of them shows its code anywhere.
			const withCode = new Set(recs.map((r) => r[2]).filter(Boolean));
			const left = data.items.rows.filter((i) => !codes.includes(i.item_code));
			expect(left).toHaveLength(Math.round(data.items.rows.length / 20));
			for (const i of left) expect(withCode.has(i.item_code)).toBe(false);
			for (const name of noCode) expect(left.map((i) => i.name)).toContain(name);
			const first = data.items.rows.find((i) => i.item_code === codes[0])!;
			const row = ws.getRow(3);
			expect(row.getCell(2).value).toBe(first.name);
			expect(row.getCell(4).value).toBe(first.dept_code);
			const delegated = row.getCell(7).value;
			if (first.delegated_on) expect((delegated as Date).toISOString().slice(0, 10)).toBe(first.delegated_on);
		});
	});
	describe('investment projects of the park (issue 14)', () => {
		const END = '2026-10-31';
		const cal = new WorkCalendar(parseDay('2020-01-01'), parseDay('2028-12-31'), path.join(root, 'data/calendar/cn-holidays.csv'));
		const day = (ts: string) => parseDay(ts.slice(0, 10));
		const wi = (d: number) => cal.wd(cal.first, d);
		const ORDER = ['planning', 'engineering', 'construction', 'acceptance'];
		const stageOf = () => new Map(data.items.rows.map((i) => [i.item_code, i.stage]));
		/** project → its cases with stage, start day, end day (null: open at the end date) */
		const byProject = () => {
			const st = stageOf();
			const m = new Map<string, { c: Row; stage: string; s: number; e: number | null }[]>();
			for (const c of data.cases.rows) {
				if (!c.project_code) continue;
				const list = m.get(c.project_code) ?? [];
				list.push({ c, stage: st.get(c.item_code)!, s: day(c.accepted_at || c.submitted_at), e: c.completed_at ? day(c.completed_at) : null });
				m.set(c.project_code, list);
			}
			return m;
		};
		/** approval working days of cases (DOMAIN.md: the union of (start, end], an open case up to the end date) */
		const approval = (cs: { s: number; e: number | null }[]) =>
			unionDays(cs.map((x) => ({ start: wi(x.s), end: wi(x.e ?? parseDay(END)) })));

		it('writes a register of the park: codes like the national 投资项目代码, valid 统一社会信用代码, 150 projects at the demo default', () => {
			const P = data.projects.rows;
			expect(P).toHaveLength(projectCount(opts('')));
			expect(defaultProjects(DEFAULTS.cases)).toBe(150);
			expect(defaultProjects(2000)).toBe(20);
			const manifest = JSON.parse(fs.readFileSync(path.join(dirA, MANIFEST), 'utf8'));
			expect(manifest.counts.projects.projects).toBe(P.length);
			expect(new Set(P.map((p) => p.project_code)).size).toBe(P.length);
			const cases = byProject();
			for (const p of P) {
				expect(p.project_code).toMatch(/^20\d\d-439071-\d\d-0[23]-\d{6}$/);
				expect(creditCodeValid(p.owner_code), p.owner_code).toBe(true);
				expect(p.name).toMatch(/项目$/);
				expect(p.owner_name).toMatch(/公司$/);
				expect(p.park).toBe('临江经济技术开发区');
				expect(p.region_code).toBe('439071');
				expect(+p.investment).toBeGreaterThan(0);
				expect(p.planned_start).toMatch(/^\d{4}-\d\d-01$/);
				// the code's year is the year the project was filed
				const first = Math.min(...cases.get(p.project_code)!.map((x) => x.s));
				expect(p.project_code.slice(0, 4)).toBe(String(cal.year[first - cal.first]));
			}
		});

		it('files ordinary cases of the stage items: right departments, every project case on a stage item and back', () => {
			const items = new Map(data.items.rows.map((i) => [i.item_code, i]));
			const codes = new Set(data.projects.rows.map((p) => p.project_code));
			const stageItems = data.items.rows.filter((i) => i.stage);
			expect(new Set(stageItems.map((i) => i.stage))).toEqual(new Set(ORDER));
			expect(stageItems.length).toBeGreaterThanOrEqual(15);
			const depts = new Map(data.departments.rows.map((d) => [d.dept_code, d]));
			for (const c of data.cases.rows) {
				const it = items.get(c.item_code)!;
				expect(!!c.project_code, c.case_id).toBe(!!it.stage);
				if (!c.project_code) continue;
				expect(codes.has(c.project_code)).toBe(true);
				expect([it.dept_code, it.source_dept_code]).toContain(c.dept_code);
				expect(c.region_code).toBe(depts.get(c.dept_code)!.region_code);
				expect(c.applicant_type).toBe('enterprise');
				expect(['completed', 'in_progress']).toContain(c.status);
			}
			// Held by the park's departments and the city's 人防办.
			const holders = new Set(stageItems.map((i) => depts.get(i.dept_code)!.name));
			expect(holders).toEqual(new Set(['临江经开区经济发展局', '临江经开区规划建设局', '临江经开区安全环保局', '临江市人民防空办公室']));
			// Project cases are rated like the others.
			const projectCases = new Set(data.cases.rows.filter((c) => c.project_code).map((c) => c.case_id));
			expect(data.ratings.rows.filter((r) => projectCases.has(r.case_id)).length).toBeGreaterThan(20);
		});

		it('runs the stages in order, approvals in parallel inside a stage, the applicant\'s time between stages', () => {
			let overlapping = 0;
			let multi = 0;
			for (const [code, cs] of byProject()) {
				const at = (k: number) => cs.filter((x) => x.stage === ORDER[k]);
				for (let k = 0; k + 1 < ORDER.length; k++) {
					const later = ORDER.slice(k + 1).flatMap((_, j) => at(k + 1 + j));
					if (!later.length) continue;
					const done = at(k);
					expect(done.length, code).toBeGreaterThan(0);
					// every case of an earlier stage ended before any case of a later one started
					for (const x of done) expect(x.e, code).not.toBeNull();
					const end = Math.max(...done.map((x) => x.e!));
					const start = Math.min(...later.map((x) => x.s));
					expect(start, code).toBeGreaterThanOrEqual(end);
					// between stages: the applicant's design, land transfer or building time
					expect(cal.wd(end, start), code).toBeGreaterThanOrEqual(2);
				}
				for (const s of ORDER) {
					const g = cs.filter((x) => x.stage === s);
					if (g.length < 2) continue;
					multi++;
					const e = (x: (typeof g)[number]) => x.e ?? parseDay(END);
					if (g.some((a, i) => g.some((b, j) => i !== j && a.s < e(b) && b.s < e(a) && a.c.parallel === 'true')))
						overlapping++;
				}
			}
			expect(multi).toBeGreaterThan(20);
			expect(overlapping / multi).toBeGreaterThan(0.5);
		});

		it('plants stuck projects (an approval open for months at the end date) and projects finished far over target', () => {
			const manifest = JSON.parse(fs.readFileSync(path.join(dirA, MANIFEST), 'utf8'));
			const end = parseDay(END);
			let stuck = 0;
			let farOver = 0;
			for (const cs of byProject().values()) {
				if (cs.some((x) => x.e === null && cal.wd(x.s, end) >= 60)) stuck++;
				const finished = cs.every((x) => x.e !== null) && cs.some((x) => x.stage === 'acceptance');
				const a = approval(cs);
				if (finished && a >= 149 && a <= 251) farOver++;
			}
			expect(manifest.counts.projects.stuck).toBeGreaterThanOrEqual(1);
			expect(stuck).toBe(manifest.counts.projects.stuck);
			expect(farOver).toBeGreaterThanOrEqual(manifest.counts.projects.over_target);
		});

		it('at the demo default size plans 150 projects: ~5 % stuck, ~5 % far over target, most within 120 working days', () => {
			const from = parseDay(DEFAULTS.from);
			const to = parseDay(DEFAULTS.to);
			const c = new WorkCalendar(addMonths(from, -30), to + 500, path.join(root, 'data/calendar/cn-holidays.csv'));
			const rng = new Rng(`${DEFAULTS.seed}:structure`);
			const j = buildJurisdiction(rng);
			const cat = buildCatalogue(rng, j, c, from, to);
			const plan = planProjects({ seed: DEFAULTS.seed, cal: c, items: cat.projectItems, regions: j.regions, projects: projectCount(DEFAULTS), from, to });
			expect(plan.projects).toHaveLength(150);
			expect(plan.counts.stuck).toBeGreaterThanOrEqual(6);
			expect(plan.counts.stuck).toBeLessThanOrEqual(9);
			expect(plan.counts.over_target).toBe(plan.counts.stuck);
			for (const p of plan.projects.filter((p) => p.role === 'over_target')) {
				expect(p.planned_approval).toBeGreaterThanOrEqual(149);
				expect(p.planned_approval).toBeLessThanOrEqual(251);
			}
			const normal = plan.projects.filter((p) => p.role === 'normal').map((p) => p.planned_approval).sort((a, b) => a - b);
			const median = normal[normal.length >> 1];
			expect(median).toBeGreaterThanOrEqual(60);
			expect(median).toBeLessThanOrEqual(110);
			expect(normal.filter((x) => x <= 120).length / normal.length).toBeGreaterThan(0.85);
			// filed over the last two years (stuck and over-target ones earlier when their plan needs it)
			const filed = plan.projects.filter((p) => p.role === 'normal').map((p) => p.filed);
			expect(Math.min(...filed)).toBeGreaterThanOrEqual(addMonths(to, -24));
			expect(plan.cases).toBeGreaterThan(150 * 5);
		});
	});

	describe('projects through the product import and the project engine', () => {
		let demo: DemoDb;
		const END = '2026-10-31';
		beforeAll(async () => {
			demo = await importedDemo({
				seed: 'projects',
				cases: 30_000,
				projects: 60,
				from: '2023-01-01',
				to: END,
				tables: ['regions', 'departments', 'items', 'projects', 'cases']
			});
		}, 300_000);
		afterAll(async () => {
			await demo?.cleanup();
		});

		it('at the end date: every project, complete ones, open ones, over target ones; the engine agrees with the rows', async () => {
			const t = await projectTable(demo.db, END, { total: 120, stages: {} });
			expect(t.has_register).toBe(true);
			expect(t.projects).toHaveLength(60);
			for (const p of t.projects) {
				expect(p.name).toMatch(/项目$/);
				expect(p.park).toBe('临江经济技术开发区');
			}
			const complete = t.projects.filter((p) => p.complete);
			expect(complete.length).toBeGreaterThan(10);
			expect(t.projects.filter((p) => p.state === 'in_progress').length).toBeGreaterThanOrEqual(3);
			expect(complete.filter((p) => p.on_target === false && p.approval_workdays >= 149).length).toBeGreaterThanOrEqual(3);
			expect(complete.filter((p) => p.stages.acceptance && p.on_target).length).toBeGreaterThan(3);
			expect(new Set(t.projects.map((p) => p.current_stage))).toEqual(new Set(['planning', 'engineering', 'construction', 'acceptance']));

			// The engine's approval working days equal the union of the case intervals computed here from the rows.
			const cal = new WorkCalendar(parseDay('2020-01-01'), parseDay('2028-12-31'), path.join(root, 'data/calendar/cn-holidays.csv'));
			const rows = parseCsv(fs.readFileSync(path.join(demo.dir, 'cases.csv'), 'utf8')).rows.filter((c) => c.project_code);
			const stage = new Map(parseCsv(fs.readFileSync(path.join(demo.dir, 'items.csv'), 'utf8')).rows.map((i) => [i.item_code, i.stage]));
			const wi = (ts: string) => cal.wd(cal.first, parseDay(ts.slice(0, 10)));
			const iv = (c: Row) => ({ start: wi(c.accepted_at || c.submitted_at), end: wi(c.completed_at || END) });
			for (const p of t.projects) {
				const cs = rows.filter((c) => c.project_code === p.project_code);
				expect(p.approval_workdays, p.project_code).toBe(unionDays(cs.map(iv)));
				for (const [s, f] of Object.entries(p.stages))
					expect(f!.approval_workdays, `${p.project_code} ${s}`).toBe(unionDays(cs.filter((c) => stage.get(c.item_code) === s).map(iv)));
			}
		});
	});
});
