/**
 * One CSV line per canonical row, in the column order of schema.ts CANONICAL, through a Formatter
 * (canonical or Chinese). Headers: canonical names, or the default profile's first Chinese alias.
 */
import { CANONICAL, type CanonicalTable, type ColumnDef } from '../../src/lib/server/analytics/schema';
import type { Region, Department } from './jurisdiction';
import type { Item } from './catalogue';
import type { CaseRec } from './cases';
import type { RatingRec } from './ratings';
import type { EventRec } from './events';
import type { ProjectRec } from './projects';
import type { Formatter, Profile } from './format';

export type OutTable = Exclude<CanonicalTable, 'calendar'>;

/**
 * The columns a table's file holds: the canonical ones, except that the project register carries the owner's
 * 统一社会信用代码 (`owner_code`, as a county's register does) where the table stores `owner_verify`: the import
 * keeps only the keyed hash of its last characters (ingest/validate.ts).
 */
export function outColumns(table: OutTable): readonly ColumnDef[] {
	const cols = CANONICAL[table].columns as readonly ColumnDef[];
	return table === 'projects'
		? cols.map((c) => (c.name === 'owner_verify' ? { name: 'owner_code', kind: 'text' as const } : c))
		: cols;
}

export function canonicalHeader(table: OutTable): string[] {
	return outColumns(table).map((c) => c.name);
}

/** Chinese headers for columns newer than the shipped profile (the profile's own alias wins once it has one). */
const ZH_FALLBACK: Record<string, string> = { 'ratings.is_default': '是否默认评价' };

export function chineseHeader(table: OutTable, profile: Profile): string[] {
	return outColumns(table).map((c) => {
		const alias = profile.headers[table]?.[c.name]?.[0] ?? ZH_FALLBACK[`${table}.${c.name}`];
		if (!alias) throw new Error(`profile has no Chinese header for ${table}.${c.name}`);
		return alias;
	});
}

export function regionLine(r: Region, f: Formatter): string {
	return [f.text(r.region_code), f.text(r.name), f.enumv('level', r.level), f.text(r.parent_code)].join(',');
}

export function departmentLine(d: Department, f: Formatter): string {
	return [f.text(d.dept_code), f.text(d.name), f.text(d.region_code), f.text(d.peer_group)].join(',');
}

export function itemLine(it: Item, f: Formatter): string {
	return [
		f.text(it.item_code),
		f.text(it.name),
		f.text(it.power_type),
		f.text(it.dept.dept_code),
		f.text(it.source?.dept_code ?? null),
		f.enumv('delegation_mode', it.mode),
		f.date(it.delegated_on, 'delegated_on'),
		f.date(it.accepted_on, 'accepted_on'),
		f.date(it.cancelled_on, 'cancelled_on'),
		f.num(it.statutory),
		f.num(it.promised),
		f.enumv('handling', it.handling),
		f.bool(it.online_capable),
		f.text(it.legal_basis),
		f.text(it.batch),
		f.enumv('stage', it.stage ?? null)
	].join(',');
}

export function projectLine(p: ProjectRec, f: Formatter): string {
	return [
		f.text(p.project_code),
		f.text(p.name),
		f.text(p.owner_name),
		f.text(p.region_code),
		f.text(p.park),
		f.text(p.industry),
		f.num(p.investment),
		f.date(p.planned_start, 'planned_start'),
		f.text(p.owner_code)
	].join(',');
}

export function caseLine(c: CaseRec, f: Formatter): string {
	return (
		c.case_id +
		',' +
		c.item.item_code +
		',' +
		c.dept.dept_code +
		',' +
		c.region_code +
		',' +
		f.enumv('cases.channel', c.channel) +
		',' +
		f.enumv('applicant_type', c.applicant_type) +
		',' +
		(c.applicant_hash ?? '') +
		',' +
		f.ts(c.submitted_at, 'submitted_at') +
		',' +
		f.ts(c.accepted_at, 'accepted_at') +
		',' +
		f.ts(c.decided_at, 'decided_at') +
		',' +
		f.ts(c.completed_at, 'completed_at') +
		',' +
		f.enumv('status', c.status) +
		',' +
		f.text(c.reject_reason) +
		',' +
		f.num(c.suspended_days) +
		',' +
		f.num(c.visits) +
		',' +
		f.num(c.supplement_requests) +
		',' +
		f.bool(c.tolerance_accepted) +
		',' +
		f.bool(c.parallel) +
		',' +
		f.text(c.project_code ?? null)
	);
}

export function ratingLine(r: RatingRec, f: Formatter): string {
	return (
		r.rating_id +
		',' +
		(r.case_id ?? '') +
		',' +
		r.dept_code +
		',' +
		f.enumv('ratings.channel', r.channel) +
		',' +
		f.ts(r.rated_at, 'rated_at') +
		',' +
		f.score(r.score) +
		',' +
		f.text(r.reason) +
		',' +
		f.ts(r.rectified_at, 'rectified_at') +
		',' +
		f.bool(r.is_default)
	);
}

export function eventLine(e: EventRec, f: Formatter): string {
	return [e.case_id, f.text(e.activity), f.ts(e.ts, 'ts'), f.text(e.actor), e.dept_code].join(',');
}
