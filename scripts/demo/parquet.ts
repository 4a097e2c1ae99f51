/**
 * Parquet from the canonical CSV, by DuckDB: `COPY (SELECT * FROM read_csv(...)) TO ... (FORMAT parquet)`
 * with explicit column types from schema.ts, so DuckDB streams any size (100 M cases) in bounded memory.
 */
import { DuckDBInstance } from '@duckdb/node-api';
import type { ColumnKind } from '../../src/lib/server/analytics/schema';
import { outColumns, type OutTable } from './rows';

function duckType(kind: ColumnKind): string {
	if (typeof kind === 'object') return 'VARCHAR';
	return {
		text: 'VARCHAR',
		int: 'INTEGER',
		date: 'DATE',
		timestamp: 'TIMESTAMP',
		bool: 'BOOLEAN',
		score: 'TINYINT',
		number: 'DOUBLE'
	}[kind];
}

const lit = (s: string) => "'" + s.replaceAll("'", "''") + "'";

export async function csvToParquet(
	files: { table: OutTable; csv: string; parquet: string }[],
	tmpDir: string
): Promise<void> {
	const instance = await DuckDBInstance.create(':memory:', {
		temp_directory: tmpDir,
		preserve_insertion_order: 'false'
	});
	const conn = await instance.connect();
	try {
		for (const f of files) {
			const cols = outColumns(f.table)
				.map((c) => `${lit(c.name)}: ${lit(duckType(c.kind))}`)
				.join(', ');
			await conn.run(
				`COPY (SELECT * FROM read_csv(${lit(f.csv)}, header = true, delim = ',', quote = '"', escape = '"',
				   columns = {${cols}}, dateformat = '%Y-%m-%d', timestampformat = '%Y-%m-%d %H:%M:%S'))
				 TO ${lit(f.parquet)} (FORMAT parquet, COMPRESSION zstd)`
			);
		}
	} finally {
		conn.closeSync();
		instance.closeSync();
	}
}
