/** Shared helpers for the ingest integration tests: temp dirs, fresh databases, table snapshots. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openAnalytics, type Analytics } from '../../../src/lib/server/analytics/db';
import { CANONICAL_TABLES } from '../../../src/lib/server/analytics/schema';
import type { Row } from '../../../src/lib/server/analytics/convert';

export function tempDir(label: string): string {
	return fs.mkdtempSync(path.join(os.tmpdir(), `ingest-${label}-`));
}

let n = 0;
export async function freshDb(dir: string): Promise<Analytics> {
	return openAnalytics(path.join(dir, `db-${++n}.duckdb`));
}

/** Every canonical table (all columns, derived included) plus rejects, in a stable order. */
export async function snapshot(
	db: Analytics,
	opts: { history?: boolean } = {}
): Promise<Record<string, Row[]>> {
	const out: Record<string, Row[]> = {};
	for (const t of [...CANONICAL_TABLES, 'rejects'])
		out[t] = await db.query(`SELECT * FROM ${t} ORDER BY ALL`);
	if (opts.history) {
		out.import_files = await db.query(`SELECT * EXCLUDE (duration_ms) FROM import_files ORDER BY ALL`);
		out.import_batches = await db.query(
			`SELECT batch_id, status, files, rows_read, rows_stored, rows_rejected FROM import_batches ORDER BY ALL`
		);
	}
	return out;
}

export function writeText(dir: string, name: string, text: string | Buffer): string {
	const f = path.join(dir, name);
	fs.mkdirSync(path.dirname(f), { recursive: true });
	fs.writeFileSync(f, text);
	return f;
}

/** A minimal reference set (region, department, items) so cases and ratings resolve their codes. */
export const REFS = {
	regions: 'region_code,name,level,parent_code\n430100,长沙市,city,\n430102,芙蓉区,district,430100\n',
	departments: 'dept_code,name,region_code,peer_group\nD01,市局,430100,city\nD02,区局,430102,county\n',
	items:
		'item_code,name,dept_code,statutory_days,promised_days,delegation_mode\nI001,事项一,D02,20,10,devolved\nI002,事项二,D02,15,,retained\n'
};

export const CASE_HEADER =
	'case_id,item_code,dept_code,region_code,channel,applicant_type,submitted_at,accepted_at,completed_at,status,visits';
