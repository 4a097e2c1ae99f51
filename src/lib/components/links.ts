/**
 * Internal links with a query string, typed as resolved pathnames (base path applied by `resolve`), so
 * links keep the current filters and the lint rule for unresolved navigation still holds.
 */
import { resolve } from '$app/paths';
import { page } from '$app/state';
import type { ResolvedPathname } from '$app/types';
import { filterQuery } from '$lib/kpi/query-params';

export function withQuery(path: ResolvedPathname, query = ''): ResolvedPathname {
	return `${path}${query}` as ResolvedPathname;
}

/** A path the app itself produced (e.g. page.url.pathname), with a query string. */
export function here(pathname: string, query = ''): ResolvedPathname {
	return `${pathname}${query}` as ResolvedPathname;
}

export { resolve };

/** The current page with some query parameters changed (null removes one). */
export function withParams(url: URL, changes: Record<string, string | null>): ResolvedPathname {
	const p = new URLSearchParams(url.searchParams);
	for (const [k, v] of Object.entries(changes)) {
		if (v === null || v === '') p.delete(k);
		else p.set(k, v);
	}
	const s = p.toString();
	return here(url.pathname, s ? `?${s}` : '');
}

/** A department's scorecard, an item's page, a case's page: with a query (usually the dashboard's filters). */
export const deptHref = (code: string, query = ''): ResolvedPathname =>
	withQuery(resolve('/departments/[code]', { code }), query);
export const itemHref = (code: string, query = ''): ResolvedPathname =>
	withQuery(resolve('/items/[code]', { code }), query);
export const caseHref = (id: string, query = ''): ResolvedPathname =>
	withQuery(resolve('/cases/[id]', { id }), query);

/**
 * The dashboard filters of the page being rendered, as a query string (with some changed: null removes one),
 * for links that keep them — a drill-down from a screen to a unit, an item, a case or the case list.
 */
export function keptFilters(changes: Record<string, string | null> = {}): string {
	return filterQuery(page.url.searchParams, changes);
}

/** The case list, keeping the page's filters (narrowed by `changes`, e.g. a flag or a department). */
export const casesHref = (changes: Record<string, string | null> = {}): ResolvedPathname =>
	withQuery(resolve('/cases'), keptFilters(changes));
