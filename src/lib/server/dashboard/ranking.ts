/**
 * Rankings as a user may see them: department users get their own rows and every other department as an
 * anonymous rank position (policy.anonymiseRanking); everyone else the full rows. Only the fields a
 * ranking shows leave the server.
 */
import type { DepartmentResult, KpiReport } from '../../kpi/types';
import type { GradeId } from '../../kpi/catalog';
import type { RankRow } from '../../dashboard/rows';
import { standingOf } from '../../kpi/standing';
import { anonymiseRanking } from '../auth/policy';
import type { AuthUser } from '../auth/session';

export function rankRows(user: Pick<AuthUser, 'role' | 'depts'>, report: KpiReport): RankRow[] {
	const rows = anonymiseRanking(user, report.departments, {
		keep: ['peer_group', 'score', 'grade'] as (keyof DepartmentResult & string)[]
	});
	return rows.map((r) => {
		if ('anonymous' in r && r.anonymous === true) {
			return {
				dept_code: null,
				name: null,
				peer_group: (r.peer_group as string | null) ?? null,
				score: (r.score as number | null) ?? null,
				grade: (r.grade as GradeId | null) ?? null,
				rank: r.rank,
				lagging: false,
				lagging_reasons: [],
				anonymous: true,
				own: false
			};
		}
		const d = r as DepartmentResult;
		return {
			...standingOf(d),
			lagging: d.lagging,
			lagging_reasons: d.lagging_reasons,
			anonymous: false,
			own: user.role === 'department'
		};
	});
}
