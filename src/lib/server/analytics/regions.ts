/**
 * The region tree: as one flat list (code, name, level, parent), for the jurisdiction map's screens (which
 * regions a map may name, which have a shape, their levels); whether a code exists; a region's subtree with its
 * departments (a wall scoped to a region). Not KPIs; read-only; a code from a URL is only ever bound.
 */
import type { Analytics } from './db';

export interface RegionRow {
	code: string;
	name: string;
	/** REGION_LEVELS (province … village), or null when the import did not say. */
	level: string | null;
	parent: string | null;
}

export async function listRegions(db: Analytics): Promise<RegionRow[]> {
	const rows = await db.query(
		`SELECT region_code, name, level, parent_code FROM regions ORDER BY region_code`
	);
	return rows.map((r) => ({
		code: r.region_code as string,
		name: r.name as string,
		level: (r.level as string | null) ?? null,
		parent: (r.parent_code as string | null) ?? null
	}));
}

/** Whether a region with this code exists (a URL's `region` before a screen scopes to it). */
export async function regionExists(db: Analytics, code: string): Promise<boolean> {
	return (await db.query(`SELECT 1 FROM regions WHERE region_code = $1`, [code])).length > 0;
}

/** The regions under `code` (itself included) and the departments in them, for scoping a wall to a region. */
export async function regionSubtree(
	db: Analytics,
	code: string
): Promise<{ regions: Set<string>; depts: string[] }> {
	const rows = await db.query(
		`WITH RECURSIVE sub(region_code) AS (SELECT region_code FROM regions WHERE region_code = $1
			UNION SELECT r.region_code FROM regions r JOIN sub s ON r.parent_code = s.region_code)
		 SELECT 'r' AS k, region_code AS v FROM sub
		 UNION ALL SELECT 'd', d.dept_code FROM departments d WHERE d.region_code IN (SELECT region_code FROM sub)`,
		[code]
	);
	return {
		regions: new Set(rows.filter((r) => r.k === 'r').map((r) => String(r.v))),
		depts: rows.filter((r) => r.k === 'd').map((r) => String(r.v))
	};
}
