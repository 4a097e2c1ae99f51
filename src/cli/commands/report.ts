/**
 * `cli report` — the period's assessment report (考核通报) as XLSX, DOCX, PDF or CSV: the same model and
 * renderers as GET /api/reports/assessment, the same parser for period, baseline and scope.
 *
 * Notice counts and the audit row need the app database; when it cannot be opened (e.g. the server holds the
 * embedded one) the report is still written, without the notices table, and a warning says so.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openAnalytics } from '../../lib/server/analytics/db';
import { QueryError } from '../../lib/server/analytics/kpi/query';
import { loadNamedScheme, loadScheme, type Scheme } from '../../lib/server/analytics/kpi/scheme';
import { loadThresholds, type Thresholds } from '../../lib/server/analytics/kpi/thresholds';
import { closeBrowser } from '../../lib/server/reports/browser';
import { renderReport, WANTS_CHARTS } from '../../lib/server/reports/index';
import { buildReport, type NoticeCountsFn } from '../../lib/server/reports/model';
import type { TaskSectionFn } from '../../lib/server/tasks/report-section';
import { exportAudit, parseReportRequest } from '../../lib/server/reports/scope';
import { opt, parseArgs, requireOpt, UsageError } from '../args';
import type { Command } from '../command';

const OPTION_PARAMS: Record<string, string> = {
	from: 'from',
	to: 'to',
	'baseline-from': 'baseline_from',
	'baseline-to': 'baseline_to',
	scope: 'scope',
	format: 'format',
	table: 'table',
	lang: 'lang'
};

interface AppDbAccess {
	scheme: () => Scheme;
	thresholds: () => Thresholds;
	noticeCounts: NoticeCountsFn | null;
	/** 改革任务推进情况 (tasks/report-section.ts); null without the app database. */
	taskSection?: TaskSectionFn | null;
	audit: (details: Record<string, unknown>) => Promise<void>;
	close: () => Promise<void>;
}

async function appDbAccess(enabled: boolean): Promise<AppDbAccess> {
	const none: AppDbAccess = {
		scheme: () => loadScheme(),
		thresholds: () => loadThresholds(),
		noticeCounts: null,
		audit: async () => {},
		close: async () => {}
	};
	if (!enabled) return none;
	try {
		const { getAppDb, closeAppDb } = await import('../../lib/server/appdb/index');
		const { auditAs } = await import('../../lib/server/auth/audit');
		const db = await getAppDb();
		const settings = await import('../../lib/server/settings/index');
		await settings.refreshSettings();
		const { noticeCountsFn } = await import('../../lib/server/notices/counts');
		const noticeCounts: NoticeCountsFn = noticeCountsFn(db);
		const { taskSectionFn } = await import('../../lib/server/tasks/report-section');
		return {
			taskSection: taskSectionFn(db),
			scheme: settings.activeScheme,
			thresholds: settings.activeThresholds,
			noticeCounts,
			audit: (details) => auditAs(db, { username: `cli:${os.userInfo().username}` }, 'export', details),
			close: closeAppDb
		};
	} catch (e) {
		console.error(
			`warning: app database unavailable (${(e as Error).message.split('\n')[0]}); shipped default scheme and thresholds, no notice counts, export not audit-logged`
		);
		return none;
	}
}

const command: Command = {
	summary: 'Assessment report (考核通报) for a period as XLSX, DOCX, PDF or CSV',
	usage:
		'npm run --silent cli -- report --db PATH --from YYYY-MM-DD --to YYYY-MM-DD --format xlsx|docx|pdf|csv --out FILE [--scope jurisdiction|region:CODE|peer_group:NAME|dept:CODE] [--baseline-from D --baseline-to D] [--scheme FILE|NAME] [--thresholds FILE] [--table ID] [--lang zh|en] [--date YYYY-MM-DD] [--issuer TEXT] [--no-appdb]',
	async run(argv) {
		const a = parseArgs(argv, {
			values: ['db', 'out', 'scheme', 'thresholds', 'date', 'issuer', ...Object.keys(OPTION_PARAMS)],
			flags: ['no-appdb']
		});
		if (a.positionals.length) throw new UsageError(`unexpected argument: ${a.positionals[0]}`);
		const out = requireOpt(a, 'out');
		requireOpt(a, 'format');
		const params = new URLSearchParams();
		for (const [o, p] of Object.entries(OPTION_PARAMS)) {
			const v = opt(a, o);
			if (v !== undefined) params.set(p, v);
		}
		const req = parseReportRequest(params);
		if (req instanceof QueryError) throw new UsageError(req.message);
		const date = opt(a, 'date');
		if (date !== undefined && !/^\d{4}-\d{2}-\d{2}$/.test(date))
			throw new UsageError('--date must be YYYY-MM-DD');
		const db = await openAnalytics(opt(a, 'db'), { readOnly: true });
		const app = await appDbAccess(!a.options['no-appdb']);
		// Default: the administrators' active scheme and thresholds (app database), as the server uses them.
		const schemeArg = opt(a, 'scheme');
		const scheme = schemeArg
			? fs.existsSync(schemeArg)
				? loadScheme(schemeArg)
				: loadNamedScheme(schemeArg)
			: app.scheme();
		const thresholds = opt(a, 'thresholds') ? loadThresholds(opt(a, 'thresholds')) : app.thresholds();
		try {
			const report = await buildReport(db, req.query, {
				scheme,
				thresholds,
				scope: req.scope,
				lang: req.lang,
				date,
				issuer: opt(a, 'issuer'),
				noticeCounts: app.noticeCounts,
				taskSection: app.taskSection ?? null,
				charts: WANTS_CHARTS[req.format]
			});
			const file = await renderReport(report, req.format, { lang: req.lang, table: req.table });
			fs.mkdirSync(path.dirname(path.resolve(out)), { recursive: true });
			fs.writeFileSync(out, file.body);
			await app.audit(exportAudit(req, file.body.length, { out: path.resolve(out) }));
			console.error(`${report.meta.title} → ${out} (${file.body.length} bytes)`);
			return 0;
		} finally {
			await Promise.all([closeBrowser(), app.close()]);
		}
	}
};

export default command;
