/**
 * A department's standing in an assessment — who it is, its score, grade and rank within its peer group — the
 * part of a `DepartmentResult` that rankings (dashboard/ranking.ts), the report's lagging units and the draft
 * scheme preview show. Client-safe.
 */
import type { DepartmentResult } from './types';

export type DeptStanding = Pick<
	DepartmentResult,
	'dept_code' | 'name' | 'peer_group' | 'score' | 'grade' | 'rank'
>;

/** Only the standing of a department's result (no KPIs, indicator scores or reasons). */
export function standingOf(d: DeptStanding): DeptStanding {
	const { dept_code, name, peer_group, score, grade, rank } = d;
	return { dept_code, name, peer_group, score, grade, rank };
}
