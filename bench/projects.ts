/**
 * Projects phase (issue 14): the project engine over the demo's investment projects (the generator plans
 * cases / 100 of them for the bench: 10 000 at 1 M cases, ~8–9 cases each by the end date). Target of the issue:
 * "10 k projects over 1 M cases: board and API p50 ≤ 100 ms warm".
 *
 * In-process, through an Analytics instance with its result cache — the server's path, without HTTP:
 * - api: GET /api/projects's code (`projectsResponse`: projectTable + toContract + the JSON body);
 * - board: the /projects page's data — the server's loader `projectsBoard` (filters, projectsSummary over the
 *   population, the page's 20 projects with their cases and holders; memoised per URL and viewer), over a few
 *   filter variants (all, a stage, a state, the park, a search text);
 * each cold (the first call on a freshly opened instance: empty cache) and warm (p50 of the following calls);
 * - raw: the same interval-union SQL (projectCasesCtes + PROJECT_FIGURES_CTES, the query projectTable runs) on
 *   an instance without the cache, straight on a DuckDB connection: cold and p50.
 * The register (projects.csv) is imported into the database first when it is not there (bench/ingest.ts imports
 * the canonical cases and dimensions only); timed apart.
 *
 * Standalone: `npx tsx bench/projects.ts [--cases 100k] [--out DIR] [--runs 10] [--as-of 2026-10-31]` generates
 * the demo (CSV) into DIR/files when not current and imports it into DIR/projects.duckdb.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { closeAllAnalytics, openAnalytics, type Analytics } from '../src/lib/server/analytics/db';
import { Binder } from '../src/lib/server/analytics/kpi/sql-frame';
import { loadThresholds } from '../src/lib/server/analytics/kpi/thresholds';
import { projectsResponse } from '../src/lib/server/analytics/projects/api';
import { projectsBoard } from '../src/lib/server/dashboard/projects';
import { PROJECT_FIGURES_CTES, projectCasesCtes } from '../src/lib/server/analytics/projects/intervals';

export const TARGET_MS = 100;
/** Projects the bench asks the generator for: 10 000 at 1 M cases (the scale), at most 20 000. */
export const benchProjects = (cases: number) => Math.min(20_000, Math.round(cases / 100));

interface Timing {
	/** the first call on a freshly opened instance (empty cache) */
	cold_ms: number;
	/** first calls of the other filter variants, the project table already cached (null: one variant) */
	first_p50_ms: number | null;
	/** p50 of `runs` further calls, every variant seen before */
	p50_ms: number;
	runs: number;
}

export interface ProjectFigures {
	as_of: string;
	cases: number;
	projects: number;
	project_cases: number;
	/** importFiles of projects.csv when the database did not hold the register yet (null: it did) */
	register_import_s: number | null;
	api: Timing & { bytes: number };
	board: Timing & { page_rows: number; variants: number };
	/** the interval-union SQL alone on a DuckDB connection, no cache */
	raw: { cold_ms: number; p50_ms: number; runs: number; rows: number };
	/** api.cold_ms / raw.p50_ms and board.cold_ms / raw.p50_ms */
	cold_vs_raw: { api: number; board: number };
	target_ms: number;
	pass: boolean;
	load_avg: number[];
}

const p50 = (xs: number[]) => {
	const s = [...xs].sort((a, b) => a - b);
	const m = s.length >> 1;
	return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};
const r1 = (x: number) => Math.round(x * 10) / 10;

async function timed<T>(fn: () => Promise<T>): Promise<[number, T]> {
	const t = performance.now();
	const v = await fn();
	return [performance.now() - t, v];
}

/**
 * Variant 0 cold on a freshly opened cached instance, the first call of each other variant, then the warm p50 over
 * `runs` calls cycling through the variants (the argument of `fn`: the variant).
 */
async function measure<T>(
	file: string,
	runs: number,
	variants: number,
	fn: (db: Analytics, v: number) => Promise<T>
): Promise<[Timing, T]> {
	await closeAllAnalytics();
	const db = await openAnalytics(file, { cache: true });
	try {
		const [cold, first] = await timed(() => fn(db, 0));
		const firsts: number[] = [];
		for (let v = 1; v < variants; v++) firsts.push((await timed(() => fn(db, v)))[0]);
		const warm: number[] = [];
		for (let i = 0; i < runs; i++) warm.push((await timed(() => fn(db, i % variants)))[0]);
		const first_p50_ms = firsts.length ? r1(p50(firsts)) : null;
		return [{ cold_ms: r1(cold), first_p50_ms, p50_ms: r1(p50(warm)), runs }, first];
	} finally {
		await closeAllAnalytics();
	}
}

/** The generated period's last day (the as-of date of the figures), from the generator's manifest. */
function manifestEnd(dataDir: string): string {
	try {
		return String(JSON.parse(fs.readFileSync(path.join(dataDir, '.demo-manifest.json'), 'utf8')).options.to);
	} catch {
		return '2026-10-31';
	}
}

export async function projectsPhase(opts: {
	dbFile: string;
	/** the generator's folder (projects.csv / projects.parquet) */
	dataDir: string;
	/** default: the generated period's last day */
	asOf?: string;
	runs?: number;
	log?: (s: string) => void;
}): Promise<ProjectFigures> {
	const log = opts.log ?? ((s: string) => console.log(s));
	const runs = opts.runs ?? 10;
	const asOf = opts.asOf ?? manifestEnd(opts.dataDir);
	const loads = [os.loadavg()[0]];
	const thresholds = loadThresholds();

	// The register, when the database has none yet.
	await closeAllAnalytics();
	const db = await openAnalytics(opts.dbFile);
	let register_import_s: number | null = null;
	const [{ n: registered }] = await db.query(`SELECT count(*) AS n FROM projects`);
	if (Number(registered) === 0) {
		const file = ['projects.parquet', 'projects.csv']
			.map((f) => path.join(opts.dataDir, f))
			.find((f) => fs.existsSync(f));
		if (file) {
			const { importFiles } = await import('../src/lib/server/ingest/index');
			log(`projects: importing the register ${path.basename(file)} …`);
			const [ms, s] = await timed(() => importFiles(db, [{ path: file }]));
			if (s.status !== 'completed') throw new Error(`projects register import failed: ${s.message}`);
			register_import_s = Math.round(ms / 100) / 10;
		} else
			log('projects: no projects.csv / .parquet beside the cases: the board has no register (names empty)');
	}
	const [count] = await db.query(
		`SELECT (SELECT count(*) FROM cases) AS cases, count(*) AS project_cases, count(DISTINCT project_code) AS projects
		 FROM cases WHERE project_code IS NOT NULL`
	);
	const cases = Number(count.cases);
	const projects = Number(count.projects);
	log(
		`projects: ${projects} projects, ${Number(count.project_cases)} project cases of ${cases}, as of ${asOf}`
	);

	// Raw reference: the interval union itself, no cache, no conversion of the rows.
	const b = new Binder();
	const sql = `WITH ${projectCasesCtes(b, asOf)}, ${PROJECT_FIGURES_CTES}
		SELECT project_code, g, approval, span, first, last, cases, open, completed FROM pf ORDER BY project_code, g`;
	const rawRun = () => db.read(async (c) => (await c.runAndReadAll(sql, b.params)).currentRowCount);
	const [rawCold, rows] = await timed(rawRun);
	const rawWarm: number[] = [];
	for (let i = 0; i < Math.min(runs, 5); i++) rawWarm.push((await timed(rawRun))[0]);
	const raw = { cold_ms: r1(rawCold), p50_ms: r1(p50(rawWarm)), runs: rawWarm.length, rows };
	log(`  raw interval-union SQL (${rows} rows): cold ${raw.cold_ms} ms, p50 ${raw.p50_ms} ms`);
	await closeAllAnalytics();

	// API: GET /api/projects (supervisor scope: every project).
	const params = new URLSearchParams({ as_of: asOf });
	let bytes = 0;
	const [api] = await measure(opts.dbFile, runs, 1, async (d) => {
		const res = await projectsResponse(d, params, { scope: null, thresholds });
		const body = await res.text();
		if (res.status !== 200)
			throw new Error(`GET /api/projects answered ${res.status}: ${body.slice(0, 200)}`);
		bytes = body.length;
		return body;
	});
	log(
		`  API (projectTable + toContract + JSON, ${Math.round(bytes / 1024)} KB): cold ${api.cold_ms} ms, warm p50 ${api.p50_ms} ms`
	);

	// Board: headline figures over the population, the filtered list, one page of 20 with its cases.
	const variants = (
		[
			{},
			{ stage: 'construction' },
			{ state: 'in_progress' },
			{ park: '临江经济技术开发区', sort: 'span' },
			{ q: '项目', state: 'over_target' }
		] as Record<string, string>[]
	).map((v) => new URLSearchParams({ as_of: asOf, ...v }));
	let pageRows = 0;
	const [board] = await measure(opts.dbFile, runs, variants.length, async (d, v) => {
		// The server's board loader itself (a leader's view): filters, summary, the page with its cases and holders.
		const data = await projectsBoard(d, variants[v], { role: 'leader', depts: [] }, thresholds, { today: asOf });
		if (data.invalid) throw new Error(data.invalid);
		if (v === 0) pageRows = data.rows.length;
		return data;
	});
	log(
		`  board (summary + filters + a page of ${pageRows} with its cases, ${variants.length} variants): cold ${board.cold_ms} ms, first call of another filter p50 ${board.first_p50_ms} ms, warm p50 ${board.p50_ms} ms`
	);
	loads.push(os.loadavg()[0]);
	const pass = api.p50_ms <= TARGET_MS && board.p50_ms <= TARGET_MS;
	log(`  target warm p50 ≤ ${TARGET_MS} ms: ${pass ? 'pass' : 'FAIL'}`);
	return {
		as_of: asOf,
		cases,
		projects,
		project_cases: Number(count.project_cases),
		register_import_s,
		api: { ...api, bytes },
		board: { ...board, page_rows: pageRows, variants: variants.length },
		raw,
		cold_vs_raw: {
			api: raw.p50_ms ? r1(api.cold_ms / raw.p50_ms) : 0,
			board: raw.p50_ms ? r1(board.cold_ms / raw.p50_ms) : 0
		},
		target_ms: TARGET_MS,
		pass,
		load_avg: loads.map((x) => Math.round(x * 100) / 100)
	};
}

// Standalone run.
if (process.argv[1] && path.resolve(process.argv[1]) === path.resolve(import.meta.filename ?? '')) {
	const arg = (n: string) => {
		const i = process.argv.indexOf(`--${n}`);
		return i > 0 ? process.argv[i + 1] : undefined;
	};
	const count = (s: string) => Math.round(parseFloat(s) * (/k$/i.test(s) ? 1e3 : /m$/i.test(s) ? 1e6 : 1));
	const cases = count(arg('cases') ?? '100k');
	const dir = path.resolve(arg('out') ?? path.join('tmp', 'bench', `projects-${cases}`));
	const asOf = arg('as-of') ?? '2026-10-31';
	(async () => {
		const { generateDemo, isCurrent } = await import('../scripts/demo/generate');
		const files = path.join(dir, 'files');
		const dbFile = path.join(dir, 'projects.duckdb');
		const o = {
			out: files,
			cases,
			from: '2023-01-01',
			to: '2026-10-31',
			format: 'csv' as const,
			chinese: false,
			seed: 'linjiang',
			events: false,
			projects: benchProjects(cases),
			progress: false
		};
		if (!isCurrent(o) || !fs.existsSync(dbFile)) {
			console.log(`generating ${cases} cases with ${o.projects} projects into ${files} …`);
			await generateDemo(o);
			for (const f of [dbFile, `${dbFile}.wal`]) fs.rmSync(f, { force: true });
			const { importFiles } = await import('../src/lib/server/ingest/index');
			const db = await openAnalytics(dbFile);
			const t = performance.now();
			const s = await importFiles(
				db,
				['regions', 'departments', 'items', 'projects', 'cases'].map((t) => ({
					path: path.join(files, `${t}.csv`)
				}))
			);
			if (s.status !== 'completed') throw new Error(`import failed: ${s.message}`);
			console.log(`imported in ${((performance.now() - t) / 1000).toFixed(1)} s`);
			await closeAllAnalytics();
		}
		const f = await projectsPhase({ dbFile, dataDir: files, asOf, runs: Number(arg('runs') ?? 10) });
		console.log(JSON.stringify({ ...f, load_avg_now: os.loadavg() }, null, 1));
	})().then(
		() => process.exit(0),
		(e) => {
			console.error(e);
			process.exit(1);
		}
	);
}
