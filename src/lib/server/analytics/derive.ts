/**
 * Per-row figures derived once at ingest so KPI queries never recompute them (see schema.ts DERIVED).
 *
 * `refreshCases` / `refreshRatings` recompute the derived columns of the rows selected by `where`
 * (e.g. `batch_id = $1`), or of every row after the items or the calendar changed. They run inside the
 * caller's write transaction.
 *
 * Definitions (DOMAIN.md "Time"): start = accepted_at, else submitted_at; elapsed = wd(start, completed_at)
 * − coalesce(suspended_days, 0), floored at 0; limit = item.promised_days, else item.statutory_days.
 */
import type { DuckDBConnection, DuckDBValue } from '@duckdb/node-api';

/**
 * Derived case columns over a relation aliased `c` that has the canonical case columns, given the joins
 * of `caseDerivedJoins(c)`. Shared by `refreshCases` and the ingest's INSERT (which computes them while
 * inserting new rows: an UPDATE pass over a million just-inserted rows costs far more than the insert).
 */
export function caseDerivedJoins(c = 'c'): string {
	return `LEFT JOIN items i ON i.item_code = ${c}.item_code
			LEFT JOIN calendar cs ON cs.date = CAST(coalesce(${c}.accepted_at, ${c}.submitted_at) AS DATE)
			LEFT JOIN calendar cc ON cc.date = CAST(${c}.completed_at AS DATE)`;
}

export function caseDerivedColumns(c = 'c'): Record<string, string> {
	const elapsed = `CASE WHEN ${c}.completed_at IS NULL THEN NULL
					ELSE CAST(greatest(cc.wd_index - cs.wd_index - coalesce(${c}.suspended_days, 0), 0) AS INTEGER) END`;
	const limit = 'coalesce(i.promised_days, i.statutory_days)';
	return {
		start_at: `coalesce(${c}.accepted_at, ${c}.submitted_at)`,
		submitted_date: `CAST(${c}.submitted_at AS DATE)`,
		completed_date: `CAST(${c}.completed_at AS DATE)`,
		start_wdi: 'cs.wd_index',
		elapsed_wd: elapsed,
		limit_days: limit,
		item_statutory_days: 'i.statutory_days',
		on_time: `(${elapsed}) <= ${limit}`
	};
}

export function refreshCases(conn: DuckDBConnection, where = 'TRUE', params: DuckDBValue[] = []): Promise<number> {
	return refresh(conn, 'cases', 'case_id', 'c', caseDerivedColumns('c'), caseDerivedJoins('c'), where, params);
}

/**
 * Recompute the derived columns `cols` of `table` (aliased `alias`, keyed by `key`) over the same joins ingest
 * uses, for the rows `where` selects; the number of rows updated.
 */
async function refresh(
	conn: DuckDBConnection,
	table: 'cases' | 'ratings',
	key: string,
	alias: string,
	cols: Record<string, string>,
	joins: string,
	where: string,
	params: DuckDBValue[]
): Promise<number> {
	const r = await conn.runAndReadAll(
		`UPDATE ${table} SET ${Object.keys(cols).map((k) => `${k} = d.${k}`).join(', ')}
		 FROM (
			SELECT ${alias}.${key}, ${Object.entries(cols).map(([k, v]) => `${v} AS ${k}`).join(', ')}
			FROM ${table} ${alias}
			${joins}
			WHERE ${where}
		 ) d
		 WHERE ${table}.${key} = d.${key}`,
		params
	);
	return r.rowsChanged;
}

/** Derived rating columns over a relation aliased `r` (joins from `ratingDerivedJoins`). */
export function ratingDerivedJoins(r = 'r'): string {
	return `LEFT JOIN calendar cr ON cr.date = CAST(${r}.rated_at AS DATE)
			LEFT JOIN calendar cx ON cx.date = CAST(${r}.rectified_at AS DATE)`;
}

export function ratingDerivedColumns(r = 'r'): Record<string, string> {
	return { rated_date: `CAST(${r}.rated_at AS DATE)`, rated_wdi: 'cr.wd_index', rectified_wd: 'cx.wd_index - cr.wd_index' };
}

export function refreshRatings(conn: DuckDBConnection, where = 'TRUE', params: DuckDBValue[] = []): Promise<number> {
	return refresh(conn, 'ratings', 'rating_id', 'r', ratingDerivedColumns('r'), ratingDerivedJoins('r'), where, params);
}

/** After items or the calendar change, every derived figure that depends on them is recomputed. */
export async function refreshAll(conn: DuckDBConnection): Promise<void> {
	await refreshCases(conn);
	await refreshRatings(conn);
}
