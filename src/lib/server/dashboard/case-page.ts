/**
 * Data of the case-list screens (/cases, the list on /items/[code]): the first rows for the first paint
 * (from the same Arrow page the browser then fetches in full) and the query string of /api/cases.
 */
import type { Analytics } from '../analytics/db';
import { caseListArrow, type CaseListQuery } from '../analytics/drilldown';
import { activeThresholds } from '../settings/index';
import { PAGE_SIZE } from './cases';

const FIRST_ROWS = 40;

export interface FirstPage {
	rows: Record<string, unknown>[];
	total: number;
	offset: number;
	limit: number;
	asOf: string;
}

export async function firstPage(db: Analytics, cq: CaseListQuery): Promise<FirstPage> {
	const page = await caseListArrow(db, { ...cq, q: { ...cq.q, limit: FIRST_ROWS } }, activeThresholds());
	return {
		rows: page.table.toArray().map((r) => r.toJSON() as Record<string, unknown>),
		total: page.total,
		offset: cq.q.offset,
		limit: cq.q.limit,
		asOf: page.asOf
	};
}

/** /api/cases query for the page the browser loads: the page's parameters, with the page size made explicit. */
export function apiQueryOf(search: string): string {
	const p = new URLSearchParams(search);
	p.delete('format');
	p.delete('lang');
	if (!p.get('limit')) p.set('limit', String(PAGE_SIZE));
	return p.toString();
}
