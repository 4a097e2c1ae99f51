/**
 * The region tree as one flat list (code, name, level, parent), for the jurisdiction map's screens: which
 * regions a map may name, which have a shape, their levels. Not a KPI; read-only, no user input reaches SQL.
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
