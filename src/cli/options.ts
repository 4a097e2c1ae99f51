/**
 * Options several commands share (kpi, flags, process, projects): the KPI filter flags, which become
 * URLSearchParams and go through the one query parser — so the CLI and the API accept and reject exactly the
 * same input — and the --db file.
 */
import fs from 'node:fs';
import { parseKpiQuery, QueryError } from '../lib/server/analytics/kpi/query';
import { opt, UsageError, type ParsedArgs } from './args';

/** CLI option → query parameter. */
export const FILTER_OPTIONS: Record<string, string> = {
	from: 'from',
	to: 'to',
	'baseline-from': 'baseline_from',
	'baseline-to': 'baseline_to',
	dept: 'dept',
	region: 'region',
	'peer-group': 'peer_group',
	'power-type': 'power_type',
	channel: 'channel',
	'rating-channel': 'rating_channel',
	'as-of': 'as_of',
	flag: 'flag',
	sort: 'sort',
	order: 'order',
	limit: 'limit',
	offset: 'offset'
};

export function toSearchParams(a: ParsedArgs, names: string[]): URLSearchParams {
	const p = new URLSearchParams();
	for (const n of names) {
		const v = opt(a, n);
		if (v !== undefined) p.set(FILTER_OPTIONS[n], v);
	}
	return p;
}

/** The parsed query, or a UsageError with the parser's message (exit code 2). */
export function parseOrUsage(p: URLSearchParams) {
	const q = parseKpiQuery(p);
	if (q instanceof QueryError) throw new UsageError(q.message);
	return q;
}

/** The --db file must exist (the commands open it read-only); undefined = the configured database. */
export function existingDb(file: string | undefined): string | undefined {
	if (file !== undefined && !fs.existsSync(file))
		throw new UsageError(`数据库文件不存在：${file} / database file not found: ${file}`);
	return file;
}
