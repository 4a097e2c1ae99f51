/**
 * Tiny fixture builder for KPI specs: rows are inserted with SQL into the canonical tables inside one
 * `db.write()`, then the derived columns are refreshed exactly as the ingest does (refreshCases /
 * refreshRatings). Column names come from the spec's own literals; values are bound.
 */
import type { DuckDBConnection, DuckDBValue } from '@duckdb/node-api';
import { openAnalytics, type Analytics } from '../../../src/lib/server/analytics/db';
import { refreshCases, refreshRatings } from '../../../src/lib/server/analytics/derive';
import { DEFAULT_THRESHOLDS } from '../../../src/lib/server/analytics/kpi/thresholds';
import { loadScheme } from '../../../src/lib/server/analytics/kpi/scheme';

export type FixtureRow = Record<string, DuckDBValue>;

export interface Fixture {
	regions?: FixtureRow[];
	departments?: FixtureRow[];
	items?: FixtureRow[];
	cases?: FixtureRow[];
	ratings?: FixtureRow[];
}

async function insert(conn: DuckDBConnection, table: string, rows: FixtureRow[] = []): Promise<void> {
	for (const row of rows) {
		const cols = Object.keys(row);
		const sql = `INSERT INTO ${table} (${cols.map((c) => `"${c}"`).join(', ')}) VALUES (${cols.map((_, n) => `$${n + 1}`).join(', ')})`;
		await conn.run(
			sql,
			cols.map((c) => row[c])
		);
	}
}

export async function load(db: Analytics, f: Fixture): Promise<void> {
	await db.write(async (conn) => {
		await insert(conn, 'regions', f.regions);
		await insert(conn, 'departments', f.departments);
		await insert(conn, 'items', f.items);
		await insert(conn, 'cases', f.cases);
		await insert(conn, 'ratings', f.ratings);
		await refreshCases(conn);
		await refreshRatings(conn);
	});
}

export async function fixtureDb(f: Fixture, file = ':memory:'): Promise<Analytics> {
	const db = await openAnalytics(file);
	await load(db, f);
	return db;
}

export const opts = () => ({ scheme: loadScheme(), thresholds: { ...DEFAULT_THRESHOLDS } });

/** Department rows with a default name. */
export const depts = (...rows: [code: string, peer: string | null, region?: string | null][]): FixtureRow[] =>
	rows.map(([dept_code, peer_group, region_code]) => ({
		dept_code,
		name: `部门${dept_code}`,
		peer_group,
		region_code: region_code ?? null
	}));
