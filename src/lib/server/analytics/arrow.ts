/**
 * DuckDB columnar results → Apache Arrow IPC (the binary counterpart of convert.ts, for large lists the
 * browser decodes with apache-arrow). Works column by column on the reader's columns — no row objects.
 *
 * Column kinds are declared by the caller (an allow-list per query): `dict` (low-cardinality text,
 * dictionary-encoded), `text`, `int` (Int32), `float` (Float64), `ms` (epoch milliseconds of the stored
 * local wall time, Float64 — the browser formats it with UTC getters, so no zone shifts it).
 */
import {
	Dictionary,
	Float64,
	Int32,
	Table,
	Utf8,
	makeVector,
	tableToIPC,
	vectorFromArray,
	type Vector
} from 'apache-arrow';
import type { DuckDBConnection } from '@duckdb/node-api';
import type { Params } from './db';

export type ArrowKind = 'dict' | 'text' | 'int' | 'float' | 'ms';

function num(v: unknown): number | null {
	if (v === null || v === undefined) return null;
	if (typeof v === 'number') return v;
	if (typeof v === 'bigint') return Number(v);
	const n = Number(String(v));
	return Number.isFinite(n) ? n : null;
}

function column(values: unknown[], kind: ArrowKind): Vector {
	switch (kind) {
		case 'dict':
			return vectorFromArray(
				values.map((v) => (v === null || v === undefined ? null : String(v))),
				new Dictionary(new Utf8(), new Int32())
			);
		case 'text':
			return vectorFromArray(
				values.map((v) => (v === null || v === undefined ? null : String(v))),
				new Utf8()
			);
		case 'int': {
			if (values.every((v) => v !== null && v !== undefined))
				return makeVector(Int32Array.from(values, (v) => num(v) ?? 0));
			return vectorFromArray(values.map(num), new Int32());
		}
		case 'float':
		case 'ms':
			return vectorFromArray(values.map(num), new Float64());
	}
}

/** Run `sql` and return its result as an Arrow table; `kinds` names every selected column's kind. */
export async function arrowTable(
	conn: DuckDBConnection,
	sql: string,
	params: Params,
	kinds: Record<string, ArrowKind>
): Promise<Table> {
	const reader = await conn.runAndReadAll(sql, params);
	const names = reader.columnNames();
	const cols = reader.getColumns();
	const vectors: Record<string, Vector> = {};
	names.forEach((n, i) => {
		const kind = kinds[n];
		if (!kind) throw new Error(`arrowTable: no kind declared for column ${n}`);
		// An empty result has no column arrays at all.
		vectors[n] = column((cols[i] ?? []) as unknown[], kind);
	});
	return new Table(vectors);
}

export function toIpc(table: Table): Uint8Array {
	return tableToIPC(table, 'stream');
}
