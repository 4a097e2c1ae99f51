/**
 * SQL expressions that parse one raw VARCHAR column into its canonical type and name the failure.
 * Everything here is set-based DuckDB SQL evaluated over the staging relation: no per-row JavaScript.
 *
 * Each builder takes `r`, the trimmed raw value (NULL when empty), and returns
 *   value: SQL for the typed value (NULL when absent or unparseable), and
 *   error: SQL for the reject code (NULL when the value is fine), given the typed value as `v`.
 * Only literals from the profile's value maps and fixed patterns are embedded, always quoted.
 */
import type { ColumnDef } from '../analytics/schema';
import { CALENDAR_FROM, CALENDAR_TO } from '../analytics/calendar';

export const sqlString = (s: string) => `'${s.replaceAll("'", "''")}'`;

/** Whitespace trimmed from every cell: ASCII blanks, full-width space, BOM, NBSP. */
const BLANKS = sqlString(' \t\r\n\u3000\ufeff\u00a0');

export function trimmedRaw(col: string): string {
	return `nullif(trim(${col}, ${BLANKS}), '')`;
}

/** Offset at the end of a timestamp: Z, +08, +0800, +08:00 (only after a time of day). */
const OFFSET_RE = sqlString('[T ]?[0-9]{1,2}:[0-9]{2}(:[0-9]{2}([.,][0-9]+)?)?\\s*(Z|[+-][0-9]{2}(:?[0-9]{2})?)$');

/**
 * Timestamp text → local naive TIMESTAMP.
 * Fast path: DuckDB's own cast (ISO forms, `2018-3-5 9:02`). It silently drops offsets, so strings that
 * may carry one (cheap pre-check, then a regex) go through TIMESTAMPTZ and `timezone(tz, …)`. The rest
 * (`2018/3/5`, `2018.3.5`, `2018年3月5日`, `20180305`, with optional time; Excel serial days) are
 * rewritten to ISO and cast again. Impossible dates (2018-02-30) stay NULL.
 */
export function timestampValue(r: string, tz: string): string {
	const maybeOffset = `(right(${r}, 1) IN ('Z', 'z') OR contains(${r}, '+') OR (length(${r}) > 19 AND contains(substr(${r}, 12), '-')))`;
	const withOffset = `timezone(${sqlString(tz)}, try_cast(replace(upper(${r}), ',', '.') AS TIMESTAMPTZ))`;
	const rewritten = `trim(regexp_replace(regexp_replace(translate(${r}, '/年月日', '--- '),
		'^([0-9]{4})[.]([0-9]{1,2})[.]([0-9]{1,2})', '\\1-\\2-\\3'), '^([0-9]{4})([0-9]{2})([0-9]{2})', '\\1-\\2-\\3'))`;
	const serial = `CASE WHEN regexp_full_match(${r}, '[0-9]{5}([.][0-9]+)?')
		THEN TIMESTAMP '1899-12-30 00:00:00' + to_seconds(CAST(round(CAST(${r} AS DOUBLE) * 86400) AS BIGINT)) END`;
	return `CASE WHEN ${r} IS NULL THEN NULL
		WHEN ${maybeOffset} AND regexp_matches(${r}, ${OFFSET_RE}) THEN ${withOffset}
		ELSE coalesce(try_cast(${r} AS TIMESTAMP), try_cast(${rewritten} AS TIMESTAMP), ${serial}) END`;
}

const outOfRange = (v: string) =>
	`${v} < TIMESTAMP '${CALENDAR_FROM} 00:00:00' OR ${v} >= TIMESTAMP '${CALENDAR_TO} 00:00:00' + INTERVAL 1 DAY`;

export function intValue(r: string): string {
	// DuckDB rounds '3.5' to 4 on cast: fractions are checked on DOUBLE instead.
	return `CASE WHEN ${r} IS NULL THEN NULL
		WHEN contains(${r}, '.') OR contains(${r}, 'e') OR contains(${r}, 'E')
			THEN CASE WHEN try_cast(${r} AS DOUBLE) = floor(try_cast(${r} AS DOUBLE)) AND abs(try_cast(${r} AS DOUBLE)) < 2147483648
				THEN CAST(try_cast(${r} AS DOUBLE) AS INTEGER) END
		ELSE try_cast(${r} AS INTEGER) END`;
}

export function mappedValue(r: string, map: Map<string, string>): string {
	if (map.size === 0) return 'CAST(NULL AS VARCHAR)';
	const whens = [...map.entries()].map(([k, v]) => `WHEN ${sqlString(k)} THEN ${sqlString(v)}`).join(' ');
	return `CASE lower(${r}) ${whens} END`;
}

export interface ColumnSql {
	/** typed value */
	value: string;
	/** reject code, given SQL for the typed value `v` and the trimmed raw value `r` */
	error: (v: string, r: string) => string;
	sqlType: string;
}

/**
 * Parse + check for one column. `map` is the profile's value map (enum, bool, score kinds).
 * `required` missing values give `missing_value`; other failures their kind's code.
 */
export function columnSql(col: ColumnDef, r: string, map: Map<string, string>, tz: string, required: boolean): ColumnSql {
	const missing = (r: string) => (required ? `WHEN ${r} IS NULL THEN 'missing_value'` : '');
	const k = col.kind;
	if (k === 'text')
		return { value: r, error: (_v, r) => (required ? `CASE ${missing(r)} END` : 'NULL'), sqlType: 'VARCHAR' };
	if (k === 'int')
		return {
			value: intValue(r),
			error: (v, r) =>
				`CASE ${missing(r)} WHEN ${r} IS NOT NULL AND ${v} IS NULL THEN 'bad_number' WHEN ${v} < 0 THEN 'negative_value' END`,
			sqlType: 'INTEGER'
		};
	if (k === 'timestamp' || k === 'date') {
		const ts = timestampValue(r, tz);
		return {
			value: k === 'date' ? `CAST(${ts} AS DATE)` : ts,
			error: (v, r) =>
				`CASE ${missing(r)} WHEN ${r} IS NOT NULL AND ${v} IS NULL THEN 'bad_date' WHEN ${outOfRange(v)} THEN 'date_out_of_range' END`,
			sqlType: k === 'date' ? 'DATE' : 'TIMESTAMP'
		};
	}
	if (k === 'bool')
		return {
			value: `CAST(${mappedValue(r, map)} AS BOOLEAN)`,
			error: (v, r) => `CASE ${missing(r)} WHEN ${r} IS NOT NULL AND ${v} IS NULL THEN 'unknown_value' END`,
			sqlType: 'BOOLEAN'
		};
	if (k === 'score') {
		const digits = new Map(map);
		for (const d of ['1', '2', '3', '4', '5']) digits.set(d, d);
		return {
			value: `CAST(${mappedValue(r, digits)} AS TINYINT)`,
			error: (v, r) => `CASE ${missing(r)} WHEN ${r} IS NOT NULL AND (${v} IS NULL OR ${v} NOT BETWEEN 1 AND 5) THEN 'unknown_value' END`,
			sqlType: 'TINYINT'
		};
	}
	return {
		value: mappedValue(r, map),
		error: (v, r) => `CASE ${missing(r)} WHEN ${r} IS NOT NULL AND ${v} IS NULL THEN 'unknown_value' END`,
		sqlType: 'VARCHAR'
	};
}
