/**
 * `cli flags` — electronic-supervision flags of a period: the flagged cases (a JSON array with --json, every
 * row unless --limit), or with --counts the per-department counts. Same parser and engine as GET /api/flags.
 */
import { FLAG_BY_ID, isFlagId } from '../../lib/kpi/catalog';
import { openAnalytics } from '../../lib/server/analytics/db';
import { countFlags, listFlags } from '../../lib/server/analytics/kpi/flags';
import { loadThresholds } from '../../lib/server/analytics/kpi/thresholds';
import { opt, parseArgs, UsageError } from '../args';
import type { Command } from '../command';
import { t, type MessageKey } from '../../lib/i18n';
import { existingDb, parseOrUsage, toSearchParams } from '../options';

const FILTERS = [
	'from',
	'to',
	'dept',
	'region',
	'peer-group',
	'power-type',
	'channel',
	'as-of',
	'flag',
	'sort',
	'order',
	'limit',
	'offset'
];

/** A case status for people (办结, 在办 …); an unknown value as it is. */
function statusName(s: string): string {
	const key = `status.${s}` as MessageKey;
	const name = t('zh', key);
	return name === key ? s : name;
}

const command: Command = {
	summary: 'Flagged cases (电子监察) of a period, or per-department flag counts',
	usage:
		'npm run --silent cli -- flags --db PATH --from YYYY-MM-DD --to YYYY-MM-DD [--dept CODE] [--flag NAME[,NAME]] [--as-of D] [--region CODE] [--sort COL --order asc|desc] [--limit N --offset N] [--counts] [--json]',
	async run(argv) {
		const a = parseArgs(argv, { values: ['db', 'thresholds', ...FILTERS], flags: ['json', 'counts'] });
		if (a.positionals.length) throw new UsageError(`unexpected argument: ${a.positionals[0]}`);
		const q = parseOrUsage(toSearchParams(a, FILTERS));
		const thresholds = loadThresholds(opt(a, 'thresholds'));
		const db = await openAnalytics(existingDb(opt(a, 'db')), { readOnly: true });
		if (a.options.counts) {
			const c = await countFlags(db, q, { thresholds });
			if (a.options.json) console.log(JSON.stringify(c));
			else {
				console.log(`期间 period ${c.period.from} … ${c.period.to}   as of ${c.as_of}`);
				for (const d of c.departments)
					console.log(
						`  ${d.dept_code}\t${d.name}\t${d.cases}\t${Object.entries(d.counts)
							.filter(([, n]) => n)
							.map(([f, n]) => `${isFlagId(f) ? FLAG_BY_ID[f].name.zh : f}=${n}`)
							.join(' ')}`
					);
			}
			return 0;
		}
		const page = await listFlags(db, q, { thresholds, all: opt(a, 'limit') === undefined });
		if (a.options.json) console.log(JSON.stringify(page.rows));
		else {
			console.log(
				`期间 period ${page.period.from} … ${page.period.to}   as of ${page.as_of}   ${page.total} flagged cases`
			);
			for (const r of page.rows)
				console.log(
					`  ${r.case_id}\t${r.dept_code}\t${r.item_name ?? r.item_code}\t${statusName(r.status)}\t${r.flags.map((f) => FLAG_BY_ID[f].name.zh).join('、')}`
				);
		}
		return 0;
	}
};

export default command;
