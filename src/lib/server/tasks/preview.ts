/**
 * The import preview: an uploaded .docx / .txt or pasted text → the parser's plan (tasks/parse.ts) as an
 * editable PlanDraft, each distinct unit name matched to a department (tasks/units.ts: exact, then an
 * unambiguous abbreviation), the parser's doubts kept per task, and — when the office imports over a saved
 * plan — what saving would change (plan.ts diffPlans).
 *
 * Invariant: nothing is saved here; the upload is read through the parser's own file reader (its size limit
 * and encodings) from a private temp file that is always removed.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { AppDb } from '../appdb/index';
import { parsePlan, type ParsedPlan } from './parse';
import { PlanFileError, readPlanFile } from './read-plan';
import { matchUnits } from './units';
import { diffPlans, loadPlanDraft, TaskError, type PlanChange, type PlanDraft } from './plan';

export interface UnitMatch {
	name: string;
	deptCode: string | null;
	how: 'exact' | 'abbreviation' | null;
	candidates: { code: string; name: string }[];
}

export interface Preview {
	draft: PlanDraft;
	warnings: { code: string; message: string }[];
	units: UnitMatch[];
	target: number | null;
	changes: PlanChange[] | null;
}

export const UPLOAD_TYPES = ['docx', 'txt'] as const;

/** Text of an uploaded plan file, read by the parser's reader (extension decides; size limit there). */
export async function readUpload(fileName: string, bytes: Buffer): Promise<string> {
	const ext = path.extname(fileName).slice(1).toLowerCase();
	if (!(UPLOAD_TYPES as readonly string[]).includes(ext)) throw new TaskError(400, '请上传 .docx 或 .txt 文件 / upload a .docx or .txt file');
	const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'plan-'));
	const stored = `${crypto.randomUUID()}.${ext}`;
	const file = path.join(dir, stored);
	try {
		fs.writeFileSync(file, bytes, { mode: 0o600 });
		return (await readPlanFile(file)).text;
	} catch (e) {
		// the reader's messages name the temp file: show the uploader's name instead
		if (e instanceof PlanFileError) throw new TaskError(400, e.message.replaceAll(stored, path.basename(fileName)));
		throw e;
	} finally {
		fs.rmSync(dir, { recursive: true, force: true });
	}
}

export function draftOf(parsed: ParsedPlan, codes: ReadonlyMap<string, string | null>, fallbackTitle: string, sourceName: string): PlanDraft {
	const u = (names: string[]) => names.map((name) => ({ name, deptCode: codes.get(name) ?? null }));
	return {
		title: parsed.title?.trim() || fallbackTitle,
		sourceName,
		groups: parsed.groups,
		tasks: parsed.tasks.map((t) => ({
			number: t.number,
			group: t.group,
			title: t.title,
			text: t.text,
			lead: u(t.lead_units),
			support: u(t.support_units),
			schedule: t.schedule,
			milestones: t.milestones.map((m) => ({ due: m.due, text: m.text })),
			ongoing: t.ongoing,
			issues: t.issues
		}))
	};
}

export async function buildPreview(
	db: AppDb,
	input: { text: string; sourceName: string; target: number | null; today?: string },
	departments: { code: string; name: string }[]
): Promise<Preview> {
	const parsed = parsePlan(input.text, { today: input.today });
	if (!parsed.tasks.length)
		throw new TaskError(400, '未识别到编号任务：请确认文件是实施方案，任务以“1.”“（1）”等编号 / no numbered tasks found in this document');
	const names = [...new Set(parsed.tasks.flatMap((t) => [...t.lead_units, ...t.support_units]))];
	const nameOf = new Map(departments.map((d) => [d.code, d.name]));
	const matched = matchUnits(
		names,
		departments.map((d) => ({ dept_code: d.code, name: d.name }))
	);
	const units: UnitMatch[] = matched.map((m) => ({
		name: m.name,
		deptCode: m.dept_code,
		how: m.how,
		candidates: m.candidates.map((code) => ({ code, name: nameOf.get(code) ?? code }))
	}));
	const codes = new Map(units.map((m) => [m.name, m.deptCode]));
	const draft = draftOf(parsed, codes, input.sourceName.replace(/\.[^.]+$/, '') || '改革实施方案', input.sourceName);
	const changes = input.target ? diffPlans(await loadPlanDraft(db, input.target), draft).changes : null;
	return { draft, warnings: parsed.warnings.map((w) => ({ code: w.code, message: w.message })), units, target: input.target, changes };
}
