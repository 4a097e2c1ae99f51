/**
 * Proposes a canonical column for each source header of a file the profile does not fully map (the mapping
 * screen, inspect.ts). Pure: headers and a few sample rows in, one proposal per header out.
 *
 * Order of evidence: the profile's explicit `columns` and its aliases (certain), then similarity of the header
 * name to every alias and canonical name, then how well the sample values fit the column's kind (dates, scores,
 * status words, codes, small integers). A column is proposed at most once: the pairs are assigned greedily by
 * confidence, so the best match wins and a weaker header falls back to its next choice or to nothing.
 *
 * Invariants: a proposal is a suggestion for the admin to confirm — confidences are ordinal, not
 * probabilities; nothing here reads files or the database.
 */
import type { CanonicalTable, ColumnDef } from '../analytics/schema';
import { columnsOf, headerKey, mapHeaders, valueMap, type MappingProfile } from './profile';

export type ProposalReason = 'alias' | 'name' | 'values' | 'none';

export interface ColumnProposal {
	column: string | null;
	/** 0..1; 1 = the profile says so. */
	confidence: number;
	reason: ProposalReason;
}

/** Below this a header is left unmapped rather than guessed. */
export const MIN_CONFIDENCE = 0.35;

/**
 * Morphemes that platforms use interchangeably (日期/时间, 办毕/办结, 单位/部门 …): both sides of a comparison
 * are rewritten to one spelling, so `办毕日期` meets the alias `办结时间`. Longer entries first.
 */
const SYNONYMS: [RegExp, string][] = [
	[/受理部门|实施主体|实施机构|办理单位|承办单位/g, '办理部门'],
	[/日期|时刻|日子/g, '时间'],
	[/办毕|办完|完成|完结|结束/g, '办结'],
	[/提交|申报|报件|收件/g, '申请'],
	[/单位|机构|科室/g, '部门'],
	[/流水号|编号|代码|号码|识别码|id$/g, '编码'],
	[/结果|情况/g, '状态'],
	[/方式|途径|来源/g, '渠道'],
	[/期限|时长/g, '时限'],
	[/类别|种类/g, '类型']
];

function synonymKey(k: string): string {
	let s = k;
	for (const [re, to] of SYNONYMS) s = s.replace(re, to);
	return s;
}

function grams(s: string, n: number): string[] {
	const chars = [...s];
	if (chars.length < n) return chars.length ? [chars.join('')] : [];
	const out: string[] = [];
	for (let i = 0; i + n <= chars.length; i++) out.push(chars.slice(i, i + n).join(''));
	return out;
}

/** Sørensen–Dice coefficient of two multisets of n-grams. */
export function dice(a: string, b: string, n = 2): number {
	const ga = grams(a, n);
	const gb = grams(b, n);
	if (!ga.length || !gb.length) return 0;
	const counts = new Map<string, number>();
	for (const g of ga) counts.set(g, (counts.get(g) ?? 0) + 1);
	let common = 0;
	for (const g of gb) {
		const c = counts.get(g) ?? 0;
		if (c > 0) {
			common++;
			counts.set(g, c - 1);
		}
	}
	return (2 * common) / (ga.length + gb.length);
}

function rawSimilarity(a: string, b: string): number {
	if (!a || !b) return 0;
	if (a === b) return 1;
	let s = Math.max(dice(a, b, 2), 0.7 * dice(a, b, 1));
	// One name inside the other (流水号 in 业务流水号): strong, scaled by how much of the longer it covers.
	const [short, long] = a.length <= b.length ? [a, b] : [b, a];
	if ([...short].length >= 2 && long.includes(short))
		s = Math.max(s, 0.5 + (0.4 * [...short].length) / [...long].length);
	return s;
}

/** Similarity of two normalised header keys, 0..1 (synonym-rewritten matches count slightly less). */
export function nameSimilarity(a: string, b: string): number {
	const direct = rawSimilarity(a, b);
	if (direct === 1) return 1;
	return Math.max(direct, 0.92 * rawSimilarity(synonymKey(a), synonymKey(b)));
}

// — what the sample values look like —

const DATE_RE =
	/^(\d{4})(?:[-/.](\d{1,2})[-/.](\d{1,2})|(\d{2})(\d{2})|年(\d{1,2})月(\d{1,2})日?)(?:[T\s]+(\d{1,2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?(?:Z|[+-]\d{2}(?::?\d{2})?)?)?$/;
const TIME_RE = /\d{1,2}:\d{2}/;
const INT_RE = /^\d{1,4}(?:\.0+)?$/;
const CODE_RE = /^[A-Za-z0-9][A-Za-z0-9_./-]{4,}$/;
const BOOL_WORDS = new Set(['是', '否', 'y', 'n', 'yes', 'no', 'true', 'false']);
/** Words of case outcomes a platform may use beyond the profile's value map (why: 已送达, 准予许可 …). */
const STATUS_HINT = /办结|受理|许可|送达|退|撤|在办|办理中|完成|不予|批准|驳回|终止|作废|审核|通过|归档/;
const CHANNEL_HINT =
	/网上|网办|窗口|自助|线上|线下|pc|移动|app|小程序|微信|电话|热线|短信|邮寄|大厅|一网通办/i;
const SCORE_WORDS = /满意/;

interface ValueStats {
	n: number;
	date: number;
	withTime: number;
	int: number;
	code: number;
	bool: number;
	status: number;
	channel: number;
	scoreWords: number;
	digits1to5: number;
	distinct: number;
}

function valueStats(values: string[]): ValueStats {
	const s: ValueStats = {
		n: values.length,
		date: 0,
		withTime: 0,
		int: 0,
		code: 0,
		bool: 0,
		status: 0,
		channel: 0,
		scoreWords: 0,
		digits1to5: 0,
		distinct: new Set(values).size
	};
	for (const v of values) {
		const d = DATE_RE.exec(v);
		// an Excel serial day (43164, 43164.58) also reads as a date; plain small integers do not
		const serial = /^\d{5}(?:\.\d+)?$/.test(v) && Number(v) > 36_000 && Number(v) < 50_000;
		if (d || serial) {
			s.date++;
			if (TIME_RE.test(v) || /\.\d+$/.test(v)) s.withTime++;
		}
		if (INT_RE.test(v)) s.int++;
		if (/^[1-5]$/.test(v)) s.digits1to5++;
		if (!d && CODE_RE.test(v) && /\d/.test(v) && !serial) s.code++;
		if (BOOL_WORDS.has(v.toLowerCase())) s.bool++;
		if (STATUS_HINT.test(v)) s.status++;
		if (CHANNEL_HINT.test(v)) s.channel++;
		if (SCORE_WORDS.test(v)) s.scoreWords++;
	}
	return s;
}

const isCodeColumn = (c: string) =>
	c.endsWith('_code') || c === 'case_id' || c === 'rating_id' || c === 'applicant_hash';

/**
 * How well the values fit a column, 0..1; null when there are no values to judge. `known` = share of
 * values the profile's value map already knows (enum, bool and score columns).
 */
function valueFit(
	profile: MappingProfile,
	table: CanonicalTable,
	col: ColumnDef,
	values: string[],
	st: ValueStats
): number | null {
	if (!st.n) return null;
	const frac = (k: number) => k / st.n;
	const kind = col.kind;
	if (kind === 'timestamp') return frac(st.date) * (st.withTime > 0 ? 1 : 0.9);
	if (kind === 'date') return frac(st.date) * (st.withTime > 0 ? 0.8 : 1);
	if (kind === 'int') return frac(st.int) * (st.date ? 0.5 : 1);
	const map =
		typeof kind === 'object' || kind === 'bool' || kind === 'score' ? valueMap(profile, table, col) : null;
	const known = map ? frac(values.filter((v) => map.has(v.trim().toLowerCase())).length) : 0;
	if (kind === 'bool') return Math.max(known * (st.int === st.n ? 0.6 : 1), frac(st.bool));
	if (kind === 'score') return Math.max(known, frac(st.scoreWords), frac(st.digits1to5) * 0.8);
	if (typeof kind === 'object') {
		let hint = 0;
		if (col.name === 'status') hint = frac(st.status) * 0.85;
		if (col.name === 'channel') hint = frac(st.channel) * 0.85;
		// an enum is a handful of labels repeated: many distinct values argue against it
		const repeated = st.n >= 5 && st.distinct > Math.max(6, st.n * 0.6) ? 0.5 : 1;
		return Math.max(known, hint) * repeated;
	}
	// text
	if (isCodeColumn(col.name)) return frac(st.code);
	const plain = values.filter((v) => !DATE_RE.test(v) && !INT_RE.test(v)).length;
	return 0.5 * frac(plain);
}

/** Kinds that values can refute: a text header over dates is not a code, a status column over numbers is wrong. */
const strict = (col: ColumnDef) => col.kind !== 'text' || isCodeColumn(col.name);

function candidateNames(profile: MappingProfile, table: CanonicalTable, col: string): string[] {
	return [col, ...(profile.headers[table]?.[col] ?? [])].map(headerKey).filter(Boolean);
}

function explicitColumns(profile: MappingProfile, table: CanonicalTable): Map<string, string | null> {
	// `columns` is the profile's explicit header → column map (see profile.ts); read loosely so a profile
	// without it is fine.
	const m =
		(profile as { columns?: Partial<Record<CanonicalTable, Record<string, string | null>>> }).columns?.[
			table
		] ?? {};
	return new Map(Object.entries(m).map(([h, c]) => [headerKey(h), c]));
}

/**
 * One proposal per header (same order). `sample` = the first data rows as raw text (row[i] = header i's cell).
 */
export function proposeColumns(
	profile: MappingProfile,
	table: CanonicalTable,
	headers: string[],
	sample: (string | null)[][]
): ColumnProposal[] {
	const cols = columnsOf(table);
	const out: ColumnProposal[] = headers.map(() => ({ column: null, confidence: 0, reason: 'none' }));
	const taken = new Set<string>();
	const settled = new Set<number>();

	// 1. explicit entries, then aliases and canonical names: certain.
	const explicit = explicitColumns(profile, table);
	headers.forEach((h, i) => {
		const k = headerKey(h ?? '');
		if (!k || !explicit.has(k)) return;
		const c = explicit.get(k) ?? null;
		settled.add(i);
		if (c && !taken.has(c) && cols.some((d) => d.name === c)) {
			out[i] = { column: c, confidence: 1, reason: 'alias' };
			taken.add(c);
		}
	});
	const mapped = mapHeaders(
		profile,
		table,
		headers.map((h, i) => (settled.has(i) ? '' : h))
	);
	for (const [c, i] of mapped.columns) {
		if (taken.has(c) || settled.has(i) || !headerKey(headers[i] ?? '')) continue;
		out[i] = { column: c, confidence: 1, reason: 'alias' };
		taken.add(c);
		settled.add(i);
	}
	// personal-data columns are hashed or dropped by the ingest, never mapped to a stored column
	if (mapped.idColumn !== null) settled.add(mapped.idColumn);
	if (mapped.phoneColumn !== null) settled.add(mapped.phoneColumn);

	// 2. every remaining (header, column) pair scored by name and values; then assigned best first.
	const pairs: { i: number; col: string; conf: number; reason: ProposalReason }[] = [];
	headers.forEach((h, i) => {
		const k = headerKey(h ?? '');
		if (settled.has(i) || !k) return;
		const values = sample
			.map((r) => r[i])
			.filter((v): v is string => v !== null && v !== undefined && v.trim() !== '')
			.map((v) => v.trim());
		const st = valueStats(values);
		for (const col of cols) {
			if (taken.has(col.name) || col.name === 'attrs') continue;
			const name = Math.max(0, ...candidateNames(profile, table, col.name).map((n) => nameSimilarity(k, n)));
			// one or two values are weak evidence: scale the fit down until there are three
			const fit0 = valueFit(profile, table, col, values, st);
			const fit = fit0 === null ? null : fit0 * Math.min(1, st.n / 3);
			let conf: number;
			if (fit === null) conf = 0.85 * name;
			else {
				conf = 0.6 * name + 0.4 * fit;
				if (strict(col) && fit < 0.3) conf *= 0.4;
			}
			if (conf >= MIN_CONFIDENCE)
				pairs.push({
					i,
					col: col.name,
					conf: Math.min(conf, 0.99),
					reason: name >= 0.45 ? 'name' : 'values'
				});
		}
	});
	// stable tie-break: earlier header, then the table's column order (submitted_at before accepted_at)
	const order = new Map(cols.map((c, j) => [c.name, j]));
	pairs.sort((a, b) => b.conf - a.conf || a.i - b.i || order.get(a.col)! - order.get(b.col)!);
	for (const p of pairs) {
		if (settled.has(p.i) || taken.has(p.col)) continue;
		out[p.i] = { column: p.col, confidence: Math.round(p.conf * 100) / 100, reason: p.reason };
		settled.add(p.i);
		taken.add(p.col);
	}
	return out;
}
