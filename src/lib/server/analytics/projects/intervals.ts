/**
 * The one definition of a project case's interval (DOMAIN.md "Construction and investment project approval"),
 * as SQL over the working-day index — every project figure (figures.ts: table, detail, public lookup) reads these CTEs.
 *
 * At the as-of date A, a case of a project (`cases.project_code`) submitted on or before A:
 * - starts at start_at (accepted_at, else submitted_at: DOMAIN.md "Time"), a start after A taken as A;
 * - has a state at A: `completed` (status completed, completed_at on or before A or missing), `refused` (any other
 *   decided status whose later of decided_at / completed_at is on or before A), `open` (in_progress, or decided
 *   only after A: it was still open then), `none` (a decided status without decided_at and completed_at);
 * - ends at completed_at (completed), the later of decided_at / completed_at (refused), A (open); `none` and a
 *   completed case without completed_at have no end and cover no date;
 * - covers the working days w with s < w ≤ e in wd_index terms, s = wd_index(start date), e = wd_index(end date)
 *   (an end before the start covers nothing). Cases submitted after A do not exist yet.
 * A project's approval working days are the size of the union of its cases' (s, e] (gaps-and-islands over
 * integers: parallel cases once), its span max(e) − min(s) over the cases that have an end; the same per stage.
 */
import type { Binder } from '../kpi/sql-frame';

/**
 * `pc`: one row per project case at the as-of date: project_code, case_id, item_code, dept_code, region_code,
 * stage, status, state, s_date, e_date (NULL: no end), s, e (wd_index; e NULL: no end; e ≥ s).
 * `where` narrows the cases (bound SQL, e.g. one project).
 */
export function projectCasesCtes(b: Binder, asOf: string, where = 'TRUE'): string {
	const a = b.date(asOf);
	// DuckDB's greatest / least skip NULLs: the later of the two that exist; no end is said explicitly below.
	const decided = 'greatest(c.decided_at, c.completed_at)';
	return `pc0 AS (
		SELECT c.project_code, c.case_id, c.item_code, c.dept_code, c.region_code, i.stage, c.status,
			least(CAST(c.start_at AS DATE), ${a}) AS s_date,
			CASE
				WHEN c.status = 'in_progress' THEN 'open'
				WHEN c.status = 'completed' THEN CASE WHEN CAST(c.completed_at AS DATE) > ${a} THEN 'open' ELSE 'completed' END
				WHEN ${decided} IS NULL THEN 'none'
				WHEN CAST(${decided} AS DATE) > ${a} THEN 'open'
				ELSE 'refused' END AS state,
			CASE
				WHEN c.status = 'in_progress' THEN ${a}
				WHEN c.status = 'completed' THEN CASE WHEN c.completed_at IS NOT NULL THEN least(CAST(c.completed_at AS DATE), ${a}) END
				WHEN ${decided} IS NOT NULL THEN least(CAST(${decided} AS DATE), ${a}) END AS e_date
		FROM cases c LEFT JOIN items i ON i.item_code = c.item_code
		WHERE c.project_code IS NOT NULL AND CAST(c.submitted_at AS DATE) <= ${a} AND (${where})),
	pc AS MATERIALIZED (
		SELECT p.* EXCLUDE (e_date), CASE WHEN ke.wd_index IS NOT NULL AND ks.wd_index IS NOT NULL THEN p.e_date END AS e_date,
			ks.wd_index AS s, CASE WHEN ke.wd_index IS NOT NULL AND ks.wd_index IS NOT NULL THEN greatest(ke.wd_index, ks.wd_index) END AS e
		FROM pc0 p
		LEFT JOIN calendar ks ON ks.date = p.s_date
		LEFT JOIN calendar ke ON ke.date = p.e_date)`;
}

/**
 * After `projectCasesCtes`: `pf(project_code, g, approval, span, first, last, cases, open, completed)` — per
 * project, g = '' for the whole project and the stage id for each stage it has a case of. `first` / `last`: the
 * earliest start / latest end date over the cases with an end.
 */
export const PROJECT_FIGURES_CTES = `pg AS (
		SELECT project_code, '' AS g, state, s, e, s_date, e_date FROM pc
		UNION ALL
		SELECT project_code, stage, state, s, e, s_date, e_date FROM pc WHERE stage IS NOT NULL),
	pgm AS (
		SELECT project_code, g, s, e,
			max(e) OVER (PARTITION BY project_code, g ORDER BY s, e ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING) AS before
		FROM pg WHERE e > s),
	pgi AS (
		SELECT project_code, g, s, e,
			sum(CASE WHEN before IS NULL OR s >= before THEN 1 ELSE 0 END)
				OVER (PARTITION BY project_code, g ORDER BY s, e ROWS UNBOUNDED PRECEDING) AS island
		FROM pgm),
	pa AS (
		SELECT project_code, g, sum(e - s) AS approval
		FROM (SELECT project_code, g, island, min(s) AS s, max(e) AS e FROM pgi GROUP BY ALL)
		GROUP BY ALL),
	pf AS (
		SELECT g0.project_code, g0.g,
			coalesce(pa.approval, 0) AS approval,
			coalesce(max(g0.e) FILTER (WHERE g0.e IS NOT NULL) - min(g0.s) FILTER (WHERE g0.e IS NOT NULL), 0) AS span,
			min(g0.s_date) FILTER (WHERE g0.e IS NOT NULL) AS first,
			max(g0.e_date) AS last,
			count(*) AS cases,
			count(*) FILTER (WHERE g0.state = 'open') AS open,
			count(*) FILTER (WHERE g0.state = 'completed') AS completed
		FROM pg g0 LEFT JOIN pa ON pa.project_code = g0.project_code AND pa.g = g0.g
		GROUP BY g0.project_code, g0.g, pa.approval)`;
