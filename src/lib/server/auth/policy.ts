/**
 * Authorisation policy: the ONE rule table (route × method/action → roles) and the scope rules of the roles.
 * Pure functions, no SvelteKit imports — the handle hook (handle.ts), the guards every load / action / endpoint
 * calls again (guard.ts), the query layer and the authorization-matrix test all read this file.
 *
 * Roles (issue 5):
 * - leader      领导小组成员: every KPI and ranking, the reports, the cockpit; case lists without personal fields.
 * - supervisor  督查室: what a leader sees plus single cases and supervision notices.
 * - department  部门: only its own department(s); other departments only as anonymous rank positions.
 * - admin       管理员: imports, mapping profiles, calendar, schemes, thresholds, users, tokens, audit log; and the
 *               aggregate views (KPIs, rankings) needed to check an import or preview a scheme — no case detail.
 *
 * Rule keys: `GET /route/id` (page load or endpoint GET; HEAD counts as GET), `POST /route/id` (endpoint POST
 * or a page's default form action), `POST /route/id?/name` (named form action), `PUT|PATCH|DELETE /route/id`.
 * Route ids are SvelteKit's (`/cases/[id]`). A request whose key has no rule is DENIED (fail closed), and the
 * authorization-matrix test fails for every route file whose keys are missing here.
 */
import type { Role } from '../appdb/schema';
import type { AuthUser } from './session';

export type { Role };
export const ROLES: readonly Role[] = ['leader', 'supervisor', 'department', 'admin'];

/** 'public' = no sign-in needed; otherwise the roles allowed. */
export type Access = 'public' | readonly Role[];

export interface Rule {
	allow: Access;
	/** Answer 404 instead of 403 to a signed-in user without access: the route's existence is private. */
	hide?: boolean;
}

const PUBLIC = 'public' as const;
const ALL: readonly Role[] = ROLES;
const ADMIN: readonly Role[] = ['admin'];
/** Aggregate KPIs and rankings (department users get their own rows + anonymous ranks). */
const DASHBOARD: readonly Role[] = ['leader', 'supervisor', 'department', 'admin'];
/** Lists of cases (leaders without personal fields; departments their own). */
const CASE_LIST: readonly Role[] = ['leader', 'supervisor', 'department'];
/** One case with its timeline and personal fields (departments their own; else 404). */
const CASE_DETAIL: readonly Role[] = ['supervisor', 'department'];

/**
 * THE rule table. Every route file under src/routes must have its keys here. Keep it sorted by route id and
 * say why when a rule is not obvious.
 */
export const RULES: Readonly<Record<string, Access | Rule>> = {
	// start page (data overview)
	'GET /': DASHBOARD,

	// sign-in, sign-out, own account
	'GET /login': PUBLIC,
	'POST /login': PUBLIC,
	'POST /logout': ALL,
	'GET /account': ALL,
	'POST /account?/password': ALL,
	'POST /account?/revokeOthers': ALL,
	/** Friendly 401/403/404 page the hook renders for denied page requests. */
	'GET /denied': PUBLIC,

	// 项目业主查询 (issue 14): project owners check their own project's stage progress without an account. The
	// action verifies the project code + the owner's verification value (throttled per IP and per code, every
	// attempt audit-logged; auth/project-lookup.ts) and answers stage-level progress only; both answer 404 when
	// PROJECT_LOOKUP=off. Public on purpose: the owner holds no account (docs/project-lookup.md).
	'GET /project-status': PUBLIC,
	'POST /project-status': PUBLIC,

	/**
	 * The big screen behind a display link (issue 15): no sign-in — the load and the version endpoint accept only a
	 * valid display-link cookie (scoped to /display; display/links.ts) and show nothing else; bad keys throttled.
	 */
	'GET /display': PUBLIC,
	'GET /display/version': PUBLIC,

	// administration (issue 5)
	'GET /admin': ADMIN,
	'GET /admin/users': ADMIN,
	'POST /admin/users?/create': ADMIN,
	'POST /admin/users?/update': ADMIN,
	'POST /admin/users?/disable': ADMIN,
	'POST /admin/users?/enable': ADMIN,
	'POST /admin/users?/resetPassword': ADMIN,
	'POST /admin/users?/revokeSessions': ADMIN,
	'POST /admin/users?/createToken': ADMIN,
	'POST /admin/users?/revokeToken': ADMIN,
	'GET /admin/audit': ADMIN,
	'GET /admin/thresholds': ADMIN,
	'POST /admin/thresholds?/save': ADMIN,
	'POST /admin/thresholds?/reset': ADMIN,
	'GET /admin/schemes': ADMIN,
	'POST /admin/schemes?/preview': ADMIN,
	'POST /admin/schemes?/save': ADMIN,
	'POST /admin/schemes?/activate': ADMIN,
	'GET /admin/profiles': ADMIN,
	'GET /admin/activities': ADMIN,
	'POST /admin/activities?/save': ADMIN,
	'POST /admin/profiles?/save': ADMIN,
	'POST /admin/profiles?/delete': ADMIN,
	'POST /admin/profiles?/import': ADMIN,
	/** A stored profile version as a JSON download. */
	'GET /admin/profiles/[name]/export': ADMIN,
	/** Display links for the big screen (issue 15): create (shown once), layout, revoke; a preview per link. */
	'GET /admin/displays': ADMIN,
	'POST /admin/displays?/create': ADMIN,
	'POST /admin/displays?/layout': ADMIN,
	'POST /admin/displays?/revoke': ADMIN,
	'GET /admin/displays/[id]': ADMIN,
	'GET /admin/calendar': ADMIN,
	'POST /admin/calendar?/save': ADMIN,
	// the jurisdiction map (issue 15): upload (validated) and removal, both audit-logged
	'GET /admin/map': ADMIN,
	'POST /admin/map?/upload': ADMIN,
	'POST /admin/map?/remove': ADMIN,
	'GET /admin/imports': ADMIN,
	'POST /admin/imports?/upload': ADMIN,
	/** The mapping step of an upload whose headers do not map (its files are bound to the uploading admin). */
	'POST /admin/imports?/retable': ADMIN,
	'POST /admin/imports?/preview': ADMIN,
	'POST /admin/imports?/commit': ADMIN,
	'POST /admin/imports?/discard': ADMIN,
	'GET /admin/imports/[id]': ADMIN,
	/** What the loaded data can and cannot answer (counts and notes, no case detail): also the supervision office's. */
	'GET /admin/data': ['admin', 'supervisor'],

	// JSON API (cookies or `Authorization: Bearer`; issue 3 endpoints). The handlers narrow every query to
	// deptScope: department users get their own departments (another department's code → 404). Flag rows
	// carry no personal fields, so they are a case list like /cases (leaders included, admins not).
	'GET /api/kpi': DASHBOARD,
	'GET /api/trend': DASHBOARD,
	'GET /api/flags': CASE_LIST,
	/** Process view (issue 17): aggregates per activity / transition / department pair, no actor names. */
	'GET /api/process': DASHBOARD,
	/** Projects (issue 14): per-project figures; department users the projects they have cases in. */
	'GET /api/projects': DASHBOARD,
	'GET /api/imports': ADMIN,
	'POST /api/imports': ADMIN,
	'GET /api/imports/[id]': ADMIN,
	'GET /api/imports/[id]/events': ADMIN,
	'GET /api/imports/[id]/rejects': ADMIN,

	// dashboards (issue 4): aggregates for every role; department users are narrowed to their own
	// departments in the load (deptScope) and see other units only as anonymous rank positions
	'GET /overview': DASHBOARD,
	'GET /delegation': DASHBOARD,
	'GET /timeliness': DASHBOARD,
	'GET /satisfaction': DASHBOARD,
	'GET /assessment': DASHBOARD,
	/** A scorecard: department users only their own (requireDept → 404 for others). */
	'GET /departments/[code]': DASHBOARD,
	// drill-down to cases (issue 4): lists for leaders (no personal fields), supervisors, departments (own)
	'GET /items/[code]': CASE_LIST,
	'GET /cases': CASE_LIST,
	/** Case lists as Arrow IPC / CSV / XLSX (format=arrow|csv|xlsx). */
	'GET /api/cases': CASE_LIST,

	// case-level views (issue 4) — rules ready for the dashboard routes; existence private
	'GET /cases/[id]': { allow: CASE_DETAIL, hide: true },
	'GET /api/cases/[id]': { allow: CASE_DETAIL, hide: true },

	// reports, supervision notices, cockpit (issue 6). Reports: department users get only their own
	// scorecard (the endpoint forces scope=dept:<own>, 403 otherwise); every export is audit-logged.
	'GET /reports': DASHBOARD,
	'GET /api/reports/assessment': DASHBOARD,
	/** Notices: supervisors raise and close them; department users see and answer their own (404 for others). */
	'GET /notices': ['supervisor', 'department'],
	'GET /notices/new': ['supervisor'],
	'POST /notices/new': ['supervisor'],
	'GET /notices/[id]': { allow: ['supervisor', 'department'], hide: true },
	'POST /notices/[id]?/respond': { allow: ['department'], hide: true },
	'POST /notices/[id]?/accept': { allow: ['supervisor'], hide: true },
	'POST /notices/[id]?/return': { allow: ['supervisor'], hide: true },
	'GET /notices/[id]/attachments/[file]': { allow: ['supervisor', 'department'], hide: true },
	/** The meeting-room screen: aggregates and notice counts only. */
	'GET /cockpit': ['leader', 'supervisor', 'admin'],

	// reform task ledger (issue 13): everyone reads (department users only the tasks their units lead or
	// support — the service narrows, a task outside the scope is 404); only the office and admins import plans
	// and review reports; only departments report progress.
	'GET /tasks': DASHBOARD,
	'GET /tasks/export.xlsx': DASHBOARD,
	'GET /tasks/import': ['supervisor', 'admin'],
	'POST /tasks/import?/parse': ['supervisor', 'admin'],
	'POST /tasks/import?/save': ['supervisor', 'admin'],
	'GET /tasks/[id]': { allow: DASHBOARD, hide: true },
	'POST /tasks/[id]?/report': { allow: ['department'], hide: true },
	'POST /tasks/[id]?/accept': { allow: ['supervisor', 'admin'], hide: true },
	'POST /tasks/[id]?/return': { allow: ['supervisor', 'admin'], hide: true },
	'GET /tasks/[id]/attachments/[file]': { allow: DASHBOARD, hide: true },

	// construction project approval (issue 14): the board and one project for every dashboard role; department
	// users see the projects they have a case in (another project → 404: existence private). Case ids on them
	// only where the role may list that case, links only where it may open it (dashboard/projects.ts).
	'GET /projects': DASHBOARD,
	'GET /projects/[code]': { allow: DASHBOARD, hide: true }
};

export function ruleFor(key: string): Rule | null {
	const r = RULES[key];
	if (r === undefined) return null;
	return typeof r === 'string' || Array.isArray(r) ? { allow: r as Access } : (r as Rule);
}

/** SvelteKit's own choice of form action: the first query key starting with '/', else 'default'. */
export function actionName(url: URL): string | null {
	for (const [k] of url.searchParams) if (k.startsWith('/')) return k.slice(1);
	return null;
}

/** The rule key of a request (see the header). */
export function ruleKey(method: string, routeId: string, url?: URL): string {
	const m = method.toUpperCase() === 'HEAD' ? 'GET' : method.toUpperCase();
	if (m === 'POST' && url) {
		const name = actionName(url);
		if (name !== null && name !== 'default') return `POST ${routeId}?/${name}`;
	}
	return `${m} ${routeId}`;
}

export function isApiRoute(routeId: string | null | undefined): boolean {
	return !!routeId && (routeId === '/api' || routeId.startsWith('/api/'));
}

export type Decision =
	| { allow: true; public: boolean }
	| { allow: false; status: 401 | 403 | 404; reason: 'unauthenticated' | 'forbidden' | 'no-rule' };

/** Decide one request. `user` null = not signed in. Unknown keys are denied (fail closed). */
export function decide(user: Pick<AuthUser, 'role'> | null, key: string): Decision {
	const rule = ruleFor(key);
	if (!rule) return user ? { allow: false, status: 403, reason: 'no-rule' } : { allow: false, status: 401, reason: 'no-rule' };
	if (rule.allow === 'public') return { allow: true, public: true };
	if (!user) return { allow: false, status: 401, reason: 'unauthenticated' };
	if (rule.allow.includes(user.role)) return { allow: true, public: false };
	return { allow: false, status: rule.hide ? 404 : 403, reason: 'forbidden' };
}

// ---------------------------------------------------------------------------------------------------------
// Scope: what a user may see inside the routes it may open (the query layer binds these as parameters).

/**
 * The department codes whose KPIs and cases the user may see in detail: null = all departments,
 * otherwise exactly these codes (a department user; an empty list means nothing).
 */
export function deptScope(user: Pick<AuthUser, 'role' | 'depts'>): string[] | null {
	return user.role === 'department' ? [...user.depts] : null;
}

export function canSeeDept(user: Pick<AuthUser, 'role' | 'depts'>, deptCode: string | null | undefined): boolean {
	const scope = deptScope(user);
	return scope === null || (!!deptCode && scope.includes(deptCode));
}

/** Lists of cases (leaders: without personal fields). */
export function canListCases(user: Pick<AuthUser, 'role'>): boolean {
	return CASE_LIST.includes(user.role);
}

/** A single case with its timeline. Department users only for their own departments (check canSeeDept too). */
export function canSeeCaseDetail(user: Pick<AuthUser, 'role'>): boolean {
	return CASE_DETAIL.includes(user.role);
}

/** Columns that identify an applicant or a staff member; masked for leaders (and anyone not supervisor/department). */
export const PERSONAL_FIELDS = ['applicant_hash', 'actor', 'reason', 'reject_reason'] as const;

export function canSeePersonalFields(user: Pick<AuthUser, 'role'>): boolean {
	return user.role === 'supervisor' || user.role === 'department';
}

/** Drop the personal fields from case / event / rating rows when the user may not see them. */
export function maskPersonal<T extends Record<string, unknown>>(user: Pick<AuthUser, 'role'>, rows: T[]): T[] {
	if (canSeePersonalFields(user)) return rows;
	return rows.map((r) => {
		const out: Record<string, unknown> = { ...r };
		for (const f of PERSONAL_FIELDS) if (f in out) out[f] = null;
		return out as T;
	});
}

export interface AnonymousRank {
	anonymous: true;
	rank: number | null;
	[k: string]: unknown;
}

/**
 * A ranking as a department user may see it: its own departments' rows as they are, every other department
 * reduced to its rank position (plus the fields named in `keep`, e.g. 'peer_group'), in the same order.
 * Other roles get the rows unchanged. Rows without a numeric `rank` keep their 1-based position.
 */
export function anonymiseRanking<T extends { dept_code: string; rank?: number | null }>(
	user: Pick<AuthUser, 'role' | 'depts'>,
	rows: readonly T[],
	opts: { keep?: readonly (keyof T & string)[] } = {}
): (T | AnonymousRank)[] {
	const scope = deptScope(user);
	if (scope === null) return [...rows];
	return rows.map((r, i) => {
		if (scope.includes(r.dept_code)) return r;
		const out: AnonymousRank = { anonymous: true, rank: typeof r.rank === 'number' ? r.rank : r.rank === null ? null : i + 1 };
		for (const k of opts.keep ?? []) if (k !== 'dept_code' && k !== 'name') out[k] = r[k];
		return out;
	});
}
