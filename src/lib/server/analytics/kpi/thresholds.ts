/**
 * The configurable thresholds of DOMAIN.md's definitions (15 working days, 3 months, score ≥ 3 …).
 * Defaults are DOMAIN.md's; a deployment overrides them with a JSON file (snake_case keys, see docs/kpi.md):
 * `KPI_THRESHOLDS_FILE`, else `data/kpi-thresholds.json` when present, else the defaults.
 *
 * Invariant: every value is a non-negative integer (working days, calendar months, scores); they are bound
 * as SQL parameters, never spliced into SQL text.
 */
import fs from 'node:fs';
import { getConfig } from '../../config';

export interface Thresholds {
	/** handover_on_time_rate: wd(delegated_on, accepted_on) ≤ this. */
	handoverDays: number;
	/** rectification_rate / deductions: rectified within this many working days after rated_at. */
	rectificationDays: number;
	/** nominal_delegation: transition of this many calendar months after delegated_on. */
	transitionMonths: number;
	/** satisfaction_rate: score ≥ this. */
	satisfiedMinScore: number;
	/** bad review: score ≤ this. */
	badMaxScore: number;
	/** yellow_due_soon: at most this many working days left. */
	dueSoonDays: number;
	/** fake_completion_suspect: same applicant + item submitted again within this many working days after a completion. */
	repeatWindowDays: number;
	/** no_one_time_notice: supplement_requests ≥ this. */
	supplementRequestsMin: number;
	/** 工程建设项目: a complete project is on target when its approval working days ≤ this (national target 120). */
	projectTargetDays: number;
	/** Per-stage targets in working days (0 = none set: the deployment's plan sets them). */
	projectPlanningDays: number;
	projectEngineeringDays: number;
	projectConstructionDays: number;
	projectAcceptanceDays: number;
}

export const DEFAULT_THRESHOLDS: Readonly<Thresholds> = Object.freeze({
	handoverDays: 15,
	rectificationDays: 15,
	transitionMonths: 3,
	satisfiedMinScore: 3,
	badMaxScore: 2,
	dueSoonDays: 1,
	repeatWindowDays: 5,
	supplementRequestsMin: 2,
	projectTargetDays: 120,
	projectPlanningDays: 0,
	projectEngineeringDays: 0,
	projectConstructionDays: 0,
	projectAcceptanceDays: 0
});

const FILE_KEYS: Record<string, keyof Thresholds> = {
	handover_days: 'handoverDays',
	rectification_days: 'rectificationDays',
	transition_months: 'transitionMonths',
	satisfied_min_score: 'satisfiedMinScore',
	bad_max_score: 'badMaxScore',
	due_soon_days: 'dueSoonDays',
	repeat_window_days: 'repeatWindowDays',
	supplement_requests_min: 'supplementRequestsMin',
	project_target_days: 'projectTargetDays',
	project_planning_days: 'projectPlanningDays',
	project_engineering_days: 'projectEngineeringDays',
	project_construction_days: 'projectConstructionDays',
	project_acceptance_days: 'projectAcceptanceDays'
};

export class ThresholdsError extends Error {}

/** Defaults overridden by `overrides` (camelCase or the file's snake_case keys); unknown keys and bad values throw. */
export function resolveThresholds(overrides: Record<string, unknown> = {}): Thresholds {
	const out: Thresholds = { ...DEFAULT_THRESHOLDS };
	for (const [key, value] of Object.entries(overrides)) {
		const name = FILE_KEYS[key] ?? (key in DEFAULT_THRESHOLDS ? (key as keyof Thresholds) : null);
		if (!name) throw new ThresholdsError(`未知阈值 ${key} / unknown threshold ${key}`);
		if (typeof value !== 'number' || !Number.isInteger(value) || value < 0 || value > 10_000)
			throw new ThresholdsError(
				`阈值 ${key} 必须是非负整数 / threshold ${key} must be a non-negative integer`
			);
		out[name] = value;
	}
	return out;
}

/** Load thresholds from `file`, `KPI_THRESHOLDS_FILE` or `data/kpi-thresholds.json`; defaults when none exists. */
export function loadThresholds(file?: string): Thresholds {
	const candidate = file ?? getConfig().kpiThresholdsFile;
	if (!fs.existsSync(candidate)) {
		if (file) throw new ThresholdsError(`阈值文件不存在：${file} / thresholds file not found: ${file}`);
		return { ...DEFAULT_THRESHOLDS };
	}
	let json: unknown;
	try {
		json = JSON.parse(fs.readFileSync(candidate, 'utf8'));
	} catch (e) {
		throw new ThresholdsError(
			`阈值文件不是有效 JSON：${candidate} / thresholds file is not valid JSON: ${candidate} (${(e as Error).message})`
		);
	}
	if (!json || typeof json !== 'object' || Array.isArray(json))
		throw new ThresholdsError(
			`阈值文件必须是 JSON 对象 / thresholds file must hold a JSON object: ${candidate}`
		);
	return resolveThresholds(json as Record<string, unknown>);
}
