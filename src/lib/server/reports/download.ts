/**
 * GET /api/reports/assessment (and the /reports page's download) without SvelteKit: parse the request (the
 * engine's parser via scope.ts, limited to the user's departments), build the model, render the format,
 * record the export, answer the file. Scheme and thresholds: the administrators' active ones (settings/), as the
 * dashboards use, unless `scheme=` names a stored scheme file. Bad input → 400 JSON `{ error }`; a scope outside the user's
 * departments → 403. The caller authenticates (requireUser) and passes the user's department scope and an
 * `audit` function; the audit row is written before the file is sent (an unrecorded export fails).
 */
import type { Analytics } from '../analytics/db';
import { jsonResponse } from '../analytics/kpi/api';
import { QueryError } from '../analytics/kpi/query';
import { loadNamedScheme, SchemeError } from '../analytics/kpi/scheme';
import { activeScheme, activeThresholds } from '../settings/index';
import type { AssessmentReport, ReportFormat } from '../../reports/types';
import { UnknownTableError } from './csv';
import { contentDisposition, renderReport, reportFileName, WANTS_CHARTS } from './index';
import { buildReport, type NoticeCountsFn } from './model';
import type { TaskSectionFn } from '../tasks/report-section';
import { exportAudit, parseReportRequest, ReportAccessError, type ReportRequest } from './scope';

export interface ReportHttpOptions {
	/** The user's department codes (department users); null = every department. */
	deptScope: string[] | null;
	noticeCounts?: NoticeCountsFn | null;
	/** The report's 改革任务推进情况 section (tasks/report-section.ts); absent: none. */
	taskSection?: TaskSectionFn | null;
	/** Records the export (who is the caller's business): awaited before the file is returned. */
	audit: (details: Record<string, unknown>) => Promise<void>;
	defaultFormat?: ReportFormat;
}

/** Parse + build: the model for a request, or an error Response. */
export async function reportFor(
	db: Analytics,
	params: URLSearchParams,
	opts: Pick<ReportHttpOptions, 'deptScope' | 'noticeCounts' | 'taskSection' | 'defaultFormat'> & { charts?: boolean }
): Promise<{ req: ReportRequest; report: AssessmentReport } | Response> {
	let req: ReportRequest | QueryError;
	try {
		req = parseReportRequest(params, { deptScope: opts.deptScope, defaultFormat: opts.defaultFormat });
	} catch (e) {
		if (e instanceof ReportAccessError) return jsonResponse({ error: e.message }, 403);
		throw e;
	}
	if (req instanceof QueryError) return jsonResponse({ error: req.message }, 400);
	try {
		const scheme = req.query.scheme ? loadNamedScheme(req.query.scheme) : activeScheme();
		const report = await buildReport(db, req.query, {
			scheme,
			thresholds: activeThresholds(),
			scope: req.scope,
			lang: req.lang,
			noticeCounts: opts.noticeCounts ?? null,
			taskSection: opts.taskSection ?? null,
			charts: opts.charts ?? WANTS_CHARTS[req.format]
		});
		return { req, report };
	} catch (e) {
		if (e instanceof QueryError || e instanceof SchemeError) return jsonResponse({ error: e.message }, 400);
		throw e;
	}
}

export async function reportResponse(db: Analytics, params: URLSearchParams, opts: ReportHttpOptions): Promise<Response> {
	const built = await reportFor(db, params, opts);
	if (built instanceof Response) return built;
	const { req, report } = built;
	let file;
	try {
		file = await renderReport(report, req.format, { lang: req.lang, table: req.table });
	} catch (e) {
		if (e instanceof UnknownTableError) return jsonResponse({ error: e.message }, 400);
		throw e;
	}
	const name = reportFileName(report, req.format, req.table);
	await opts.audit(exportAudit(req, file.body.length, req.table ? { table: req.table } : {}));
	return new Response(new Uint8Array(file.body), {
		status: 200,
		headers: {
			'content-type': file.contentType,
			'content-disposition': contentDisposition(name),
			'content-length': String(file.body.length),
			'cache-control': 'no-store',
			'x-content-type-options': 'nosniff'
		}
	});
}
