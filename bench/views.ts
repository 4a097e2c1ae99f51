/**
 * The dashboards' data requests, as a browser makes them: a page's `__data.json` (SvelteKit's load data for
 * client navigation) where the page exists, else the /api requests that page's data comes from (recorded as
 * `route: "api"` in the results). Filters vary per request — months, quarters and years of the data, with
 * and without a baseline, scoped to a department, a region or a peer group — from a fixed seeded list, so two
 * runs ask the same questions in the same order.
 */
import fs from 'node:fs';
import path from 'node:path';
import {
	monthRange,
	quarterRange,
	sameRangeLastYear,
	trailingMonths,
	yearRange,
	type DateRange
} from '../src/lib/period';

export interface Filter {
	from: string;
	to: string;
	baseline?: DateRange;
	dept?: string;
	region?: string;
	peer_group?: string;
}

export interface Dims {
	depts: { code: string; peer_group: string }[];
	regions: string[];
	items: { code: string; dept: string }[];
	firstYear: number;
	lastMonth: { y: number; m: number };
}

function csvRows(file: string): string[][] {
	return fs
		.readFileSync(file, 'utf8')
		.split(/\r?\n/)
		.slice(1)
		.filter(Boolean)
		.map((l) => l.split(','));
}

/** Codes from the generated dimension files; the period from the generator's manifest. */
export function readDims(dataDir: string): Dims {
	const depts = csvRows(path.join(dataDir, 'departments.csv')).map((r) => ({ code: r[0], peer_group: r[3] }));
	const regions = csvRows(path.join(dataDir, 'regions.csv')).map((r) => r[0]);
	const items = csvRows(path.join(dataDir, 'items.csv')).map((r) => ({ code: r[0], dept: r[3] }));
	const manifest = JSON.parse(fs.readFileSync(path.join(dataDir, '.demo-manifest.json'), 'utf8'));
	const from = String(manifest.options?.from ?? '2023-01-01');
	const to = String(manifest.options?.to ?? '2026-10-31');
	return {
		depts,
		regions,
		items,
		firstYear: Number(from.slice(0, 4)),
		lastMonth: { y: Number(to.slice(0, 4)), m: Number(to.slice(5, 7)) }
	};
}

/** Small deterministic PRNG (mulberry32) so the filter list is the same in every run. */
export function prng(seed: number): () => number {
	let a = seed >>> 0;
	return () => {
		a = (a + 0x6d2b79f5) >>> 0;
		let t = a;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
}

/** `n` varied filters: periods (month 60 %, quarter 25 %, year 15 %) × scope (none, dept, region, peer group). */
export function filters(d: Dims, n: number, seed = 7): Filter[] {
	const rnd = prng(seed);
	const pick = <T>(xs: T[]) => xs[Math.floor(rnd() * xs.length)];
	const out: Filter[] = [];
	// Periods with a year before them in the data, so 同比 and baselines have something to compare with.
	const years: number[] = [];
	for (let y = d.firstYear + 1; y <= d.lastMonth.y; y++) years.push(y);
	const groups = [...new Set(d.depts.map((x) => x.peer_group).filter(Boolean))];
	while (out.length < n) {
		const y = pick(years);
		const maxM = y === d.lastMonth.y ? d.lastMonth.m : 12;
		const r = rnd();
		let range: DateRange;
		if (r < 0.6) range = monthRange(y, 1 + Math.floor(rnd() * maxM));
		else if (r < 0.85) range = quarterRange(y, 1 + Math.floor((rnd() * maxM) / 3));
		else range = y === d.lastMonth.y ? { from: `${y}-01-01`, to: monthRange(y, maxM).to } : yearRange(y);
		const f: Filter = { from: range.from, to: range.to };
		if (rnd() < 0.5) f.baseline = sameRangeLastYear(range);
		const s = rnd();
		if (s < 0.3) f.dept = pick(d.depts).code;
		else if (s < 0.5) f.region = pick(d.regions);
		else if (s < 0.6) f.peer_group = pick(groups);
		out.push(f);
	}
	return out;
}

export function search(f: Filter, extra: Record<string, string> = {}): string {
	const p = new URLSearchParams({ from: f.from, to: f.to });
	if (f.baseline) {
		p.set('baseline_from', f.baseline.from);
		p.set('baseline_to', f.baseline.to);
	}
	if (f.dept) p.set('dept', f.dept);
	if (f.region) p.set('region', f.region);
	if (f.peer_group) p.set('peer_group', f.peer_group);
	for (const [k, v] of Object.entries(extra)) p.set(k, v);
	return p.toString();
}

export type Auth = 'cookie' | 'bearer';
export interface Req {
	path: string;
	auth: Auth;
	/** the view it belongs to (per-view figures of the load test) */
	view?: string;
}

export interface ViewDef {
	name: string;
	/** The page whose `__data.json` is the view's data request. */
	page: string;
	/** What the page's data comes from when the page is not built (yet): /api requests, run concurrently. */
	api: (f: Filter, d: Dims) => Req[];
	/** Requests made in addition to the page data (e.g. the Arrow case list a drill-down page fetches). */
	extra?: (f: Filter, d: Dims) => Req[];
	/** A view-specific rewrite of the filter (e.g. a drill-down is always one department). */
	adapt?: (f: Filter, d: Dims, i: number) => Filter;
}

const api = (p: string, f: Filter, extra: Record<string, string> = {}): Req => ({
	path: `/api/${p}?${search(f, extra)}`,
	auth: 'bearer'
});
const trendOf = (f: Filter, kpi: string): Req => {
	const r = trailingMonths(f.to);
	return api('trend', { ...f, from: r.from, to: r.to, baseline: undefined }, { kpi });
};

export const VIEWS: ViewDef[] = [
	{
		name: 'overview',
		page: '/overview',
		api: (f) => [api('kpi', f), trendOf(f, 'on_time_rate'), api('flags', f, { view: 'counts' })]
	},
	{ name: 'delegation', page: '/delegation', api: (f) => [api('kpi', f), trendOf(f, 'activation_rate')] },
	{
		name: 'timeliness',
		page: '/timeliness',
		api: (f) => [api('kpi', f), trendOf(f, 'speedup_vs_statutory'), api('flags', f, { view: 'counts' })]
	},
	{
		name: 'satisfaction',
		page: '/satisfaction',
		api: (f) => [api('kpi', f), trendOf(f, 'satisfaction_rate')]
	},
	{ name: 'assessment', page: '/assessment', api: (f) => [api('kpi', f)] },
	{
		// Jurisdiction → department → its cases: the list page's data (its first rows rendered on the server) and
		// the 5 000-row Arrow page the browser's virtualised list then fetches.
		name: 'drilldown',
		page: '/cases',
		adapt: (f, d, i) => ({ from: f.from, to: f.to, dept: f.dept ?? d.depts[(i * 7) % d.depts.length].code }),
		api: () => [],
		extra: (f) => [{ path: `/api/cases?${search(f, { format: 'arrow', limit: '5000' })}`, auth: 'bearer' }]
	}
];

export interface Plan {
	view: ViewDef;
	/** true: the page's `__data.json` exists and is used. */
	page: boolean;
}

export function requestsOf(plan: Plan, f: Filter, d: Dims): Req[] {
	const v = plan.view;
	const main = plan.page
		? [{ path: `${v.page}/__data.json?${search(f)}`, auth: 'cookie' as Auth }]
		: v.api(f, d);
	return [...main, ...(v.extra?.(f, d) ?? [])].map((r) => ({ ...r, view: v.name }));
}
