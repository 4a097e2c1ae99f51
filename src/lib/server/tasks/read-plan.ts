/**
 * A plan document on disk → its text (.txt in UTF-8 / UTF-16 / GBK / GB18030, or .docx) → parsePlan. Used by
 * `cli tasks parse` and the plan import (the upload is saved to a temporary file first).
 *
 * Invariants:
 * - Encoding as the ingest decides it: valid UTF-8 ⇒ utf-8, else GB18030 (reported as gbk when no 4-byte
 *   sequence occurs); a UTF-16 byte-order mark is honoured (Word's "Unicode text").
 * - Size-limited (MAX_PLAN_BYTES on disk, MAX_DOCX_TEXT_BYTES inflated): a plan is a few dozen pages.
 * - Every refusal is a PlanFileError with a bilingual message naming the file; never a raw stack.
 */
import fs from 'node:fs';
import path from 'node:path';
import { isUtf8 } from 'node:buffer';
import { ZipFormatError } from '../ingest/zip';
import { docxText } from './docx-text';
import { parsePlan, type ParsedPlan, type ParseOptions } from './parse';

export const MAX_PLAN_BYTES = 10 << 20;
/** Inflated bytes read from a .docx (document.xml + numbering.xml). */
const MAX_DOCX_TEXT_BYTES = 64 << 20;

export type PlanFormat = 'txt' | 'docx';
export type PlanEncoding = 'utf-8' | 'utf-16le' | 'utf-16be' | 'gbk' | 'gb18030';

export interface PlanFile {
	text: string;
	format: PlanFormat;
	/** The text file's encoding; null for .docx (always UTF-8 XML). */
	encoding: PlanEncoding | null;
}

export class PlanFileError extends Error {}

/** Whether GBK-looking bytes hold a 4-byte GB18030 sequence (lead 0x81–0xFE, then 0x30–0x39). */
function hasFourByte(b: Buffer): boolean {
	for (let i = 0; i < b.length - 1; i++) {
		const c = b[i];
		if (c < 0x81 || c === 0xff) continue;
		if (b[i + 1] >= 0x30 && b[i + 1] <= 0x39) return true;
		i++;
	}
	return false;
}

/** Decode a text document's bytes (the ingest's rule, plus UTF-16 with a BOM). */
export function decodePlanText(b: Buffer): { text: string; encoding: PlanEncoding } {
	if (b[0] === 0xff && b[1] === 0xfe) return { text: new TextDecoder('utf-16le').decode(b), encoding: 'utf-16le' };
	if (b[0] === 0xfe && b[1] === 0xff) return { text: new TextDecoder('utf-16be').decode(b), encoding: 'utf-16be' };
	if (isUtf8(b)) return { text: new TextDecoder('utf-8').decode(b), encoding: 'utf-8' };
	return { text: new TextDecoder('gb18030').decode(b), encoding: hasFourByte(b) ? 'gb18030' : 'gbk' };
}

const ZIP_MAGIC = Buffer.from([0x50, 0x4b, 0x03, 0x04]);
const OLE_MAGIC = Buffer.from([0xd0, 0xcf, 0x11, 0xe0]);

export async function readPlanFile(file: string): Promise<PlanFile> {
	const name = path.basename(file);
	let stat: fs.Stats;
	try {
		stat = await fs.promises.stat(file);
	} catch {
		throw new PlanFileError(`无法读取文件 ${name}：文件不存在或无权限 / cannot read ${name}: no such file or no permission`);
	}
	if (!stat.isFile()) throw new PlanFileError(`${name} 不是文件 / ${name} is not a file`);
	if (stat.size > MAX_PLAN_BYTES)
		throw new PlanFileError(
			`文件 ${name} 过大（${(stat.size / 1048576).toFixed(1)} MB，上限 ${MAX_PLAN_BYTES >> 20} MB） / ${name} is too large (${(stat.size / 1048576).toFixed(1)} MB, limit ${MAX_PLAN_BYTES >> 20} MB)`
		);
	const bytes = await fs.promises.readFile(file);
	const ext = path.extname(file).toLowerCase();
	if (ext === '.doc' || bytes.subarray(0, 4).equals(OLE_MAGIC))
		throw new PlanFileError(
			`${name} 是旧版 Word 文档（.doc），请另存为 .docx 或纯文本后再导入 / ${name} is a legacy Word file (.doc): save it as .docx or plain text first`
		);
	let out: PlanFile;
	if (ext === '.docx' || bytes.subarray(0, 4).equals(ZIP_MAGIC)) {
		try {
			out = { text: await docxText(file, { remaining: MAX_DOCX_TEXT_BYTES }), format: 'docx', encoding: null };
		} catch (e) {
			const why = e instanceof ZipFormatError ? e.message : (e as Error).message;
			throw new PlanFileError(`无法读取 Word 文档 ${name}：${why} / cannot read the Word document ${name}: ${why}`);
		}
	} else {
		const d = decodePlanText(bytes);
		if (d.text.includes('\u0000'))
			throw new PlanFileError(`${name} 不是文本文件或 .docx / ${name} is neither a text file nor a .docx`);
		out = { text: d.text, format: 'txt', encoding: d.encoding };
	}
	if (!out.text.trim()) throw new PlanFileError(`文件 ${name} 没有文字内容 / ${name} holds no text`);
	return out;
}

/** Read and parse a plan document; throws PlanFileError when it cannot be read (a plan without tasks is no error). */
export async function parsePlanFile(
	file: string,
	opts?: ParseOptions
): Promise<{ plan: ParsedPlan; format: PlanFormat; encoding: PlanEncoding | null }> {
	const f = await readPlanFile(file);
	return { plan: parsePlan(f.text, opts), format: f.format, encoding: f.encoding };
}
