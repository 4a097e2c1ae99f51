import type { PageServerLoad } from './$types';
import { audit } from '$lib/server/auth/audit';
import { canSeeCaseDetail, canSeePersonalFields } from '$lib/server/auth/policy';
import { codeNames } from '$lib/server/analytics/drilldown';
import { QueryError } from '$lib/server/analytics/kpi/query';
import { apiQueryOf, firstPage } from '$lib/server/dashboard/case-page';
import { parseCaseRequest } from '$lib/server/dashboard/cases';
import { frameOf } from '$lib/server/dashboard/page-filters';
import { cachedScreen } from '$lib/server/dashboard/load';

export const load: PageServerLoad = async (event) => {
	// Shared per role / scope / query / data version (dashboard/page-cache.ts); the audit row is written every time.
	const out = await cachedScreen(
		event,
		'cases',
		async ({ db, ctx, scope, user }) => {
			const locked = scope !== null;
			const base = {
				canOpen: canSeeCaseDetail(user),
				personal: canSeePersonalFields(user),
				apiQuery: apiQueryOf(ctx.search)
			};
			if (ctx.invalid || ctx.coverage.cases === 0)
				return { ...base, frame: frameOf(ctx, ctx.invalid, locked), list: null };
			const cq = parseCaseRequest(new URLSearchParams(ctx.search), scope);
			if (cq instanceof QueryError) return { ...base, frame: frameOf(ctx, cq.message, locked), list: null };
			try {
				const [first, names, withNames] = await Promise.all([
					firstPage(db, cq),
					codeNames(db, cq.item ? [cq.item] : [], cq.q.dept ?? []),
					cq.with?.kind === 'handoff' ? codeNames(db, [], [cq.with.from, cq.with.to]) : null
				]);
				return {
					...base,
					frame: frameOf(ctx, null, locked),
					list: {
						first,
						basis: cq.basis,
						status: cq.status,
						flag: cq.q.flag?.[0] ?? null,
						item: cq.item,
						with: cq.with ?? null,
						withNames: withNames?.depts ?? {},
						sort: cq.q.sort,
						order: cq.q.order,
						names
					}
				};
			} catch (e) {
				if (e instanceof QueryError) return { ...base, frame: frameOf(ctx, e.message, locked), list: null };
				throw e;
			}
		},
		{ roles: ['leader', 'supervisor', 'department'] }
	);
	if (out.list) await audit(event, 'case.list', { query: event.url.search, total: out.list.first.total });
	return out;
};
