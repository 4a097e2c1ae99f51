/**
 * JSON reader: a top-level array of objects or newline-delimited objects (NDJSON), detected by DuckDB
 * (`format = 'auto'`). Keys are collected over the whole file; every key is read as text (numbers keep
 * their digits, nested values their JSON text) so that offsets in timestamps are never lost to DuckDB's
 * own type detection. Row n (1-based) is the n-th object. The text must be UTF-8 (RFC 8259).
 */
import type { DuckDBConnection } from '@duckdb/node-api';
import { quoteIdent } from '../analytics/schema';
import { all } from '../analytics/db';
import { readHead, scanSource } from './scan';
import { viewStagedFile } from './staging';
import { sqlString } from './parse';
import { IngestFileError, readerError, type ReaderOptions, type StagedFile } from './types';

export async function readJson(
	conn: DuckDBConnection,
	file: string,
	opts: ReaderOptions
): Promise<StagedFile> {
	const src = await scanSource(file, opts, true);
	const { name, scan } = src;
	if (scan.bytes === 0) throw new IngestFileError(name, '文件为空 / the file is empty');
	if (!scan.utf8) throw new IngestFileError(name, 'JSON 文件必须是 UTF-8 编码 / JSON must be UTF-8 encoded');
	const headText = readHead(file, 4096)
		.toString('utf8')
		.replace(/^\uFEFF/, '')
		.trimStart();
	const format = headText.startsWith('[') ? 'array' : 'newline_delimited';
	const objects = `read_json_objects(${sqlString(file)}, format = ${sqlString(format)})`;
	let keys: string[];
	try {
		const rows = await all(
			conn,
			`SELECT k FROM (SELECT unnest(json_keys(json)) AS k, row_number() OVER () AS o FROM ${objects})
			 GROUP BY k ORDER BY min(o)`
		);
		keys = rows.map((r) => String(r.k));
	} catch (e) {
		throw new IngestFileError(
			name,
			`不是可读的 JSON / NDJSON 文件 / not readable JSON or NDJSON: ${readerError(e, file, name)}`
		);
	}
	if (!keys.length) throw new IngestFileError(name, '没有找到任何记录字段 / no object keys found');
	const view = `${opts.stagingPrefix}_json`;
	const columns = keys.map((k) => `${sqlString(k)}: 'VARCHAR'`).join(', ');
	const select = keys.map((k, i) => `${quoteIdent(k)} AS c${i}`).join(', ');
	await conn.run(
		`CREATE OR REPLACE TEMP VIEW ${quoteIdent(view)} AS SELECT ${select}
		 FROM read_json(${sqlString(file)}, format = ${sqlString(format)}, columns = {${columns}})`
	);
	return viewStagedFile(src, format === 'array' ? 'json' : 'ndjson', 'utf-8', view, keys, 1);
}
