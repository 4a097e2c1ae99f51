/**
 * The case list's row shape on the client, read lazily from an Arrow table (column vectors, no row
 * objects for rows never shown) or from the server's first-paint JSON rows.
 */
import { tableFromIPC, type Table } from 'apache-arrow';
import { FLAG_IDS, type FlagId } from '$lib/kpi/catalog';

export interface CaseRow {
	case_id: string;
	dept_code: string | null;
	dept_name: string | null;
	item_code: string | null;
	item_name: string | null;
	status: string | null;
	channel: string | null;
	applicant_type: string | null;
	submitted_ms: number | null;
	accepted_ms: number | null;
	completed_ms: number | null;
	elapsed_wd: number | null;
	limit_days: number | null;
	days_left: number | null;
	visits: number | null;
	supplement_requests: number | null;
	flag_bits: number | null;
}

export const CASE_FIELDS: (keyof CaseRow)[] = [
	'case_id',
	'dept_code',
	'dept_name',
	'item_code',
	'item_name',
	'status',
	'channel',
	'applicant_type',
	'submitted_ms',
	'accepted_ms',
	'completed_ms',
	'elapsed_wd',
	'limit_days',
	'days_left',
	'visits',
	'supplement_requests',
	'flag_bits'
];

export interface RowSource {
	length: number;
	at(i: number): CaseRow;
}

export function jsonSource(rows: CaseRow[]): RowSource {
	return { length: rows.length, at: (i) => rows[i] };
}

/** Rows read column-wise from an Arrow IPC stream. */
export function arrowSource(buf: ArrayBuffer | Uint8Array): RowSource & { table: Table } {
	const table = tableFromIPC(buf instanceof Uint8Array ? buf : new Uint8Array(buf));
	const cols = CASE_FIELDS.map((f) => [f, table.getChild(f)] as const);
	return {
		table,
		length: table.numRows,
		at(i: number) {
			const r = {} as Record<string, unknown>;
			for (const [f, v] of cols) r[f] = v ? (v.get(i) ?? null) : null;
			return r as unknown as CaseRow;
		}
	};
}

export function flagList(bits: number | null): FlagId[] {
	if (!bits) return [];
	return FLAG_IDS.filter((_, i) => (bits & (1 << i)) !== 0);
}

/** Stored local wall time (epoch ms read as UTC) → 'YYYY-MM-DD HH:MM'. */
export function msText(ms: number | null): string {
	if (ms === null || !Number.isFinite(ms)) return '—';
	return new Date(ms).toISOString().slice(0, 16).replace('T', ' ');
}
