/**
 * `cli ingest --db PATH [--table T] [--profile P] [--encoding utf-8|gbk|gb18030] [--json] FILE_OR_DIR...`
 * Imports files (a directory = every supported file in it) as one atomic batch and prints a summary.
 * Exit 0 when the batch was stored (even with rejected rows), 1 with a clear message when it was refused.
 * `--profile NAME` is a profile stored in the app database (the mapping screen's, latest version) or a shipped
 * file in data/profiles; a stored name hides a file of the same name, as in the server.
 */
import fs from 'node:fs';
import path from 'node:path';
import { openAnalytics } from '../../lib/server/analytics/db';
import { getConfig } from '../../lib/server/config';
import {
	importFiles,
	ImportFailedError,
	type ImportSummary,
	type TextEncoding
} from '../../lib/server/ingest/index';
import { closeAppDb, getAppDb } from '../../lib/server/appdb/index';
import { listProfiles, type MappingProfile } from '../../lib/server/ingest/profile';
import { resolveProfile } from '../../lib/server/settings/profiles';
import { opt, parseArgs, requireOpt, UsageError } from '../args';
import type { Command } from '../command';

const ENCODINGS = ['utf-8', 'gbk', 'gb18030'];

/** Width of a string in a terminal (CJK characters take two columns). */
function width(s: string): number {
	let w = 0;
	for (const ch of s)
		w += /[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]/.test(
			ch
		)
			? 2
			: 1;
	return w;
}
/** A stored profile (as data) or the name for the ingest's file lookup (which reports an unknown name). */
async function profileFor(name: string | undefined): Promise<string | MappingProfile | undefined> {
	if (!name) return undefined;
	// no app database yet (a fresh machine, a test directory): nothing is stored, and none is created for this
	const cfg = getConfig();
	if (!cfg.databaseUrl && !fs.existsSync(path.join(cfg.dataDir, 'appdb'))) return name;
	try {
		return (await resolveProfile(await getAppDb(), name)) ?? name;
	} catch (e) {
		// the app database may be unavailable (e.g. locked by a running server): a shipped file still works
		if (listProfiles().includes(name)) return name;
		throw e;
	} finally {
		await closeAppDb();
	}
}

const pad = (s: string, n: number) => s + ' '.repeat(Math.max(0, n - width(s)));

export function formatSummary(s: ImportSummary): string {
	const out: string[] = [];
	out.push(
		`导入批次 / batch ${s.batchId}: ${s.status === 'completed' ? '完成 / completed' : '失败 / failed'} (${(s.durationMs / 1000).toFixed(1)} s)`
	);
	const head = [
		'文件 file',
		'表 table',
		'格式 format',
		'编码 encoding',
		'读取 read',
		'入库 stored',
		'未变 unchanged',
		'拒绝 rejected'
	];
	const rows = s.files.map((f) => [
		f.file,
		f.table ?? '',
		f.format ?? '',
		f.encoding ?? '',
		f.skipped ? '—' : String(f.rowsRead),
		f.skipped ? '—' : String(f.rowsStored),
		f.skipped ? '—' : String(f.rowsUnchanged),
		f.skipped ? '—' : String(f.rowsRejected)
	]);
	const w = head.map((h, i) => Math.max(width(h), ...rows.map((r) => width(r[i]))));
	out.push(head.map((h, i) => pad(h, w[i])).join('  '));
	for (const r of rows) out.push(r.map((c, i) => pad(c, w[i])).join('  '));
	for (const f of s.files) {
		if (f.message) out.push(`  ${f.file}: ${f.message}`);
		if (f.usedHeaders) {
			const used = Object.entries(f.usedHeaders).map(([col, h]) => (h === col ? h : `${h}→${col}`));
			out.push(
				`  ${f.file}: 表头第 ${f.headerRow ?? 1} 行 / header row ${f.headerRow ?? 1}; 使用的列 / used: ${used.join(', ')}`
			);
		}
		if (f.ignoredHeaders.length)
			out.push(`  ${f.file}: 忽略的列 / ignored columns: ${f.ignoredHeaders.join(', ')}`);
	}
	if (s.rejectsTotal) {
		out.push(
			'',
			`拒绝的行（前 ${s.rejects.length} 条，共 ${s.rejectsTotal} 条）/ rejects (first ${s.rejects.length} of ${s.rejectsTotal}):`
		);
		for (const r of s.rejects)
			out.push(
				`  ${r.file} 第 ${r.row} 行 / row ${r.row}, 列 / column「${r.column}」${r.value === null ? '' : ` = "${r.value}"`}: ${r.reason} — ${r.message}`
			);
	}
	if (s.warnings.length) out.push('', '提示 / notes:', ...s.warnings.map((x) => `  ${x}`));
	if (s.completeness?.length)
		out.push('', '数据完整性 / data completeness:', ...s.completeness.map((x) => `  ${x}`));
	return out.join('\n');
}

const command: Command = {
	summary: '导入文件（一个原子批次）/ import files as one atomic batch',
	usage:
		'ingest --db PATH [--table T] [--profile P] [--encoding utf-8|gbk|gb18030] [--user NAME] [--json] FILE_OR_DIR...',
	async run(argv) {
		const a = parseArgs(argv, { values: ['db', 'table', 'profile', 'encoding', 'user'], flags: ['json'] });
		const dbPath = requireOpt(a, 'db');
		if (!a.positionals.length) throw new UsageError('at least one FILE_OR_DIR is required');
		const encoding = opt(a, 'encoding')
			?.toLowerCase()
			.replace(/^utf8$/, 'utf-8');
		if (encoding && !ENCODINGS.includes(encoding))
			throw new UsageError(`--encoding must be one of ${ENCODINGS.join(', ')}`);
		const db = await openAnalytics(dbPath);
		try {
			const profile = await profileFor(opt(a, 'profile'));
			const summary = await importFiles(
				db,
				a.positionals.map((p) => ({ path: p })),
				{
					table: opt(a, 'table'),
					profile,
					encoding: encoding as TextEncoding | undefined,
					username: opt(a, 'user') ?? 'cli'
				}
			);
			console.log(a.options.json ? JSON.stringify(summary, null, 2) : formatSummary(summary));
			return 0;
		} catch (e) {
			if (e instanceof ImportFailedError) {
				if (a.options.json) console.log(JSON.stringify(e.summary, null, 2));
				else if (e.summary.rejectsTotal) console.error(formatSummary(e.summary));
				console.error(`导入失败，未写入任何数据 / import failed, nothing was stored:\n${e.message}`);
				return 1;
			}
			throw e;
		}
	}
};

export default command;
