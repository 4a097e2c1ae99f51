/**
 * `npm run bench -- [--cases N] [--out DIR] [--skip-generate] [--views-only] [--duration S] [--users U]
 *                    [--filters K] [--load-filters K] [--think MS] [--no-postgres] [--appdb pglite|postgres]
 *                    [--worktree | --build-dir DIR] [--server-memory 1500MB]`
 *
 * One run, one set of files: generate the demo data (CSV + Parquet), import it with the product, load it raw,
 * compare the KPI queries (product over HTTP vs raw DuckDB vs PostgreSQL), Arrow vs JSON, 50 concurrent users,
 * RSS, report rendering. Prints one table and writes bench/results/<timestamp>-<cases>.json (fields:
 * bench/results/README.md). Figures are wall-clock on a machine that may be shared: the load average is
 * recorded beside them. See bench/README.md for what each figure means and why the design choices were made.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { arrowVsJson, type ArrowVsJson } from './arrow-json';
import { postgresTimes, rawDuckdbTimes, type PgFigures, type ViewTimes } from './compare';
import { measureIngest, type IngestFigures } from './ingest';
import { thresholdChangePhase, type ThresholdFigures } from './thresholds';
import { processPhase, type ProcessFigures } from './process';
import { benchProjects, projectsPhase, type ProjectFigures } from './projects';
import { quantile, round, runLoad, timedFetch, type LoadResult } from './load';
import {
	cpuSecondsOf,
	prepareAccounts,
	privateBuild,
	ROOT,
	rssOf,
	startServer,
	type BuildSource,
	type Credentials
} from './server';
import { filters, readDims, requestsOf, VIEWS, type Dims, type Filter, type Plan } from './views';

interface Args {
	cases: number;
	out: string;
	skipGenerate: boolean;
	viewsOnly: boolean;
	duration: number;
	users: number;
	filters: number;
	postgres: boolean;
	buildDir: string | null;
	/** Distinct filters per view in the load test; 0 = the views phase's list (answers mostly cached). */
	loadFilters: number;
	buildFrom: BuildSource;
	/** The server's app database: embedded PGlite (default, the single-machine setup) or a throw-away PostgreSQL. */
	appdb: 'pglite' | 'postgres';
	/** Pause of each load-test user between two screens, ms (0 = autocannon-style closed loop). */
	think: number;
	/** DUCKDB_MEMORY_LIMIT of the server only (the in-process ingest keeps DuckDB's default), e.g. 1500MB. */
	serverMemory: string | null;
	/** Measure the first overview after a restart, without and with the prewarm (two more server starts). */
	startup: boolean;
}

function parseCount(s: string): number {
	const m = /^(\d+(?:\.\d+)?)(?:e(\d+))?([kKmM]?)$/.exec(s.replaceAll('_', ''));
	if (!m) throw new Error(`not a number: ${s}`);
	let n = parseFloat(m[1]) * (m[2] ? 10 ** +m[2] : 1);
	if (m[3]) n *= m[3].toLowerCase() === 'k' ? 1e3 : 1e6;
	return Math.round(n);
}

function parseArgs(argv: string[]): Args {
	const a: Args = {
		cases: 1_000_000,
		out: '',
		skipGenerate: false,
		viewsOnly: false,
		duration: 60,
		users: 50,
		filters: 20,
		postgres: true,
		buildDir: null,
		loadFilters: 0,
		buildFrom: 'head',
		appdb: 'pglite',
		think: 0,
		serverMemory: null,
		startup: true
	};
	for (let i = 0; i < argv.length; i++) {
		const [name, inline] = argv[i].split(/=(.*)/s, 2);
		const val = () =>
			inline ??
			argv[++i] ??
			(() => {
				throw new Error(`${name} needs a value`);
			})();
		switch (name) {
			case '--cases':
				a.cases = parseCount(val());
				break;
			case '--out':
				a.out = val();
				break;
			case '--skip-generate':
				a.skipGenerate = true;
				break;
			case '--views-only':
				a.viewsOnly = true;
				break;
			case '--duration':
				a.duration = Number(val());
				break;
			case '--users':
				a.users = Number(val());
				break;
			case '--filters':
				a.filters = Number(val());
				break;
			case '--no-postgres':
				a.postgres = false;
				break;
			case '--build-dir':
				a.buildDir = val();
				break;
			case '--load-filters':
				a.loadFilters = Number(val());
				break;
			case '--worktree':
				a.buildFrom = 'worktree';
				break;
			case '--think':
				a.think = Number(val());
				break;
			case '--server-memory':
				a.serverMemory = val();
				break;
			case '--no-startup':
				a.startup = false;
				break;
			case '--appdb': {
				const v = val();
				if (v !== 'pglite' && v !== 'postgres') throw new Error('--appdb pglite|postgres');
				a.appdb = v;
				break;
			}
			case '--help':
				console.log(
					fs
						.readFileSync(new URL(import.meta.url))
						.toString()
						.split('\n')
						.slice(1, 4)
						.join('\n')
				);
				process.exit(0);
			// falls through
			default:
				throw new Error(`unknown option ${name}`);
		}
	}
	a.out ||= path.join(ROOT, 'tmp', 'bench', `data-${a.cases}`);
	a.out = path.resolve(a.out);
	return a;
}

const load1 = () => Math.round(os.loadavg()[0] * 100) / 100;
const t00 = performance.now();
const log = (s: string) =>
	console.error(
		`[bench ${((performance.now() - t00) / 1000).toFixed(0).padStart(4)} s, load ${load1().toFixed(2)}] ${s}`
	);

interface ViewResult {
	route: 'page' | 'api';
	requests: number;
	p50_ms: number | null;
	p95_ms: number | null;
	/** first request of each distinct filter (no cache can have answered it) */
	cold_p50_ms: number | null;
	cold_p95_ms: number | null;
	errors: number;
	raw_query_ms: number | null;
	postgres_ms: number | null;
	bytes_p50: number | null;
}

async function measureViews(
	base: string,
	creds: Credentials,
	plans: Plan[],
	fs_: Filter[],
	d: Dims
): Promise<Record<string, ViewResult>> {
	const out: Record<string, ViewResult> = {};
	for (const plan of plans) {
		const v = plan.view;
		const all: number[] = [];
		const cold: number[] = [];
		const bytes: number[] = [];
		let errors = 0;
		for (let pass = 0; pass < 2; pass++) {
			for (const [i, f0] of fs_.entries()) {
				const f = v.adapt ? v.adapt(f0, d, i) : f0;
				const t = performance.now();
				const got = await Promise.all(requestsOf(plan, f, d).map((r) => timedFetch(base, r, creds)));
				const ms = performance.now() - t;
				errors += got.filter((g) => !g.ok).length;
				if (got.some((g) => !g.ok) && errors <= 3)
					log(`  ${v.name}: HTTP ${got.map((g) => g.status).join(',')} for ${JSON.stringify(f)}`);
				all.push(ms);
				if (pass === 0) cold.push(ms);
				bytes.push(got.reduce((a, g) => a + g.bytes, 0));
			}
		}
		out[v.name] = {
			route: plan.page ? 'page' : 'api',
			requests: all.length,
			p50_ms: round(quantile(all, 0.5)),
			p95_ms: round(quantile(all, 0.95)),
			cold_p50_ms: round(quantile(cold, 0.5)),
			cold_p95_ms: round(quantile(cold, 0.95)),
			errors,
			raw_query_ms: null,
			postgres_ms: null,
			bytes_p50: quantile(bytes, 0.5)
		};
		log(
			`  ${v.name} (${plan.page ? v.page + '/__data.json' : 'api'}): p50 ${out[v.name].p50_ms} ms, p95 ${out[v.name].p95_ms} ms, cold p50 ${out[v.name].cold_p50_ms} ms`
		);
	}
	return out;
}

/** Which views have their page built (a 404 means: not yet — use the /api requests behind it). */
async function plansFor(base: string, creds: Credentials, f: Filter): Promise<Plan[]> {
	const plans: Plan[] = [];
	for (const v of VIEWS) {
		const r = await timedFetch(
			base,
			{ path: `${v.page}/__data.json?from=${f.from}&to=${f.to}`, auth: 'cookie' },
			creds
		);
		plans.push({ view: v, page: r.status === 200 });
	}
	return plans;
}

async function reportTimes(
	base: string,
	creds: Credentials,
	f: Filter
): Promise<{ xlsx: number | null; pdf: number | null; note: string | null }> {
	const bench = path.join(ROOT, 'bench', 'reports.ts');
	const notes: string[] = [];
	if (fs.existsSync(bench))
		notes.push(
			'bench/reports.ts is a standalone script (no exported functions, its own 60-department fixture); the same buildReport + renderReport are timed here through the HTTP route on the bench data'
		);
	const one = async (format: string) => {
		const r = await timedFetch(
			base,
			{ path: `/api/reports/assessment?from=${f.from}&to=${f.to}&format=${format}`, auth: 'bearer' },
			creds
		);
		if (!r.ok) {
			notes.push(`${format}: HTTP ${r.status}`);
			return null;
		}
		return Math.round(r.ms) / 1000;
	};
	const xlsx = await one('xlsx');
	const pdf = await one('pdf');
	return {
		xlsx,
		pdf,
		note: notes.length ? notes.join('; ') : 'GET /api/reports/assessment through the server, one month'
	};
}

function fmt(x: number | null | undefined, unit = ''): string {
	if (x === null || x === undefined) return '—';
	return `${x}${unit}`;
}

function printTable(
	r: Record<string, unknown>,
	views: Record<string, ViewResult>,
	ing: IngestFigures | null,
	conc: LoadResult | null,
	aj: ArrowVsJson | null
) {
	const rows: [string, string, string, string][] = [];
	const push = (a: string, b: string, c = '', d = '') => rows.push([a, b, c, d]);
	push('cases', String(r.cases), '', `load avg ${(r.load_avg as number[]).join(' / ')}`);
	if (ing) {
		push('ingest (importFiles, cases + dims)', `${ing.ingest_s} s`, '≤ 1.5× raw', `${ing.ingest_ratio}× raw`);
		push('raw DuckDB CTAS read_csv(cases)', `${ing.raw_duckdb_load_s} s`);
		push('ingest ratings + events', `${ing.ingest_ratings_s} s`);
		if (ing.incremental)
			push(
				`incremental import: ${ing.incremental.cases} new cases into ${ing.incremental.stored_before}`,
				`${ing.incremental.ingest_s} s`,
				'',
				`${ing.incremental.ratio}× raw (${ing.incremental.raw_duckdb_load_s} s)`
			);
		if (ing.flat)
			push(
				`flat 办件 export (GBK, layout noise): ${ing.flat.cases_stored} cases`,
				`${ing.flat.ingest_s} s`,
				'≤ 1.3× canonical',
				`${ing.flat.ratio}× canonical (${ing.flat.canonical_s} s)`
			);
		push('PostgreSQL COPY + indexes', fmt(r.postgres_load_s as number | null, ' s'));
	}
	const target = (r.cases as number) >= 50_000_000 ? 1000 : 100;
	for (const [name, v] of Object.entries(views)) {
		const ratio = v.raw_query_ms && v.p50_ms ? `raw ${round(v.raw_query_ms / v.p50_ms)}×` : '';
		const pg = v.postgres_ms && v.p50_ms ? `pg ${round(v.postgres_ms / v.p50_ms)}×` : '';
		push(
			`view ${name} (${v.route}) p50 / p95 / cold p50`,
			`${fmt(v.p50_ms)} / ${fmt(v.p95_ms)} / ${fmt(v.cold_p50_ms)} ms`,
			`p50 ≤ ${target} ms`,
			`raw ${fmt(v.raw_query_ms)} ms, pg ${fmt(v.postgres_ms)} ms ${[ratio, pg].filter(Boolean).join(', ')}${v.errors ? `, ${v.errors} errors` : ''}`
		);
	}
	if (conc)
		push(
			`${conc.users} users × ${conc.duration_s} s${conc.think_ms ? ` (think ${conc.think_ms} ms)` : ''}`,
			`${conc.rps} req/s, p95 ${fmt(conc.p95_ms)} ms`,
			'p95 ≤ 300 ms, 0 errors',
			`${conc.errors} errors, ${conc.requests} requests, p99 ${fmt(conc.p99_ms)} ms, server ${fmt(conc.server_cores)} cores, ${fmt(conc.server_cpu_ms_per_request)} ms CPU/request`
		);
	const st = r.startup as StartupResult | null;
	if (st)
		push(
			'first overview after a restart: no prewarm / after it',
			`${fmt(st.first_overview_ms)} / ${fmt(st.first_overview_after_prewarm_ms)} ms`,
			'',
			`prewarm pass ${fmt(st.prewarm_ms)} ms (${st.prewarm_screens ?? '—'} screens, leader + supervisor defaults)`
		);
	const pj = r.projects as ProjectFigures | null;
	if (pj) {
		push(
			`projects API (${pj.projects} projects, ${pj.project_cases} cases) cold / warm p50`,
			`${pj.api.cold_ms} / ${pj.api.p50_ms} ms`,
			`warm p50 ≤ ${pj.target_ms} ms`,
			`${pj.api.p50_ms <= pj.target_ms ? 'pass' : 'FAIL'}; cold ${pj.cold_vs_raw.api}× raw (interval-union SQL ${pj.raw.cold_ms} / ${pj.raw.p50_ms} ms)`
		);
		push(
			'projects board (summary + filters + page) cold / warm p50',
			`${pj.board.cold_ms} / ${pj.board.p50_ms} ms`,
			`warm p50 ≤ ${pj.target_ms} ms`,
			`${pj.board.p50_ms <= pj.target_ms ? 'pass' : 'FAIL'}; cold ${pj.cold_vs_raw.board}× raw; another filter's first call p50 ${pj.board.first_p50_ms} ms`
		);
	}
	const tc = r.threshold_change as ThresholdFigures | null;
	if (tc) {
		const ov = (v: ThresholdFigures['right_after']) => `${fmt(v.overview?.p50_ms ?? null)} / ${fmt(v.overview?.cold_p50_ms ?? null)} ms`;
		push('threshold change: in force after (background rollup rebuild)', fmt(tc.switch_s, ' s'));
		push('  overview p50 / cold p50 right after the save', ov(tc.right_after), '', 'previous thresholds, their rollups');
		push('  overview p50 / cold p50 after the switch', ov(tc.after_switch), `p50 ≤ ${target} ms`, 'new thresholds, rebuilt rollups');
	}
	const rss = r.rss_mb as { rss_mb: number; hwm_mb: number } | null;
	push('server RSS (now / peak)', rss ? `${rss.rss_mb} / ${rss.hwm_mb} MB` : '—', '≤ 2 GB at 100 M');
	push(
		'report xlsx / pdf',
		`${fmt(r.report_xlsx_s as number | null, ' s')} / ${fmt(r.report_pdf_s as number | null, ' s')}`
	);
	if (aj)
		push(
			`case list ${aj.rows} rows arrow / json`,
			`${(aj.arrow.bytes / 1e6).toFixed(1)} / ${(aj.json.bytes / 1e6).toFixed(1)} MB`,
			'',
			`server ${aj.arrow.server_ms} / ${aj.json.server_ms} ms, parse ${aj.arrow.parse_ms} / ${aj.json.parse_ms} ms, json ${aj.bytes_ratio}× bytes`
		);
	const w = [0, 1, 2, 3].map((i) => Math.max(...rows.map((x) => x[i].length)));
	const line = (x: string[]) => x.map((c, i) => c.padEnd(w[i])).join(' │ ');
	console.log(line(['figure', 'value', 'target', 'ratio / notes']));
	console.log(w.map((n) => '─'.repeat(n)).join('─┼─'));
	for (const x of rows) console.log(line(x));
}

export interface StartupResult {
	/** a supervisor's default overview as the first request after the server answers, no prewarm */
	first_overview_ms: number;
	/** the first prewarm pass (default screens of leader and supervisor), from the server's log */
	prewarm_ms: number | null;
	prewarm_screens: number | null;
	/** the same request once that pass has finished */
	first_overview_after_prewarm_ms: number | null;
}

async function startupPhase(
	entry: string,
	env: Record<string, string>,
	creds: Credentials
): Promise<StartupResult> {
	const overview = { path: '/overview/__data.json', auth: 'cookie' as const };
	const s0 = await startServer(entry, { ...env, PREWARM: '0' });
	let cold: number;
	try {
		cold = (await timedFetch(s0.url, overview, creds)).ms;
	} finally {
		await s0.stop();
	}
	log(`startup: first overview without prewarm ${round(cold)} ms`);
	const s1 = await startServer(entry, { ...env, PREWARM: '1' });
	try {
		const deadline = Date.now() + 30 * 60_000;
		let m: RegExpExecArray | null = null;
		while (!(m = /prewarm: (\d+) screens computed in (\d+) ms/.exec(s1.stdout())) && Date.now() < deadline)
			await new Promise((r) => setTimeout(r, 100));
		const after = m ? (await timedFetch(s1.url, overview, creds)).ms : null;
		log(
			`startup: prewarm ${m ? `${m[1]} screens in ${m[2]} ms` : 'not seen'}, then the first overview ${round(after)} ms`
		);
		return {
			first_overview_ms: round(cold)!,
			prewarm_ms: m ? Number(m[2]) : null,
			prewarm_screens: m ? Number(m[1]) : null,
			first_overview_after_prewarm_ms: round(after)
		};
	} finally {
		await s1.stop();
	}
}

async function main() {
	const a = parseArgs(process.argv.slice(2));
	const loads: number[] = [load1()];
	log(
		`cases ${a.cases}, data ${a.out}, load average ${os
			.loadavg()
			.map((x) => x.toFixed(2))
			.join(' ')}`
	);
	const dbFile = path.join(a.out, 'bench.duckdb');
	const rawFile = path.join(a.out, 'raw.duckdb');
	const dataDir = path.join(a.out, 'files');
	const appData = path.join(a.out, 'app-data');

	if (!a.skipGenerate && !a.viewsOnly) {
		const { generateDemo, isCurrent } = await import('../scripts/demo/generate');
		const opts = {
			out: dataDir,
			cases: a.cases,
			from: '2023-01-01',
			to: '2026-10-31',
			format: 'both' as const,
			chinese: false,
			// the platform-style flat 办件 export of the same cases (GBK CSV) for the flat-import phase
			flat: 'csv' as const,
			seed: 'linjiang',
			events: true,
			// the park's investment projects for the projects phase: 10 000 at 1 M cases (issue 14's scale)
			projects: benchProjects(a.cases),
			progress: false
		};
		if (isCurrent(opts)) log('demo data current, not regenerated');
		else {
			log('generating demo data (CSV + Parquet) …');
			const t = performance.now();
			await generateDemo(opts);
			log(`  ${((performance.now() - t) / 1000).toFixed(1)} s`);
		}
	}
	if (!fs.existsSync(path.join(dataDir, 'cases.csv')))
		throw new Error(`no demo data in ${dataDir} (run without --skip-generate)`);
	const dims = readDims(dataDir);
	const fs_ = filters(dims, a.filters);

	let ing: IngestFigures | null = null;
	let aj: ArrowVsJson | null = null;
	let rawTimes: ViewTimes = {};
	let pg: PgFigures | null = null;
	if (!a.viewsOnly) {
		ing = await measureIngest(dataDir, dbFile, rawFile, log);
		loads.push(load1());
		log('arrow vs json (100 k-row case list) …');
		aj = await arrowVsJson(dbFile, `${dims.firstYear}-01-01`, `${dims.lastMonth.y}-12-31`);
		log(
			`  arrow ${aj.arrow.bytes} B ${aj.arrow.server_ms} ms, json ${aj.json.bytes} B ${aj.json.server_ms} ms`
		);
		log('raw DuckDB KPI queries …');
		rawTimes = await rawDuckdbTimes(rawFile, fs_.slice(0, Math.min(10, fs_.length)));
		log(`  ${JSON.stringify(rawTimes)}`);
		if (a.postgres) {
			pg = await postgresTimes(rawFile, dataDir, fs_.slice(0, Math.min(10, fs_.length)), log);
			log(`  postgres ${JSON.stringify(pg.times)}${pg.note ? ` (${pg.note})` : ''}`);
		}
		loads.push(load1());
	} else if (!fs.existsSync(dbFile)) throw new Error(`--views-only: no bench database at ${dbFile}`);
	// Process view (issue 17): ~20 events per case generated into DIR/process.duckdb, the engine timed in-process.
	let proc: ProcessFigures | null = null;
	if (!a.viewsOnly) {
		proc = await processPhase({ cases: a.cases, dir: a.out, casesFile: path.join(dataDir, 'cases.parquet'), log });
		loads.push(load1());
	}
	// Projects (issue 14): the project engine in-process on the bench database (the register imported first).
	let projects: ProjectFigures | null = null;
	if (!a.viewsOnly) {
		projects = await projectsPhase({ dbFile, dataDir, log }).catch((e) => {
			log(`  projects phase failed: ${(e as Error).message}`);
			return null;
		});
		loads.push(load1());
	}

	// The server, from a private build of the working tree.
	const entry = a.buildDir
		? path.resolve(a.buildDir, 'index.js')
		: privateBuild(
				path.join(os.tmpdir(), `reform-bench-app-${Buffer.from(ROOT).toString('hex').slice(-16)}`),
				a.buildFrom,
				log
			);
	fs.rmSync(appData, { recursive: true, force: true });
	fs.mkdirSync(appData, { recursive: true });
	let appCluster: { stop(): Promise<void> } | null = null;
	let databaseUrl = '';
	if (a.appdb === 'postgres') {
		const { startPgCluster } = await import('../tests/integration/helpers/pg-cluster');
		const c = await startPgCluster();
		appCluster = c;
		databaseUrl = await c.createDatabase('bench_app');
	}
	const creds = await prepareAccounts(appData, databaseUrl);
	const serverEnv = {
		DATA_DIR: appData,
		ANALYTICS_DB: dbFile,
		DATABASE_URL: databaseUrl,
		ANALYTICS_CACHE: process.env.ANALYTICS_CACHE ?? '1',
		...(a.serverMemory ? { DUCKDB_MEMORY_LIMIT: a.serverMemory } : {})
	};
	// The first overview after a restart, without and with the prewarm (dashboard/prewarm.ts).
	const startup = a.startup ? await startupPhase(entry, serverEnv, creds) : null;
	// The views and load phases measure the screens themselves: no background prewarm beside them.
	const server = await startServer(entry, { ...serverEnv, PREWARM: '0' });
	log(`server pid ${server.pid} at ${server.url}`);
	let views: Record<string, ViewResult> = {};
	let conc: LoadResult | null = null;
	let rss: ReturnType<typeof rssOf> = null;
	const cacheNote = process.env.ANALYTICS_CACHE === '0' ? 'off (ANALYTICS_CACHE=0)' : 'on';
	let rep = { xlsx: null as number | null, pdf: null as number | null, note: null as string | null };
	let thresholdChange: ThresholdFigures | null = null;
	try {
		const plans = await plansFor(server.url, creds, fs_[0]);
		log(`views: ${plans.map((p) => `${p.view.name}=${p.page ? 'page' : 'api'}`).join(', ')}`);
		views = await measureViews(server.url, creds, plans, fs_, dims);
		for (const [k, v] of Object.entries(views)) {
			v.raw_query_ms = rawTimes[k] ?? null;
			v.postgres_ms = pg?.times[k] ?? null;
		}
		loads.push(load1());
		if (a.duration > 0) {
			// Load: every user walks through the views in turn with filters from the views phase's list (the
			// screens a meeting looks at: answers mostly cached), or with --load-filters K from K new ones.
			const lf = a.loadFilters > 0 ? filters(dims, a.loadFilters, 11) : fs_;
			log(`load: ${a.users} users × ${a.duration} s …`);
			const cpu0 = cpuSecondsOf(server.pid);
			const self0 = process.cpuUsage();
			conc = await runLoad(server.url, creds, a.users, a.duration, a.think, (u, i) => {
				const plan = plans[(u + i) % plans.length];
				const k = (u * 31 + i * 7) % lf.length;
				const f = plan.view.adapt ? plan.view.adapt(lf[k], dims, k) : lf[k];
				return requestsOf(plan, f, dims);
			});
			const cpu1 = cpuSecondsOf(server.pid);
			const self1 = process.cpuUsage(self0);
			conc = {
				...conc,
				filters: lf.length,
				filters_from: a.loadFilters > 0 ? 'new' : 'views phase',
				// cores the server used on average (≈ 1 = its JS thread saturated; DuckDB threads add), and the load generator
				server_cores: cpu0 !== null && cpu1 !== null ? round((cpu1 - cpu0) / conc.duration_s, 2) : null,
				// server CPU per request: independent of the machine's share, projects throughput on a dedicated box
				server_cpu_ms_per_request:
					cpu0 !== null && cpu1 !== null && conc.requests
						? round(((cpu1 - cpu0) * 1000) / conc.requests, 2)
						: null,
				client_cores: round((self1.user + self1.system) / 1e6 / conc.duration_s, 2)
			} as LoadResult;
			log(
				`  ${conc.rps} req/s, p95 ${conc.p95_ms} ms, ${conc.errors} errors, server ${conc.server_cores} cores (${conc.server_cpu_ms_per_request} ms CPU/request), client ${conc.client_cores} cores; ${Object.entries(
					conc.by_view
				)
					.map(([k, v]) => `${k} p95 ${v.p95_ms}`)
					.join(', ')}`
			);
			loads.push(load1());
		}
		// Threshold change (issue 16): views right after an admin saves thresholds, and after the rollups switch.
		thresholdChange = await thresholdChangePhase(
			server.url,
			creds.adminCookie,
			(k) => measureViews(server.url, creds, plans, filters(dims, Math.min(a.filters, 5), 100 + k), dims),
			log
		).catch((e) => {
			log(`  threshold change failed: ${(e as Error).message}`);
			return null;
		});
		rep = await reportTimes(server.url, creds, fs_[0]);
		rss = rssOf(server.pid);
		if (aj) {
			const f = { from: fs_[0].from, to: fs_[0].to };
			const r = await timedFetch(
				server.url,
				{ path: `/api/cases?from=${f.from}&to=${f.to}&format=arrow&limit=10000`, auth: 'bearer' },
				creds
			);
			aj.http_page = { rows: 10_000, status: r.status, arrow_bytes: r.bytes, arrow_ms: round(r.ms) };
		}
	} finally {
		await server.stop();
		await appCluster?.stop();
	}

	const result = {
		timestamp: new Date().toISOString(),
		cases: a.cases,
		commit: execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: ROOT, encoding: 'utf8' }).trim(),
		app_build: a.buildDir ? a.buildDir : a.buildFrom,
		appdb: a.appdb,
		server_memory_limit: a.serverMemory,
		host: { cpus: os.cpus().length, mem_gb: Math.round(os.totalmem() / 2 ** 30), node: process.version },
		load_avg: loads,
		ingest_s: ing?.ingest_s ?? null,
		ingest_ratings_s: ing?.ingest_ratings_s ?? null,
		raw_duckdb_load_s: ing?.raw_duckdb_load_s ?? null,
		ingest_ratio: ing?.ingest_ratio ?? null,
		postgres_load_s: pg?.postgres_load_s ?? null,
		postgres_note: pg?.note ?? null,
		db_mb: ing?.db_mb ?? null,
		raw_db_mb: ing?.raw_db_mb ?? null,
		incremental: ing?.incremental ?? null,
		flat: ing?.flat ?? null,
		threshold_change: thresholdChange,
		rejected: ing?.rejected ?? null,
		views,
		concurrent: conc,
		rss_mb: rss,
		report_xlsx_s: rep.xlsx,
		report_pdf_s: rep.pdf,
		report_note: rep.note,
		startup,
		cache: cacheNote,
		arrow_vs_json: aj,
		filters: fs_.length,
		process: proc,
		projects
	};
	printTable(result, views, ing, conc, aj);
	const dir = path.join(ROOT, 'bench', 'results');
	fs.mkdirSync(dir, { recursive: true });
	const file = path.join(dir, `${result.timestamp.replace(/[:.]/g, '-')}-${a.cases}.json`);
	fs.writeFileSync(file, JSON.stringify(result, null, 2) + '\n');
	log(`written ${path.relative(ROOT, file)}`);
}

main().then(
	() => process.exit(0),
	(e) => {
		console.error(e);
		process.exit(1);
	}
);
