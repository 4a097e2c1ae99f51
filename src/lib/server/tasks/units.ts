/**
 * Unit names as a plan writes them (`市编委办`, `市发改委`) → departments (`盘锦市机构编制委员会办公室`). Pure.
 *
 * Rule (docs/tasks.md): exact name first (spaces and bracket widths ignored); else an abbreviation: the unit's
 * administrative level (the 市 / 县 / 区 it starts with, or ends its place name with) must be the department's
 * level, a place name the unit gives must be the department's, and the unit's remaining characters must appear
 * in order in the department's name after its place name. Exactly one such department → matched; several → not
 * matched, with the candidates (those with the same words, e.g. `市政务服务中心` ↔ `XX市政务服务中心`, win
 * outright). Collective names (`各县区政府`, `市直有关部门`) are never matched: they name no one department.
 */

export interface Department {
	dept_code: string;
	name: string;
}

export interface UnitMatch {
	name: string;
	dept_code: string | null;
	how: 'exact' | 'abbreviation' | null;
	/** dept_codes of the departments the name could be (several when ambiguous; empty when none). */
	candidates: string[];
}

const norm = (s: string) =>
	s
		.replace(/[\s\u3000]+/g, '')
		.replace(/（/g, '(')
		.replace(/）/g, ')');

const LEVEL = '省市州盟县区旗';
/** Place names: a run of 1–7 characters ending in an administrative level (盘锦市, 盘锦市盘山县). */
const PLACE_RE = new RegExp(`^((?:[^${LEVEL}]{1,7}[${LEVEL}])+)`);

interface Parsed {
	place: string;
	level: string | null;
	body: string;
}

function parseName(raw: string): Parsed {
	const s = norm(raw);
	// `市编委办`: the level alone stands for "this plan's city".
	if (LEVEL.includes(s[0])) return { place: '', level: s[0], body: s.slice(1) };
	const m = PLACE_RE.exec(s);
	if (m && m[1].length < s.length) return { place: m[1], level: m[1].at(-1)!, body: s.slice(m[1].length) };
	return { place: '', level: null, body: s };
}

function isSubsequence(needle: string, hay: string): boolean {
	let i = 0;
	for (const ch of hay) if (ch === needle[i]) i++;
	return i === needle.length;
}

/** A name for several units, not one: 各县区政府, 市直有关部门, 市政府各部门, 具有…职能的成员单位. */
export function isCollective(name: string): boolean {
	return /^各|有关|相关|各部门|各单位|^具有|成员单位|等$/.test(norm(name));
}

export function matchUnits(names: string[], departments: Department[]): UnitMatch[] {
	const byName = new Map<string, string[]>();
	for (const d of departments) {
		const k = norm(d.name);
		byName.set(k, [...(byName.get(k) ?? []), d.dept_code]);
	}
	const parsed = departments.map((d) => ({ d, p: parseName(d.name) }));
	return names.map((name) => {
		const exact = byName.get(norm(name));
		if (exact?.length === 1) return { name, dept_code: exact[0], how: 'exact', candidates: [] };
		if (exact && exact.length > 1) return { name, dept_code: null, how: null, candidates: exact };
		if (isCollective(name)) return { name, dept_code: null, how: null, candidates: [] };
		const u = parseName(name);
		if (!u.body) return { name, dept_code: null, how: null, candidates: [] };
		const hits = parsed.filter(
			({ p }) =>
				(u.level === null || p.level === u.level) &&
				(!u.place || p.place === u.place || p.place.endsWith(u.place)) &&
				isSubsequence(u.body, p.body)
		);
		const same = hits.filter(({ p }) => p.body === u.body);
		const pick = same.length === 1 ? same : hits;
		if (pick.length === 1) return { name, dept_code: pick[0].d.dept_code, how: 'abbreviation', candidates: [] };
		return { name, dept_code: null, how: null, candidates: hits.map(({ d }) => d.dept_code) };
	});
}
