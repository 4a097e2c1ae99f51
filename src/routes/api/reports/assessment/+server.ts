/**
 * GET /api/reports/assessment?from=&to=[&baseline_from=&baseline_to=][&scope=…]&format=xlsx|docx|pdf|csv[&table=…]
 * The period's assessment report (考核通报) as a file; docs/reports.md. Department users get only their own
 * department's scorecard; every export is audit-logged.
 */
import type { RequestHandler } from './$types';
import { getAnalytics } from '$lib/server/analytics/instance';
import { audit } from '$lib/server/auth/audit';
import { requireUser } from '$lib/server/auth/guard';
import { deptScope } from '$lib/server/auth/policy';
import { noticeCountsFn } from '$lib/server/notices/counts';
import { reportResponse } from '$lib/server/reports/download';
import { taskSectionFn } from '$lib/server/tasks/report-section';

export const GET: RequestHandler = async (event) => {
	const user = requireUser(event);
	return reportResponse(await getAnalytics(), event.url.searchParams, {
		deptScope: deptScope(user),
		noticeCounts: noticeCountsFn(),
		taskSection: taskSectionFn(),
		audit: (details) => audit(event, 'export', details)
	});
};
