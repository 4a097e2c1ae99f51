/**
 * `npx tsx bench/reports.ts [--cases N] [--runs N] [--db FILE]` — how long the annual assessment report of a
 * 60-department jurisdiction takes, end to end (engine queries + model + rendering), per format.
 * Targets (issue 6): XLSX < 2 s, PDF < 5 s.
 *
 * Data: the synthetic jurisdiction of tests/fixtures/reports-data.ts (60 departments in four peer groups,
 * 200 000 cases and ~66 000 ratings in 2025 by default), generated once into tmp/bench-reports-<cases>.duckdb.
 * Each format is timed cold (first call: DuckDB caches and, for PDF / DOCX, the Chromium launch) and warm
 * (median of --runs). Results are printed and written to bench/results/reports-<timestamp>.json.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { periodQuery } from '../src/lib/server/analytics/kpi/query';
import { loadScheme } from '../src/lib/server/analytics/kpi/scheme';
import { DEFAULT_THRESHOLDS } from '../src/lib/server/analytics/kpi/thresholds';
import { closeBrowser } from '../src/lib/server/reports/browser';
import { renderReport, WANTS_CHARTS } from '../src/lib/server/reports/index';
import { buildReport } from '../src/lib/server/reports/model';
import type { ReportFormat } from '../src/lib/reports/types';
import { reportsDataDb } from '../tests/fixtures/reports-data';

const arg = (name: string, dflt: string) => {
	const i = process.argv.indexOf(`--${name}`);
	return i > 0 ? process.argv[i + 1] : dflt;
};
const CASES = Number(arg('cases', '200000'));
const RUNS = Number(arg('runs', '5'));
const DB = arg('db', `tmp/bench-reports-${CASES}.duckdb`);
const TARGETS: Partial<Record<ReportFormat, number>> = { xlsx: 2, pdf: 5 };

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

async function main() {
	fs.mkdirSync(path.dirname(DB), { recursive: true });
	const t0 = performance.now();
	const db = await reportsDataDb(DB, { departments: 60, cases: CASES, year: 2025 });
	const seeded = (performance.now() - t0) / 1000;
	const [{ n }] = await db.query('SELECT count(*) AS n FROM cases');
	const q = periodQuery('2025-01-01', '2025-12-31');
	const opts = { scheme: loadScheme(), thresholds: { ...DEFAULT_THRESHOLDS }, scope: { kind: 'jurisdiction' as const }, date: '2026-01-10' };

	const results: Record<string, { cold_s: number; warm_median_s: number; warm_s: number[]; bytes: number; target_s: number | null }> = {};
	for (const format of ['xlsx', 'csv', 'pdf', 'docx'] as ReportFormat[]) {
		const once = async () => {
			const s = performance.now();
			const report = await buildReport(db, q, { ...opts, charts: WANTS_CHARTS[format] });
			const file = await renderReport(report, format);
			return { s: (performance.now() - s) / 1000, bytes: file.body.length };
		};
		const cold = await once();
		const warm: number[] = [];
		for (let i = 0; i < RUNS; i++) warm.push((await once()).s);
		results[format] = { cold_s: +cold.s.toFixed(3), warm_median_s: +median(warm).toFixed(3), warm_s: warm.map((x) => +x.toFixed(3)), bytes: cold.bytes, target_s: TARGETS[format] ?? null };
	}
	await closeBrowser();
	await db.close();

	console.log(`annual report, 60 departments, ${Number(n).toLocaleString('en-US')} cases (${os.cpus().length} CPUs; data ${seeded.toFixed(1)} s to open/seed)`);
	console.log('format   cold      warm (median of %d)   size       target', RUNS);
	for (const [f, r] of Object.entries(results))
		console.log(
			`${f.padEnd(8)} ${`${r.cold_s.toFixed(2)} s`.padEnd(9)} ${`${r.warm_median_s.toFixed(2)} s`.padEnd(22)} ${`${(r.bytes / 1024).toFixed(0)} KB`.padEnd(10)} ${r.target_s ? `< ${r.target_s} s ${r.warm_median_s < r.target_s && r.cold_s < r.target_s ? 'ok' : 'MISSED'}` : ''}`
		);
	const out = path.join('bench', 'results', `reports-${new Date().toISOString().replace(/[:.]/g, '-')}.json`);
	fs.mkdirSync(path.dirname(out), { recursive: true });
	fs.writeFileSync(out, JSON.stringify({ cases: Number(n), departments: 60, period: '2025', cpus: os.cpus().length, results }, null, 2));
	console.log(`→ ${out}`);
}

main().catch((e) => {
	console.error(e);
	process.exit(1);
});
