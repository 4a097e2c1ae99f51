/**
 * Issue 8 — bad input. Every file of the generated corpus (corpus/generate.ts) is imported, one batch per
 * corpus case, into a database holding a baseline. Per case:
 *  - the import returns a summary or throws ImportFailedError — anything else is a crash;
 *  - 'refused': one message naming the file; the batch is recorded failed and NO table changed (checksums of
 *    every canonical table + rejects, and the whole KPI report, equal before and after);
 *  - 'stored': the expected numbers of rows stored / rejected, the listed rejects with exact row / column /
 *    reason, every reject row carrying file, row and reason;
 *  - always: no half-written batch (a failed batch owns no rows), no staging objects left, no duplicate keys,
 *    and the baseline department's rows and KPIs unchanged.
 * Figures (files tried, rejects correct, crashes) go to test-results/hardening-figures.json.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openAnalytics, type Analytics } from '../../src/lib/server/analytics/db';
import { importFiles, ImportFailedError, type ImportSummary } from '../../src/lib/server/ingest/index';
import { BASE_DEPT, buildCorpus, PERIOD, writeBaseline, type CorpusCase } from './corpus/generate';
import {
	batchState,
	checksums,
	DATA_TABLES,
	duplicateKeys,
	kpiJson,
	leftoverTemps,
	recordFigures,
	tempDir
} from './helpers';

const STRESS = process.env.HARDENING_STRESS === '1';
const dir = tempDir('corpus');
let db: Analytics;
let corpus: CorpusCase[] = [];
const tally = { files: 0, cases: 0, outcomesCorrect: 0, refused: 0, stored: 0, crashes: 0, rejectRows: 0 };
/** what each case did (docs/hardening.md lists the 'either' cases' actual behaviour) */
const outcomes: Record<string, string> = {};

/** Rows of D01 (the baseline department) — the corpus never writes them. */
const BASE_WHERE: Record<string, string> = {
	departments: `dept_code = '${BASE_DEPT}'`,
	items: `dept_code = '${BASE_DEPT}'`,
	cases: `dept_code = '${BASE_DEPT}'`,
	ratings: `dept_code = '${BASE_DEPT}'`,
	regions: 'true',
	calendar: 'true'
};

beforeAll(async () => {
	process.env.DATA_DIR = path.join(dir, 'data');
	db = await openAnalytics(path.join(dir, 'corpus.duckdb'));
	const base = await importFiles(db, [{ path: writeBaseline(dir) }]);
	expect(base.rejectsTotal).toBe(0);
	corpus = await buildCorpus(dir, { stress: STRESS });
	if (STRESS) corpus = corpus.filter((c) => c.stress);
}, 300_000);

afterAll(async () => {
	recordFigures(STRESS ? 'corpus-stress' : 'corpus', { ...tally, outcomes });
	await db?.close();
	fs.rmSync(dir, { recursive: true, force: true });
});

describe(`hostile-input corpus${STRESS ? ' (stress)' : ''}`, () => {
	it('has every format and every hazard of issue 8', () => {
		if (STRESS) return expect(corpus.length).toBeGreaterThan(0);
		const exts = new Set(
			corpus.flatMap((c) => c.files.map((f) => (/\.xes\.gz$/.test(f) ? 'xes.gz' : path.extname(f).slice(1))))
		);
		expect([...exts].sort()).toEqual(['csv', 'json', 'ndjson', 'parquet', 'xes', 'xes.gz', 'xlsx']);
		expect(corpus.length).toBeGreaterThanOrEqual(60);
	});

	it(
		'each file is stored with its bad rows listed, or refused with one clear message — never a crash, a half batch or a change to earlier data',
		async () => {
			const failures: string[] = [];
			const baseKpiBefore = await kpiJson(db, PERIOD.from, PERIOD.to, BASE_DEPT);
			const baseRowsBefore = await checksums(db, Object.keys(BASE_WHERE), BASE_WHERE);
			for (const c of corpus) {
				tally.cases++;
				tally.files += c.files.length;
				const before = await checksums(db);
				const kpiBefore = await kpiJson(db, PERIOD.from, PERIOD.to);
				let summary: ImportSummary | null = null;
				let failed: ImportFailedError | null = null;
				const t0 = performance.now();
				try {
					summary = await importFiles(
						db,
						c.files.map((p) => ({ path: p })),
						{ table: c.table, encoding: c.encoding }
					);
				} catch (e) {
					if (e instanceof ImportFailedError) failed = e;
					else {
						tally.crashes++;
						failures.push(`${c.id}: CRASH ${(e as Error)?.stack ?? e}`);
						continue;
					}
				}
				const ms = Math.round(performance.now() - t0);
				const problems: string[] = [];
				const names = c.files.map((f) => path.basename(f));
				if (failed) {
					tally.refused++;
					const msg = failed.message;
					outcomes[c.id] = `refused (${ms} ms): ${msg.slice(0, 160)}`;
					if (!names.some((n) => msg.includes(n))) problems.push(`refusal does not name the file: ${msg}`);
					if (msg.length > 600 || msg.includes('\n') || /LINE \d+:|\bat .*\.(ts|js):\d+/.test(msg))
						problems.push(`refusal is not one clear line: ${msg.slice(0, 300)}`);
					if (msg.includes(dir)) problems.push(`refusal leaks the server-side path: ${msg.slice(0, 300)}`);
					if (c.expect.outcome === 'refused' && c.expect.mention && !c.expect.mention.test(msg))
						problems.push(`refusal should mention ${c.expect.mention}: ${msg}`);
					if (c.expect.outcome === 'stored') problems.push(`expected stored, got refused: ${msg}`);
					const after = await checksums(db);
					if (JSON.stringify(after) !== JSON.stringify(before))
						problems.push(`refused import changed data: ${diff(before, after)}`);
					if ((await kpiJson(db, PERIOD.from, PERIOD.to)) !== kpiBefore)
						problems.push('refused import changed the KPI report');
					const st = await batchState(db, failed.summary.batchId);
					if (st.status !== 'failed' || st.rowsInTables || st.rejects)
						problems.push(`half-written failed batch: ${JSON.stringify(st)}`);
				} else if (summary) {
					tally.stored++;
					const stored = summary.files.reduce((a, f) => a + f.rowsStored, 0);
					const rejected = summary.files.reduce((a, f) => a + f.rowsRejected, 0);
					tally.rejectRows += summary.rejectsTotal;
					outcomes[c.id] =
						`stored ${stored}, rejected ${rejected} (${ms} ms)${summary.rejects[0] ? `; first reject row ${summary.rejects[0].row} ${summary.rejects[0].column} ${summary.rejects[0].reason}` : ''}`;
					if (c.expect.outcome === 'refused')
						problems.push(`expected refused, got stored ${stored} / rejected ${rejected}`);
					if (c.expect.outcome === 'stored') {
						if (stored !== c.expect.stored || rejected !== c.expect.rejected)
							problems.push(
								`stored ${stored} / rejected ${rejected}, expected ${c.expect.stored} / ${c.expect.rejected}`
							);
						const listed = await db.query(
							`SELECT file_name, row_number::INT AS row, column_name, reason FROM rejects WHERE batch_id = $1 ORDER BY row_number, column_name`,
							[summary.batchId]
						);
						for (const exp of c.expect.rejects ?? []) {
							const hit = listed.find(
								(r) =>
									r.row === exp.row &&
									(exp.column === undefined || r.column_name === exp.column) &&
									(typeof exp.reason === 'string'
										? r.reason === exp.reason
										: exp.reason.test(String(r.reason)))
							);
							if (!hit)
								problems.push(
									`missing reject row ${exp.row} ${exp.column ?? ''} ${exp.reason}; listed: ${JSON.stringify(listed.slice(0, 12))}`
								);
						}
					}
					for (const f of summary.files)
						if (!f.skipped && f.rowsRead !== f.rowsStored + f.rowsUnchanged + f.rowsRejected)
							problems.push(
								`${f.file}: read ${f.rowsRead} ≠ stored ${f.rowsStored} + unchanged ${f.rowsUnchanged} + rejected ${f.rowsRejected}`
							);
					const bad = await db.query(
						`SELECT count(*)::INT AS n FROM rejects WHERE batch_id = $1 AND (file_name IS NULL OR file_name = '' OR row_number IS NULL OR row_number < 1 OR reason IS NULL)`,
						[summary.batchId]
					);
					if (bad[0].n) problems.push(`${bad[0].n} rejects without file / row / reason`);
					const st = await batchState(db, summary.batchId);
					if (st.status !== 'completed') problems.push(`batch status ${st.status}`);
					for (const v of c.verify ?? []) {
						const r = await db.query(v.sql, v.params);
						const got = r[0] ? Object.values(r[0])[0] : undefined;
						if (got !== v.equals)
							problems.push(`verify ${v.sql} → ${JSON.stringify(got)}, expected ${JSON.stringify(v.equals)}`);
					}
				}
				const temps = await leftoverTemps(db);
				if (temps.length) problems.push(`staging objects left: ${temps.join(', ')}`);
				const tmp = path.join(dir, 'data', 'tmp');
				if (fs.existsSync(tmp) && fs.readdirSync(tmp).length)
					problems.push(`temp files left: ${fs.readdirSync(tmp).join(', ')}`);
				const dups = Object.entries(await duplicateKeys(db)).filter(([, n]) => n > 0);
				if (dups.length) problems.push(`duplicate keys: ${JSON.stringify(dups)}`);
				if (problems.length) failures.push(`${c.id} (${c.about}; ${ms} ms):\n    ${problems.join('\n    ')}`);
				else tally.outcomesCorrect++;
			}
			// the baseline department never moved
			expect(await checksums(db, Object.keys(BASE_WHERE), BASE_WHERE)).toEqual(baseRowsBefore);
			expect(await kpiJson(db, PERIOD.from, PERIOD.to, BASE_DEPT)).toBe(baseKpiBefore);
			expect(failures, failures.join('\n')).toEqual([]);
			expect(tally.crashes).toBe(0);
		},
		STRESS ? 1_200_000 : 240_000
	);
});

function diff(a: Record<string, string>, b: Record<string, string>): string {
	return DATA_TABLES.filter((t) => a[t] !== b[t])
		.map((t) => `${t} ${a[t]} → ${b[t]}`)
		.join('; ');
}
