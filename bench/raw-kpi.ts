/**
 * The views' KPIs computed the straightforward way, over the raw tables (cases / ratings / items exactly as
 * `read_csv` or PostgreSQL's COPY loads them, plus a calendar with the cumulative working-day index):
 * working days joined per case at query time, no derived columns, no rollup, no cache. The same SQL runs on
 * DuckDB and on PostgreSQL (standard SQL: FILTER, CTEs, greatest/coalesce), so the ratio to the product's
 * figure shows what the engine's design buys, and the DuckDB/PostgreSQL ratio what the columnar engine buys.
 *
 * Filter values come from the bench's own generated list (codes and ISO dates, checked below), not from
 * users, so they are inlined as literals — the one place in the project that does so, because the two
 * engines' placeholder syntaxes differ.
 */
import type { Filter } from './views';

const SAFE = /^[\p{L}\p{N}_.\-() （）·]{1,64}$/u;
function lit(v: string): string {
	if (!SAFE.test(v)) throw new Error(`unsafe literal ${v}`);
	return `'${v}'`;
}

function nextDay(d: string): string {
	return new Date(Date.parse(`${d}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
}

/** Timestamp range [from 00:00, to + 1 day) on `col` — index-friendly on PostgreSQL. */
function range(col: string, f: Filter): string {
	return `${col} >= CAST(${lit(f.from)} AS TIMESTAMP) AND ${col} < CAST(${lit(nextDay(f.to))} AS TIMESTAMP)`;
}

/** Departments in scope (the region with its sub-regions, three levels down). */
function scope(col: string, f: Filter): string {
	if (f.dept) return ` AND ${col} = ${lit(f.dept)}`;
	if (f.peer_group)
		return ` AND ${col} IN (SELECT dept_code FROM departments WHERE peer_group = ${lit(f.peer_group)})`;
	if (f.region) {
		const r = lit(f.region);
		return ` AND ${col} IN (SELECT dept_code FROM departments WHERE region_code = ${r}
			OR region_code IN (SELECT region_code FROM regions WHERE parent_code = ${r})
			OR region_code IN (SELECT region_code FROM regions WHERE parent_code IN (SELECT region_code FROM regions WHERE parent_code = ${r}))
			OR region_code IN (SELECT region_code FROM regions WHERE parent_code IN (SELECT region_code FROM regions WHERE parent_code IN (SELECT region_code FROM regions WHERE parent_code = ${r}))))`;
	}
	return '';
}

const ELAPSED = `greatest(cc.wd_index - cs.wd_index - coalesce(c.suspended_days, 0), 0)`;
const WD_JOINS = `JOIN calendar cs ON cs.date = CAST(coalesce(c.accepted_at, c.submitted_at) AS DATE)
		JOIN calendar cc ON cc.date = CAST(c.completed_at AS DATE)`;

/** Volume: cases, online, one-visit per department (cases submitted in the period). */
export function volumeSql(f: Filter): string {
	return `SELECT c.dept_code, count(*) AS cases, count(*) FILTER (WHERE c.channel = 'online') AS online,
		count(*) FILTER (WHERE c.visits <= 1) AS one_visit, count(c.visits) AS with_visits,
		count(*) FILTER (WHERE c.status = 'rejected') AS rejected
	FROM cases c WHERE ${range('c.submitted_at', f)}${scope('c.dept_code', f)}
	GROUP BY c.dept_code`;
}

/** Timeliness: on-time rate, mean elapsed working days, speed-up vs statutory per department (completions in the period). */
export function timelinessSql(f: Filter): string {
	return `WITH e AS (
		SELECT c.dept_code, ${ELAPSED} AS elapsed, coalesce(i.promised_days, i.statutory_days) AS lim, i.statutory_days AS stat
		FROM cases c JOIN items i ON i.item_code = c.item_code
		${WD_JOINS}
		WHERE c.status = 'completed' AND ${range('c.completed_at', f)}${scope('c.dept_code', f)}
	)
	SELECT dept_code, count(*) AS completed, count(*) FILTER (WHERE elapsed <= lim) AS on_time, count(lim) AS with_limit,
		avg(elapsed) AS mean_elapsed, sum(elapsed) FILTER (WHERE stat > 0) AS stat_elapsed, sum(stat) FILTER (WHERE stat > 0) AS stat_sum
	FROM e GROUP BY dept_code`;
}

/** Delegated powers: accepted delegated items and those with a case at the receiving department in the period. */
export function activationSql(f: Filter): string {
	return `WITH act AS (
		SELECT DISTINCT c.item_code, c.dept_code FROM cases c WHERE ${range('c.submitted_at', f)}
	)
	SELECT i.dept_code, count(*) AS accepted, count(a.item_code) AS active
	FROM items i LEFT JOIN act a ON a.item_code = i.item_code AND a.dept_code = i.dept_code
	WHERE i.delegation_mode IN ('devolved', 'entrusted', 'empowered') AND i.accepted_on <= CAST(${lit(f.to)} AS DATE)${scope('i.dept_code', f)}
	GROUP BY i.dept_code`;
}

/** Satisfaction: ratings, satisfied, mean score, bad reviews per department (ratings in the period). */
export function satisfactionSql(f: Filter): string {
	return `SELECT r.dept_code, count(*) AS ratings, count(*) FILTER (WHERE r.score >= 3) AS satisfied, avg(r.score) AS mean_score,
		count(*) FILTER (WHERE r.score <= 2) AS bad
	FROM ratings r WHERE ${range('r.rated_at', f)}${scope('r.dept_code', f)}
	GROUP BY r.dept_code`;
}

/** Drill-down: one page (5 000) of a department's cases of the period, newest first, with elapsed and limit. */
export function caseListSql(f: Filter): string {
	return `SELECT c.case_id, c.item_code, i.name AS item_name, c.status, c.channel, c.submitted_at, c.completed_at,
		CASE WHEN c.completed_at IS NULL THEN NULL ELSE greatest(cc.wd_index - cs.wd_index - coalesce(c.suspended_days, 0), 0) END AS elapsed,
		coalesce(i.promised_days, i.statutory_days) AS lim
	FROM cases c JOIN items i ON i.item_code = c.item_code
	JOIN calendar cs ON cs.date = CAST(coalesce(c.accepted_at, c.submitted_at) AS DATE)
	LEFT JOIN calendar cc ON cc.date = CAST(c.completed_at AS DATE)
	WHERE ${range('c.submitted_at', f)}${scope('c.dept_code', f)}
	ORDER BY c.submitted_at DESC, c.case_id LIMIT 5000`;
}

/** The statements that stand for each view's KPIs (run one after another; the figure is their sum). */
export const RAW_VIEWS: Record<string, (f: Filter) => string[]> = {
	overview: (f) => [volumeSql(f), timelinessSql(f), satisfactionSql(f)],
	delegation: (f) => [activationSql(f)],
	timeliness: (f) => [timelinessSql(f), volumeSql(f)],
	satisfaction: (f) => [satisfactionSql(f)],
	assessment: (f) => [volumeSql(f), timelinessSql(f), satisfactionSql(f), activationSql(f)],
	drilldown: (f) => [caseListSql(f)]
};
