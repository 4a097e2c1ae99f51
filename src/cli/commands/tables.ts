/** `cli tables --db PATH [--json]` — row counts of the canonical tables (analytics/status.ts). */
import { openAnalytics } from '../../lib/server/analytics/db';
import { tableCounts } from '../../lib/server/analytics/status';
import { CANONICAL_TABLES } from '../../lib/server/analytics/schema';
import { parseArgs, requireOpt } from '../args';
import type { Command } from '../command';

const command: Command = {
	summary: '各数据表行数 / row counts per canonical table',
	usage: 'tables --db PATH [--json]',
	async run(argv) {
		const a = parseArgs(argv, { values: ['db'], flags: ['json'] });
		const db = await openAnalytics(requireOpt(a, 'db'));
		const counts = await tableCounts(db);
		const out: Record<string, number> = {};
		for (const t of CANONICAL_TABLES) out[t] = counts[t];
		if (a.options.json) console.log(JSON.stringify(out, null, 2));
		else for (const [t, n] of Object.entries(out)) console.log(`${t.padEnd(12)} ${n}`);
		return 0;
	}
};

export default command;
