/**
 * `cli process` — the process view of the cases in scope (activities, directly-follows with working days,
 * variants, rework, hand-offs), as the same JSON GET /api/process returns (--json) or as a readable summary.
 * Filters become URLSearchParams and go through the API's parser (the dashboards' parser + item; the period is
 * optional: without --from/--to every case counts). Definitions: docs/process.md.
 */
import type { ProcessResult } from '../../lib/process/types';
import { openAnalytics } from '../../lib/server/analytics/db';
import { QueryError } from '../../lib/server/analytics/kpi/query';
import { computeProcess, parseProcessQuery } from '../../lib/server/analytics/process/index';
import { opt, parseArgs, UsageError } from '../args';
import type { Command } from '../command';
import { existingDb, FILTER_OPTIONS } from '../options';

const FILTERS = ['from', 'to', 'item', 'dept', 'region', 'peer-group', 'power-type', 'channel'];
const PARAM: Record<string, string> = { ...FILTER_OPTIONS, item: 'item' };

const f = (v: number | null, d = 1) => (v === null ? '—' : v.toFixed(d));

export function renderProcess(r: ProcessResult, rows = 15): string {
	const lines: string[] = [];
	const fl = r.filter;
	lines.push(
		`期间 period ${fl.from ? `${fl.from} … ${fl.to}` : '全部 all'}   办件 cases ${r.cases}   事件 events ${r.events}   变体 variants ${r.variants.count}` +
			(r.cases_without_events ? `   无事件办件 cases without events ${r.cases_without_events}` : '')
	);
	lines.push('', '  环节 activity                         events    cases');
	for (const a of r.activities.slice(0, rows))
		lines.push(`  ${a.activity.padEnd(36)} ${String(a.events).padStart(7)} ${String(a.cases).padStart(8)}`);
	lines.push(
		'',
		'  流转 transition                                  pairs   cases  中位工作日 p90工作日  中位小时'
	);
	for (const t of r.transitions.slice(0, rows))
		lines.push(
			`  ${`${t.from} → ${t.to}`.padEnd(46)} ${String(t.pairs).padStart(7)} ${String(t.cases).padStart(7)} ${f(t.median_workdays).padStart(10)} ${f(t.p90_workdays).padStart(9)} ${f(t.median_hours).padStart(9)}`
		);
	lines.push('', '  变体 variant (cases, 中位工作日 median working days)');
	for (const v of r.variants.top.slice(0, 10))
		lines.push(`  ${String(v.cases).padStart(7)}  ${f(v.median_days).padStart(6)}  ${v.path.join(' → ')}`);
	if (r.rework.length) {
		lines.push('', '  返工 rework: activity, cases, extra occurrences');
		for (const w of r.rework.slice(0, rows))
			lines.push(`  ${w.activity.padEnd(36)} ${String(w.cases).padStart(7)} ${String(w.extra).padStart(8)}`);
	}
	return lines.join('\n');
}

const command: Command = {
	summary:
		'Process view of the cases in scope: activities, transitions (working days), variants (same JSON as GET /api/process)',
	usage:
		'npm run --silent cli -- process --db PATH [--item CODE] [--dept CODE[,CODE]] [--from YYYY-MM-DD --to YYYY-MM-DD] [--region CODE] [--peer-group G] [--power-type T] [--channel online|window|self_service] [--json]',
	async run(argv) {
		const a = parseArgs(argv, { values: ['db', ...FILTERS], flags: ['json'] });
		if (a.positionals.length) throw new UsageError(`unexpected argument: ${a.positionals[0]}`);
		const p = new URLSearchParams();
		for (const n of FILTERS) {
			const v = opt(a, n);
			if (v !== undefined) p.set(PARAM[n], v);
		}
		const q = parseProcessQuery(p);
		if (q instanceof QueryError) throw new UsageError(q.message);
		const db = await openAnalytics(existingDb(opt(a, 'db')), { readOnly: true });
		const r = await computeProcess(db, q);
		console.log(a.options.json ? JSON.stringify(r) : renderProcess(r));
		return 0;
	}
};

export default command;
