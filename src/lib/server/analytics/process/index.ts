/**
 * The process engine (issue 17): for the cases in scope (query.ts), counts per activity, the directly-follows
 * relation with working-day and hour statistics, variants, rework and hand-offs — set-based SQL over `events`
 * (no per-event JS), memoised per data version (db.memo: the result cache is emptied by every write).
 * Definitions: docs/process.md.
 */
import type { ProcessResult } from '../../../process/types';
import type { Analytics } from '../db';
import { Binder } from '../kpi/context';
import { activitiesSql, toActivities, toRework } from './activities';
import { filterOf, scopedEventsSql, type ProcessQuery } from './query';
import { toHandoffs, toTransitions, transitionsSql } from './transitions';
import { toVariants, variantsSql, TOP_VARIANTS } from './variants';

export { parseProcessQuery, processQuery, narrowProcessToScope, type ProcessQuery } from './query';

export interface ProcessOptions {
	/** variants returned in `variants.top` (default 20) */
	topVariants?: number;
}

async function run(db: Analytics, build: (b: Binder) => string) {
	const b = new Binder();
	const sql = build(b);
	return db.query(sql, b.params);
}

export function computeProcess(db: Analytics, q: ProcessQuery, opts: ProcessOptions = {}): Promise<ProcessResult> {
	const top = opts.topVariants ?? TOP_VARIANTS;
	const key = `process:v1:${JSON.stringify([filterOf(q), top])}`;
	return db.memo(key, () => compute(db, q, top));
}

async function compute(db: Analytics, q: ProcessQuery, top: number): Promise<ProcessResult> {
	const [act, tr, va, empty] = await Promise.all([
		run(db, (b) => activitiesSql(b, q)),
		run(db, (b) => transitionsSql(b, q)),
		run(db, (b) => variantsSql(b, q, top)),
		run(
			db,
			(b) => `${scopedEventsSql(b, q)}
			SELECT count(*) AS n FROM sc WHERE NOT EXISTS (SELECT 1 FROM events e WHERE e.case_id = sc.case_id)`
		)
	]);
	const v = toVariants(va);
	return {
		cases: v.cases,
		events: v.events,
		activities: toActivities(act),
		transitions: toTransitions(tr),
		variants: { count: v.count, top: v.top },
		rework: toRework(act),
		handoffs: toHandoffs(tr),
		cases_without_events: Number(empty[0]?.n ?? 0),
		filter: filterOf(q)
	};
}
