/**
 * `cli export --db PATH --out DIR [--partition region,month] [--tables cases,ratings,…] [--json]` — the canonical
 * tables as Parquet, facts hive-partitioned (analytics/export-parquet.ts; docs/scaling.md). An exported tree is
 * read back by `importPartitionedParquet` (one import batch).
 */
import { openAnalytics } from '../../lib/server/analytics/db';
import { exportParquet, parsePartition } from '../../lib/server/analytics/export-parquet';
import { isCanonicalTable, type CanonicalTable } from '../../lib/server/analytics/schema';
import { opt, parseArgs, requireOpt, UsageError } from '../args';
import type { Command } from '../command';

const command: Command = {
	summary:
		'导出 Parquet（按区划/月份分区） / export the canonical tables as Parquet, partitioned by region and month',
	usage: 'export --db PATH --out DIR [--partition region,month] [--tables t1,t2] [--json]',
	async run(argv) {
		const a = parseArgs(argv, { values: ['db', 'out', 'partition', 'tables'], flags: ['json'] });
		let partition;
		try {
			partition = parsePartition(opt(a, 'partition') ?? 'region,month');
		} catch (e) {
			throw new UsageError((e as Error).message);
		}
		let tables: CanonicalTable[] | undefined;
		const list = opt(a, 'tables');
		if (list) {
			tables = [];
			for (const t of list
				.split(',')
				.map((s) => s.trim())
				.filter(Boolean)) {
				if (!isCanonicalTable(t)) throw new UsageError(`unknown table ${t}`);
				tables.push(t);
			}
		}
		const db = await openAnalytics(requireOpt(a, 'db'), { readOnly: true });
		const s = await exportParquet(db, requireOpt(a, 'out'), { partition, tables });
		if (a.options.json) console.log(JSON.stringify(s, null, 2));
		else {
			console.log(`${s.dir} (partition: ${s.partition.join(', ') || 'none'})`);
			for (const t of s.tables)
				console.log(
					`${t.table.padEnd(12)} ${String(t.rows).padStart(10)} rows  ${String(t.files).padStart(5)} files  ${(t.bytes / 1048576).toFixed(1)} MB`
				);
		}
		return 0;
	}
};

export default command;
