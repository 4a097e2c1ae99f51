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

export async function refreshCases(conn: DuckDBConnection, where = 'TRUE', params: DuckDBValue[] = []): Promise<number> {
	const r = await conn.runAndReadAll(
		`UPDATE cases SET
			start_at = d.start_at, submitted_date = d.submitted_date, completed_date = d.completed_date,
			start_wdi = d.start_wdi, elapsed_wd = d.elapsed_wd, limit_days = d.limit_days,
			item_statutory_days = d.item_statutory_days, on_time = d.elapsed_wd <= d.limit_days
		 FROM (
			SELECT c.case_id,
				coalesce(c.accepted_at, c.submitted_at) AS start_at,
				CAST(c.submitted_at AS DATE) AS submitted_date,
				CAST(c.completed_at AS DATE) AS completed_date,
				cs.wd_index AS start_wdi,
				CASE WHEN c.completed_at IS NULL THEN NULL
					ELSE greatest(cc.wd_index - cs.wd_index - coalesce(c.suspended_days, 0), 0) END AS elapsed_wd,
				coalesce(i.promised_days, i.statutory_days) AS limit_days,
				i.statutory_days AS item_statutory_days
			FROM cases c
			LEFT JOIN items i ON i.item_code = c.item_code
			LEFT JOIN calendar cs ON cs.date = CAST(coalesce(c.accepted_at, c.submitted_at) AS DATE)
			LEFT JOIN calendar cc ON cc.date = CAST(c.completed_at AS DATE)
			WHERE ${where}
		 ) d
		 WHERE cases.case_id = d.case_id`,
		params
	);
	return r.rowsChanged;
}

export async function refreshRatings(conn: DuckDBConnection, where = 'TRUE', params: DuckDBValue[] = []): Promise<number> {
	const r = await conn.runAndReadAll(
		`UPDATE ratings SET rated_date = d.rated_date, rated_wdi = d.rated_wdi, rectified_wd = d.rectified_wd
		 FROM (
			SELECT r.rating_id, CAST(r.rated_at AS DATE) AS rated_date, cr.wd_index AS rated_wdi,
				cx.wd_index - cr.wd_index AS rectified_wd
			FROM ratings r
			LEFT JOIN calendar cr ON cr.date = CAST(r.rated_at AS DATE)
			LEFT JOIN calendar cx ON cx.date = CAST(r.rectified_at AS DATE)
			WHERE ${where}
		 ) d
		 WHERE ratings.rating_id = d.rating_id`,
		params
	);
	return r.rowsChanged;
}

/** After items or the calendar change, every derived figure that depends on them is recomputed. */
export async function refreshAll(conn: DuckDBConnection): Promise<void> {
	await refreshCases(conn);
	await refreshRatings(conn);
}
