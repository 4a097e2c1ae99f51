/**
 * Report requests: the `scope` parameter (jurisdiction | region:CODE | peer_group:NAME | dept:CODE), the
 * user's department limits, and the translation into the KPI engine's own query parameters — so a report's
 * numbers are exactly GET /api/kpi's for the same period and scope (the one parser, parseKpiQuery, decides).
 *
 * Invariant: a department user only ever gets a `dept` scope naming one of their departments (the
 * department-scope rule, auth/dept-scope.ts, decides whether the code is theirs); anything else is a
 * ReportAccessError (403), whatever the URL says.
 */
import type { KpiQuery } from '../../kpi/types';
import { REPORT_FORMATS, scopeToParam, type ReportFormat, type ReportScope } from '../../reports/types';
import { parseKpiQuery, QueryError } from '../analytics/kpi/query';
import { decideDepts } from '../auth/dept-scope';

/** Same character rule as the engine's codes (letters incl. CJK, digits, space, _ . - ( ) （ ） ·). */
const CODE_RE = /^[\p{L}\p{N}_.\-() （）·]{1,64}$/u;

export class ReportAccessError extends Error {
	constructor(
		message = '部门用户只能导出本部门的考核记分卡 / department users may only export their own scorecard'
	) {
		super(message);
	}
}

export function parseScope(raw: string | null): ReportScope | QueryError {
	const v = raw?.trim() ?? '';
	if (v === '' || v === 'jurisdiction') return { kind: 'jurisdiction' };
	const m = /^(region|peer_group|dept):(.+)$/s.exec(v);
	if (!m || !CODE_RE.test(m[2].trim()))
		return new QueryError(
			'scope',
			`参数 scope 无效：${v}（可选：jurisdiction、region:代码、peer_group:分组、dept:部门编码）`,
			`invalid scope: ${v} (jurisdiction, region:CODE, peer_group:NAME or dept:CODE)`
		);
	const code = m[2].trim();
	if (m[1] === 'region') return { kind: 'region', code };
	if (m[1] === 'peer_group') return { kind: 'peer_group', group: code };
	return { kind: 'dept', code };
}

/**
 * A department user's scope: their own scorecard (the first of their departments when none is named);
 * another department's scorecard (refused by the department-scope rule) or any wider scope →
 * ReportAccessError. Other roles: the scope as asked. `deptScope` null = no limit.
 */
export function limitScope(scope: ReportScope, deptScope: string[] | null, asked: boolean): ReportScope {
	if (deptScope === null) return scope;
	if (!asked && deptScope.length) return { kind: 'dept', code: deptScope[0] };
	if (scope.kind === 'dept' && decideDepts([scope.code], deptScope).ok) return scope;
	throw new ReportAccessError();
}

/** The engine's query parameters for a scope. */
export function scopeParams(scope: ReportScope): Record<string, string> {
	switch (scope.kind) {
		case 'jurisdiction':
			return {};
		case 'region':
			return { region: scope.code };
		case 'peer_group':
			return { peer_group: scope.group };
		case 'dept':
			return { dept: scope.code };
	}
}

export interface ReportRequest {
	query: KpiQuery;
	scope: ReportScope;
	format: ReportFormat;
	/** CSV: which table (ReportTable id); default 'ranking' (all groups in one table). */
	table: string | null;
	lang: 'zh' | 'en';
}

/**
 * URL parameters → a report request. Period, baseline and scheme go through parseKpiQuery; slice filters
 * (power_type, channel …) are deliberately not taken: the 通报 assesses everything.
 */
export function parseReportRequest(
	params: URLSearchParams,
	opts: { deptScope?: string[] | null; defaultFormat?: ReportFormat } = {}
): ReportRequest | QueryError {
	const rawScope = params.get('scope');
	const parsed = parseScope(rawScope);
	if (parsed instanceof QueryError) return parsed;
	const scope = limitScope(parsed, opts.deptScope ?? null, !!rawScope?.trim());
	const fmt = (params.get('format') ?? opts.defaultFormat ?? '').trim();
	if (!(REPORT_FORMATS as readonly string[]).includes(fmt))
		return new QueryError(
			'format',
			`参数 format 无效：${fmt || '（空）'}（可选：${REPORT_FORMATS.join('、')}）`,
			`invalid format: ${fmt || '(empty)'} (${REPORT_FORMATS.join(', ')})`
		);
	const table = params.get('table')?.trim() || null;
	if (table !== null && !/^[a-z0-9-]{1,40}$/.test(table))
		return new QueryError('table', `参数 table 无效：${table}`, `invalid table: ${table}`);
	const p = new URLSearchParams();
	for (const k of ['from', 'to', 'baseline_from', 'baseline_to', 'scheme']) {
		const v = params.get(k);
		if (v !== null) p.set(k, v);
	}
	for (const [k, v] of Object.entries(scopeParams(scope))) p.set(k, v);
	const query = parseKpiQuery(p);
	if (query instanceof QueryError) return query;
	return {
		query,
		scope,
		format: fmt as ReportFormat,
		table,
		lang: params.get('lang') === 'en' ? 'en' : 'zh'
	};
}

/** The audit record of a report export (GET /api/reports/assessment, `cli report`): what, for when, how large. */
export function exportAudit(req: ReportRequest, bytes: number, extra: Record<string, unknown> = {}) {
	return {
		kind: 'assessment_report',
		format: req.format,
		scope: scopeToParam(req.scope),
		from: req.query.from,
		to: req.query.to,
		baseline: req.query.baseline,
		...extra,
		bytes
	};
}
