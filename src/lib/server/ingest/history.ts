/**
 * Import history: the `import_files` / `import_batches` rows of a batch, the failed-batch record written
 * on its own after a rollback, and the first rejects of a batch as the summary shows them.
 */
import type { DuckDBConnection } from '@duckdb/node-api';
import type { Analytics } from '../analytics/db';
import { all } from '../analytics/db';
import { reasonText } from './reasons';
import type { ImportSummary, RejectSummary } from './summary';
import type { Work } from './prepare';

export async function nextBatchId(conn: DuckDBConnection): Promise<number> {
	const [{ id }] = await all(conn, `SELECT CAST(nextval('import_batch_seq') AS INTEGER) AS id`);
	return Number(id);
}

export interface BatchRecord {
	batchId: number;
	startedAt: string;
	finishedAt: string;
	files: number;
	durationMs: number;
	username: string | null;
	warnings: string[];
}

/** The batch's history rows, written inside its transaction. */
export async function recordBatch(conn: DuckDBConnection, works: Work[], b: BatchRecord): Promise<void> {
	const now = performance.now();
	for (const w of works) {
		w.summary.durationMs = Math.round(now - w.started);
		const s = w.summary;
		await conn.run(
			`INSERT INTO import_files VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)`,
			[
				b.batchId,
				s.file,
				s.contentHash,
				s.table,
				s.format,
				s.encoding,
				s.profile,
				s.rowsRead,
				s.rowsStored,
				s.rowsUnchanged,
				s.rowsRejected,
				s.durationMs,
				s.skipped,
				s.message ?? null
			]
		);
	}
	const sum = (k: 'rowsRead' | 'rowsStored' | 'rowsRejected') => works.reduce((a, w) => a + w.summary[k], 0);
	await conn.run(
		`INSERT INTO import_batches VALUES ($1, $2::TIMESTAMP, $3::TIMESTAMP, 'completed', $4, $5, $6, $7, $8, $9, $10)`,
		[
			b.batchId,
			b.startedAt,
			b.finishedAt,
			b.files,
			sum('rowsRead'),
			sum('rowsStored'),
			sum('rowsRejected'),
			b.durationMs,
			b.username,
			b.warnings.length ? b.warnings.join('\n').slice(0, 2000) : null
		]
	);
}

export type RejectRow = [string, string, number, string, string | null, string, string | null];

/**
 * A refused batch: its own small transaction after the rollback, with the message, and — when the batch was
 * refused because a file's every row was rejected — those rejects, so they can be read and downloaded.
 */
export async function recordFailure(
	db: Analytics,
	b: Omit<BatchRecord, 'batchId' | 'warnings'> & { message: string; rejects?: RejectRow[] }
): Promise<number> {
	return db.write(async (conn) => {
		const batchId = await nextBatchId(conn);
		await conn.run(
			`INSERT INTO import_batches VALUES ($1, $2::TIMESTAMP, $3::TIMESTAMP, 'failed', $4, 0, 0, $5, $6, $7, $8)`,
			[
				batchId,
				b.startedAt,
				b.finishedAt,
				b.files,
				b.rejects?.length ?? 0,
				b.durationMs,
				b.username,
				b.message.slice(0, 2000)
			]
		);
		if (b.rejects?.length) {
			const app = await conn.createAppender('rejects');
			try {
				for (const r of b.rejects) {
					app.appendInteger(batchId);
					app.appendVarchar(r[0]);
					app.appendVarchar(r[1]);
					app.appendBigInt(BigInt(r[2]));
					app.appendVarchar(r[3]);
					if (r[4] === null) app.appendNull();
					else app.appendVarchar(r[4]);
					app.appendVarchar(r[5]);
					if (r[6] === null) app.appendNull();
					else app.appendVarchar(r[6]);
					app.endRow();
				}
				app.flushSync();
			} finally {
				app.closeSync();
			}
		}
		return batchId;
	});
}

/** Every reject row of a batch (inside its transaction, to keep them past a rollback), at most `limit`. */
export async function collectRejects(
	conn: DuckDBConnection,
	batchId: number,
	limit = 100_000
): Promise<RejectRow[]> {
	const rows = await all(
		conn,
		`SELECT file_name, table_name, row_number, column_name, value, reason, detail FROM rejects
		 WHERE batch_id = $1 ORDER BY file_name, row_number, column_name LIMIT ${limit}`,
		[batchId]
	);
	return rows.map((r) => [
		String(r.file_name),
		String(r.table_name),
		Number(r.row_number),
		String(r.column_name ?? ''),
		r.value === null ? null : String(r.value),
		String(r.reason),
		r.detail === null ? null : String(r.detail)
	]);
}

/** The first 20 rejects and the count, as the summary carries them. */
export async function firstRejects(
	conn: DuckDBConnection,
	batchId: number
): Promise<Pick<ImportSummary, 'rejects' | 'rejectsTotal'>> {
	const rows = await all(
		conn,
		`SELECT file_name, table_name, row_number, column_name, value, reason, detail FROM rejects
		 WHERE batch_id = $1 ORDER BY file_name, row_number, column_name LIMIT 20`,
		[batchId]
	);
	const [{ n }] = await all(conn, `SELECT count(*) AS n FROM rejects WHERE batch_id = $1`, [batchId]);
	const rejects: RejectSummary[] = rows.map((r) => ({
		file: String(r.file_name),
		table: String(r.table_name),
		row: Number(r.row_number),
		column: String(r.column_name ?? ''),
		value: r.value === null ? null : String(r.value),
		reason: String(r.reason),
		detail: r.detail === null ? null : String(r.detail),
		message: reasonText(String(r.reason), r.detail === null ? null : String(r.detail))
	}));
	return { rejects, rejectsTotal: Number(n) };
}
