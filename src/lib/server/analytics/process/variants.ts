/**
 * Variants: a case's activities in order (ts, then source order) — identified without building every case's
 * list (an ordered list aggregate per case cost ~6× the rest at 2 M events): the key is (number of events,
 * Σ hash(position, activity), Σ hash(activity, position, 'v')) over the case's events, 1 + 128 bits that equal
 * for two cases exactly when their sequences are equal, barring a 128-bit hash collision. The path is then
 * rebuilt (list ordered by position) for the top N variants only, from their first case.
 *
 * Median case duration: the working days from the case's first to its last event,
 * wd_index(date last) − wd_index(date first) (null when an event date lies outside the calendar).
 * Order of `top`: cases desc, median_days asc (nulls last), then the variant's first case id.
 * Output rows: kind 'v' (path, n1 cases, x1 median days), kind 's' (n1 cases, n2 events, n3 variants).
 */
import type { ProcessVariant } from '../../../process/types';
import type { Row } from '../convert';
import type { Binder } from '../kpi/sql-frame';

export const TOP_VARIANTS = 20;

export function variantsCtes(b: Binder, top: number): string {
	return `cv AS (SELECT case_id, count(*) AS n, sum(hash(pos, a)) AS h1, sum(hash(a, pos, 'v')) AS h2,
			CASE WHEN count(wdi) = count(*) THEN max(wdi) - min(wdi) END AS days
		FROM pw GROUP BY case_id),
	vg AS (SELECT n, h1, h2, count(*) AS cases, quantile_cont(days, 0.5) AS median_days, min(case_id) AS rep
		FROM cv GROUP BY n, h1, h2),
	vt AS (SELECT rep, cases, median_days FROM vg ORDER BY cases DESC, median_days ASC NULLS LAST, rep LIMIT ${b.bind(top)}),
	vp AS (SELECT vt.rep, vt.cases, vt.median_days, list(pw.a ORDER BY pw.pos) AS path
		FROM vt JOIN pw ON pw.case_id = vt.rep GROUP BY vt.rep, vt.cases, vt.median_days)`;
}

export const VARIANTS_SELECT = `SELECT 'v' AS kind, rep AS k1, NULL AS k2, path, cases AS n1, NULL AS n2, NULL AS n3, NULL AS n4,
		median_days AS x1, NULL AS x2, NULL AS x3, NULL AS x4, NULL AS x5 FROM vp
	UNION ALL
	SELECT 's' AS kind, NULL, NULL, NULL, (SELECT count(*) FROM cv), (SELECT count(*) FROM pw), (SELECT count(*) FROM vg),
		(SELECT count(*) FROM sc) - (SELECT count(*) FROM cv), NULL, NULL, NULL, NULL, NULL`;

export interface VariantsPart {
	cases: number;
	events: number;
	count: number;
	without: number;
	top: ProcessVariant[];
}

export function toVariants(rows: Row[]): VariantsPart {
	const s = rows.find((r) => r.kind === 's') ?? {};
	const cmpRep = (a: unknown, b: unknown) => (String(a) < String(b) ? -1 : String(a) > String(b) ? 1 : 0);
	const top = rows
		.filter((r) => r.kind === 'v')
		.sort((x, y) => {
			const mx = x.x1 === null ? Infinity : Number(x.x1);
			const my = y.x1 === null ? Infinity : Number(y.x1);
			return Number(y.n1) - Number(x.n1) || mx - my || cmpRep(x.k1, y.k1);
		})
		.map((r) => ({
			path: (r.path as unknown[]).map(String),
			cases: Number(r.n1),
			median_days: r.x1 === null ? null : Number(r.x1)
		}));
	return { cases: Number(s.n1 ?? 0), events: Number(s.n2 ?? 0), count: Number(s.n3 ?? 0), without: Number(s.n4 ?? 0), top };
}
