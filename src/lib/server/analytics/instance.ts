/**
 * The server process's analytics database, opened once at the configured path, with the result cache
 * (cache.ts: repeated dashboard aggregates are answered from memory until the next write).
 * ANALYTICS_CACHE=0 turns the cache off (to measure the uncached path).
 */
import { getConfig } from '../config';
import { openAnalytics, type Analytics } from './db';

export function getAnalytics(): Promise<Analytics> {
	return openAnalytics(undefined, { cache: getConfig().analyticsCache });
}
