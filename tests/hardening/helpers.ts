/**
 * Shared helpers of the hardening specs: temp dirs, table checksums, the KPI report as JSON, the invariants
 * every import must keep (no half-written batch, no leftover temp objects), and the figures file that
 * docs/hardening.md quotes (test-results/hardening-figures.json, merged per spec).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Analytics } from '../../src/lib/server/analytics/db';
import { CANONICAL_TABLES } from '../../src/lib/server/analytics/schema';
import { computeKpiReport } from '../../src/lib/server/analytics/kpi/compute-report';
import { periodQuery } from '../../src/lib/server/analytics/kpi/query';
import { loadScheme } from '../../src/lib/server/analytics/kpi/scheme';
import { DEFAULT_THRESHOLDS } from '../../src/lib/server/analytics/kpi/thresholds';

export function tempDir(label: string): string {
	return fs.mkdtempSync(path.join(os.tmpdir(), `hardening-${label}-`));
}

/** Data tables whose content an import may change (canonical + rejects), and the history tables. */
export const DATA_TABLES = [...CANONICAL_TABLES, 'rejects'] as const;

/** count + md5 of every row (as text, sorted) per table; `where` narrows each table (e.g. one department). */
export async function checksums(
	db: Analytics,
	tables: readonly string[] = DATA_TABLES,
	where: Record<string, string> = {},
	opts: { withoutBatchId?: boolean } = {}
): Promise<Record<string, string>> {
	// batch ids differ between two runs of the same import (the sequence); compare contents without them
	const cols = opts.withoutBatchId ? `COLUMNS(c -> c <> 'batch_id')` : '*';
	const out: Record<string, string> = {};
	await db.read(async (conn) => {
		for (const t of tables) {
			const r = await conn.runAndReadAll(
				`SELECT count(*)::BIGINT AS n, coalesce(md5(string_agg(r, chr(10) ORDER BY r)), '') AS h
				 FROM (SELECT CAST(x AS VARCHAR) AS r FROM (SELECT ${cols} FROM ${t} ${where[t] ? `WHERE ${where[t]}` : ''}) x)`
			);
			const [n, h] = r.getRows()[0];
			out[t] = `${n}:${h}`;
		}
	});
	return out;
}

export const engineOpts = () => ({ scheme: loadScheme(), thresholds: { ...DEFAULT_THRESHOLDS } });

/** The KPI report of a period as JSON text (total + every department, or one department). */
export async function kpiJson(db: Analytics, from: string, to: string, dept?: string): Promise<string> {
	const q = periodQuery(from, to, dept ? { dept } : {});
	return JSON.stringify(await computeKpiReport(db, q, engineOpts()));
}

export interface BatchState {
	status: string | null;
	rowsInTables: number;
	rejects: number;
}

/** What a batch left behind: its status and how many rows carry its batch_id. */
export async function batchState(db: Analytics, batchId: number): Promise<BatchState> {
	const rows = await db.read(async (conn) => {
		const status = (
			await conn.runAndReadAll(`SELECT status FROM import_batches WHERE batch_id = $1`, [batchId])
		).getRows();
		let n = 0;
		for (const t of ['regions', 'departments', 'items', 'cases', 'events', 'ratings']) {
			const r = await conn.runAndReadAll(`SELECT count(*)::INT FROM ${t} WHERE batch_id = $1`, [batchId]);
			n += Number(r.getRows()[0][0]);
		}
		const rej = await conn.runAndReadAll(`SELECT count(*)::INT FROM rejects WHERE batch_id = $1`, [batchId]);
		return {
			status: status.length ? String(status[0][0]) : null,
			rowsInTables: n,
			rejects: Number(rej.getRows()[0][0])
		};
	});
	return rows;
}

/** Temp tables / views left on the writer connection (an import must drop its staging objects). */
export async function leftoverTemps(db: Analytics): Promise<string[]> {
	return db.exclusive(async (conn) => {
		const r = await conn.runAndReadAll(
			`SELECT table_name FROM duckdb_tables() WHERE temporary UNION ALL SELECT view_name FROM duckdb_views() WHERE temporary AND NOT internal`
		);
		return r.getRows().map((x) => String(x[0]));
	});
}

/** Duplicate keys in the keyed tables (must be none). */
export async function duplicateKeys(db: Analytics): Promise<Record<string, number>> {
	const keys: Record<string, string> = {
		regions: 'region_code',
		departments: 'dept_code',
		items: 'item_code',
		cases: 'case_id',
		ratings: 'rating_id',
		calendar: 'date'
	};
	const out: Record<string, number> = {};
	await db.read(async (conn) => {
		for (const [t, k] of Object.entries(keys)) {
			const r = await conn.runAndReadAll(
				`SELECT count(*)::INT FROM (SELECT ${k} FROM ${t} GROUP BY ${k} HAVING count(*) > 1)`
			);
			out[t] = Number(r.getRows()[0][0]);
		}
	});
	return out;
}

const FIGURES = path.resolve('test-results/hardening-figures.json');

/** Merge figures into test-results/hardening-figures.json (docs/hardening.md quotes them). */
export function recordFigures(section: string, figures: Record<string, unknown>): void {
	fs.mkdirSync(path.dirname(FIGURES), { recursive: true });
	let all: Record<string, unknown> = {};
	try {
		all = JSON.parse(fs.readFileSync(FIGURES, 'utf8'));
	} catch {
		/* first writer */
	}
	all[section] = { ...figures, at: new Date().toISOString() };
	fs.writeFileSync(FIGURES, JSON.stringify(all, null, 2));
	console.info(`[hardening] ${section}: ${JSON.stringify(figures)}`);
}
