/**
 * `cli kpi` — the KPI report (every KPI, total and per department, with the assessment) for a period, as the
 * same JSON object GET /api/kpi returns (--json) or as a readable table. Filters become URLSearchParams and go
 * through the one query parser, so the CLI and the API accept and reject exactly the same input.
 */
import { KPIS, type KpiDef } from '../../lib/kpi/catalog';
import { gradeName, reasonName } from '../../lib/kpi/names';
import type { KpiReport } from '../../lib/kpi/types';
import { openAnalytics } from '../../lib/server/analytics/db';
import { computeKpiReport } from '../../lib/server/analytics/kpi/compute-report';
import { loadScheme, type Scheme } from '../../lib/server/analytics/kpi/scheme';
import { loadThresholds } from '../../lib/server/analytics/kpi/thresholds';
import { opt, parseArgs, UsageError } from '../args';
import type { Command } from '../command';
import { existingDb, parseOrUsage, toSearchParams } from '../options';

const KPI_FILTERS = [
	'from',
	'to',
	'baseline-from',
	'baseline-to',
	'dept',
	'region',
	'peer-group',
	'power-type',
	'channel',
	'rating-channel'
];

function fmt(v: number | null | undefined, def: KpiDef): string {
	if (v === null || v === undefined) return '—';
	if (def.unit === 'ratio') return `${(v * 100).toFixed(1)}%`;
	if (def.unit === 'count') return String(v);
	return v.toFixed(2);
}

function pad(s: string, n: number): string {
	// CJK characters take two columns in a terminal.
	const w = [...s].reduce((x, ch) => x + (/[\u1100-\uffff]/.test(ch) ? 2 : 1), 0);
	return s + ' '.repeat(Math.max(0, n - w));
}

/**
 * The report as a readable table: names for people (KPI names beside their ids, the scheme's title, grade and
 * lagging-reason names); the ids stay in --json. `scheme` is the scheme the report was computed with.
 */
export function renderReport(r: KpiReport, scheme?: Pick<Scheme, 'name' | 'title' | 'indicators'>): string {
	const schemeName = scheme?.title?.zh ?? scheme?.name ?? r.scheme;
	const indicatorKpi = Object.fromEntries((scheme?.indicators ?? []).map((i) => [i.id, i.kpi]));
	const lines: string[] = [];
	lines.push(
		`期间 period ${r.period.from} … ${r.period.to}` +
			(r.baseline ? `   基期 baseline ${r.baseline.from} … ${r.baseline.to}` : '') +
			`   方案 scheme ${schemeName}`
	);
	lines.push('');
	for (const def of KPIS) {
		if (!(def.id in r.total.kpis)) continue;
		lines.push(`  ${pad(def.name.zh, 20)} ${pad(def.id, 26)} ${fmt(r.total.kpis[def.id], def).padStart(10)}`);
	}
	lines.push('');
	lines.push(
		`  ${pad('部门 dept', 14)} ${pad('名称 name', 24)} ${pad('分组', 10)} ${'得分'.padStart(7)} ${pad('等级', 10)} ${'排名'.padStart(4)}  后进 lagging`
	);
	for (const d of r.departments) {
		lines.push(
			`  ${pad(d.dept_code, 14)} ${pad(d.name, 24)} ${pad(d.peer_group ?? '—', 10)} ${(d.score === null ? '—' : d.score.toFixed(2)).padStart(9)} ${pad(d.grade ? gradeName(d.grade, 'zh') : '—', 10)} ${String(d.rank ?? '—').padStart(6)}  ${d.lagging ? d.lagging_reasons.map((x) => reasonName(x, 'zh', indicatorKpi)).join('、') : ''}`
		);
	}
	return lines.join('\n');
}

const command: Command = {
	summary: 'KPI report and assessment for a period (same JSON as GET /api/kpi)',
	usage:
		'npm run --silent cli -- kpi --db PATH --from YYYY-MM-DD --to YYYY-MM-DD [--baseline-from D --baseline-to D] [--scheme FILE] [--thresholds FILE] [--dept CODE[,CODE]] [--region CODE] [--peer-group G] [--power-type T] [--channel online|window|self_service] [--rating-channel C] [--json]',
	async run(argv) {
		const a = parseArgs(argv, { values: ['db', 'scheme', 'thresholds', ...KPI_FILTERS], flags: ['json'] });
		if (a.positionals.length) throw new UsageError(`unexpected argument: ${a.positionals[0]}`);
		const q = parseOrUsage(toSearchParams(a, KPI_FILTERS));
		const scheme = loadScheme(opt(a, 'scheme'));
		const thresholds = loadThresholds(opt(a, 'thresholds'));
		const db = await openAnalytics(existingDb(opt(a, 'db')), { readOnly: true });
		const report = await computeKpiReport(db, q, { scheme, thresholds });
		console.log(a.options.json ? JSON.stringify(report) : renderReport(report, scheme));
		return 0;
	}
};

export default command;
