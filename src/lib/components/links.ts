/**
 * Internal links with a query string, typed as resolved pathnames (base path applied by `resolve`), so
 * links keep the current filters and the lint rule for unresolved navigation still holds.
 */
import { resolve } from '$app/paths';
import type { ResolvedPathname } from '$app/types';

export function withQuery(path: ResolvedPathname, query = ''): ResolvedPathname {
	return `${path}${query}` as ResolvedPathname;
}

/** A path the app itself produced (e.g. page.url.pathname), with a query string. */
export function here(pathname: string, query = ''): ResolvedPathname {
	return `${pathname}${query}` as ResolvedPathname;
}

export { resolve };
