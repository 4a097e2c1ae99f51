/**
 * The canonical cases table as text lines, for `cli cases`: DOMAIN.md's columns in order, timestamps ISO 8601
 * local time (2018-03-05T14:02:00), ordered by case_id. DuckDB formats each row (an RFC 4180 CSV line or a JSON
 * object) and the lines are handed over chunk by chunk, so a million rows never sit in Node's memory.
 *
 * Invariants: identifiers come only from CANONICAL; no input reaches the SQL; it runs on a read connection.
 */
import type { Analytics } from './db';
import { CANONICAL, quoteIdent, type ColumnDef } from './schema';

export type CaseLineFormat = 'csv' | 'json';

const COLUMNS = CANONICAL.cases.columns as readonly ColumnDef[];

/** The CSV header line (the canonical column names). */
export const CASES_CSV_HEADER = COLUMNS.map((c) => c.name).join(',');

/** SELECT list of the canonical cases columns, timestamps and dates as ISO text. */
function casesSelect(): string {
	return COLUMNS.map((c) => {
		const q = quoteIdent(c.name);
		if (c.kind === 'timestamp')
			return `CASE WHEN microsecond(${q}) % 1000000 = 0 THEN strftime(${q}, '%Y-%m-%dT%H:%M:%S')
					ELSE rtrim(strftime(${q}, '%Y-%m-%dT%H:%M:%S.%f'), '0') END AS ${q}`;
		if (c.kind === 'date') return `strftime(${q}, '%Y-%m-%d') AS ${q}`;
		return q;
	}).join(', ');
}

/** SQL: one CSV field (RFC 4180 quoting; NULL → empty). */
function csvField(expr: string): string {
	return `CASE WHEN ${expr} IS NULL THEN '' WHEN regexp_matches(CAST(${expr} AS VARCHAR), '[",\r\n]')
		THEN '"' || replace(CAST(${expr} AS VARCHAR), '"', '""') || '"' ELSE CAST(${expr} AS VARCHAR) END`;
}

function casesLineSql(format: CaseLineFormat): string {
	const names = COLUMNS.map((c) => quoteIdent(c.name));
	const line =
		format === 'json'
			? `CAST(to_json(struct_pack(${names.map((n) => `${n} := ${n}`).join(', ')})) AS VARCHAR)`
			: names.map(csvField).join(` || ',' || `);
	return `SELECT ${line} AS line FROM (SELECT ${casesSelect()} FROM cases) ORDER BY case_id`;
}

/**
 * Every case as one line, chunk by chunk in case_id order: `take` receives each chunk's lines and answers
 * whether to go on (false: the reader went away — stop early).
 */
export async function streamCaseLines(
	db: Analytics,
	format: CaseLineFormat,
	take: (lines: string[]) => Promise<boolean>
): Promise<void> {
	await db.read(async (conn) => {
		const result = await conn.stream(casesLineSql(format));
		for (;;) {
			const chunk = await result.fetchChunk();
			if (!chunk || chunk.rowCount === 0) return;
			if (!(await take(chunk.getColumnValues(0) as string[]))) return;
		}
	});
}
