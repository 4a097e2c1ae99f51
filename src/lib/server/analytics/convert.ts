/**
 * The one boundary where DuckDB values become JSON-safe JavaScript: BIGINT/HUGEINT → number
 * (string when beyond 2^53), DECIMAL → number, DATE → 'YYYY-MM-DD', TIMESTAMP → 'YYYY-MM-DDTHH:MM:SS'
 * (local wall time, no offset, as stored), LIST/STRUCT recursively. Everything that leaves the
 * analytics layer as rows goes through here.
 */
import {
	DuckDBDateValue,
	DuckDBDecimalValue,
	DuckDBListValue,
	DuckDBStructValue,
	DuckDBTimestampValue,
	DuckDBTimestampTZValue,
	DuckDBTimestampMillisecondsValue,
	DuckDBTimestampSecondsValue,
	DuckDBTimestampNanosecondsValue,
	DuckDBMapValue,
	DuckDBArrayValue,
	type DuckDBValue
} from '@duckdb/node-api';

export type JsonValue = string | number | boolean | null | JsonValue[] | { [k: string]: JsonValue };
export type Row = Record<string, JsonValue>;

const MAX_SAFE = BigInt(Number.MAX_SAFE_INTEGER);
const MIN_SAFE = BigInt(Number.MIN_SAFE_INTEGER);

function timestampText(v: { toString(): string }): string {
	// DuckDB prints 'YYYY-MM-DD HH:MM:SS[.ffffff]'; ISO 8601 local time uses 'T' and drops a zero fraction.
	return v
		.toString()
		.replace(' ', 'T')
		.replace(/\.0+$/, '');
}

export function toJsonSafe(v: DuckDBValue | undefined): JsonValue {
	if (v === null || v === undefined) return null;
	switch (typeof v) {
		case 'string':
		case 'boolean':
			return v;
		case 'number':
			return Number.isFinite(v) ? v : null;
		case 'bigint':
			return v <= MAX_SAFE && v >= MIN_SAFE ? Number(v) : v.toString();
	}
	if (v instanceof DuckDBDateValue) return v.toString();
	if (
		v instanceof DuckDBTimestampValue ||
		v instanceof DuckDBTimestampMillisecondsValue ||
		v instanceof DuckDBTimestampSecondsValue ||
		v instanceof DuckDBTimestampNanosecondsValue
	)
		return timestampText(v);
	if (v instanceof DuckDBTimestampTZValue) return v.toString();
	if (v instanceof DuckDBDecimalValue) return v.toDouble();
	if (v instanceof DuckDBListValue || v instanceof DuckDBArrayValue) return v.items.map(toJsonSafe);
	if (v instanceof DuckDBStructValue) {
		const out: Record<string, JsonValue> = {};
		for (const [k, x] of Object.entries(v.entries)) out[k] = toJsonSafe(x);
		return out;
	}
	if (v instanceof DuckDBMapValue) {
		const out: Record<string, JsonValue> = {};
		for (const e of v.entries) out[String(toJsonSafe(e.key))] = toJsonSafe(e.value);
		return out;
	}
	return String(v);
}

export function rowsToJson(rows: Record<string, DuckDBValue>[]): Row[] {
	return rows.map((r) => {
		const out: Row = {};
		for (const k in r) out[k] = toJsonSafe(r[k]);
		return out;
	});
}
