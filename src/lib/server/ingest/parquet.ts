/**
 * Parquet reader: a lazy TEMP VIEW over read_parquet with every column cast to text, so validation
 * treats it like any other source. Temporal values are formatted unambiguously: DATE → 2018-03-05,
 * TIMESTAMP → 2018-03-05 14:02:07[.ffffff] (local wall time, as stored), TIMESTAMP WITH TIME ZONE →
 * ISO 8601 with its offset (converted to TZ_LOCAL at validation). Row n (1-based) is the n-th record.
 */
import type { DuckDBConnection } from '@duckdb/node-api';
import { quoteIdent } from '../analytics/schema';
import { all } from '../analytics/db';
import { scanSource } from './scan';
import { viewStagedFile } from './staging';
import { sqlString } from './parse';
import { IngestFileError, readerError, type ReaderOptions, type StagedFile } from './types';

export function textCast(col: string, type: string): string {
	const c = quoteIdent(col);
	if (/^TIMESTAMP WITH TIME ZONE/.test(type)) return `strftime(${c}, '%Y-%m-%dT%H:%M:%S.%f%z')`;
	if (/^TIMESTAMP/.test(type)) return `strftime(CAST(${c} AS TIMESTAMP), '%Y-%m-%d %H:%M:%S.%f')`;
	if (/^(STRUCT|MAP|.*\[\])/.test(type)) return `CAST(to_json(${c}) AS VARCHAR)`;
	return `CAST(${c} AS VARCHAR)`;
}

export async function readParquet(
	conn: DuckDBConnection,
	file: string,
	opts: ReaderOptions
): Promise<StagedFile> {
	const scanned = await scanSource(file, opts, false);
	const { name } = scanned;
	const src = `read_parquet(${sqlString(file)})`;
	let cols: { column_name: string; column_type: string }[];
	try {
		cols = (await all(conn, `DESCRIBE SELECT * FROM ${src}`)) as typeof cols;
	} catch (e) {
		throw new IngestFileError(
			name,
			`不是可读的 Parquet 文件 / not a readable Parquet file: ${readerError(e, file, name)}`
		);
	}
	const view = `${opts.stagingPrefix}_pq`;
	const select = cols.map((c, i) => `${textCast(c.column_name, c.column_type)} AS c${i}`).join(', ');
	await conn.run(`CREATE OR REPLACE TEMP VIEW ${quoteIdent(view)} AS SELECT ${select} FROM ${src}`);
	return viewStagedFile(scanned, 'parquet', null, view, cols.map((c) => c.column_name), 1);
}
