/**
 * `npm run generate -- [options]`: writes the deterministic demo jurisdiction (regions, departments, items,
 * the park's investment projects, cases, ratings, events) as canonical CSV and/or Parquet, optionally also the Chinese GBK CSV form and
 * the platform-style flat exports (OUT/flat/).
 * See scripts/README.md. The logic lives in scripts/demo/*.ts.
 */
import { DEFAULTS, generateDemo, isCurrent, type DemoOptions } from './demo/generate';

const USAGE = `usage: npm run generate -- [options]
  --out DIR            output folder (default ${DEFAULTS.out})
  --cases N            number of cases, 10 k … 100 M; accepts 1e6, 200k, 10M (default ${DEFAULTS.cases})
  --projects N         investment projects of the park, their cases part of --cases (~17 each; at most
                       cases / 20; default 150 at 200 000 cases, cases × 3/4000, at least min(20, cases / 100))
  --from YYYY-MM-DD    first submission date (default ${DEFAULTS.from})
  --to YYYY-MM-DD      last date of the period; the export is "as of" its end (default ${DEFAULTS.to})
  --format F           csv | parquet | both (default ${DEFAULTS.format})
  --chinese            also write the Chinese-header GBK CSV form into OUT/zh/
  --flat [F]           also write platform-style flat exports into OUT/flat/: csv | xlsx | both (default both)
  --seed S             seed of the pseudo-random generator (default ${DEFAULTS.seed})
  --no-events          do not write events.csv (process steps of a sample of cases)
  --quiet              no progress lines
  --skip-if-current    do nothing when OUT already holds a complete run with the same options`;

function parseCount(s: string): number {
	const m = /^(\d+(?:\.\d+)?)(?:e(\d+))?([kKmM]?)$/.exec(s.replaceAll('_', ''));
	if (!m) throw new Error(`not a number: ${s}`);
	let n = parseFloat(m[1]) * (m[2] ? 10 ** +m[2] : 1);
	if (m[3]) n *= m[3].toLowerCase() === 'k' ? 1e3 : 1e6;
	return Math.round(n);
}

function parse(argv: string[]): DemoOptions & { quiet: boolean; skipIfCurrent: boolean } {
	const o: DemoOptions & { quiet: boolean; skipIfCurrent: boolean } = {
		...DEFAULTS,
		quiet: false,
		skipIfCurrent: false
	};
	for (let i = 0; i < argv.length; i++) {
		const [name, inline] = argv[i].split(/=(.*)/s, 2);
		const val = () => {
			const v = inline ?? argv[++i];
			if (v === undefined) throw new Error(`${name} needs a value`);
			return v;
		};
		switch (name) {
			case '--out':
				o.out = val();
				break;
			case '--cases':
				o.cases = parseCount(val());
				break;
			case '--projects':
				o.projects = parseCount(val());
				break;
			case '--from':
				o.from = val();
				break;
			case '--to':
				o.to = val();
				break;
			case '--format': {
				const f = val();
				if (f !== 'csv' && f !== 'parquet' && f !== 'both')
					throw new Error(`--format must be csv, parquet or both`);
				o.format = f;
				break;
			}
			case '--chinese':
				o.chinese = true;
				break;
			case '--flat': {
				// The value is optional: `--flat`, `--flat csv`, `--flat=xlsx`.
				const next = inline ?? (/^(csv|xlsx|both)$/.test(argv[i + 1] ?? '') ? argv[++i] : 'both');
				if (next !== 'csv' && next !== 'xlsx' && next !== 'both')
					throw new Error(`--flat must be csv, xlsx or both`);
				o.flat = next;
				break;
			}
			case '--seed':
				o.seed = val();
				break;
			case '--no-events':
				o.events = false;
				break;
			case '--quiet':
				o.quiet = true;
				break;
			case '--skip-if-current':
				o.skipIfCurrent = true;
				break;
			case '--help':
			case '-h':
				console.log(USAGE);
				process.exit(0);
				break;
			default:
				throw new Error(`unknown option ${argv[i]}`);
		}
	}
	return o;
}

async function main() {
	let o: ReturnType<typeof parse>;
	try {
		o = parse(process.argv.slice(2));
	} catch (e) {
		console.error(`${(e as Error).message}\n${USAGE}`);
		process.exit(2);
	}
	const { quiet, skipIfCurrent, ...opts } = o;
	if (skipIfCurrent && isCurrent(opts)) {
		console.log(
			`demo data in ${opts.out} is up to date (${opts.cases.toLocaleString('en')} cases, seed ${opts.seed}); not regenerated`
		);
		return;
	}
	process.stderr.write(
		`Generating ${opts.cases.toLocaleString('en')} cases ${opts.from} … ${opts.to} (seed ${opts.seed}, ${opts.format}${opts.chinese ? ' + Chinese GBK' : ''}${opts.flat ? ` + flat ${opts.flat}` : ''}) into ${opts.out}\n`
	);
	const s = await generateDemo({ ...opts, progress: quiet ? false : undefined });
	// eslint-disable-next-line @typescript-eslint/no-explicit-any -- printing the summary's nested counts
	const c = s.counts as Record<string, any>;
	console.log(
		[
			`wrote ${s.files.length} files to ${opts.out} in ${s.seconds.total} s (CSV ${s.seconds.csv} s${opts.format !== 'csv' ? `, Parquet ${s.seconds.parquet} s` : ''})`,
			`  regions ${c.regions}, departments ${c.departments} (${c.receiving_departments} receiving, ${c.lagging_departments} lagging), items ${c.items.total} (${c.items.delegated} delegated, ${c.items.cancelled} cancelled, ${c.items.retained} retained)`,
			`  cases ${c.cases.toLocaleString('en')} (${Object.entries(c.status)
				.map(([k, v]) => `${k} ${v}`)
				.join(', ')})`,
			`  projects ${c.projects.projects} (${c.projects.cases.toLocaleString('en')} cases; ${c.projects.stuck} stuck, ${c.projects.over_target} far over target)`,
			`  ratings ${(c.ratings.ratings ?? 0).toLocaleString('en')} (${(c.ratings.default ?? 0).toLocaleString('en')} default), events ${c.events.toLocaleString('en')}`
		].join('\n')
	);
}

main().catch((e) => {
	console.error(e instanceof Error ? e.message : e);
	if (process.env.DEBUG) console.error(e);
	process.exit(1);
});
