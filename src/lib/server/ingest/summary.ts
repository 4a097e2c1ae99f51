/**
 * What an import takes and what it answers: its inputs and options, progress events, and the summary of
 * the batch (files, counts, first rejects, warnings). Shared by the stages, the CLI, the import jobs and the API.
 */
import type { CanonicalTable } from '../analytics/schema';
import type { MappingProfile } from './profile';
import type { Thresholds } from '../analytics/kpi/thresholds';
import type { ActivityStage, SourceFormat, TextEncoding, XesMapping } from './types';

export interface ImportInput {
	path: string;
	/** Name shown in messages and history (an upload's original file name); default: the file name. */
	displayName?: string;
}

export type ImportStage = 'read' | 'validate' | 'merge' | 'done';

export interface ImportProgress {
	file: string;
	stage: ImportStage;
	fileIndex: number;
	files: number;
	rows?: number;
	bytes?: number;
	totalBytes?: number;
}

export interface ImportOptions {
	/** Target table for sources that do not name one (default: by file name, then by headers). */
	table?: string;
	/** Mapping profile name under data/profiles, or a profile object (default `default-zh`). */
	profile?: string | MappingProfile;
	/** Text encoding override for CSV (default: detected). */
	encoding?: TextEncoding;
	username?: string;
	/** Event logs: activities → stages, and where unit / item come from (else the profile's `xes`). */
	xes?: XesMapping;
	/**
	 * Activity code → canonical stage from the activity names screen (the server passes the stored ones; the CLI
	 * has the profile's `activities`): they fill the stages the XES mapping leaves without a list (profile.ts
	 * `xesWithActivityStages`).
	 */
	activityStages?: Record<string, ActivityStage>;
	/** Run the whole pipeline and answer its summary (status 'preview'), then roll everything back. */
	dryRun?: boolean;
	/**
	 * The thresholds the KPI rollups are kept for, read inside the write transaction (the server passes its
	 * `activeThresholds`, so a rebuild for new thresholds that commits first is followed); default: the file's.
	 */
	thresholds?: () => Thresholds;
	onProgress?: (p: ImportProgress) => void;
}

export interface FileSummary {
	file: string;
	table: CanonicalTable | null;
	format: SourceFormat | null;
	encoding: TextEncoding | null;
	profile: string;
	contentHash: string | null;
	/** 1-based row of the header, as a spreadsheet shows it (when the reader detected it) */
	headerRow?: number;
	/** source headers mapped, by canonical column */
	usedHeaders?: Record<string, string>;
	rowsRead: number;
	rowsStored: number;
	rowsUnchanged: number;
	/** cases older than the stored row (part of rowsUnchanged) */
	rowsStale: number;
	rowsRejected: number;
	skipped: boolean;
	ignoredHeaders: string[];
	durationMs: number;
	message?: string;
}

export interface RejectSummary {
	file: string;
	table: string;
	row: number;
	column: string;
	value: string | null;
	reason: string;
	detail: string | null;
	message: string;
}

export interface ImportSummary {
	batchId: number;
	status: 'completed' | 'failed' | 'preview';
	files: FileSummary[];
	/** the first 20 rejects (rows of the rejects table) */
	rejects: RejectSummary[];
	rejectsTotal: number;
	warnings: string[];
	/** what the data as now loaded can and cannot answer (analytics/completeness.ts), after a committed import */
	completeness?: string[];
	durationMs: number;
	message?: string;
}

/** The import failed and nothing of it was stored; `summary` holds the recorded failed batch. */
export class ImportFailedError extends Error {
	constructor(
		message: string,
		readonly summary: ImportSummary
	) {
		super(message);
	}
}
