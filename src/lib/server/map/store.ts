/**
 * The deployment's jurisdiction map in the app database (`jurisdiction_map`, one row named `jurisdiction`), so
 * every server process behind one PostgreSQL serves the same map. Callers validate first (geojson.ts) and
 * audit-log the change themselves (routes: `audit`, CLI: `auditAs`).
 *
 * Reads are cached per database handle and keyed on (updated_at, sha256): `getJurisdictionMap()` asks only for
 * that pair (a primary-key lookup of two short columns) and re-reads and re-parses the GeoJSON only when it
 * changed — in this process or another one — so the big screen's refreshes do not move megabytes each time.
 * The product ships no map: until an administrator uploads one, `getJurisdictionMap()` answers null.
 */
import crypto from 'node:crypto';
import { eq } from 'drizzle-orm';
import type { AppDb } from '../appdb/index';
import { jurisdictionMap, user } from '../appdb/schema';
import type { RegionGeoJson } from '../../map/types';
import type { ParsedMap } from './geojson';

const NAME = 'jurisdiction';

/** What the admin screen lists about the stored map (no geometry). */
export interface MapInfo {
	features: number;
	vertices: number;
	bytes: number;
	sha256: string;
	fileName: string;
	updatedAt: Date;
	/** Username of the administrator who uploaded it (null: CLI without a user, or the account was deleted). */
	updatedBy: string | null;
	/** region_code of every feature, in file order. */
	codes: string[];
}

export interface StoredMap extends MapInfo {
	geo: RegionGeoJson;
}

interface CacheEntry {
	key: string;
	map: StoredMap;
}
const cache = new WeakMap<AppDb, CacheEntry>();

const keyOf = (updatedAt: Date, sha256: string) => `${updatedAt.toISOString()}|${sha256}`;

/** The stored map (cached; see the header), or null when none has been uploaded. */
export async function getJurisdictionMap(db: AppDb): Promise<StoredMap | null> {
	const [head] = await db
		.select({ updatedAt: jurisdictionMap.updatedAt, sha256: jurisdictionMap.sha256 })
		.from(jurisdictionMap)
		.where(eq(jurisdictionMap.name, NAME));
	if (!head) {
		cache.delete(db);
		return null;
	}
	const hit = cache.get(db);
	if (hit && hit.key === keyOf(head.updatedAt, head.sha256)) return hit.map;
	const [row] = await db
		.select({ r: jurisdictionMap, by: user.username })
		.from(jurisdictionMap)
		.leftJoin(user, eq(user.id, jurisdictionMap.updatedBy))
		.where(eq(jurisdictionMap.name, NAME));
	if (!row) return null;
	const geo = JSON.parse(row.r.geojson) as RegionGeoJson;
	const map: StoredMap = {
		geo,
		codes: geo.features.map((f) => f.properties.region_code),
		features: row.r.features,
		vertices: row.r.vertices,
		bytes: row.r.bytes,
		sha256: row.r.sha256,
		fileName: row.r.fileName,
		updatedAt: row.r.updatedAt,
		updatedBy: row.by ?? null
	};
	cache.set(db, { key: keyOf(map.updatedAt, map.sha256), map });
	return map;
}

/** Facts about the stored map without its geometry (from the cache when current). */
export async function jurisdictionMapInfo(db: AppDb): Promise<MapInfo | null> {
	const m = await getJurisdictionMap(db);
	if (!m) return null;
	const { geo: _geo, ...info } = m; // eslint-disable-line @typescript-eslint/no-unused-vars -- info without the geometry
	return info;
}

/** Store a validated map (replacing any previous one). */
export async function saveJurisdictionMap(
	db: AppDb,
	parsed: ParsedMap,
	meta: { fileName?: string; userId?: number | null } = {}
): Promise<StoredMap> {
	const geojson = JSON.stringify(parsed.geo);
	const sha256 = crypto.createHash('sha256').update(geojson).digest('hex');
	const values = {
		geojson,
		features: parsed.features,
		vertices: parsed.vertices,
		bytes: parsed.bytes,
		sha256,
		fileName: (meta.fileName ?? '').slice(0, 255),
		updatedAt: new Date(),
		updatedBy: meta.userId ?? null
	};
	await db
		.insert(jurisdictionMap)
		.values({ name: NAME, ...values })
		.onConflictDoUpdate({ target: jurisdictionMap.name, set: values });
	cache.delete(db);
	const stored = await getJurisdictionMap(db);
	if (!stored) throw new Error('the jurisdiction map was not stored');
	return stored;
}

/** Remove the stored map; false when there was none. */
export async function removeJurisdictionMap(db: AppDb): Promise<boolean> {
	const gone = await db
		.delete(jurisdictionMap)
		.where(eq(jurisdictionMap.name, NAME))
		.returning({ name: jurisdictionMap.name });
	cache.delete(db);
	return gone.length > 0;
}
