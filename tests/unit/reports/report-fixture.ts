/**
 * The reports' fixture: the KPI specs' small jurisdiction (March 2024, groups X and Y) plus a department whose
 * name is a formula (injection probe) and a month of February data, so 环比 has something to compare.
 */
import { REPORT_FIXTURE } from '../kpi/report-fixture';
import { depts, fixtureDb, opts, type Fixture } from '../kpi/fixture';
import { periodQuery } from '../../../src/lib/server/analytics/kpi/query';
import { buildReport, type BuildOptions } from '../../../src/lib/server/reports/model';
import type { ReportScope } from '../../../src/lib/reports/types';

const feb = (case_id: string, item_code: string, dept_code: string, day: string, done: string) => ({
	case_id,
	item_code,
	dept_code,
	submitted_at: `2024-02-${day} 09:00`,
	accepted_at: `2024-02-${day} 09:00`,
	completed_at: `2024-02-${done} 09:00`,
	decided_at: `2024-02-${done} 09:00`,
	status: 'completed',
	channel: 'window',
	visits: 2
});

export const FORMULA_NAME = '=HYPERLINK("http://x","点我")';

export const REPORTS_FIXTURE: Fixture = {
	...REPORT_FIXTURE,
	departments: [...REPORT_FIXTURE.departments!, ...depts(['E5', 'Y', 'C0']).map((d) => ({ ...d, name: FORMULA_NAME }))],
	items: [...REPORT_FIXTURE.items!, { item_code: 'EI5', name: '事项五', dept_code: 'E5', statutory_days: 5, promised_days: 5 }],
	cases: [
		...REPORT_FIXTURE.cases!,
		feb('F1', 'EI1', 'E1', '05', '20'),
		feb('F2', 'EI2', 'E2', '05', '06'),
		{ ...feb('X5', 'EI5', 'E5', '05', '06'), submitted_at: '2024-03-05 09:00', accepted_at: '2024-03-05 09:00', completed_at: '2024-03-20 09:00', decided_at: '2024-03-20 09:00' }
	]
};

export async function reportsDb() {
	return fixtureDb(REPORTS_FIXTURE);
}

export function build(db: Awaited<ReturnType<typeof reportsDb>>, scope: ReportScope = { kind: 'jurisdiction' }, extra: Partial<BuildOptions> & { query?: Record<string, string> } = {}) {
	const q = periodQuery('2024-03-01', '2024-03-31', { ...scopeParamsOf(scope), ...(extra.query ?? {}) });
	return { q, report: buildReport(db, q, { ...opts(), scope, date: '2024-04-08', ...extra }) };
}

function scopeParamsOf(scope: ReportScope): Record<string, string> {
	if (scope.kind === 'region') return { region: scope.code };
	if (scope.kind === 'peer_group') return { peer_group: scope.group };
	if (scope.kind === 'dept') return { dept: scope.code };
	return {};
}
