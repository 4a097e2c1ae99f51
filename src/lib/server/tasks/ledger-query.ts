/**
 * What the ledger's routes share: the URL's filter (one parser, so the page and the Excel export read the same
 * parameters the same way) and the department names of the analytics database.
 */
import type { Analytics } from '../analytics/db';
import { dimensionOptions } from '../analytics/dimensions';
import { TASK_STATES, type TaskState } from '../../tasks/types';
import type { TaskFilter } from './ledger';

export const VIEWS = ['group', 'lead', 'status'] as const;
export type LedgerView = (typeof VIEWS)[number];

export interface LedgerQuery extends TaskFilter {
	view: LedgerView;
}

/** ?view=group|lead|status&plan=N&group=一&lead=CODE|name&state=overdue&q=text — unknown values are ignored. */
export function parseLedgerQuery(p: URLSearchParams): LedgerQuery {
	const view = (VIEWS as readonly string[]).includes(p.get('view') ?? '') ? (p.get('view') as LedgerView) : 'group';
	const plan = Number(p.get('plan'));
	const state = p.get('state');
	const s = (k: string, max = 100) => p.get(k)?.trim().slice(0, max) || null;
	return {
		view,
		plan: Number.isInteger(plan) && plan > 0 && plan < 2_147_483_647 ? plan : null,
		group: s('group', 20),
		lead: s('lead'),
		state: (TASK_STATES as readonly string[]).includes(state ?? '') ? (state as TaskState) : null,
		q: s('q')
	};
}

/** dept_code → name; an unavailable analytics database just means unmatched names are shown as written. */
export async function departmentNames(analytics: Analytics | null): Promise<Map<string, string>> {
	if (!analytics) return new Map();
	const dims = await dimensionOptions(analytics);
	return new Map(dims.departments.map((d) => [d.code, d.name]));
}
