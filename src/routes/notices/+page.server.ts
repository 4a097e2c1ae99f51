/** /notices — supervision notices: supervisors see all, department users their own; filter by status / overdue. */
import type { PageServerLoad } from './$types';
import { NOTICE_STATUSES, type NoticeStatus } from '$lib/notices/types';
import { getAnalytics } from '$lib/server/analytics/instance';
import { getAppDb } from '$lib/server/appdb';
import { requireUser } from '$lib/server/auth/guard';
import { listNotices } from '$lib/server/notices/service';

export const load: PageServerLoad = async (event) => {
	const user = requireUser(event, ['supervisor', 'department']);
	const s = event.url.searchParams.get('status');
	const status: NoticeStatus | 'active' | null = s === 'active' || (NOTICE_STATUSES as readonly string[]).includes(s ?? '') ? (s as NoticeStatus | 'active') : null;
	const overdue = event.url.searchParams.get('overdue') === '1';
	const [db, analytics] = await Promise.all([getAppDb(), getAnalytics()]);
	const notices = await listNotices(db, analytics, user, { status, overdue });
	return { notices, filter: { status, overdue }, canCreate: user.role === 'supervisor' };
};
