/**
 * The case list as the dashboards serve it: query parsing (the engine's parser + the list parameters),
 * the user's scope (department users: own departments; leaders: no personal fields), the Arrow page for
 * the browser and the CSV / XLSX exports with localised headers and values.
 */
import { FLAG_BY_ID } from '../../kpi/catalog';
import { t, type Lang, type MessageKey } from '../../i18n';
import type { KpiQuery } from '../../kpi/types';
import { parseKpiQuery, QueryError } from '../analytics/kpi/query';
import { caseListRows, flagsOf, parseCaseList, type CaseListQuery } from '../analytics/drilldown';
import type { Analytics } from '../analytics/db';
import type { Thresholds } from '../analytics/kpi/thresholds';
import { narrowParams, refused } from '../auth/dept-scope';
import type { ExportColumn, ExportValue } from './export';

/** Rows the browser receives per Arrow page (virtualised there). */
export const PAGE_SIZE = 5000;
/** Most rows an export carries. */
export const EXPORT_MAX = 100_000;

/**
 * Parse a list request within the user's scope (the department-scope rule, auth/dept-scope.ts: the routes
 * answer a refused dept filter 404 first — requireDeptFilter; here it fails closed); default page size PAGE_SIZE.
 */
export function parseCaseRequest(
	params: URLSearchParams,
	scope: string[] | null
): CaseListQuery | QueryError {
	const p = narrowParams(new URLSearchParams(params), scope);
	if (!p) return refused();
	if (!p.get('limit')) p.set('limit', String(PAGE_SIZE));
	const q = parseKpiQuery(p);
	if (q instanceof QueryError) return q;
	return parseCaseList(q as KpiQuery, p);
}

export function exportColumns(lang: Lang, personal: boolean): ExportColumn[] {
	const c = (key: string, msg: MessageKey, kind: ExportColumn['kind'], width?: number): ExportColumn => ({
		key,
		header: t(lang, msg),
		kind,
		width
	});
	return [
		c('case_id', 'cases.case_id', 'text', 22),
		c('dept_code', 'cases.dept_code', 'text', 20),
		c('dept_name', 'cases.dept', 'text', 24),
		c('item_code', 'cases.item_code', 'text', 16),
		c('item_name', 'cases.item', 'text', 28),
		c('status', 'cases.status', 'text', 10),
		c('channel', 'cases.channel', 'text', 8),
		c('applicant_type', 'cases.applicant_type', 'text', 10),
		c('submitted_at', 'cases.submitted_at', 'datetime'),
		c('accepted_at', 'cases.accepted_at', 'datetime'),
		c('completed_at', 'cases.completed_at', 'datetime'),
		c('elapsed_wd', 'cases.elapsed', 'number'),
		c('limit_days', 'cases.limit', 'number'),
		c('days_left', 'cases.days_left', 'number'),
		c('visits', 'cases.visits', 'number'),
		c('supplement_requests', 'cases.supplements', 'number'),
		...(personal ? [c('reject_reason', 'cases.reject_reason', 'text', 24)] : []),
		c('flags', 'cases.flags', 'text', 24)
	];
}

export async function exportRows(
	db: Analytics,
	cq: CaseListQuery,
	thresholds: Thresholds,
	lang: Lang,
	personal: boolean
): Promise<{ rows: Record<string, ExportValue>[]; truncated: boolean }> {
	const { rows, truncated } = await caseListRows(db, cq, thresholds, EXPORT_MAX, personal);
	const label = (prefix: string, v: unknown) => (v ? t(lang, `${prefix}.${v}` as MessageKey) : null);
	return {
		truncated,
		rows: rows.map((r) => ({
			...(r as Record<string, ExportValue>),
			status: label('status', r.status),
			channel: label('channel', r.channel),
			applicant_type: label('applicant', r.applicant_type),
			flags: flagsOf(Number(r.flag_bits ?? 0))
				.map((f) => FLAG_BY_ID[f].name[lang])
				.join('、')
		}))
	};
}
