/**
 * The process view from the derived tables (steps.ts): the same figures as index.ts processSql computes from
 * `events`, as plain filtered aggregates over integer-keyed rows. Transitions and hand-offs come as histograms
 * (pair-stats.ts folds them): per pair the working-day histogram, and the exact microseconds at the two ranks the
 * median of the hours needs, found through an hour-bucket histogram so only the buckets holding those ranks are
 * sorted. One statement; `ps` is never materialised (every part filters process_steps itself).
 */
import type { Binder } from '../kpi/sql-frame';
import { US_PER_HOUR } from './pair-stats';
import { caseScope, type ProcessQuery } from './query';

/**
 * CTEs of one pair family over `ps`: `<f>_w` (k1, k2, wd → pairs, first occurrences) and, with `hours`, `<f>_q`
 * (k1, k2, q, rn, the microseconds at ranks ⌊rn⌋ and ⌈rn⌉ among the family's pairs ordered by microseconds).
 * The second part reads the family's rows again (the buckets holding the two ranks): about as much as the rest of
 * the view, so only the transitions, whose median hours are shown, ask for it.
 */
function familyCtes(f: string, k1: string, k2: string, cond: string, occ: string, hours: boolean): string {
	const src = `SELECT ${k1} AS k1, ${k2} AS k2, wd, us, ${occ} AS occ FROM ps WHERE ${cond}`;
	const bk = `us // ${US_PER_HOUR}`;
	const w = `${f}_w AS (SELECT k1, k2, wd, count(*) AS n, count(*) FILTER (WHERE occ = 1) AS first FROM (${src}) GROUP BY ALL)`;
	if (!hours) return w;
	return `${w},
	${f}_b AS (SELECT k1, k2, ${bk} AS bk, count(*) AS n FROM (${src}) WHERE us IS NOT NULL GROUP BY ALL),
	${f}_r AS (SELECT k1, k2, q, CAST(tot - 1 AS DOUBLE) * q AS rn
		FROM (SELECT k1, k2, sum(n) AS tot FROM ${f}_b GROUP BY ALL), (VALUES (CAST(0.5 AS DOUBLE))) v(q)),
	${f}_c AS (SELECT k1, k2, bk, n, sum(n) OVER (PARTITION BY k1, k2 ORDER BY bk) - n AS before FROM ${f}_b),
	${f}_n AS (SELECT DISTINCT c.k1, c.k2, c.bk, c.before FROM ${f}_c c JOIN ${f}_r r ON r.k1 = c.k1 AND r.k2 = c.k2
		WHERE (floor(r.rn) >= c.before AND floor(r.rn) < c.before + c.n) OR (ceil(r.rn) >= c.before AND ceil(r.rn) < c.before + c.n)),
	${f}_u AS (SELECT s.k1, s.k2, n.bk, n.before, s.us, count(*) AS n
		FROM (${src}) s JOIN ${f}_n n ON n.k1 = s.k1 AND n.k2 = s.k2 AND n.bk = s.${bk} GROUP BY ALL),
	${f}_v AS (SELECT k1, k2, us, before + sum(n) OVER (PARTITION BY k1, k2, bk ORDER BY us) - n AS start, n FROM ${f}_u),
	${f}_q AS (SELECT r.k1, r.k2, r.q, r.rn, lo.us AS lo, hi.us AS hi FROM ${f}_r r
		JOIN ${f}_v lo ON lo.k1 = r.k1 AND lo.k2 = r.k2 AND floor(r.rn) >= lo.start AND floor(r.rn) < lo.start + lo.n
		JOIN ${f}_v hi ON hi.k1 = r.k1 AND hi.k2 = r.k2 AND ceil(r.rn) >= hi.start AND ceil(r.rn) < hi.start + hi.n)`;
}

/** The family's output rows with the ids turned into names (0 / unknown → null). */
function familySelect(f: string, hours: boolean): string {
	const w = `SELECT '${f}w' AS kind, n1.name AS k1, n2.name AS k2, NULL AS path, w.n AS n1, w.first AS n2, NULL AS n3, NULL AS n4,
		w.wd AS x1, NULL AS x2, NULL AS x3, NULL AS x4, NULL AS x5
	FROM ${f}_w w LEFT JOIN process_names n1 ON n1.id = w.k1 LEFT JOIN process_names n2 ON n2.id = w.k2`;
	if (!hours) return w;
	return `${w}
	UNION ALL
	SELECT '${f}q', n1.name, n2.name, NULL, q.lo, q.hi, NULL, NULL, q.q, q.rn, NULL, NULL, NULL
	FROM ${f}_q q LEFT JOIN process_names n1 ON n1.id = q.k1 LEFT JOIN process_names n2 ON n2.id = q.k2`;
}

/** Rows of kinds a, tw, tq, hw, v, s (index.ts folds tw/tq and hw into t and h). */
export function stepsSql(b: Binder, q: ProcessQuery, top: number): string {
	const { head, where } = caseScope(b, q);
	return `${head}ps AS NOT MATERIALIZED (SELECT * FROM process_steps c WHERE ${where}),
	pcs AS (SELECT * FROM process_cases c WHERE ${where}),
	vg AS (SELECT n, h1, h2, count(*) AS cases, quantile_cont(days, 0.5) AS median_days, min(case_id) AS rep
		FROM pcs GROUP BY n, h1, h2),
	vt AS (SELECT rep, cases, median_days FROM vg ORDER BY cases DESC, median_days ASC NULLS LAST, rep LIMIT ${b.bind(top)}),
	vp AS (SELECT vt.rep, vt.cases, vt.median_days, list(n.name ORDER BY s.pos) AS path
		FROM vt JOIN process_steps s ON s.case_id = vt.rep JOIN process_names n ON n.id = s.a
		GROUP BY vt.rep, vt.cases, vt.median_days),
	act AS (SELECT a, count(*) AS events, count(*) FILTER (WHERE act_occ = 1) AS cases,
		count(*) FILTER (WHERE act_occ = 2) AS rw FROM ps GROUP BY a),
	${familyCtes('t', 'a', 'b', 'b IS NOT NULL', 'pair_occ', true)},
	${familyCtes('h', 'da', 'db', 'handoff', 'ho_occ', false)}
	SELECT 'a' AS kind, n.name AS k1, NULL AS k2, NULL AS path, events AS n1, cases AS n2, rw AS n3, events - cases AS n4,
		NULL AS x1, NULL AS x2, NULL AS x3, NULL AS x4, NULL AS x5
	FROM act JOIN process_names n ON n.id = act.a
	UNION ALL
	${familySelect('t', true)}
	UNION ALL
	${familySelect('h', false)}
	UNION ALL
	SELECT 'v', rep, NULL, path, cases, NULL, NULL, NULL, median_days, NULL, NULL, NULL, NULL FROM vp
	UNION ALL
	SELECT 's', NULL, NULL, NULL, (SELECT count(*) FROM pcs), (SELECT coalesce(sum(n), 0) FROM pcs), (SELECT count(*) FROM vg),
		(SELECT count(*) FROM cases c WHERE ${where}) - (SELECT count(*) FROM pcs), NULL, NULL, NULL, NULL, NULL`;
}
