/**
 * What the app ships beside its code — the reference data (data/calendar, data/profiles, data/schemes) and the
 * app database's migrations (drizzle/) — is found in one way: at the path config.ts names, under the working
 * directory (CLI, tests, `node build` from the repo root), or in a folder above this module (the source tree,
 * or the built server started from elsewhere).
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** Where shipped `rel` (e.g. 'data/schemes') may be, most specific first; the caller picks the one it needs. */
export function shippedPaths(rel: string, configured?: string | null): string[] {
	const out = configured ? [configured, path.resolve(rel)] : [path.resolve(rel)];
	let dir = path.dirname(fileURLToPath(import.meta.url));
	for (let i = 0; i < 8; i++) {
		out.push(path.join(dir, rel));
		dir = path.dirname(dir);
	}
	return out;
}
