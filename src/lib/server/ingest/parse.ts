/**
 * SQL expressions that parse one raw VARCHAR column into its canonical type and name the failure.
 * Everything here is set-based DuckDB SQL evaluated over the staging relation: no per-row JavaScript.
 *
 * Each builder takes `x`, the raw cell text, and returns
 *   value: SQL for the typed value (NULL when blank or unparseable), and
 *   error: SQL for the reject code (NULL when the value is fine), given the typed value `v`.
 * Fast paths work on the raw cell (DuckDB's casts skip ASCII blanks); only failing cells are trimmed.
 * Only literals from the profile's value maps and fixed patterns are embedded, always quoted.
 */
import type { ColumnDef } from '../analytics/schema';
import { CALENDAR_FROM, CALENDAR_TO } from '../analytics/calendar/working-days';

export const sqlString = (s: string) => `'${s.replaceAll("'", "''")}'`;

/** Whitespace trimmed from every cell: ASCII blanks, full-width space, BOM, NBSP. */
const BLANK_CHARS = [' ', '\t', '\r', '\n', '\u3000', '\ufeff', '\u00a0'];
const BLANKS = sqlString(BLANK_CHARS.join(''));
const BLANK_CODES = '(32, 9, 13, 10, 12288, 65279, 160)';

/**
 * Trimmed text, NULL when empty. Building new strings is what costs in DuckDB, so the trim only runs
 * on cells that start or end with a blank (cheap code-point / suffix tests); others pass through as is.
 */
export function trimmedRaw(x: string): string {
	const ends = BLANK_CHARS.map((c) => `suffix(${x}, '${c}')`).join(' OR ');
	return `CASE WHEN ${x} = '' THEN NULL WHEN ord(${x}) IN ${BLANK_CODES} OR ${ends} THEN nullif(trim(${x}, ${BLANKS}), '') ELSE ${x} END`;
}

/** Trimmed text for slow paths only (always trims). */
function trimAlways(x: string): string {
	return `nullif(trim(${x}, ${BLANKS}), '')`;
}

/** Offset at the end of a timestamp: Z, +08, +0800, +08:00 (only after a time of day). */
const OFFSET_RE = sqlString(
	'[T ]?[0-9]{1,2}:[0-9]{2}(:[0-9]{2}([.,][0-9]+)?)?\\s*(Z|[+-][0-9]{2}(:?[0-9]{2})?)$'
);

/**
 * Timestamp text → local naive TIMESTAMP.
 * Fast path: DuckDB's own cast (ISO forms, `2018-3-5 9:02`). It silently drops offsets, so strings that
 * may carry one (cheap pre-check, then a regex) go through TIMESTAMPTZ and `timezone(tz, …)`. The rest
 * (`2018/3/5`, `2018.3.5`, `2018年3月5日`, `20180305`, with optional time; Excel serial days) are
 * rewritten to ISO and cast again. Impossible dates (2018-02-30) stay NULL.
 */
export function timestampValue(x: string, tz: string): string {
	const r = trimAlways(x);
	const maybeOffset = `(suffix(${x}, 'Z') OR suffix(${x}, 'z') OR contains(${x}, '+') OR (length(${x}) > 19 AND contains(substr(${x}, 12), '-')))`;
	// DuckDB wants the offset glued to the time and the seconds present: '14:02 +08:00' → '14:02:00+08:00'.
	const glued = `regexp_replace(regexp_replace(replace(upper(${r}), ',', '.'), '\\s+(Z|[+-])', '\\1'), '([T ][0-9]{1,2}:[0-9]{2})(Z|[+-])', '\\1:00\\2')`;
	const withOffset = `timezone(${sqlString(tz)}, try_cast(${glued} AS TIMESTAMPTZ))`;
	const rewritten = `trim(regexp_replace(regexp_replace(translate(${r}, '/年月日', '--- '),
		'^([0-9]{4})[.]([0-9]{1,2})[.]([0-9]{1,2})', '\\1-\\2-\\3'), '^([0-9]{4})([0-9]{2})([0-9]{2})', '\\1-\\2-\\3'))`;
	const serial = `CASE WHEN regexp_full_match(${r}, '[0-9]{5}([.][0-9]+)?')
		THEN TIMESTAMP '1899-12-30 00:00:00' + to_seconds(CAST(round(CAST(${r} AS DOUBLE) * 86400) AS BIGINT)) END`;
	return `CASE WHEN ${x} IS NULL THEN NULL
		WHEN ${maybeOffset} AND regexp_matches(${r}, ${OFFSET_RE}) THEN ${withOffset}
		ELSE coalesce(try_cast(${x} AS TIMESTAMP), try_cast(${rewritten} AS TIMESTAMP), ${serial}) END`;
}

const outOfRange = (v: string) =>
	`${v} < TIMESTAMP '${CALENDAR_FROM} 00:00:00' OR ${v} >= TIMESTAMP '${CALENDAR_TO} 00:00:00' + INTERVAL 1 DAY`;

export function intValue(x: string): string {
	// DuckDB rounds '3.5' to 4 on cast: anything with a fraction or exponent is checked on DOUBLE instead.
	const r = trimAlways(x);
	return `CASE WHEN ${x} IS NULL THEN NULL
		WHEN contains(${x}, '.') OR contains(${x}, 'e') OR contains(${x}, 'E')
			THEN CASE WHEN try_cast(${r} AS DOUBLE) = floor(try_cast(${r} AS DOUBLE)) AND abs(try_cast(${r} AS DOUBLE)) < 2147483648
				THEN CAST(try_cast(${r} AS DOUBLE) AS INTEGER) END
		ELSE coalesce(try_cast(${x} AS INTEGER), try_cast(${r} AS INTEGER)) END`;
}

/** A decimal amount (e.g. 投资额 in 万元): `12500.5`, `12,500.5`, `１２５００`; thousands separators dropped. */
export function numberValue(x: string): string {
	const r = `replace(replace(${trimAlways(x)}, ',', ''), '，', '')`;
	return `CASE WHEN ${x} IS NULL THEN NULL ELSE try_cast(${r} AS DOUBLE) END`;
}

/** Label → canonical value: exact match first (cheap), then trimmed and case-insensitive. */
export function mappedValue(x: string, map: Map<string, string>): string {
	if (map.size === 0) return 'CAST(NULL AS VARCHAR)';
	const exact = new Map<string, string>();
	for (const [k, v] of map) {
		exact.set(k, v);
		exact.set(v, v);
	}
	const whens = (m: Map<string, string>) =>
		[...m.entries()].map(([k, v]) => `WHEN ${sqlString(k)} THEN ${sqlString(v)}`).join(' ');
	// CASE … ELSE, not coalesce(): measured, DuckDB evaluated coalesce's fallback on every row.
	return `CASE ${x} ${whens(exact)} ELSE CASE lower(${trimAlways(x)}) ${whens(map)} END END`;
}

export interface ColumnSql {
	/** typed value */
	value: string;
	/** reject code (NULL when fine), given SQL for the typed value `v` and the raw cell `x` */
	error: (v: string, x: string) => string;
	sqlType: string;
}

/**
 * Parse + check for one column from its raw cell `x`. `map` is the profile's value map (enum, bool, score).
 * A blank cell is `missing_value` when the column is required, else NULL; other failures their kind's code.
 * The checks only look at the raw cell (a trim) on rows whose value is NULL.
 */
export function columnSql(
	col: ColumnDef,
	x: string,
	map: Map<string, string>,
	tz: string,
	required: boolean
): ColumnSql {
	const blank = (x: string) => `${x} IS NULL OR ${trimAlways(x)} IS NULL`;
	const miss = required ? `'missing_value'` : 'NULL';
	const failed =
		(code: string, okChecks = '') =>
		(v: string, x: string) =>
			`CASE WHEN ${v} IS NOT NULL THEN ${okChecks ? okChecks.replaceAll('$v', v) : 'NULL'} WHEN ${blank(x)} THEN ${miss} ELSE '${code}' END`;
	const k = col.kind;
	if (k === 'text')
		return {
			value: trimmedRaw(x),
			error: (v) => (required ? `CASE WHEN ${v} IS NULL THEN 'missing_value' END` : 'NULL'),
			sqlType: 'VARCHAR'
		};
	if (k === 'int')
		return {
			value: intValue(x),
			error: failed('bad_number', `CASE WHEN $v < 0 THEN 'negative_value' END`),
			sqlType: 'INTEGER'
		};
	if (k === 'number')
		return {
			value: numberValue(x),
			error: failed('bad_number', `CASE WHEN $v < 0 THEN 'negative_value' END`),
			sqlType: 'DOUBLE'
		};
	if (k === 'timestamp' || k === 'date') {
		const ts = timestampValue(x, tz);
		return {
			value: k === 'date' ? `CAST(${ts} AS DATE)` : ts,
			error: failed('bad_date', `CASE WHEN ${outOfRange('$v')} THEN 'date_out_of_range' END`),
			sqlType: k === 'date' ? 'DATE' : 'TIMESTAMP'
		};
	}
	if (k === 'bool')
		return {
			value: `CAST(${mappedValue(x, map)} AS BOOLEAN)`,
			error: failed('unknown_value'),
			sqlType: 'BOOLEAN'
		};
	if (k === 'score') {
		const digits = new Map(map);
		for (const d of ['1', '2', '3', '4', '5']) digits.set(d, d);
		return {
			value: `CAST(${mappedValue(x, digits)} AS TINYINT)`,
			error: failed('unknown_value'),
			sqlType: 'TINYINT'
		};
	}
	return { value: mappedValue(x, map), error: failed('unknown_value'), sqlType: 'VARCHAR' };
}
