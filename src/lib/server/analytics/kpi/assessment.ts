/**
 * Assessment (考核), exactly as DOMAIN.md: indicator score = linear(lo, hi) clamped to 0–100; department score =
 * Σ weight × score ÷ Σ weight over the indicators whose KPI is not null (weights re-normalised), minus
 * deductions (capped), clamped to [0, 100], rounded half away from zero to 2 decimals. Grades from the rounded
 * score; competition ranks within peer_group (1, 2, 2, 4); lagging units with reasons.
 *
 * Pure: no database. Arithmetic is exact (exact.ts) so that rounding, ⌈share·n⌉ and grade bars never suffer
 * binary-float error. Departments with every indicator null have no score, grade or rank and are not lagging.
 */
import type { FlagId, GradeId, KpiId } from '../../../kpi/catalog';
import type { Assessment, LaggingReason } from '../../../kpi/types';
import {
	add,
	ceil,
	clamp,
	cmp,
	div,
	fromNumber,
	HUNDRED,
	max,
	min,
	mul,
	rat,
	roundHalfAway,
	sub,
	toNumber,
	ZERO,
	type Rational
} from './exact';
import type { Scheme } from './scheme';

export interface AssessmentInput {
	dept_code: string;
	peer_group: string | null;
	kpis: Partial<Record<KpiId, Rational | null>>;
	/** Cases submitted in the period carrying each flag (for the scheme's per-flag deductions). */
	flagCounts: Partial<Record<FlagId, number>>;
	/** Bad reviews of the period whose deadline is on or before the period end and not rectified in time. */
	unrectifiedBadReviews: number;
}

/** linear(lo, hi): 0 at ≤ lo, 100 at ≥ hi, straight between (mirrored when lo > hi). */
export function linearScore(v: Rational, lo: number, hi: number): Rational {
	const L = fromNumber(lo);
	const H = fromNumber(hi);
	return clamp(div(mul(HUNDRED, sub(v, L)), sub(H, L)), ZERO, HUNDRED);
}

export function gradeOf(rounded: Rational, scheme: Scheme): GradeId {
	if (cmp(rounded, fromNumber(scheme.grades.excellent)) >= 0) return 'excellent';
	if (cmp(rounded, fromNumber(scheme.grades.good)) >= 0) return 'good';
	if (cmp(rounded, fromNumber(scheme.grades.pass)) >= 0) return 'pass';
	return 'fail';
}

/** Points deducted, exactly, after the cap. */
export function deductionsOf(input: AssessmentInput, scheme: Scheme): Rational {
	let total = mul(fromNumber(scheme.deductions.unrectified_bad_review), rat(input.unrectifiedBadReviews));
	for (const [flag, points] of Object.entries(scheme.deductions.flags) as [FlagId, number][])
		total = add(total, mul(fromNumber(points), rat(input.flagCounts[flag] ?? 0)));
	return Number.isFinite(scheme.deductions.cap) ? min(total, fromNumber(scheme.deductions.cap)) : total;
}

const byCode = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

export function assess(scheme: Scheme, inputs: AssessmentInput[]): Map<string, Assessment> {
	interface Scored {
		input: AssessmentInput;
		exactIndicators: { id: string; score: Rational }[];
		deductions: Rational;
		rounded: Rational | null;
	}
	const scored: Scored[] = inputs.map((input) => {
		const exactIndicators: { id: string; score: Rational }[] = [];
		let wsum = ZERO;
		let weighted = ZERO;
		for (const ind of scheme.indicators) {
			const v = input.kpis[ind.kpi];
			if (v === null || v === undefined) continue;
			const s = linearScore(v, ind.rule.lo, ind.rule.hi);
			const w = fromNumber(ind.weight);
			exactIndicators.push({ id: ind.id, score: s });
			wsum = add(wsum, w);
			weighted = add(weighted, mul(w, s));
		}
		const deductions = deductionsOf(input, scheme);
		const rounded = exactIndicators.length
			? roundHalfAway(clamp(sub(div(weighted, wsum), deductions), ZERO, HUNDRED), 2)
			: null;
		return { input, exactIndicators, deductions, rounded };
	});

	// Peer groups (null peer_group is a group of its own).
	const groups = new Map<string, Scored[]>();
	for (const s of scored) {
		if (!s.rounded) continue;
		const key = s.input.peer_group ?? '\u0000';
		if (!groups.has(key)) groups.set(key, []);
		groups.get(key)!.push(s);
	}
	const rank = new Map<string, number>();
	const bottom = new Set<string>();
	const share = fromNumber(scheme.lagging.bottom_share);
	for (const members of groups.values()) {
		for (const m of members)
			rank.set(m.input.dept_code, 1 + members.filter((o) => cmp(o.rounded!, m.rounded!) > 0).length);
		const k = Number(max(rat(1), rat(ceil(mul(share, rat(members.length))))).n);
		const ordered = [...members].sort(
			(a, b) => cmp(a.rounded!, b.rounded!) || byCode(b.input.dept_code, a.input.dept_code)
		);
		for (const m of ordered.slice(0, k)) bottom.add(m.input.dept_code);
	}

	const bar = fromNumber(scheme.lagging.indicator_below);
	const out = new Map<string, Assessment>();
	for (const s of scored) {
		const code = s.input.dept_code;
		const indicator_scores: Record<string, number> = {};
		const lowIndicators: string[] = [];
		for (const ind of s.exactIndicators) {
			const r = roundHalfAway(ind.score, 2);
			indicator_scores[ind.id] = toNumber(r);
			if (cmp(r, bar) < 0) lowIndicators.push(ind.id);
		}
		const deductions = toNumber(roundHalfAway(s.deductions, 2));
		if (!s.rounded) {
			out.set(code, {
				indicator_scores,
				deductions,
				score: null,
				grade: null,
				rank: null,
				lagging: false,
				lagging_reasons: []
			});
			continue;
		}
		const grade = gradeOf(s.rounded, scheme);
		const reasons: LaggingReason[] = [];
		if (grade === 'fail') reasons.push('fail');
		if (bottom.has(code)) reasons.push('bottom');
		reasons.push(...lowIndicators);
		out.set(code, {
			indicator_scores,
			deductions,
			score: toNumber(s.rounded),
			grade,
			rank: rank.get(code)!,
			lagging: reasons.length > 0,
			lagging_reasons: reasons
		});
	}
	return out;
}
