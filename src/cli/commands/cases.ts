/**
 * `cli cases --db PATH --format csv|json` — the canonical cases table on stdout: DOMAIN.md's columns in
 * order, timestamps ISO 8601 local time (2018-03-05T14:02:00), ordered by case_id. DuckDB formats each
 * row (CSV line or JSON object) and the result is streamed chunk by chunk with stdout back-pressure, so a
 * million rows never sit in Node's memory. (COPY TO '/dev/stdout' cannot be used: when the caller's
 * stdout is a socket, as with Node's child_process, /dev/stdout cannot be reopened.)
 */
import { once } from 'node:events';
import { openAnalytics } from '../../lib/server/analytics/db';
import { CANONICAL, quoteIdent, type ColumnDef } from '../../lib/server/analytics/schema';
import { parseArgs, requireOpt, UsageError } from '../args';
import type { Command } from '../index';

/** SELECT list of the canonical cases columns, timestamps and dates as ISO text. */
export function casesSelect(): string {
	return (CANONICAL.cases.columns as readonly ColumnDef[])
		.map((c) => {
			const q = quoteIdent(c.name);
			if (c.kind === 'timestamp')
				return `CASE WHEN microsecond(${q}) % 1000000 = 0 THEN strftime(${q}, '%Y-%m-%dT%H:%M:%S')
					ELSE rtrim(strftime(${q}, '%Y-%m-%dT%H:%M:%S.%f'), '0') END AS ${q}`;
			if (c.kind === 'date') return `strftime(${q}, '%Y-%m-%d') AS ${q}`;
			return q;
		})
		.join(', ');
}

/** SQL: one CSV field (RFC 4180 quoting; NULL → empty). */
function csvField(expr: string): string {
	return `CASE WHEN ${expr} IS NULL THEN '' WHEN regexp_matches(CAST(${expr} AS VARCHAR), '[",\r\n]')
		THEN '"' || replace(CAST(${expr} AS VARCHAR), '"', '""') || '"' ELSE CAST(${expr} AS VARCHAR) END`;
}

export function casesLineSql(format: 'csv' | 'json'): string {
	const names = (CANONICAL.cases.columns as readonly ColumnDef[]).map((c) => quoteIdent(c.name));
	const line =
		format === 'json'
			? `CAST(to_json(struct_pack(${names.map((n) => `${n} := ${n}`).join(', ')})) AS VARCHAR)`
			: names.map(csvField).join(` || ',' || `);
	return `SELECT ${line} AS line FROM (SELECT ${casesSelect()} FROM cases) ORDER BY case_id`;
}

async function write(s: string): Promise<void> {
	if (!process.stdout.write(s)) await once(process.stdout, 'drain');
}

const command: Command = {
	summary: '导出规范办件表 / write the canonical cases table to stdout',
	usage: 'cases --db PATH --format csv|json',
	async run(argv) {
		const a = parseArgs(argv, { values: ['db', 'format'] });
		const format = requireOpt(a, 'format');
		if (format !== 'csv' && format !== 'json') throw new UsageError('--format must be csv or json');
		const db = await openAnalytics(requireOpt(a, 'db'));
		let closed = false;
		process.stdout.on('error', () => (closed = true)); // reader went away (| head): stop quietly
		await db.read(async (conn) => {
			const result = await conn.stream(casesLineSql(format));
			if (format === 'csv')
				await write((CANONICAL.cases.columns as readonly ColumnDef[]).map((c) => c.name).join(',') + '\n');
			else await write('[');
			let first = true;
			while (!closed) {
				const chunk = await result.fetchChunk();
				if (!chunk || chunk.rowCount === 0) break;
				const lines = chunk.getColumnValues(0) as string[];
				if (format === 'csv') await write(lines.join('\n') + '\n');
				else {
					await write((first ? '\n' : ',\n') + lines.join(',\n'));
					first = false;
				}
			}
			if (format === 'json' && !closed) await write(first ? ']\n' : '\n]\n');
		});
		return 0;
	}
};

export default command;
