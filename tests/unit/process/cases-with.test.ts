/**
 * The case-list filter "cases with a → b" / "cases with a hand-off x → y" on the engine's hand-computed log
 * (fixture.ts): the same pairs as the engine forms them, so each transition's and hand-off's `cases` is the
 * number of cases the filter lists.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Analytics } from '../../../src/lib/server/analytics/db';
import { Binder } from '../../../src/lib/server/analytics/kpi/sql-frame';
import { QueryError } from '../../../src/lib/server/analytics/kpi/query';
import { computeProcess, processQuery } from '../../../src/lib/server/analytics/process/index';
import { casesWithSql, parseCasesWith, type CasesWith } from '../../../src/lib/server/analytics/process/cases-with';
import { processDb } from './fixture';

let db: Analytics;
beforeAll(async () => {
	db = await processDb();
});
afterAll(async () => {
	await db.close();
});

async function ids(w: CasesWith): Promise<string[]> {
	const b = new Binder();
	const rows = await db.query(`SELECT case_id FROM cases c WHERE ${casesWithSql(b, w)} ORDER BY case_id`, b.params);
	return rows.map((r) => String(r.case_id));
}

describe('casesWithSql', () => {
	it('transitions follow (ts, seq): equal timestamps keep the source order', async () => {
		expect(await ids({ kind: 'transition', from: '收件', to: '受理' })).toEqual(['A', 'D']);
		expect(await ids({ kind: 'transition', from: '受理', to: '收件' })).toEqual([]);
	});
	it('a loop: 审查 → 补正 and 补正 → 审查 are both in case B', async () => {
		expect(await ids({ kind: 'transition', from: '审查', to: '补正' })).toEqual(['B']);
		expect(await ids({ kind: 'transition', from: '补正', to: '审查' })).toEqual(['B']);
	});
	it('hand-offs: between departments, and between handlers of one department', async () => {
		expect(await ids({ kind: 'handoff', from: 'D01', to: 'D02' })).toEqual(['A', 'D']);
		// A: u1 → u2 (受理 → 审查), D: u1 → u4; B keeps u3 throughout
		expect(await ids({ kind: 'handoff', from: 'D01', to: 'D01' })).toEqual(['A', 'D']);
	});
	it("lists exactly each engine row's cases", async () => {
		const r = await computeProcess(db, processQuery());
		for (const t of r.transitions)
			expect(await ids({ kind: 'transition', from: t.from, to: t.to }), `${t.from} → ${t.to}`).toHaveLength(t.cases);
		for (const h of r.handoffs)
			if (h.from_dept && h.to_dept)
				expect(await ids({ kind: 'handoff', from: h.from_dept, to: h.to_dept })).toHaveLength(h.cases);
	});
});

describe('parseCasesWith', () => {
	const p = (q: string) => parseCasesWith(new URLSearchParams(q));
	it('reads a transition or a hand-off; none is null', () => {
		expect(p('')).toBeNull();
		expect(p('step_from=审查&step_to=补正')).toEqual({ kind: 'transition', from: '审查', to: '补正' });
		expect(p('handoff_from=D01&handoff_to=D02')).toEqual({ kind: 'handoff', from: 'D01', to: 'D02' });
	});
	it('refuses half a pair and control characters', () => {
		expect(p('step_from=审查')).toBeInstanceOf(QueryError);
		expect(p('handoff_to=D02')).toBeInstanceOf(QueryError);
		expect(p('step_from=a%00&step_to=b')).toBeInstanceOf(QueryError);
	});
});
