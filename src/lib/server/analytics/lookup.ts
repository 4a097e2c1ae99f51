/**
 * Look-ups by code for layers that keep codes of the analytics data elsewhere (the app database's supervision
 * notices): the names people read, and which of the codes a user gave exist. Not KPIs; read-only; codes are
 * only ever bound as parameters.
 */
import type { Analytics } from './db';

const placeholders = (n: number, first = 1) =>
	Array.from({ length: n }, (_, i) => `$${i + first}`).join(', ');

/** dept_code → name of the departments among `codes` that exist. */
export async function departmentNames(db: Analytics, codes: readonly string[]): Promise<Map<string, string>> {
	const unique = [...new Set(codes)];
	if (!unique.length) return new Map();
	const rows = await db.query(
		`SELECT dept_code, name FROM departments WHERE dept_code IN (${placeholders(unique.length)})`,
		unique
	);
	return new Map(rows.map((r) => [r.dept_code as string, r.name as string]));
}

/** The ids among `caseIds` of cases that department `deptCode` handled. */
export async function casesHandledBy(
	db: Analytics,
	deptCode: string,
	caseIds: readonly string[]
): Promise<Set<string>> {
	if (!caseIds.length) return new Set();
	const rows = await db.query(
		`SELECT case_id FROM cases WHERE dept_code = $1 AND case_id IN (${placeholders(caseIds.length, 2)})`,
		[deptCode, ...caseIds]
	);
	return new Set(rows.map((r) => r.case_id as string));
}
