/**
 * Stage 1, detect and read: which files an import means (directories expanded), each file's format (by name,
 * else by its first bytes), and the reader that stages it as raw text (types.ts). Readers of heavier formats
 * load on first use.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { DuckDBConnection } from '@duckdb/node-api';
import { readCsv } from './csv';
import { readParquet } from './parquet';
import { readJson } from './json';
import { IngestFileError, type ReaderOptions, type SourceFormat, type StagedFile } from './types';
import type { ImportInput } from './summary';

const EXTENSIONS: [RegExp, SourceFormat][] = [
	[/\.xes(\.gz)?$/i, 'xes'],
	[/\.xlsx$/i, 'xlsx'],
	[/\.parquet$/i, 'parquet'],
	[/\.(ndjson|jsonl)$/i, 'ndjson'],
	[/\.json$/i, 'json'],
	[/\.(csv|tsv|txt)$/i, 'csv']
];

/** Format from the name, else from the first bytes (PK zip → xlsx, PAR1 → parquet, gzip / XML → xes, [ { → json). */
export function detectFormat(file: string, name = file): SourceFormat | null {
	for (const [re, f] of EXTENSIONS) if (re.test(name)) return f;
	let head: Buffer;
	try {
		const fd = fs.openSync(file, 'r');
		head = Buffer.alloc(16);
		const n = fs.readSync(fd, head, 0, 16, 0);
		fs.closeSync(fd);
		head = head.subarray(0, n);
	} catch {
		return null;
	}
	if (head.subarray(0, 2).toString('latin1') === 'PK') return 'xlsx';
	if (head.subarray(0, 4).toString('latin1') === 'PAR1') return 'parquet';
	if (head[0] === 0x1f && head[1] === 0x8b) return 'xes';
	const text = head
		.toString('utf8')
		.replace(/^\uFEFF/, '')
		.trimStart();
	if (text.startsWith('<')) return 'xes';
	if (text.startsWith('[')) return 'json';
	if (text.startsWith('{')) return 'ndjson';
	return 'csv';
}

/** Directories expand to their files (sorted, hidden files and unknown extensions left out). */
export function expandInputs(inputs: ImportInput[]): { inputs: ImportInput[]; warnings: string[] } {
	const out: ImportInput[] = [];
	const warnings: string[] = [];
	for (const inp of inputs) {
		let st: fs.Stats;
		try {
			st = fs.statSync(inp.path);
		} catch {
			throw new IngestFileError(inp.displayName ?? inp.path, '文件不存在 / file not found');
		}
		if (!st.isDirectory()) {
			out.push(inp);
			continue;
		}
		const names = fs
			.readdirSync(inp.path)
			.filter((n) => !n.startsWith('.'))
			.sort();
		for (const n of names) {
			const p = path.join(inp.path, n);
			if (!fs.statSync(p).isFile()) continue;
			if (EXTENSIONS.some(([re]) => re.test(n))) out.push({ path: p });
			else warnings.push(`${n}: 不支持的文件类型，已跳过 / unsupported file type, skipped`);
		}
	}
	return { inputs: out, warnings };
}

type Reader = (conn: DuckDBConnection, file: string, opts: ReaderOptions) => Promise<StagedFile>;
const READERS: Record<SourceFormat, Reader> = {
	csv: readCsv,
	// XLSX and XES readers load on first use (their dependencies are heavier than the text readers').
	xlsx: async (c, f, o) => (await import('./xlsx')).readXlsx(c, f, o),
	parquet: readParquet,
	json: readJson,
	ndjson: readJson,
	xes: async (c, f, o) => (await import('./xes')).readXes(c, f, o)
};

/** Stage one file as raw text with the reader of its format; refused with a clear message when unknown. */
export async function readFile(conn: DuckDBConnection, file: string, opts: ReaderOptions): Promise<StagedFile> {
	const format = detectFormat(file, opts.displayName);
	if (!format) throw new IngestFileError(opts.displayName, '无法识别的文件格式 / unrecognised file format');
	return READERS[format](conn, file, opts);
}
