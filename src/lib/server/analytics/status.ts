/**
 * What is loaded: row counts per canonical table and the import history. Used by the start page,
 * the CLI `tables` command and the admin import screen.
 */
import { CANONICAL_TABLES, quoteIdent, type CanonicalTable } from './schema';
import type { Analytics } from './db';
import type { Row } from './convert';

export async function tableCounts(db: Analytics): Promise<Record<CanonicalTable | 'rejects', number>> {
	const tables = [...CANONICAL_TABLES, 'rejects'] as const;
	const sql = tables.map((t) => `SELECT '${t}' AS t, count(*) AS n FROM ${quoteIdent(t)}`).join(' UNION ALL ');
	const rows = await db.query(sql);
	const out = {} as Record<CanonicalTable | 'rejects', number>;
	for (const t of tables) out[t] = 0;
	for (const r of rows) out[r.t as CanonicalTable] = r.n as number;
	return out;
}

export async function recentImports(db: Analytics, limit = 10): Promise<Row[]> {
	return db.query(
		`SELECT batch_id, started_at, status, files, rows_read, rows_stored, rows_rejected, duration_ms, username, message
		 FROM import_batches ORDER BY batch_id DESC LIMIT $1`,
		[limit]
	);
}

export async function dataVersion(db: Analytics): Promise<number> {
	const [r] = await db.query(`SELECT CAST(value AS BIGINT) AS v FROM meta WHERE key = 'data_version'`);
	return (r?.v as number) ?? 0;
}
