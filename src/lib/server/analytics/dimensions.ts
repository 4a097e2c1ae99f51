/**
 * Dimension lists and the data's time coverage, for the dashboards' filter bar and default period:
 * regions (as a tree, with depth), departments, peer groups, power types, the years with data, and the
 * first / last submission and rating dates. Not KPIs: no figure here is shown as a measure.
 *
 * Invariants: read-only; no user input reaches SQL (no parameters needed); rows leave through convert.ts.
 */
import type { Analytics } from './db';

export interface Coverage {
	/** Cases in the database (0 = nothing imported yet). */
	cases: number;
	ratings: number;
	/** First / last date(submitted_at). */
	firstCase: string | null;
	lastCase: string | null;
	/** Last date(rated_at). */
	lastRating: string | null;
}

export interface DimensionOptions {
	regions: { code: string; name: string; depth: number; parent: string | null }[];
	departments: { code: string; name: string; region: string | null; peer_group: string | null }[];
	peerGroups: string[];
	powerTypes: string[];
	/** Years with submitted cases or ratings, newest first. */
	years: number[];
}

export async function coverage(db: Analytics): Promise<Coverage> {
	const [r] = await db.query(
		`SELECT (SELECT count(*) FROM cases) AS cases, (SELECT count(*) FROM ratings) AS ratings,
			(SELECT min(submitted_date) FROM cases) AS first_case, (SELECT max(submitted_date) FROM cases) AS last_case,
			(SELECT max(rated_date) FROM ratings) AS last_rating`
	);
	return {
		cases: Number(r?.cases ?? 0),
		ratings: Number(r?.ratings ?? 0),
		firstCase: (r?.first_case as string) ?? null,
		lastCase: (r?.last_case as string) ?? null,
		lastRating: (r?.last_rating as string) ?? null
	};
}

export async function dimensionOptions(db: Analytics): Promise<DimensionOptions> {
	const [regions, departments, powerTypes, years] = await Promise.all([
		// Depth-first order with depth, so the filter can indent the tree; cycles are cut at depth 12.
		db.query(
			`WITH RECURSIVE t(region_code, name, parent_code, depth, path) AS (
				SELECT region_code, name, parent_code, 0, region_code FROM regions r
				WHERE parent_code IS NULL OR parent_code NOT IN (SELECT region_code FROM regions)
				UNION ALL
				SELECT r.region_code, r.name, r.parent_code, t.depth + 1, t.path || '/' || r.region_code
				FROM regions r JOIN t ON r.parent_code = t.region_code WHERE t.depth < 12)
			 SELECT region_code, name, parent_code, depth FROM t ORDER BY path`
		),
		db.query(
			`SELECT dept_code, name, region_code, peer_group FROM departments ORDER BY peer_group NULLS LAST, dept_code`
		),
		db.query(`SELECT DISTINCT power_type FROM items WHERE power_type IS NOT NULL ORDER BY power_type`),
		db.query(
			`SELECT DISTINCT y FROM (SELECT year(submitted_date) AS y FROM cases UNION SELECT year(rated_date) FROM ratings)
			 WHERE y IS NOT NULL ORDER BY y DESC`
		)
	]);
	const groups = [
		...new Set(departments.map((d) => d.peer_group as string | null).filter((g): g is string => !!g))
	];
	return {
		regions: regions.map((r) => ({
			code: r.region_code as string,
			name: r.name as string,
			depth: Number(r.depth),
			parent: (r.parent_code as string) ?? null
		})),
		departments: departments.map((d) => ({
			code: d.dept_code as string,
			name: d.name as string,
			region: (d.region_code as string) ?? null,
			peer_group: (d.peer_group as string) ?? null
		})),
		peerGroups: groups.sort((a, b) => a.localeCompare(b, 'zh-CN')),
		powerTypes: powerTypes.map((p) => p.power_type as string),
		years: years.map((y) => Number(y.y))
	};
}
