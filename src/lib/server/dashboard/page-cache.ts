/**
 * Screen cache (issue 7): the data a dashboard load returns, kept per
 * (screen, data generation, active scheme + thresholds, local date, role, department scope, language, query string).
 *
 * Why: with every KPI report already memoised (kpi-reports.ts `report`), a warm dashboard request still spent most of
 * its CPU re-assembling the screen — structured clones of the memoised reports, trends, rankings — on the one JS
 * thread that 50 concurrent users queue behind. A hit returns the very object computed for the first request.
 *
 * Invariants:
 * - Authorisation runs before every lookup (`cachedScreen` is called after `requireUser` by load.ts), and the key
 *   holds everything of the user the screen data may depend on: role (masking, rankings, links) and department
 *   scope (forced `dept` filter, anonymised rankings). Nothing else of the user (id, name) may enter the data —
 *   per-user parts (the layout's user, notice counts from the app database) are added outside the cache.
 * - Data version: entries live in one generation of the analytics result cache (analytics/cache.ts); any write
 *   or import bumps it and the next lookup empties this cache. A value computed across a bump is not stored.
 * - Settings: the active scheme and thresholds are part of the key (by content, serialised once per settings
 *   object); the local date is too (flags and open cases are "as of today").
 * - Values are deep-frozen and shared: a caller that tried to mutate one would throw instead of changing what
 *   another user sees. Identical concurrent misses compute once (single flight).
 * - Bounded: `MAX_ENTRIES` entries, least recently used evicted first. `SCREEN_CACHE=0` turns it off.
 */
import type { Analytics } from '../analytics/db';
import { getConfig } from '../config';
import { localToday, now } from '../clock';
import { activeScheme, activeThresholds } from '../settings/index';

const MAX_ENTRIES = 2000;

function deepFreeze<T>(v: T): T {
	if (v && typeof v === 'object' && !Object.isFrozen(v)) {
		Object.freeze(v);
		for (const k of Object.keys(v)) deepFreeze((v as Record<string, unknown>)[k]);
	}
	return v;
}

/** Settings objects by content: equal contents get the same small id (serialised once per settings object). */
const contentIds = new WeakMap<object, number>();
const idByContent = new Map<string, number>();
function contentOf(o: object): number {
	let id = contentIds.get(o);
	if (id === undefined) {
		const c = JSON.stringify(o);
		id = idByContent.get(c);
		if (id === undefined) {
			if (idByContent.size > 1000) idByContent.clear(); // ids stay unique: they only grow
			idByContent.set(c, (id = ++lastContentId));
		}
		contentIds.set(o, id);
	}
	return id;
}
let lastContentId = 0;

export interface ScreenKey {
	screen: string;
	role: string;
	/** Department codes the user is limited to; null = all. */
	scope: string[] | null;
	lang?: string | null;
	url: URL;
}

export class ScreenCache {
	private entries = new Map<string, unknown>();
	private inflight = new Map<string, Promise<unknown>>();
	private gen = -1;
	hits = 0;
	misses = 0;

	/** The key of a request, or null when caching is off or the data version is unknown (no result cache). */
	keyOf(db: Analytics, k: ScreenKey, at: Date = now()): { key: string; gen: number } | null {
		if (!getConfig().screenCache) return null;
		const gen = db.cacheStats()?.generation;
		if (gen === undefined) return null;
		const params = [...k.url.searchParams].filter(([n]) => n !== 'lang' && !n.startsWith('x-sveltekit'));
		params.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
		const key = JSON.stringify([
			k.screen,
			db.path,
			contentOf(activeScheme()),
			contentOf(activeThresholds()),
			localToday(at),
			k.role,
			k.scope,
			k.lang ?? null,
			params
		]);
		return { key, gen };
	}

	async get<T>(db: Analytics, k: ScreenKey, compute: () => Promise<T>): Promise<T> {
		const kk = this.keyOf(db, k);
		if (!kk) return compute();
		const { key, gen } = kk;
		if (gen !== this.gen) {
			this.entries.clear();
			this.inflight.clear();
			this.gen = gen;
		}
		if (this.entries.has(key)) {
			this.hits++;
			const v = this.entries.get(key);
			this.entries.delete(key);
			this.entries.set(key, v);
			return v as T;
		}
		const running = this.inflight.get(key);
		if (running) return running as Promise<T>;
		this.misses++;
		const p = compute().then(deepFreeze);
		this.inflight.set(key, p);
		try {
			const v = await p;
			// Stored only if the data did not change while it was computed.
			if (this.gen === gen && db.cacheStats()?.generation === gen) {
				this.entries.set(key, v);
				if (this.entries.size > MAX_ENTRIES) this.entries.delete(this.entries.keys().next().value!);
			}
			return v;
		} finally {
			if (this.inflight.get(key) === p) this.inflight.delete(key);
		}
	}

	clear(): void {
		this.entries.clear();
		this.inflight.clear();
	}

	get size(): number {
		return this.entries.size;
	}
}

/** The server's screen cache (one per process). */
export const screenCache = new ScreenCache();
