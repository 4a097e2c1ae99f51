/**
 * The canonical analytics schema of DOMAIN.md, as data (column kinds the ingest maps to) and as DDL.
 *
 * Invariants:
 * - Canonical tables and columns are exactly DOMAIN.md's; extra columns are derived at ingest
 *   (prefixed by their purpose, documented below) or hold source attributes (`attrs`, JSON).
 * - `ensureSchema` is idempotent and versioned through `meta.schema_version`.
 * - Identifiers used in dynamic SQL must come from `CANONICAL` (an allow-list) or `quoteIdent`.
 */
import type { DuckDBConnection } from '@duckdb/node-api';
import { seedCalendar } from './calendar/working-days';

export type ColumnKind =
	| 'text'
	| 'int'
	| 'date'
	| 'timestamp'
	| 'bool'
	| 'score'
	| 'number'
	| { enum: readonly string[] };

export interface ColumnDef {
	name: string;
	kind: ColumnKind;
	/** Part of the key, or otherwise needed for the row to make sense: a missing value rejects the row. */
	required?: boolean;
	/** Code that must exist in another canonical table (table.column). */
	ref?: string;
}

export const DELEGATION_MODES = ['devolved', 'entrusted', 'empowered', 'cancelled', 'retained'] as const;
export const DELEGATED_MODES = ['devolved', 'entrusted', 'empowered'] as const;
export const CASE_STATUSES = ['completed', 'rejected', 'returned', 'withdrawn', 'in_progress'] as const;
export const CASE_CHANNELS = ['online', 'window', 'self_service'] as const;
export const RATING_CHANNELS = ['window_device', 'online', 'app', 'sms', 'hotline'] as const;
export const APPLICANT_TYPES = ['person', 'enterprise'] as const;
export const HANDLING = ['immediate', 'promised'] as const;
export const REGION_LEVELS = ['province', 'city', 'county', 'district', 'park', 'town', 'village'] as const;
/** 工程建设项目审批 stages, in process order (DOMAIN.md "Construction and investment project approval"). */
export const PROJECT_STAGES = ['planning', 'engineering', 'construction', 'acceptance'] as const;
export type ProjectStage = (typeof PROJECT_STAGES)[number];

export const CANONICAL = {
	regions: {
		key: ['region_code'],
		columns: [
			{ name: 'region_code', kind: 'text', required: true },
			{ name: 'name', kind: 'text', required: true },
			{ name: 'level', kind: { enum: REGION_LEVELS } },
			{ name: 'parent_code', kind: 'text' }
		]
	},
	departments: {
		key: ['dept_code'],
		columns: [
			{ name: 'dept_code', kind: 'text', required: true },
			{ name: 'name', kind: 'text', required: true },
			{ name: 'region_code', kind: 'text', ref: 'regions.region_code' },
			{ name: 'peer_group', kind: 'text' }
		]
	},
	items: {
		key: ['item_code'],
		columns: [
			{ name: 'item_code', kind: 'text', required: true },
			{ name: 'name', kind: 'text', required: true },
			{ name: 'power_type', kind: 'text' },
			{ name: 'dept_code', kind: 'text', required: true, ref: 'departments.dept_code' },
			{ name: 'source_dept_code', kind: 'text', ref: 'departments.dept_code' },
			{ name: 'delegation_mode', kind: { enum: DELEGATION_MODES } },
			{ name: 'delegated_on', kind: 'date' },
			{ name: 'accepted_on', kind: 'date' },
			{ name: 'cancelled_on', kind: 'date' },
			{ name: 'statutory_days', kind: 'int' },
			{ name: 'promised_days', kind: 'int' },
			{ name: 'handling', kind: { enum: HANDLING } },
			{ name: 'online_capable', kind: 'bool' },
			{ name: 'legal_basis', kind: 'text' },
			{ name: 'batch', kind: 'text' },
			{ name: 'stage', kind: { enum: PROJECT_STAGES } }
		]
	},
	projects: {
		key: ['project_code'],
		columns: [
			{ name: 'project_code', kind: 'text', required: true },
			{ name: 'name', kind: 'text', required: true },
			{ name: 'owner_name', kind: 'text' },
			{ name: 'region_code', kind: 'text', ref: 'regions.region_code' },
			{ name: 'park', kind: 'text' },
			{ name: 'industry', kind: 'text' },
			{ name: 'investment', kind: 'number' },
			{ name: 'planned_start', kind: 'date' },
			{ name: 'owner_verify', kind: 'text' }
		]
	},
	cases: {
		key: ['case_id'],
		columns: [
			{ name: 'case_id', kind: 'text', required: true },
			{ name: 'item_code', kind: 'text', required: true, ref: 'items.item_code' },
			{ name: 'dept_code', kind: 'text', required: true, ref: 'departments.dept_code' },
			{ name: 'region_code', kind: 'text', ref: 'regions.region_code' },
			{ name: 'channel', kind: { enum: CASE_CHANNELS } },
			{ name: 'applicant_type', kind: { enum: APPLICANT_TYPES } },
			{ name: 'applicant_hash', kind: 'text' },
			{ name: 'submitted_at', kind: 'timestamp', required: true },
			{ name: 'accepted_at', kind: 'timestamp' },
			{ name: 'decided_at', kind: 'timestamp' },
			{ name: 'completed_at', kind: 'timestamp' },
			{ name: 'status', kind: { enum: CASE_STATUSES }, required: true },
			{ name: 'reject_reason', kind: 'text' },
			{ name: 'suspended_days', kind: 'int' },
			{ name: 'visits', kind: 'int' },
			{ name: 'supplement_requests', kind: 'int' },
			{ name: 'tolerance_accepted', kind: 'bool' },
			{ name: 'parallel', kind: 'bool' },
			{ name: 'project_code', kind: 'text' }
		]
	},
	events: {
		key: [],
		columns: [
			{ name: 'case_id', kind: 'text', required: true },
			{ name: 'activity', kind: 'text', required: true },
			{ name: 'ts', kind: 'timestamp', required: true },
			{ name: 'actor', kind: 'text' },
			{ name: 'dept_code', kind: 'text' }
		]
	},
	ratings: {
		key: ['rating_id'],
		columns: [
			{ name: 'rating_id', kind: 'text', required: true },
			{ name: 'case_id', kind: 'text' },
			{ name: 'dept_code', kind: 'text', required: true, ref: 'departments.dept_code' },
			{ name: 'channel', kind: { enum: RATING_CHANNELS } },
			{ name: 'rated_at', kind: 'timestamp', required: true },
			{ name: 'score', kind: 'score', required: true },
			{ name: 'reason', kind: 'text' },
			{ name: 'rectified_at', kind: 'timestamp' },
			{ name: 'is_default', kind: 'bool' }
		]
	},
	calendar: {
		key: ['date'],
		columns: [
			{ name: 'date', kind: 'date', required: true },
			{ name: 'is_workday', kind: 'bool', required: true }
		]
	}
} as const satisfies Record<string, { key: readonly string[]; columns: readonly ColumnDef[] }>;

export type CanonicalTable = keyof typeof CANONICAL;
export const CANONICAL_TABLES = Object.keys(CANONICAL) as CanonicalTable[];

/** Import order inside one batch: referenced tables before the tables that reference them. */
export const TABLE_ORDER: CanonicalTable[] = ['calendar', 'regions', 'departments', 'items', 'projects', 'cases', 'events', 'ratings'];

export function isCanonicalTable(t: string): t is CanonicalTable {
	return (CANONICAL_TABLES as string[]).includes(t);
}

export function quoteIdent(name: string): string {
	return '"' + name.replaceAll('"', '""') + '"';
}

function sqlType(kind: ColumnKind): string {
	if (typeof kind === 'object') return 'VARCHAR';
	return { text: 'VARCHAR', int: 'INTEGER', date: 'DATE', timestamp: 'TIMESTAMP', bool: 'BOOLEAN', score: 'TINYINT', number: 'DOUBLE' }[kind];
}

/**
 * Derived columns, computed at ingest by derive.ts (never by KPI queries):
 * - cases: `start_at` (accepted_at, else submitted_at), `submitted_date`, `completed_date`, `start_wdi`
 *   (cumulative working-day index of date(start_at)), `elapsed_wd` (wd(start, completed_at) − suspended,
 *   floored at 0; null unless completed_at), `limit_days` (item's promised_days, else statutory_days),
 *   `statutory_days` (copied from the item for Σ statutory), `on_time` (elapsed_wd ≤ limit_days),
 *   `attrs` (source attributes, e.g. XES trace attributes), `batch_id` (import batch that stored the row).
 * - regions, departments, items: `origin` — NULL for a row a catalogue import stored, `'export'` for a row a
 *   flat 办件 / 好差评 export created (ingest/catalogue.ts); a later catalogue import of the key clears it.
 * - ratings: `rated_date`, `rated_wdi`, `rectified_wd` (wd(rated_at, rectified_at)).
 * - events: `seq` (order within the case), `attrs`.
 * - projects: `owner_verify` is not a source column: the ingest stores the keyed hash of the verification value
 *   the deployment chose (PROJECT_VERIFY: the last characters of the owner's 统一社会信用代码, or a 查询码
 *   column) for the public progress lookup; the code itself is never stored (ingest/validate.ts).
 * - calendar: `wd_index` (cumulative count of working days up to and including the date), `name`
 *   (holiday name, e.g. 春节), `source` (where the row came from).
 */
const DERIVED: Record<CanonicalTable, string[]> = {
	regions: ['batch_id INTEGER', 'origin VARCHAR'],
	departments: ['batch_id INTEGER', 'origin VARCHAR'],
	items: ['batch_id INTEGER', 'origin VARCHAR'],
	projects: ['batch_id INTEGER'],
	cases: [
		'start_at TIMESTAMP',
		'submitted_date DATE',
		'completed_date DATE',
		'start_wdi INTEGER',
		'elapsed_wd INTEGER',
		'limit_days INTEGER',
		'item_statutory_days INTEGER',
		'on_time BOOLEAN',
		'attrs JSON',
		'batch_id INTEGER'
	],
	events: ['seq INTEGER', 'attrs JSON', 'batch_id INTEGER'],
	ratings: ['rated_date DATE', 'rated_wdi INTEGER', 'rectified_wd INTEGER', 'batch_id INTEGER'],
	calendar: ['wd_index INTEGER', 'name VARCHAR', 'source VARCHAR']
};

/**
 * Fact tables whose key is kept unique by the ingest (the single writer: in-file duplicates rejected,
 * upsert by key) rather than by a PRIMARY KEY: DuckDB's index on a million-row insert nearly doubled the
 * insert's cost (measured 2.5 s vs 1.3 s CPU per 1 M cases), and nothing needs ON CONFLICT on them.
 */
export const INGEST_KEYED: readonly CanonicalTable[] = ['cases', 'ratings'];

export function tableDdl(table: CanonicalTable, name: string = table, temp = false): string {
	const def = CANONICAL[table];
	const cols = def.columns.map((c) => `${quoteIdent(c.name)} ${sqlType(c.kind)}`);
	const extra = DERIVED[table];
	const pk = def.key.length && !temp && !INGEST_KEYED.includes(table) ? [`PRIMARY KEY (${def.key.map(quoteIdent).join(', ')})`] : [];
	return `CREATE ${temp ? 'TEMP ' : ''}TABLE IF NOT EXISTS ${quoteIdent(name)} (${[...cols, ...extra, ...pk].join(', ')})`;
}

export const SCHEMA_VERSION = 1;

const HOUSEKEEPING = [
	`CREATE TABLE IF NOT EXISTS meta (key VARCHAR PRIMARY KEY, value VARCHAR)`,
	`CREATE SEQUENCE IF NOT EXISTS import_batch_seq START 1`,
	`CREATE TABLE IF NOT EXISTS import_batches (
		batch_id INTEGER PRIMARY KEY, started_at TIMESTAMP, finished_at TIMESTAMP, status VARCHAR,
		files INTEGER, rows_read BIGINT, rows_stored BIGINT, rows_rejected BIGINT, duration_ms INTEGER,
		username VARCHAR, message VARCHAR)`,
	`CREATE TABLE IF NOT EXISTS import_files (
		batch_id INTEGER, file_name VARCHAR, content_hash VARCHAR, table_name VARCHAR, format VARCHAR,
		encoding VARCHAR, profile VARCHAR, rows_read BIGINT, rows_stored BIGINT, rows_unchanged BIGINT,
		rows_rejected BIGINT, duration_ms INTEGER, skipped BOOLEAN, message VARCHAR)`,
	`CREATE TABLE IF NOT EXISTS rejects (
		batch_id INTEGER, file_name VARCHAR, table_name VARCHAR, row_number BIGINT, column_name VARCHAR,
		value VARCHAR, reason VARCHAR, detail VARCHAR)`,
	// reason = stable code (ingest/reasons.ts); detail = its parameter, e.g. the first row of a duplicate key
	`ALTER TABLE rejects ADD COLUMN IF NOT EXISTS detail VARCHAR`
];

/** Columns added after a table's first release: databases created before get them on open (appended last). */
const ADDED_COLUMNS = [
	`ALTER TABLE ratings ADD COLUMN IF NOT EXISTS is_default BOOLEAN`,
	`ALTER TABLE regions ADD COLUMN IF NOT EXISTS origin VARCHAR`,
	`ALTER TABLE departments ADD COLUMN IF NOT EXISTS origin VARCHAR`,
	`ALTER TABLE items ADD COLUMN IF NOT EXISTS origin VARCHAR`,
	`ALTER TABLE items ADD COLUMN IF NOT EXISTS stage VARCHAR`,
	`ALTER TABLE cases ADD COLUMN IF NOT EXISTS project_code VARCHAR`
];

export async function ensureSchema(conn: DuckDBConnection): Promise<void> {
	for (const sql of HOUSEKEEPING) await conn.run(sql);
	for (const t of CANONICAL_TABLES) await conn.run(tableDdl(t));
	for (const sql of ADDED_COLUMNS) await conn.run(sql);
	await conn.run(`CREATE INDEX IF NOT EXISTS events_case ON events (case_id)`);
	await conn.run(
		`INSERT INTO meta VALUES ('schema_version', $1) ON CONFLICT (key) DO UPDATE SET value = excluded.value`,
		[String(SCHEMA_VERSION)]
	);
	await conn.run(`INSERT INTO meta VALUES ('data_version', '0') ON CONFLICT (key) DO NOTHING`);
	await seedCalendar(conn);
}

/** Monotonic counter bumped by every committed write of analytics data; caches key on it. */
export async function bumpDataVersion(conn: DuckDBConnection): Promise<void> {
	await conn.run(`UPDATE meta SET value = CAST(CAST(value AS BIGINT) + 1 AS VARCHAR) WHERE key = 'data_version'`);
}
