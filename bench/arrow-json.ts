/**
 * A 100 k-row case list as Arrow IPC vs JSON. The product's endpoint (/api/cases, format=arrow) serves pages of
 * at most 10 000 rows (the parser's limit), so the 100 k figure is taken in-process with the product's own
 * functions on the bench database — `caseListArrow` (DuckDB columns → Arrow vectors → IPC stream) vs
 * `caseListRows` (the same list as row objects through convert.ts) + JSON.stringify — and the "browser" parse is
 * apache-arrow's `tableFromIPC` (reading every column) vs JSON.parse, in Node (the browser runs the same JS
 * libraries; absolute times differ). The HTTP page figure (10 000 rows through the server) is added by run.ts.
 */
import { tableFromIPC } from 'apache-arrow';
import { round } from './load';

export interface Codec {
	bytes: number;
	/** query + encoding on the server side */
	server_ms: number;
	/** decoding a received body and touching every value */
	parse_ms: number;
}

export interface ArrowVsJson {
	rows: number;
	arrow: Codec;
	json: Codec;
	bytes_ratio: number;
	note: string;
	http_page?: { rows: number; status: number; arrow_bytes: number; arrow_ms: number | null } | null;
}

export async function arrowVsJson(
	dbFile: string,
	from: string,
	to: string,
	rows = 100_000
): Promise<ArrowVsJson> {
	const { openAnalytics, closeAllAnalytics } = await import('../src/lib/server/analytics/db');
	const { caseListArrow, caseListRows } = await import('../src/lib/server/analytics/drilldown');
	const { toIpc } = await import('../src/lib/server/analytics/arrow');
	const { periodQuery } = await import('../src/lib/server/analytics/kpi/query');
	const { loadThresholds } = await import('../src/lib/server/analytics/kpi/thresholds');
	const db = await openAnalytics(dbFile);
	try {
		const q = { ...periodQuery(from, to), limit: rows };
		const cq = { q, basis: 'submitted' as const, item: null, status: null };
		const t = loadThresholds();
		await caseListArrow(db, { ...cq, q: { ...q, limit: 10 } }, t); // warm
		let t0 = performance.now();
		const page = await caseListArrow(db, cq, t);
		const ipc = toIpc(page.table);
		const arrowServer = performance.now() - t0;
		t0 = performance.now();
		const { rows: list } = await caseListRows(db, cq, t, rows, false);
		const json = Buffer.from(JSON.stringify(list));
		const jsonServer = performance.now() - t0;

		t0 = performance.now();
		const table = tableFromIPC(ipc);
		let touched = 0;
		for (const f of table.schema.fields) {
			const col = table.getChild(f.name)!;
			for (let i = 0; i < col.length; i++) if (col.get(i) !== null) touched++;
		}
		const arrowParse = performance.now() - t0;
		t0 = performance.now();
		const parsed = JSON.parse(json.toString('utf8')) as Record<string, unknown>[];
		let jt = 0;
		for (const r of parsed) for (const k in r) if (r[k] !== null) jt++;
		const jsonParse = performance.now() - t0;
		if (!touched || !jt) throw new Error('arrow-vs-json: empty list');
		return {
			rows: table.numRows,
			arrow: { bytes: ipc.byteLength, server_ms: round(arrowServer)!, parse_ms: round(arrowParse)! },
			json: { bytes: json.length, server_ms: round(jsonServer)!, parse_ms: round(jsonParse)! },
			bytes_ratio: Math.round((json.length / ipc.byteLength) * 100) / 100,
			note: 'in-process with the product functions (caseListArrow + toIpc vs caseListRows + JSON.stringify); parse = tableFromIPC / JSON.parse in Node, every value read'
		};
	} finally {
		await closeAllAnalytics();
	}
}
