/**
 * `cli cases --db PATH --format csv|json` — the canonical cases table on stdout: DOMAIN.md's columns in
 * order, timestamps ISO 8601 local time (2018-03-05T14:02:00), ordered by case_id. DuckDB streams it
 * with COPY straight to /dev/stdout, so a million rows never sit in Node's memory.
 */
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

const command: Command = {
	summary: '导出规范办件表 / write the canonical cases table to stdout',
	usage: 'cases --db PATH --format csv|json',
	async run(argv) {
		const a = parseArgs(argv, { values: ['db', 'format'] });
		const format = requireOpt(a, 'format');
		if (format !== 'csv' && format !== 'json') throw new UsageError('--format must be csv or json');
		const db = await openAnalytics(requireOpt(a, 'db'));
		const options = format === 'csv' ? 'FORMAT csv, HEADER true' : 'FORMAT json, ARRAY true';
		await db.read(async (conn) => {
			await conn.run(`COPY (SELECT ${casesSelect()} FROM cases ORDER BY case_id) TO '/dev/stdout' (${options})`);
		});
		return 0;
	}
};

export default command;
