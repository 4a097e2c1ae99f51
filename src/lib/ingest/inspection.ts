/**
 * What the mapping screen is told about an uploaded file before anything is imported: per part (file or sheet)
 * the header row found, a proposed column per header, the first rows, the required columns still missing and
 * the coded values the mapping profile does not know. Client-safe: the server builds it
 * (server/ingest/inspect.ts), MappingEditor.svelte shows it.
 */

export interface InspectColumn {
	index: number;
	header: string;
	column: string | null;
	source: 'explicit' | 'alias' | 'proposed' | 'none';
	confidence: number;
}

/** One part; `Table` is the server's canonical table type (a string in the browser). */
export interface InspectPart<Table extends string = string> {
	file: string;
	label?: string;
	table: Table | null;
	headerRow: number;
	headers: string[];
	sample: (string | null)[][];
	rows: number;
	columns: InspectColumn[];
	missing: string[];
	conflicts: { column: string; headers: string[] }[];
	unknownValues: { column: string; header: string; values: { value: string; count: number }[] }[];
}
