/**
 * The analytics side of the public progress lookup (项目业主查询, docs/project-lookup.md): the register row a
 * project code names (its verification hash and name), and the stage-level progress an owner may see.
 *
 * Invariants: the code is a bound parameter; `publicProgress` copies only stage-level figures out of the
 * engine's detail (state, dates, working days per stage; the project's total against the target) — never case
 * ids, department or item names, the owner's name, or counts of cases. The verification itself (constant-time
 * compare, throttling, audit) is auth/project-lookup.ts's.
 */
import { STAGES, type PublicProjectProgress, type PublicStageState } from '../../../projects/types';
import type { Analytics } from '../db';
import { projectDetail, projectTable, type ProjectTargets } from './figures';

export interface RegisterEntry {
	/** the code as stored (the lookup matches it case-insensitively) */
	project_code: string;
	name: string | null;
	/** keyed hash of the owner's verification value (pii.ts hashVerify); null: the project cannot be looked up */
	owner_verify: string | null;
}

/** The register row of a project code (trimmed, compared upper-case), or null when there is none. */
export async function registerEntry(db: Analytics, code: string): Promise<RegisterEntry | null> {
	const rows = await db.query(
		`SELECT project_code, name, owner_verify FROM projects WHERE upper(project_code) = upper($1) ORDER BY project_code LIMIT 1`,
		[code]
	);
	const r = rows[0];
	if (!r) return null;
	return {
		project_code: String(r.project_code),
		name: r.name === null || r.name === undefined ? null : String(r.name),
		owner_verify: r.owner_verify === null || r.owner_verify === undefined ? null : String(r.owner_verify)
	};
}

/**
 * Stage-level progress of a registered project at `asOf` (the engine's table and detail, so the figures equal
 * the board's). A project without a case by then: every stage not started, 0 working days.
 */
export async function publicProgress(
	db: Analytics,
	entry: Pick<RegisterEntry, 'project_code' | 'name'>,
	asOf: string,
	targets: ProjectTargets
): Promise<PublicProjectProgress> {
	const t = await projectTable(db, asOf, targets);
	const d = await projectDetail(db, t, entry.project_code);
	const stages = STAGES.map((stage) => {
		const s = d?.stages.find((x) => x.stage === stage);
		const state: PublicStageState = s ? s.state : 'not_started';
		return {
			stage,
			state,
			start: s?.start ?? null,
			end: s?.end ?? null,
			workdays: s?.approval_workdays ?? 0
		};
	});
	const p = d?.project;
	return {
		project_code: entry.project_code,
		name: entry.name,
		as_of: asOf,
		// "complete" to an owner means the whole process: before 竣工验收 is done it is the owner's next application
		state: !p ? 'not_started' : p.state === 'complete' && stages[3].state !== 'done' ? 'idle' : p.state,
		complete: p?.complete ?? false,
		approval_workdays: p?.approval_workdays ?? 0,
		target_workdays: targets.total,
		on_target: p?.on_target ?? null,
		stages
	};
}
