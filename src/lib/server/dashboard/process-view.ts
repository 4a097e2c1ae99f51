/**
 * The process view's data for the item page and the department scorecard (issue 17): the engine's result
 * (analytics/process) for the page's filters plus the item or department, within the user's department scope
 * (narrowProcessToScope: a department user sees only its own cases' steps), and the activity display names.
 *
 * Period: the page's period when the URL names one; when it does not (the dashboards' default month), the 12
 * months ending with that month — one month of one item rarely has enough cases to show a flow. The period used
 * is returned, and the links to the cases behind a transition carry it, so the list counts the same cases.
 */
import type { ProcessView } from '../../process/types';
import type { Analytics } from '../analytics/db';
import { QueryError } from '../analytics/kpi/query';
import { computeProcess, narrowProcessToScope, parseProcessQuery } from '../analytics/process/index';
import { trailingMonths } from '../../period';
import type { DashboardContext } from './page-filters';
import { activityNames } from '../settings/activities';
import { codeNames } from '../analytics/drilldown';

/** Dashboard parameters the process engine takes (list-only ones such as sort or basis are dropped). */
const KEEP = ['region', 'peer_group', 'power_type', 'channel'];

export async function processView(
	db: Analytics,
	ctx: DashboardContext,
	scope: string[] | null,
	target: { item?: string; dept?: string }
): Promise<ProcessView | null> {
	if (!ctx.query) return null;
	const src = new URLSearchParams(ctx.search);
	const range = ctx.defaulted ? trailingMonths(ctx.query.to, 12) : { from: ctx.query.from, to: ctx.query.to };
	const p = new URLSearchParams({ from: range.from, to: range.to });
	for (const k of KEEP) for (const v of src.getAll(k)) p.append(k, v);
	if (target.item) p.set('item', target.item);
	if (target.dept) p.set('dept', target.dept);
	else for (const v of src.getAll('dept')) p.append('dept', v);
	const parsed = parseProcessQuery(p);
	if (parsed instanceof QueryError) return null;
	const q = narrowProcessToScope(parsed, scope);
	if (!q) return null;
	try {
		const [result, names] = await Promise.all([computeProcess(db, q), activityNames()]);
		const depts = [...new Set(result.handoffs.flatMap((h) => [h.from_dept, h.to_dept]))].filter(
			(d): d is string => d !== null
		);
		const deptNames = depts.length ? (await codeNames(db, [], depts)).depts : {};
		return { result, names, deptNames, from: range.from, to: range.to, trailing: ctx.defaulted };
	} catch (e) {
		if (e instanceof QueryError) return null;
		throw e;
	}
}
