/**
 * `cli ledger import-demo --db ANALYTICS.duckdb [--file PLAN.txt]` — the demo's reform task ledger: the
 * fictional plan imported into the app database (units matched to the analytics database's departments) with a
 * handful of reports and reviews (tasks/demo.ts). Idempotent. Same app database rules as `cli user`.
 */
import { closeAppDb, getAppDb } from '../../lib/server/appdb/index';
import { openAnalytics } from '../../lib/server/analytics/db';
import { dimensionOptions } from '../../lib/server/analytics/dimensions';
import { importDemoLedger, DEMO_PLAN_FILE } from '../../lib/server/tasks/demo';
import { opt, parseArgs, UsageError } from '../args';
import type { Command } from '../command';

const command: Command = {
	summary: 'reform task ledger: import the demo plan with reports and reviews',
	usage: 'ledger import-demo [--db ANALYTICS.duckdb] [--file PLAN.txt]',
	async run(argv) {
		const [sub, ...rest] = argv;
		if (sub !== 'import-demo') throw new UsageError('unknown subcommand');
		const a = parseArgs(rest, { values: ['db', 'file'] });
		const analytics = await openAnalytics(opt(a, 'db'), { readOnly: true });
		const dims = await dimensionOptions(analytics);
		try {
			const r = await importDemoLedger(
				await getAppDb(),
				dims.departments.map((d) => ({ code: d.code, name: d.name })),
				opt(a, 'file') ?? DEMO_PLAN_FILE
			);
			console.log(
				r.created
					? `demo reform plan imported (plan ${r.planId})`
					: `demo reform plan already present (plan ${r.planId})`
			);
		} finally {
			await closeAppDb();
		}
	}
};

export default command;
