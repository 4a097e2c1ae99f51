/** The rejects of one import batch (DuckDB `rejects`), in file / row / column order — for downloads. */
import type { Analytics } from './db';
import type { Row } from './convert';

export function batchRejects(db: Analytics, batchId: number): Promise<Row[]> {
	return db.query(
		`SELECT file_name, table_name, row_number, column_name, value, reason, detail
		 FROM rejects WHERE batch_id = $1 ORDER BY file_name, row_number, column_name`,
		[batchId]
	);
}
