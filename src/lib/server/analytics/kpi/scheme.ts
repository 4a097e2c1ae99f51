/**
 * Assessment schemes (考核方案) are data: a JSON file (data/schemes/<name>.json) naming the indicators
 * (KPI, weight, linear rule), the deductions, the grade bars and the lagging rule. This module loads and
 * validates one; assessment.ts applies it. The format is documented in docs/kpi.md.
 *
 * Invariant: a Scheme that leaves this module is valid (known KPI and flag ids, positive weights, lo ≠ hi,
 * non-negative deductions, ordered grade bars, 0 < bottom_share ≤ 1); errors list every problem, bilingually.
 */
import fs from 'node:fs';
import path from 'node:path';
import { isFlagId, isKpiId, type Bilingual, type FlagId, type KpiId } from '../../../kpi/catalog';
import { getConfig } from '../../config';
import { shippedPaths } from '../../shipped';

export interface SchemeIndicator {
	/** Indicator id (reported in indicator_scores and lagging_reasons); defaults to the KPI id. */
	id: string;
	kpi: KpiId;
	weight: number;
	/** Score 0 at ≤ lo, 100 at ≥ hi, linear between (lo > hi scores "lower is better" KPIs). */
	rule: { type: 'linear'; lo: number; hi: number };
}

export interface Scheme {
	name: string;
	version: number | string;
	title?: Bilingual;
	indicators: SchemeIndicator[];
	deductions: {
		/** Points per case submitted in the period carrying the flag (a case counts once per flag). */
		flags: Partial<Record<FlagId, number>>;
		/** Points per bad review of the period whose deadline is on or before the period end, not rectified in time. */
		unrectified_bad_review: number;
		cap: number;
	};
	/** Lowest rounded score of each grade; below `pass` is fail. */
	grades: { excellent: number; good: number; pass: number };
	lagging: { bottom_share: number; indicator_below: number };
}

export class SchemeError extends Error {
	constructor(
		readonly problems: string[],
		source: string
	) {
		super(`考核方案无效 / invalid assessment scheme (${source}):\n- ${problems.join('\n- ')}`);
	}
}

const SCHEME_NAME = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/;

export function schemesDir(): string {
	const candidates = shippedPaths('data/schemes', getConfig().schemesDir);
	return candidates.find((p) => fs.existsSync(path.join(p, 'default.json'))) ?? candidates[0];
}

const isNum = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);

/** Validate parsed JSON as a Scheme (throws SchemeError listing every problem). */
export function validateScheme(json: unknown, source = 'scheme'): Scheme {
	const p: string[] = [];
	const o = (json ?? {}) as Record<string, unknown>;
	if (typeof json !== 'object' || json === null || Array.isArray(json))
		throw new SchemeError(['不是 JSON 对象 / not a JSON object'], source);
	if (typeof o.name !== 'string' || !o.name.trim()) p.push('name 缺失 / name is missing');
	if (!isNum(o.version) && typeof o.version !== 'string') p.push('version 缺失 / version is missing');
	const indicators: SchemeIndicator[] = [];
	if (!Array.isArray(o.indicators) || !o.indicators.length)
		p.push('indicators 必须是非空数组 / indicators must be a non-empty array');
	else {
		const ids = new Set<string>();
		o.indicators.forEach((x: unknown, n: number) => {
			const ind = (x ?? {}) as Record<string, unknown>;
			const rule = (ind.rule ?? {}) as Record<string, unknown>;
			const at = `indicators[${n}]`;
			const kpi = String(ind.kpi ?? '');
			if (!isKpiId(kpi)) p.push(`${at}.kpi 未知指标 "${kpi}" / unknown KPI "${kpi}"`);
			const id = ind.id === undefined ? kpi : String(ind.id);
			if (ids.has(id)) p.push(`${at}.id 重复 "${id}" / duplicate indicator id "${id}"`);
			ids.add(id);
			if (!isNum(ind.weight) || ind.weight <= 0)
				p.push(`${at}.weight 必须为正数 / weight must be a positive number`);
			if (rule.type !== 'linear')
				p.push(`${at}.rule.type 只支持 linear / only rule type "linear" is supported`);
			if (!isNum(rule.lo) || !isNum(rule.hi) || rule.lo === rule.hi)
				p.push(`${at}.rule 需要数值 lo ≠ hi / rule needs numbers lo ≠ hi`);
			indicators.push({
				id,
				kpi: kpi as KpiId,
				weight: ind.weight as number,
				rule: { type: 'linear', lo: rule.lo as number, hi: rule.hi as number }
			});
		});
	}
	const d = (o.deductions ?? {}) as Record<string, unknown>;
	const flags: Partial<Record<FlagId, number>> = {};
	for (const [f, v] of Object.entries((d.flags ?? {}) as Record<string, unknown>)) {
		if (!isFlagId(f)) p.push(`deductions.flags 未知标记 "${f}" / unknown flag "${f}"`);
		else if (!isNum(v) || v < 0) p.push(`deductions.flags.${f} 必须为非负数 / must be a non-negative number`);
		else flags[f] = v;
	}
	const bad = d.unrectified_bad_review ?? 0;
	const cap = d.cap ?? Infinity;
	if (!isNum(bad) || bad < 0)
		p.push('deductions.unrectified_bad_review 必须为非负数 / must be a non-negative number');
	if (!(isNum(cap) || cap === Infinity) || (cap as number) < 0)
		p.push('deductions.cap 必须为非负数 / must be a non-negative number');
	const g = (o.grades ?? {}) as Record<string, unknown>;
	if (!isNum(g.excellent) || !isNum(g.good) || !isNum(g.pass) || !(g.excellent >= g.good && g.good >= g.pass))
		p.push('grades 需要 excellent ≥ good ≥ pass 三个数值 / grades need numbers excellent ≥ good ≥ pass');
	const l = (o.lagging ?? {}) as Record<string, unknown>;
	const share = l.bottom_share ?? 0.1;
	const below = l.indicator_below ?? 60;
	if (!isNum(share) || share <= 0 || share > 1)
		p.push('lagging.bottom_share 须在 (0, 1] / must be in (0, 1]');
	if (!isNum(below)) p.push('lagging.indicator_below 必须为数值 / must be a number');
	if (p.length) throw new SchemeError(p, source);
	const title = o.title as Bilingual | undefined;
	return {
		name: (o.name as string).trim(),
		version: o.version as number | string,
		...(title && typeof title === 'object' ? { title } : {}),
		indicators,
		deductions: { flags, unrectified_bad_review: bad as number, cap: cap as number },
		grades: { excellent: g.excellent as number, good: g.good as number, pass: g.pass as number },
		lagging: { bottom_share: share as number, indicator_below: below as number }
	};
}

/** Load a scheme from a file path (CLI --scheme) or, by default, data/schemes/default.json. */
export function loadScheme(file?: string): Scheme {
	const target = file ?? path.join(schemesDir(), 'default.json');
	let text: string;
	try {
		text = fs.readFileSync(target, 'utf8');
	} catch {
		throw new SchemeError([`文件不存在 / file not found: ${target}`], target);
	}
	let json: unknown;
	try {
		json = JSON.parse(text);
	} catch (e) {
		throw new SchemeError([`不是有效 JSON / not valid JSON: ${(e as Error).message}`], target);
	}
	return validateScheme(json, target);
}

/** Load a stored scheme by name (data/schemes/<name>.json); the name is checked against a strict pattern. */
export function loadNamedScheme(name: string): Scheme {
	if (!SCHEME_NAME.test(name)) throw new SchemeError([`方案名称无效 / invalid scheme name "${name}"`], name);
	return loadScheme(path.join(schemesDir(), `${name}.json`));
}
