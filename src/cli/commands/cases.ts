/**
 * `cli cases --db PATH --format csv|json` — the canonical cases table on stdout (analytics/cases-export.ts:
 * DOMAIN.md's columns in order, ISO 8601 local timestamps, ordered by case_id), streamed chunk by chunk with
 * stdout back-pressure. (COPY TO '/dev/stdout' cannot be used: when the caller's stdout is a socket, as with
 * Node's child_process, /dev/stdout cannot be reopened.)
 */
import { once } from 'node:events';
import { streamCaseLines, CASES_CSV_HEADER } from '../../lib/server/analytics/cases-export';
import { openAnalytics } from '../../lib/server/analytics/db';
import { parseArgs, requireOpt, UsageError } from '../args';
import type { Command } from '../command';

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
		await write(format === 'csv' ? CASES_CSV_HEADER + '\n' : '[');
		let first = true;
		await streamCaseLines(db, format, async (lines) => {
			if (closed) return false;
			if (format === 'csv') await write(lines.join('\n') + '\n');
			else {
				await write((first ? '\n' : ',\n') + lines.join(',\n'));
				first = false;
			}
			return !closed;
		});
		if (format === 'json' && !closed) await write(first ? ']\n' : '\n]\n');
		return 0;
	}
};

export default command;
