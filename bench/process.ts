/**
 * Process phase (issue 17): the process engine over a city-scale event log — ~20 events per case with loops
 * (审查 ⇄ 补正 rework, repeated 审核), generated in DuckDB SQL from the cases (the demo generator's cases.parquet
 * when there is one, else synthetic cases) into its own database `DIR/process.duckdb` (the server's bench
 * database is left as the demo import made it). Measures `computeProcess` without the result cache (every run
 * recomputes; "warm" = DuckDB's buffers warm): one department's whole history and the whole jurisdiction,
 * cold (first run) and p50 over the warm runs.
 *
 * Standalone: `npx tsx bench/process.ts [--cases 100k] [--out DIR] [--runs 5] [--events-path none|dept|all] [--reuse]`.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openAnalytics, type Analytics } from '../src/lib/server/analytics/db';
import {
	computeProcess,
	processQuery,
	rebuildProcessStepsNow,
	refreshProcessStepsNow
} from '../src/lib/server/analytics/process/index';
import { stepsFresh } from '../src/lib/server/analytics/process/steps';

export interface ProcessFigures {
	cases: number;
	events: number;
	departments: number;
	source: 'demo cases.parquet' | 'synthetic';
	generate_s: number | null;
	/** a full rebuild of the derived tables (process_names / process_steps / process_cases), seconds */
	steps_build_s: number | null;
	/** incremental refresh after one more batch of 1 % new cases with their events, and after removing them again */
	steps_incremental: {
		cases: number;
		events: number;
		add_ms: number;
		remove_ms: number;
		how: string[];
	} | null;
	/** from the derived tables (process_steps / process_cases) — the path the server takes when they are current */
	dept: { code: string; cases: number; events: number; cold_ms: number; p50_ms: number; runs: number };
	jurisdiction: { cold_ms: number; p50_ms: number; runs: number; transitions: number; variants: number };
	/** the same views computed from `events` at query time (no derived tables) */
	events_path: {
		dept_cold_ms: number;
		dept_p50_ms: number;
		jurisdiction_cold_ms: number | null;
		jurisdiction_p50_ms: number | null;
	} | null;
	load_avg: number[];
}

const ACTS = ['审查', '补正', '现场踏勘', '审核'];
/** Bumped when the generated log changes, so an older process.duckdb is regenerated. */
const GENERATOR = 2;
const marker = (cases: number) => `${cases}:v${GENERATOR}`;

async function generate(db: Analytics, cases: number, casesFile: string | null): Promise<void> {
	await db.write(async (conn) => {
		if (casesFile)
			await conn.run(
				`INSERT INTO cases (case_id, item_code, dept_code, submitted_at, submitted_date, status)
				 SELECT CAST(case_id AS VARCHAR), CAST(item_code AS VARCHAR), CAST(dept_code AS VARCHAR),
					CAST(submitted_at AS TIMESTAMP), CAST(submitted_at AS DATE), 'completed'
				 FROM read_parquet($1)`,
				[casesFile]
			);
		else
			await conn.run(
				`INSERT INTO cases (case_id, item_code, dept_code, submitted_at, submitted_date, status)
				 SELECT 'C' || i, 'I' || (i % 400), 'D' || lpad(CAST(i % 40 AS VARCHAR), 2, '0'), ts, CAST(ts AS DATE), 'completed'
				 FROM (SELECT i, TIMESTAMP '2023-01-01 08:30:00' + to_minutes(CAST(hash(i) % (1400 * 24 * 60) AS BIGINT)) AS ts
				       FROM range($1) t(i))`,
				[cases]
			);
		await conn.run(
			`INSERT INTO departments (dept_code, name) SELECT DISTINCT dept_code, dept_code FROM cases`
		);
		// Per case n = 12…28 events (mean 20): 收件, 受理, then n−5 middle steps — 审查 ⇄ 补正 loops, 现场踏勘 in a
		// third of the cases, 审核; one middle step in ten replaced by a random one (a long tail of variants) — then
		// 决定, 制证, 送达. Gaps: a per-case pace × a per-step factor;
		// 现场踏勘 and 补正 wait longest. ~5 % of steps are handled by another department.
		await conn.run(
			`INSERT INTO events (case_id, activity, ts, actor, dept_code, seq)
			 WITH c AS (SELECT case_id, dept_code, submitted_at, hash(case_id) AS h, 12 + CAST(hash(case_id) % 17 AS INTEGER) AS n FROM cases),
			 s AS (SELECT c.*, unnest(range(1, n + 1)) AS i FROM c),
			 a AS (SELECT s.*, CASE WHEN i = 1 THEN '收件' WHEN i = 2 THEN '受理' WHEN i = n - 2 THEN '决定'
					WHEN i = n - 1 THEN '制证' WHEN i = n THEN '送达'
					WHEN hash(case_id || '/' || i) % 10 = 0 THEN [${ACTS.map((x) => `'${x}'`).join(', ')}][1 + CAST(hash(case_id || '|' || i) % 4 AS INTEGER)]
					WHEN i = n - 3 THEN '审核' WHEN i = n - 4 AND h % 3 = 0 THEN '现场踏勘'
					WHEN i % 2 = 1 THEN '审查' ELSE '补正' END AS activity,
					hash(case_id || '#' || i) AS r FROM s)
			 SELECT case_id, activity,
				submitted_at + to_minutes(CAST(sum(CASE activity WHEN '现场踏勘' THEN 2880 WHEN '补正' THEN 1440 WHEN '审核' THEN 600 ELSE 90 END
					* (1 + (h % 5)) * (r % 100) / 50) OVER (PARTITION BY case_id ORDER BY i) AS BIGINT)),
				'u' || (r % 60),
				CASE WHEN r % 20 = 0 THEN 'X' || (r % 7) ELSE dept_code END,
				CAST(i AS INTEGER)
			 FROM a`
		);
		await conn.run(
			`INSERT INTO meta VALUES ('process_bench_cases', $1) ON CONFLICT (key) DO UPDATE SET value = excluded.value`,
			[marker(cases)]
		);
	});
}

/**
 * The server's refresh after an import: a batch of `n` new cases with ~20 events each (copies of existing cases'
 * events under new ids, written with a batch id as an import would) → incremental refresh; then the batch is
 * removed again → incremental refresh (removed cases are found by the cases ↔ process_cases check).
 */
async function incremental(
	db: Analytics,
	n: number,
	log: (s: string) => void
): Promise<ProcessFigures['steps_incremental']> {
	const batch = 1_000_000_000;
	const bump = `UPDATE meta SET value = CAST(CAST(value AS BIGINT) + 1 AS VARCHAR) WHERE key = 'data_version'`;
	await db.write(async (conn) => {
		await conn.run(`INSERT INTO import_batches (batch_id, status) VALUES ($1, 'completed')`, [batch]);
		await conn.run(
			`INSERT INTO cases (case_id, item_code, dept_code, submitted_at, submitted_date, status, batch_id)
			 SELECT 'N' || case_id, item_code, dept_code, submitted_at, submitted_date, status, $1 FROM cases ORDER BY case_id LIMIT $2`,
			[batch, n]
		);
		await conn.run(
			`INSERT INTO events (case_id, activity, ts, actor, dept_code, seq, batch_id)
			 SELECT 'N' || e.case_id, e.activity, e.ts, e.actor, e.dept_code, e.seq, $1 FROM events e
			 WHERE e.case_id IN (SELECT substr(case_id, 2) FROM cases WHERE batch_id = $1)`,
			[batch]
		);
		await conn.run(bump);
	});
	const [{ events }] = await db.query(`SELECT count(*) AS events FROM events WHERE batch_id = $1`, [batch]);
	const [add, how1] = await timed(() => refreshProcessStepsNow(db));
	await db.write(async (conn) => {
		await conn.run(`DELETE FROM events WHERE batch_id = $1`, [batch]);
		await conn.run(`DELETE FROM cases WHERE batch_id = $1`, [batch]);
		await conn.run(`DELETE FROM import_batches WHERE batch_id = $1`, [batch]);
		await conn.run(bump);
	});
	const [remove, how2] = await timed(() => refreshProcessStepsNow(db));
	log(
		`  incremental refresh: +${n} cases / ${events} events ${add} ms (${how1}), removing them ${remove} ms (${how2})`
	);
	return { cases: n, events: Number(events), add_ms: add, remove_ms: remove, how: [how1, how2] };
}

function p50(xs: number[]): number {
	const s = [...xs].sort((a, b) => a - b);
	const m = s.length >> 1;
	return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

async function timed<T>(fn: () => Promise<T>): Promise<[number, T]> {
	const t = performance.now();
	const v = await fn();
	return [Math.round(performance.now() - t), v];
}

export async function processPhase(opts: {
	cases: number;
	dir: string;
	/** the demo's cases.parquet (null/missing: synthetic cases) */
	casesFile?: string | null;
	runs?: number;
	log?: (s: string) => void;
	/** use an existing DIR/process.duckdb whatever generator made it */
	reuse?: boolean;
	/** also time the query-time path from events (jurisdiction only when true; slow at 1 M) */
	eventsPath?: 'none' | 'dept' | 'all';
}): Promise<ProcessFigures> {
	const log = opts.log ?? ((s: string) => console.log(s));
	const runs = opts.runs ?? 5;
	const casesFile = opts.casesFile && fs.existsSync(opts.casesFile) ? opts.casesFile : null;
	const file = path.join(opts.dir, 'process.duckdb');
	fs.mkdirSync(opts.dir, { recursive: true });
	let db = await openAnalytics(file);
	const have = await db.query(`SELECT value FROM meta WHERE key = 'process_bench_cases'`);
	let generate_s: number | null = null;
	if (have[0]?.value !== marker(opts.cases) && !(opts.reuse && have[0]?.value)) {
		await db.close();
		for (const f of [file, `${file}.wal`]) fs.rmSync(f, { force: true });
		db = await openAnalytics(file);
		log(
			`process: generating ~20 events per case for ${opts.cases} cases (${casesFile ? 'demo cases' : 'synthetic'}) …`
		);
		const [ms] = await timed(() => generate(db, opts.cases, casesFile));
		generate_s = Math.round(ms / 100) / 10;
		log(`  ${generate_s} s`);
	}
	const [count] = await db.query(
		`SELECT (SELECT count(*) FROM cases) AS cases, (SELECT count(*) FROM events) AS events, (SELECT count(*) FROM departments) AS depts`
	);
	const [big] = await db.query(
		`SELECT dept_code, count(*) AS n FROM cases GROUP BY 1 ORDER BY 2 DESC, 1 LIMIT 1`
	);
	const dept = String(big.dept_code);
	const loads = [os.loadavg()[0]];
	let steps_build_s: number | null = null;
	if (!(await stepsFresh(db))) {
		log('process: building the derived tables (process_names, process_steps, process_cases) …');
		const [ms] = await timed(() => rebuildProcessStepsNow(db));
		steps_build_s = Math.round(ms / 100) / 10;
		log(`  ${steps_build_s} s`);
	}
	const steps_incremental = await incremental(db, Math.max(1, Math.round(Number(count.cases) / 100)), log);
	const measure = async (q: ReturnType<typeof processQuery>, source: 'auto' | 'events', n = runs) => {
		const [cold, r] = await timed(() => computeProcess(db, q, { source }));
		const warm: number[] = [];
		for (let i = 0; i < n; i++) warm.push((await timed(() => computeProcess(db, q, { source })))[0]);
		return { cold, p50: p50(warm), r };
	};
	const d = await measure(processQuery({ dept }), 'auto');
	log(
		`  department ${dept} (${d.r.cases} cases, ${d.r.events} events), derived tables: cold ${d.cold} ms, warm p50 ${d.p50} ms`
	);
	const j = await measure(processQuery({}), 'auto');
	log(
		`  jurisdiction (${j.r.cases} cases, ${j.r.events} events, ${j.r.transitions.length} transitions, ${j.r.variants.count} variants), derived tables: cold ${j.cold} ms, warm p50 ${j.p50} ms`
	);
	let events_path: ProcessFigures['events_path'] = null;
	const ep = opts.eventsPath ?? 'dept';
	if (ep !== 'none') {
		const de = await measure(processQuery({ dept }), 'events', Math.min(runs, 3));
		log(`  department from events: cold ${de.cold} ms, warm p50 ${de.p50} ms`);
		const je = ep === 'all' ? await measure(processQuery({}), 'events', 1) : null;
		if (je) log(`  jurisdiction from events: cold ${je.cold} ms, warm ${je.p50} ms`);
		events_path = {
			dept_cold_ms: de.cold,
			dept_p50_ms: de.p50,
			jurisdiction_cold_ms: je?.cold ?? null,
			jurisdiction_p50_ms: je?.p50 ?? null
		};
	}
	loads.push(os.loadavg()[0]);
	await db.close();
	return {
		cases: Number(count.cases),
		events: Number(count.events),
		departments: Number(count.depts),
		source: casesFile ? 'demo cases.parquet' : 'synthetic',
		generate_s,
		steps_build_s,
		steps_incremental,
		events_path,
		dept: { code: dept, cases: d.r.cases, events: d.r.events, cold_ms: d.cold, p50_ms: d.p50, runs },
		jurisdiction: {
			cold_ms: j.cold,
			p50_ms: j.p50,
			runs,
			transitions: j.r.transitions.length,
			variants: j.r.variants.count
		},
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
	const dir = arg('out') ?? path.join('tmp', 'bench', `process-${cases}`);
	processPhase({
		cases,
		dir,
		runs: Number(arg('runs') ?? 5),
		reuse: process.argv.includes('--reuse'),
		eventsPath: (arg('events-path') as 'none' | 'dept' | 'all' | undefined) ?? 'dept'
	}).then(
		(f) => {
			console.log(JSON.stringify({ ...f, load_avg_now: os.loadavg() }, null, 1));
			process.exit(0);
		},
		(e) => {
			console.error(e);
			process.exit(1);
		}
	);
}
