/**
 * Staging tables: the raw text a reader extracted, before mapping and validation.
 * Readers that parse in Node (GBK CSV fallback, XLSX, XES) append rows through `StagingWriter`.
 */
import type { DuckDBAppender, DuckDBConnection } from '@duckdb/node-api';
import { quoteIdent } from '../analytics/schema';

export function stagingColumns(n: number): string[] {
	return Array.from({ length: n }, (_, i) => `c${i}`);
}

export async function createStagingTable(conn: DuckDBConnection, name: string, ncols: number): Promise<void> {
	const cols = stagingColumns(ncols).map((c) => `${c} VARCHAR`);
	await conn.run(`CREATE OR REPLACE TEMP TABLE ${quoteIdent(name)} (${[...cols, '__row BIGINT'].join(', ')})`);
}

export class StagingWriter {
	private appender: DuckDBAppender | null = null;
	rows = 0;
	private constructor(
		private conn: DuckDBConnection,
		readonly table: string,
		readonly ncols: number
	) {}

	static async create(conn: DuckDBConnection, table: string, ncols: number): Promise<StagingWriter> {
		await createStagingTable(conn, table, ncols);
		const w = new StagingWriter(conn, table, ncols);
		w.appender = await conn.createAppender(table, 'main', 'temp');
		return w;
	}

	/** Append one source row; missing cells become NULL, extra cells are ignored. */
	append(values: readonly (string | null | undefined)[], rowNumber: number): void {
		const a = this.appender!;
		for (let i = 0; i < this.ncols; i++) {
			const v = values[i];
			if (v === null || v === undefined) a.appendNull();
			else a.appendVarchar(v);
		}
		a.appendBigInt(BigInt(rowNumber));
		a.endRow();
		this.rows++;
	}

	close(): void {
		if (!this.appender) return;
		try {
			this.appender.flushSync();
		} finally {
			this.appender.closeSync();
			this.appender = null;
		}
	}
}
