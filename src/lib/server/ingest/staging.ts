/**
 * Staging tables: the raw text a reader extracted, before mapping and validation.
 * Readers that parse in Node (GBK CSV fallback, XLSX, XES) append rows through `StagingWriter`; readers that let
 * DuckDB read the file (CSV, JSON, Parquet) stage one lazy view in source order (`viewStagedFile`).
 */
import type { DuckDBAppender, DuckDBConnection } from '@duckdb/node-api';
import { quoteIdent } from '../analytics/schema';
import type { ScannedSource } from './scan';
import type { SourceFormat, StagedFile, StagedPart, TextEncoding } from './types';

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

/**
 * The file a DuckDB-read reader staged as one lazy view `view` (no `__row`): its n-th row (0-based) is source
 * row `rowBase + n` ('order' numbering, see StagedPart); `part` adds what the reader knows beyond that.
 */
export function viewStagedFile(
	src: ScannedSource,
	format: SourceFormat,
	encoding: TextEncoding | null,
	view: string,
	headers: string[],
	rowBase: number,
	part: Partial<StagedPart> = {}
): StagedFile {
	return {
		file: src.file,
		displayName: src.name,
		format,
		encoding,
		contentHash: src.scan.contentHash,
		bytes: src.scan.bytes,
		parts: [{ table: null, stagingTable: view, headers, rows: -1, rowNumbering: 'order', rowBase, ...part }]
	};
}
