/**
 * Assessment under the default scheme (DOMAIN.md), on hand-set KPI values so every score is computed by hand.
 * Weights: acceptance 15, activation 10, on_time 20, speedup 20, online 10, one_visit 5, satisfaction 20.
 */
import { describe, expect, it } from 'vitest';
import { assess, type AssessmentInput } from '../../../src/lib/server/analytics/kpi/assessment';
import {
	rat,
	roundHalfAway,
	toNumber,
	parseDecimal,
	ceil
} from '../../../src/lib/server/analytics/kpi/exact';
import { loadScheme, validateScheme, SchemeError } from '../../../src/lib/server/analytics/kpi/scheme';

const scheme = loadScheme();
const q = (s: string) => parseDecimal(s);
const PERFECT = {
	acceptance_rate: q('1'),
	activation_rate: q('1'),
	on_time_rate: q('1'),
	speedup_vs_statutory: q('0.6'),
	online_rate: q('1'),
	one_visit_rate: q('1'),
	satisfaction_rate: q('1')
};
const input = (
	dept_code: string,
	peer_group: string | null,
	kpis: AssessmentInput['kpis'],
	extra: Partial<AssessmentInput> = {}
): AssessmentInput => ({
	dept_code,
	peer_group,
	kpis,
	flagCounts: {},
	unrectifiedBadReviews: 0,
	...extra
});

describe('assessment (default scheme)', () => {
	const inputs: AssessmentInput[] = [
		// 100 − (3 + 1 flagged cases + 1 unrectified bad review) × 0.5 = 97.5
		input('A1', 'A', PERFECT, {
			flagCounts: { nominal_delegation: 3, cancelled_item: 1 },
			unrectifiedBadReviews: 1
		}),
		// no delegated items: acceptance / activation null → weights 20+20+10+5+20 = 75;
		// on_time (0.9−0.8)/0.2 = 50, speedup 0.3/0.6 = 50, online (0.75−0.5)/0.5 = 50, one_visit 100, satisfaction 50
		// (20·50 + 20·50 + 10·50 + 5·100 + 20·50) / 75 = 4000/75 = 53.333… → 53.33, fail
		input('A2', 'A', {
			on_time_rate: q('0.9'),
			speedup_vs_statutory: q('0.3'),
			online_rate: q('0.75'),
			one_visit_rate: q('1'),
			satisfaction_rate: q('0.95')
		}),
		// every indicator at 85 → 85.00 (tie)
		input('A4', 'A', {
			acceptance_rate: q('0.85'),
			activation_rate: q('0.85'),
			on_time_rate: q('0.97'),
			speedup_vs_statutory: q('0.51'),
			online_rate: q('0.925'),
			one_visit_rate: q('0.925'),
			satisfaction_rate: q('0.985')
		}),
		input('A3', 'A', {
			acceptance_rate: q('0.85'),
			activation_rate: q('0.85'),
			on_time_rate: q('0.97'),
			speedup_vs_statutory: q('0.51'),
			online_rate: q('0.925'),
			one_visit_rate: q('0.925'),
			satisfaction_rate: q('0.985')
		}),
		// only online: (0.901725 − 0.5)/0.5 × 100 = 80.345 exactly → 80.35 half away from zero
		// (binary floats misround it: (80.345).toFixed(2) === "80.34")
		input('A5', 'A', { online_rate: q('0.901725') }),
		// deductions 25 × 0.5 = 12.5, capped at 10 → 90.00: excellent (bar inclusive)
		input('A6', 'A', PERFECT, { flagCounts: { no_one_time_notice: 25 } }),
		// two departments tied at 86: satisfaction 0.93 → 30; (80·100 + 20·30)/100 = 86
		input('B1', 'B', { ...PERFECT, satisfaction_rate: q('0.93') }),
		input('B2', 'B', { ...PERFECT, satisfaction_rate: q('0.93') }),
		// nothing at all: no score, no rank, not lagging (deductions still reported)
		input('N1', 'A', { acceptance_rate: null }, { flagCounts: { nominal_delegation: 1 } }),
		// no peer group: a group of its own
		input('Z1', null, PERFECT)
	];
	const out = assess(scheme, inputs);
	const a = (code: string) => out.get(code)!;

	it('scores with re-normalised weights, deductions and exact rounding', () => {
		expect(a('A1')).toMatchObject({ score: 97.5, deductions: 2.5, grade: 'excellent' });
		expect(a('A2')).toMatchObject({ score: 53.33, grade: 'fail', deductions: 0 });
		expect(a('A2').indicator_scores).toEqual({
			on_time_rate: 50,
			speedup_vs_statutory: 50,
			online_rate: 50,
			one_visit_rate: 100,
			satisfaction_rate: 50
		});
		expect(a('A3')).toMatchObject({ score: 85, grade: 'good' });
		expect(a('A5')).toMatchObject({ score: 80.35, grade: 'good', indicator_scores: { online_rate: 80.35 } });
		expect(a('A6')).toMatchObject({ score: 90, deductions: 10, grade: 'excellent' });
		expect(a('B1')).toMatchObject({ score: 86, grade: 'good' });
	});

	it('ranks competition-style within each peer group', () => {
		// A: 97.5 (A1), 90 (A6), 85 (A3, A4), 80.35 (A5), 53.33 (A2)
		expect(['A1', 'A6', 'A3', 'A4', 'A5', 'A2'].map((c) => a(c).rank)).toEqual([1, 2, 3, 3, 5, 6]);
		expect([a('B1').rank, a('B2').rank]).toEqual([1, 1]);
		expect(a('Z1').rank).toBe(1);
	});

	it('gives a department with nothing no score, grade or rank', () => {
		expect(a('N1')).toEqual({
			indicator_scores: {},
			deductions: 0.5,
			score: null,
			grade: null,
			rank: null,
			lagging: false,
			lagging_reasons: []
		});
	});

	it('names lagging units with their reasons', () => {
		// A: n = 6 scored → k = max(1, ⌈0.6⌉) = 1 → A2; indicators below 60: on_time, speedup, online, satisfaction
		expect(a('A2')).toMatchObject({
			lagging: true,
			lagging_reasons: [
				'fail',
				'bottom',
				'on_time_rate',
				'speedup_vs_statutory',
				'online_rate',
				'satisfaction_rate'
			]
		});
		for (const c of ['A1', 'A3', 'A4', 'A5', 'A6'])
			expect(a(c)).toMatchObject({ lagging: false, lagging_reasons: [] });
		// B: tie at 86, bottom by dept_code descending → B2; both have satisfaction 30 < 60
		expect(a('B1').lagging_reasons).toEqual(['satisfaction_rate']);
		expect(a('B2').lagging_reasons).toEqual(['bottom', 'satisfaction_rate']);
		// a lone department is the bottom of its group
		expect(a('Z1').lagging_reasons).toEqual(['bottom']);
	});

	it('takes exactly ⌈0.1·n⌉ at the bottom (n = 30 → 3, where 0.1 × 30 = 3.0000000000000004 in floats)', () => {
		// online_rate (50 + i)/100 → score 2i (i = 1…30); only online is scored
		const group = Array.from({ length: 30 }, (_, i) =>
			input(`C${String(i + 1).padStart(2, '0')}`, 'C', { online_rate: rat(50 + (i + 1) * 1, 100) })
		);
		const r = assess(scheme, group);
		const bottom = [...r].filter(([, x]) => x.lagging_reasons.includes('bottom')).map(([c]) => c);
		expect(bottom).toEqual(['C01', 'C02', 'C03']);
	});

	it('rounds half away from zero exactly', () => {
		expect(toNumber(roundHalfAway(q('2.675')))).toBe(2.68);
		expect(toNumber(roundHalfAway(q('-2.675')))).toBe(-2.68);
		expect(toNumber(roundHalfAway(q('2.674999')))).toBe(2.67);
		expect(toNumber(roundHalfAway(rat(200, 3)))).toBe(66.67);
		expect(ceil(q('3.0000'))).toBe(3n);
		expect(ceil(q('0.1'))).toBe(1n);
	});

	it('validates schemes', () => {
		expect(() =>
			validateScheme({
				...scheme,
				indicators: [{ kpi: 'nope', weight: 1, rule: { type: 'linear', lo: 0, hi: 0 } }]
			})
		).toThrow(SchemeError);
		try {
			validateScheme({
				name: 'x',
				version: 1,
				indicators: [{ kpi: 'cases', weight: -1, rule: { type: 'step' } }],
				grades: {},
				deductions: { flags: { zzz: 1 } }
			});
		} catch (e) {
			expect((e as SchemeError).problems.length).toBeGreaterThanOrEqual(4);
		}
		// a different scheme: lower-is-better rule (lo > hi) on mean elapsed days
		const s = validateScheme({
			...scheme,
			name: 'speed',
			indicators: [
				{ id: 'fast', kpi: 'mean_elapsed_workdays', weight: 1, rule: { type: 'linear', lo: 10, hi: 2 } }
			]
		});
		// mean 4 days: (4 − 10)/(2 − 10) = 0.75 → 75
		expect(assess(s, [input('X', 'G', { mean_elapsed_workdays: q('4') })]).get('X')).toMatchObject({
			score: 75,
			indicator_scores: { fast: 75 }
		});
	});
});
