/**
 * The process engine (issue 17): for the cases in scope (query.ts), counts per activity, the directly-follows
 * relation with working-day and hour statistics, variants, rework and hand-offs — set-based SQL over `events`
 * (no per-event JS), memoised per data version (db.memo: the result cache is emptied by every write).
 * Definitions: docs/process.md.
 */
import type { ProcessResult } from '../../../process/types';
import type { Analytics } from '../db';
import { Binder } from '../kpi/sql-frame';
import { ACTIVITIES_CTES, ACTIVITIES_SELECT, toActivities, toRework } from './activities';
import { filterOf, scopedEventsSql, type ProcessQuery } from './query';
import { toHandoffs, toTransitions, TRANSITIONS_SELECT } from './transitions';
import { foldPairRows } from './pair-stats';
import { stepsFresh } from './steps';
import { stepsSql } from './steps-query';
import { toVariants, TOP_VARIANTS, variantsCtes, VARIANTS_SELECT } from './variants';

export { parseProcessQuery, processQuery, narrowProcessToScope, type ProcessQuery } from './query';
export { rebuildProcessStepsNow, refreshProcessSteps, refreshProcessStepsNow } from './steps';

export interface ProcessOptions {
	/** variants returned in `variants.top` (default 20) */
	topVariants?: number;
	/** 'auto' (default): the derived tables (steps.ts) when current, else from events; 'events': always from events */
	source?: 'auto' | 'events';
}

/**
 * The whole view in ONE statement: the in-scope events are read and ordered once (`pw`, materialised: each
 * event with its successor in the case, its position, and the working days / hours to the successor), and every
 * part aggregates `pw`. Four separate statements each re-reading `events` cost ~4× as much (bench/process.ts).
 */
export function processSql(b: Binder, q: ProcessQuery, top = TOP_VARIANTS): string {
	return `${scopedEventsSql(b, q)},
	pw AS MATERIALIZED (
		SELECT case_id, activity AS a, lead(activity) OVER w AS b, row_number() OVER w AS pos, wdi,
			lead(wdi) OVER w - wdi AS wd,
			(epoch_us(lead(ts) OVER w) - epoch_us(ts)) / 3600000000.0 AS h,
			dept_code AS da, lead(dept_code) OVER w AS db, actor AS xa, lead(actor) OVER w AS xb
		FROM ev WINDOW w AS (PARTITION BY case_id ORDER BY ts, seq)),
	${ACTIVITIES_CTES},
	${variantsCtes(b, top)}
	${ACTIVITIES_SELECT}
	UNION ALL
	${TRANSITIONS_SELECT}
	UNION ALL
	${VARIANTS_SELECT}`;
}

export function computeProcess(
	db: Analytics,
	q: ProcessQuery,
	opts: ProcessOptions = {}
): Promise<ProcessResult> {
	const top = opts.topVariants ?? TOP_VARIANTS;
	const source = opts.source ?? 'auto';
	const key = `process:v2:${JSON.stringify([filterOf(q), top, source])}`;
	return db.memo(key, () => compute(db, q, top, source));
}

async function compute(
	db: Analytics,
	q: ProcessQuery,
	top: number,
	source: 'auto' | 'events'
): Promise<ProcessResult> {
	const b = new Binder();
	const derived = source === 'auto' && (await stepsFresh(db));
	let rows = await db.query(derived ? stepsSql(b, q, top) : processSql(b, q, top), b.params);
	if (derived)
		rows = [...rows, ...foldPairRows(rows, 't', 'tw', 'tq'), ...foldPairRows(rows, 'h', 'hw', 'hq')];
	const v = toVariants(rows);
	return {
		cases: v.cases,
		events: v.events,
		activities: toActivities(rows),
		transitions: toTransitions(rows),
		variants: { count: v.count, top: v.top },
		rework: toRework(rows),
		handoffs: toHandoffs(rows),
		cases_without_events: v.without,
		filter: filterOf(q)
	};
}
