/** The server process's analytics database, opened once at the configured path. */
import { openAnalytics, type Analytics } from './db';

export function getAnalytics(): Promise<Analytics> {
	return openAnalytics();
}
