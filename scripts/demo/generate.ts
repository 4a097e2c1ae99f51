/**
 * The demo generator: options → files. Builds the jurisdiction and catalogue, plans the park's investment
 * projects (projects.ts: the register, and their cases, which join the case stream), then streams cases,
 * ratings and events to CSV (canonical UTF-8 and, with `chinese`, the GBK Chinese form; with `flat`, the
 * platform-style exports of flat.ts from the same records), then Parquet.
 *
 * Invariants: deterministic (same options → byte-identical files); memory flat in --cases; only the
 * generator's own file names are removed from OUT; `.demo-manifest.json` is written last, so its presence
 * means a complete run with the options it records.
 */
import fs from 'node:fs';
import path from 'node:path';
import { Rng } from './random';
import { WorkCalendar, addMonths, dayIso, parseDay } from './calendar';
import { buildJurisdiction } from './jurisdiction';
import { buildCatalogue, type Item } from './catalogue';
import { generateCases, type CaseRec } from './cases';
import { RatingMaker, type RatingRec } from './ratings';
import { caseEvents } from './events';
import { CanonicalFormatter, ChineseFormatter, readProfile, type Formatter } from './format';
import { TableWriter } from './writer';
import * as rows from './rows';
import type { OutTable } from './rows';
import { csvToParquet } from './parquet';
import { FLAT_DIR, FlatWriter, removeFlatFiles, type FlatFormat } from './flat';
import { defaultProjects, planProjects, ProjectCases } from './projects';
import { writeDemoMap } from './map';

// 2: ratings.is_default (默认评价); --flat. 3: events with the Chinese steps, loops, hand-offs and the
// planted bottleneck (events.ts), for every case up to 50 000 cases. 4: the park's investment projects
// (projects.csv, the project approval items with their stage, project cases; 项目代码 / 审批阶段 in the flat export).
export const GENERATOR_VERSION = 4;
export const MANIFEST = '.demo-manifest.json';

export interface DemoOptions {
	out: string;
	cases: number;
	from: string;
	to: string;
	format: 'csv' | 'parquet' | 'both';
	chinese: boolean;
	seed: string;
	events: boolean;
	/** Also write the platform-style flat exports into OUT/flat/ (flat.ts); off when absent or null. */
	flat?: FlatFormat | null;
	/** Investment projects of the park (default: `defaultProjects(cases)`, 150 at 200 000 cases); their cases are
	 *  part of `cases` (~17 each, so at most cases / 20). */
	projects?: number | null;
	/** Progress lines on stderr (default: for runs of 200 k cases or more). */
	progress?: boolean;
	root?: string;
}

export const DEFAULTS: Omit<DemoOptions, 'out'> & { out: string } = {
	out: 'data/demo',
	cases: 200_000,
	from: '2023-01-01',
	to: '2026-10-31',
	format: 'csv',
	chinese: false,
	seed: 'linjiang',
	events: true
};

export const TABLES: OutTable[] = [
	'regions',
	'departments',
	'items',
	'projects',
	'cases',
	'events',
	'ratings'
];
export const ZH_NAMES: Record<OutTable, string> = {
	regions: '区划',
	departments: '部门',
	items: '事项',
	projects: '项目',
	cases: '办件',
	events: '过程',
	ratings: '评价'
};

export interface DemoSummary {
	generator: number;
	options: Record<string, unknown>;
	files: string[];
	counts: Record<string, number | Record<string, number>>;
	seconds: { csv: number; parquet: number; total: number };
}

/** The options that determine the files (what the manifest compares). */
export function identity(o: DemoOptions): Record<string, unknown> {
	return {
		generator: GENERATOR_VERSION,
		cases: o.cases,
		from: o.from,
		to: o.to,
		format: o.format,
		chinese: o.chinese,
		seed: o.seed,
		events: o.events,
		flat: o.flat ?? null,
		projects: projectCount(o)
	};
}

/** The number of projects a run plans. */
export function projectCount(o: Pick<DemoOptions, 'cases' | 'projects'>): number {
	return o.projects ?? defaultProjects(o.cases);
}

/** True when OUT holds a complete run with exactly these options (the manifest is written last). */
export function isCurrent(opts: DemoOptions): boolean {
	const out = path.resolve(opts.root ?? process.cwd(), opts.out);
	try {
		const m = JSON.parse(fs.readFileSync(path.join(out, MANIFEST), 'utf8'));
		return (
			JSON.stringify(m.options) === JSON.stringify(identity(opts)) &&
			(m.files as string[]).every((f) => fs.existsSync(path.join(out, f)))
		);
	} catch {
		return false;
	}
}

class Counter {
	m: Record<string, number> = {};
	inc(k: string, n = 1) {
		this.m[k] = (this.m[k] ?? 0) + n;
	}
}

export async function generateDemo(opts: DemoOptions): Promise<DemoSummary> {
	const t0 = performance.now();
	const root = opts.root ?? process.cwd();
	const from = parseDay(opts.from);
	const to = parseDay(opts.to);
	if (to < from + 60) throw new Error('--to must be at least 60 days after --from');
	if (!Number.isInteger(opts.cases) || opts.cases < 1) throw new Error('--cases must be a positive integer');
	const nProjects = projectCount(opts);
	if (!Number.isInteger(nProjects) || nProjects < 0 || nProjects > Math.floor(opts.cases / 20))
		throw new Error(
			`--projects must be an integer from 0 to cases / 20 (${Math.floor(opts.cases / 20)}): each has ~17 cases`
		);
	const progress = opts.progress ?? opts.cases >= 200_000;
	const out = path.resolve(root, opts.out);
	fs.mkdirSync(out, { recursive: true });
	fs.rmSync(path.join(out, MANIFEST), { force: true });
	for (const t of TABLES)
		for (const ext of ['csv', 'parquet']) fs.rmSync(path.join(out, `${t}.${ext}`), { force: true });
	for (const t of TABLES) fs.rmSync(path.join(out, 'zh', `${ZH_NAMES[t]}.csv`), { force: true });
	removeFlatFiles(out);

	const cal = new WorkCalendar(
		addMonths(from, -30),
		to + 500,
		path.join(root, 'data/calendar/cn-holidays.csv')
	);
	const profile = readProfile(path.join(root, 'data/profiles/default-zh.json'));
	const structRng = new Rng(`${opts.seed}:structure`);
	const caseRng = new Rng(`${opts.seed}:cases`);
	const ratingRng = new Rng(`${opts.seed}:ratings`);
	const j = buildJurisdiction(structRng);
	const cat = buildCatalogue(structRng, j, cal, from, to);
	const plan = planProjects({
		seed: opts.seed,
		cal,
		items: cat.projectItems,
		regions: j.regions,
		projects: nProjects,
		from,
		to
	});
	if (plan.cases > opts.cases)
		throw new Error(`${nProjects} projects need ${plan.cases} cases: more than --cases`);

	// CSV goes to OUT, or to a scratch folder when only Parquet is asked for.
	const csvDir = opts.format === 'parquet' ? path.join(out, '.csv-tmp') : out;
	fs.mkdirSync(csvDir, { recursive: true });
	const tables = TABLES.filter((t) => t !== 'events' || opts.events);
	const canon = new CanonicalFormatter(cal);
	const zhFmt = opts.chinese ? new ChineseFormatter(cal, profile) : null;
	if (zhFmt) fs.mkdirSync(path.join(out, 'zh'), { recursive: true });
	const writers = new Map<OutTable, [TableWriter, Formatter][]>();
	for (const t of tables) {
		const ws: [TableWriter, Formatter][] = [
			[new TableWriter(path.join(csvDir, `${t}.csv`), rows.canonicalHeader(t), 'utf8'), canon]
		];
		if (zhFmt && t !== 'events')
			ws.push([
				new TableWriter(path.join(out, 'zh', `${ZH_NAMES[t]}.csv`), rows.chineseHeader(t, profile), 'gbk'),
				zhFmt
			]);
		writers.set(t, ws);
	}
	const emit = <T>(t: OutTable, rec: T, line: (r: T, f: Formatter) => string) => {
		for (const [w, f] of writers.get(t) ?? []) w.add(line(rec, f));
	};
	for (const r of j.regions) emit('regions', r, rows.regionLine);
	for (const d of j.departments) emit('departments', d, rows.departmentLine);
	for (const it of cat.items) emit('items', it, rows.itemLine);
	for (const p of plan.projects) emit('projects', p, rows.projectLine);
	const flat = opts.flat
		? new FlatWriter({
				dir: path.join(out, FLAT_DIR),
				format: opts.flat,
				seed: opts.seed,
				cal,
				regions: j.regions,
				departments: j.departments,
				items: cat.items,
				to
			})
		: null;

	// Counters of what the data plants (printed and kept in the manifest).
	const status: Record<string, number> = {
		completed: 0,
		rejected: 0,
		returned: 0,
		withdrawn: 0,
		in_progress: 0
	};
	const anomalies = {
		nominal_delegation: 0,
		cancelled_item: 0,
		no_reason_rejection: 0,
		midway_return: 0,
		no_one_time_notice: 0,
		completed_before_accepted: 0,
		completed_without_decision: 0,
		repeat_application: 0,
		suspended: 0,
		suspended_days_missing: 0,
		visits_missing: 0,
		in_progress_overdue: 0,
		in_progress_due_within_a_day: 0
	};
	const ratingCounts = new Counter();
	const casesPerItemAtDept = new Map<Item, number>();
	const transition = new Map<Item, number>();
	for (const it of cat.items) if (it.delegated_on !== null) transition.set(it, addMonths(it.delegated_on, 3));
	const endSec = (to + 1) * 86400 - 1;
	const ratings = new RatingMaker(ratingRng, cal, endSec);
	const projectCases = new ProjectCases(opts.seed, plan, to, 0x5eed);
	let projectCaseCount = 0;
	// Events for every case of a small run (the process view of one item needs its cases), about 50 000 cases' worth
	// beyond (a city's log is 10–50× its cases: the bench builds its own).
	const eventEvery = Math.max(1, Math.ceil(opts.cases / 50_000));
	let n = 0;
	let events = 0;
	const started = performance.now();
	let lastReport = started;

	const onRating = (r: RatingRec | null) => {
		if (!r) return;
		emit('ratings', r, rows.ratingLine);
		flat?.addRating(r);
		ratingCounts.inc('ratings');
		if (r.is_default) ratingCounts.inc('default');
		ratingCounts.inc(`score_${r.score}`);
		if (r.case_id === null) ratingCounts.inc('without_case');
		if (r.score <= 2) {
			ratingCounts.inc('bad');
			if (r.rectified_at === null) ratingCounts.inc('bad_unrectified');
			else if (cal.wd(Math.floor(r.rated_at / 86400), Math.floor(r.rectified_at / 86400)) <= 15)
				ratingCounts.inc('bad_rectified_on_time');
			else ratingCounts.inc('bad_rectified_late');
		}
	};

	await generateCases(
		caseRng,
		cal,
		cat.items,
		{
			cases: opts.cases,
			from,
			to,
			seedSalt: 0x5eed,
			extra: { count: plan.cases, on: (d, nextId) => projectCases.on(d, nextId) }
		},
		{
			onCase(c: CaseRec, frac: number, repeat: boolean) {
				n++;
				if (c.project_code) projectCaseCount++;
				emit('cases', c, rows.caseLine);
				flat?.addCase(c);
				status[c.status]++;
				const it = c.item;
				const subDay = Math.floor(c.submitted_at / 86400);
				if (c.dept === it.dept) casesPerItemAtDept.set(it, (casesPerItemAtDept.get(it) ?? 0) + 1);
				if (it.source && c.dept === it.source && subDay > transition.get(it)!) anomalies.nominal_delegation++;
				if (it.cancelled_on !== null && subDay > it.cancelled_on) anomalies.cancelled_item++;
				if (c.status === 'rejected' && !c.reject_reason) anomalies.no_reason_rejection++;
				if (c.status === 'returned' && c.accepted_at !== null) anomalies.midway_return++;
				if (c.supplement_requests >= 2) anomalies.no_one_time_notice++;
				if (c.status === 'completed' && c.accepted_at !== null && c.completed_at! < c.accepted_at)
					anomalies.completed_before_accepted++;
				if (c.status === 'completed' && c.decided_at === null) anomalies.completed_without_decision++;
				if (repeat) anomalies.repeat_application++;
				if (c.suspended_days === null) anomalies.suspended_days_missing++;
				else if (c.suspended_days > 0) anomalies.suspended++;
				if (c.visits === null) anomalies.visits_missing++;
				if (c.status === 'in_progress') {
					const lim = it.promised ?? it.statutory;
					if (lim !== null && c.accepted_at !== null) {
						const used = cal.wd(Math.floor(c.accepted_at / 86400), to) - (c.suspended_days ?? 0);
						if (used > lim) anomalies.in_progress_overdue++;
						else if (lim - used <= 1) anomalies.in_progress_due_within_a_day++;
					}
				}
				onRating(ratings.forCase(c, frac, c.dept.lagging));
				if (ratingRng.chance(0.006)) onRating(ratings.standalone(c.dept.dept_code, subDay, c.dept.lagging));
				if (opts.events && n % eventEvery === 0) {
					for (const e of caseEvents(c, cal)) {
						emit('events', e, rows.eventLine);
						events++;
					}
				}
			},
			async endOfDay() {
				for (const ws of writers.values()) for (const [w] of ws) await w.flushIfFull();
				await flat?.endOfDay();
				const now = performance.now();
				if (progress && now - lastReport > 2000) {
					lastReport = now;
					const rate = n / ((now - started) / 1000);
					process.stderr.write(
						`  cases ${fmtN(n)} / ${fmtN(opts.cases)} (${Math.floor((100 * n) / opts.cases)} %), ${fmtN(Math.round(rate))}/s\n`
					);
				}
			}
		}
	);
	for (const ws of writers.values()) for (const [w] of ws) await w.close();
	if (flat) {
		if (progress) process.stderr.write('  finishing the flat exports…\n');
		await flat.close();
	}
	const tCsv = performance.now();

	// Parquet.
	if (opts.format !== 'csv') {
		if (progress) process.stderr.write('  converting to Parquet (DuckDB)…\n');
		await csvToParquet(
			tables.map((t) => ({
				table: t,
				csv: path.join(csvDir, `${t}.csv`),
				parquet: path.join(out, `${t}.parquet`)
			})),
			csvDir
		);
		if (opts.format === 'parquet') fs.rmSync(csvDir, { recursive: true, force: true });
	}
	const tEnd = performance.now();

	const modes = new Counter();
	for (const it of cat.items) modes.inc(it.mode);
	const delegated = cat.items.filter((it) => it.source !== null);
	const accepted = delegated.filter((it) => it.accepted_on !== null);
	const items = {
		total: cat.items.length,
		...modes.m,
		delegated: delegated.length,
		accepted: accepted.length,
		never_accepted: delegated.length - accepted.length,
		handover_late: accepted.filter((it) => cal.wd(it.delegated_on!, it.accepted_on!) > 15).length,
		idle: accepted.filter((it) => !casesPerItemAtDept.has(it)).length,
		upstream: delegated.filter((it) => it.upstream).length,
		cancelled_still_processed: cat.items.filter((it) => it.zombie).length,
		promised_null: cat.items.filter((it) => it.promised === null).length,
		no_limit: cat.items.filter((it) => it.promised === null && it.statutory === null).length
	};
	const files: string[] = [];
	for (const t of tables) {
		if (opts.format !== 'parquet') files.push(`${t}.csv`);
		if (opts.format !== 'csv') files.push(`${t}.parquet`);
	}
	if (opts.chinese) for (const t of tables) if (t !== 'events') files.push(`zh/${ZH_NAMES[t]}.csv`);
	if (flat) files.push(...flat.files);
	files.push(writeDemoMap(out, opts.seed)); // the fictional jurisdiction's map (issue 15): map/jurisdiction.geojson
	const summary: DemoSummary = {
		generator: GENERATOR_VERSION,
		options: identity(opts),
		files,
		counts: {
			regions: j.regions.length,
			departments: j.departments.length,
			receiving_departments: j.receiving.length,
			lagging_departments: j.receiving.filter((d) => d.lagging).length,
			items,
			batches: cat.batches.length,
			cases: n,
			status,
			anomalies,
			ratings: ratingCounts.m,
			events,
			projects: {
				projects: plan.projects.length,
				cases: projectCaseCount,
				items: cat.projectItems.size,
				stuck: plan.counts.stuck,
				over_target: plan.counts.over_target
			},
			...(flat ? { flat_name_only_items: flat.nameOnlyItems.size } : {})
		} as DemoSummary['counts'],
		seconds: {
			csv: round1((tCsv - t0) / 1000),
			parquet: round1((tEnd - tCsv) / 1000),
			total: round1((tEnd - t0) / 1000)
		}
	};
	// The manifest records what was generated (not timings, which differ run to run, so files stay identical).
	const manifest = {
		...summary,
		seconds: undefined,
		batches: cat.batches.map((b) => ({ no: b.no, title: b.title, date: dayIso(b.day) }))
	};
	fs.writeFileSync(path.join(out, MANIFEST), JSON.stringify(manifest, null, 2) + '\n');
	return summary;
}

const round1 = (x: number) => Math.round(x * 10) / 10;
function fmtN(x: number): string {
	return x >= 1e6 ? (x / 1e6).toFixed(1) + ' M' : x >= 1e3 ? (x / 1e3).toFixed(0) + ' k' : String(x);
}
