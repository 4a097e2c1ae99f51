/**
 * XES event-log reader (IEEE 1849: `.xes`, and `.xes.gz` recognised by the gzip magic bytes, whatever the
 * name says). Streams the file through saxes — nothing but the current trace's bookkeeping is held in
 * memory — and stages two parts with canonical English headers:
 *
 * - `events` (case_id, activity, ts, actor, dept_code, attrs): one row per `<event>`; activity =
 *   `concept:name`, ts = `time:timestamp` exactly as written (ISO 8601 with its offset; the mapping stage
 *   converts offsets to local time), actor = `org:resource`, dept_code = the event attribute named by
 *   `XesMapping.deptAttribute`, else `org:group`; attrs = JSON of every other event attribute (incl.
 *   `lifecycle:transition`). An event without a timestamp gets ts null (the validator rejects it).
 * - `cases` (case_id, item_code, dept_code, submitted_at, accepted_at, decided_at, completed_at, status,
 *   attrs): one row per `<trace>`; case_id = the trace's `concept:name` (null when absent), attrs = JSON of
 *   all trace attributes. Stages: see `XesMapping` and `stageTimes`; status: see `caseStatus`;
 *   item / dept codes: see `traceCodes`.
 *
 * Invariants:
 * - `__row` is the 1-based ordinal of the `<event>` in the file (events part) or of the `<trace>` (cases
 *   part), so a reject points at "the 1234th event" / "the 56th trace".
 * - Declarations (`<extension>`, `<global>`, `<classifier>`) and log-level attributes never become rows;
 *   unknown extensions and attribute types are accepted. Nested attributes are kept in attrs.
 * - Malformed XML → IngestFileError with the line number; staging tables are dropped on any failure.
 * - Text is read as UTF-8 (the encoding every XES producer uses); a BOM is ignored.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { Transform, pipeline, type Readable } from 'node:stream';
import { createGunzip } from 'node:zlib';
import type { DuckDBConnection } from '@duckdb/node-api';
import { SaxesParser, type SaxesTagPlain } from 'saxes';
import { quoteIdent } from '../analytics/schema';
import { StagingWriter } from './staging';
import { ACTIVITY_STAGES, IngestFileError, type ReaderOptions, type StagedFile, type XesMapping } from './types';

export const XES_EVENT_HEADERS = ['case_id', 'activity', 'ts', 'actor', 'dept_code', 'attrs'] as const;
export const XES_CASE_HEADERS = [
	'case_id',
	'item_code',
	'dept_code',
	'submitted_at',
	'accepted_at',
	'decided_at',
	'completed_at',
	'status',
	'region_code',
	'attrs'
] as const;

/**
 * Trace attributes tried, in order, for item_code / dept_code when the mapping names none.
 * `parts` is BPIC 2015's permit type (e.g. "Bouw", "Bouw,Reclame"); the `case:` forms are how pm4py
 * and ProM exports flatten trace attributes. Nothing found → a synthetic code for the whole log.
 */
export const XES_ITEM_ATTRIBUTES = ['item_code', '事项编码', 'case:item_code', 'parts', 'case:parts'];
export const XES_DEPT_ATTRIBUTES = ['dept_code', '部门编码', '办理部门编码', 'case:dept_code', 'org:group'];
export const XES_REGION_ATTRIBUTES = ['region_code', '区划代码', 'case:region_code'];

/** Trace attributes that say whether the case is closed (BPIC 2015: caseStatus G = gesloten, O = open). */
const STATUS_ATTRIBUTES = ['caseStatus', 'case:caseStatus'];
const CLOSED_VALUES = new Set(['g', 'closed', 'completed', 'complete', 'c', '办结', '已办结']);
const OPEN_VALUES = new Set(['o', 'open', 'in_progress', 'running', '在办']);

const GZIP_MAGIC = [0x1f, 0x8b];
const DECLARATIONS = new Set(['extension', 'global', 'classifier']);
const ATTRIBUTE_TYPES = new Set(['string', 'date', 'int', 'float', 'boolean', 'id', 'list', 'container']);

/** Is this file gzip-compressed (by its first two bytes, not its name)? */
export async function isGzipFile(file: string): Promise<boolean> {
	const fh = await fs.promises.open(file, 'r');
	try {
		const buf = Buffer.alloc(2);
		const { bytesRead } = await fh.read(buf, 0, 2, 0);
		return bytesRead === 2 && buf[0] === GZIP_MAGIC[0] && buf[1] === GZIP_MAGIC[1];
	} finally {
		await fh.close();
	}
}

/** `.xes` / `.xes.gz` (case-insensitive): the names the orchestrator sends here. */
export function isXesFileName(name: string): boolean {
	return /\.xes(\.gz)?$/i.test(name);
}

/** Synthetic code for a log without item / department attributes: `XES:<log name>` (extension dropped). */
export function syntheticLogCode(logName: string): string {
	return `XES:${logName.replace(/\.gz$/i, '').replace(/\.xes$/i, '')}`;
}

interface AttrNode {
	key: string;
	type: string;
	value: string | undefined;
	children?: AttrNode[];
}

type Attrs = Map<string, AttrNode>;

type Frame =
	| { kind: 'log' | 'trace' | 'event'; attrs: Attrs }
	| { kind: 'attr'; node: AttrNode }
	| { kind: 'values'; node: AttrNode }
	| { kind: 'skip' };

function scalar(node: AttrNode): unknown {
	const v = node.value;
	if (v === undefined) return null;
	switch (node.type) {
		case 'int': {
			const n = Number(v);
			return Number.isSafeInteger(n) ? n : v;
		}
		case 'float': {
			const n = Number(v);
			return v.trim() !== '' && Number.isFinite(n) ? n : v;
		}
		case 'boolean':
			return v === 'true' ? true : v === 'false' ? false : v;
		default:
			return v;
	}
}

/** JSON form of one attribute: a scalar; a list → array; a container or nested attributes → object. */
function attrJson(node: AttrNode): unknown {
	const kids = node.children;
	if (node.type === 'list') return (kids ?? []).map(attrJson);
	if (node.type === 'container') return attrsObject(kids ?? []);
	if (!kids?.length) return scalar(node);
	return { value: scalar(node), children: attrsObject(kids) };
}

function attrsObject(nodes: Iterable<AttrNode>, skip?: Set<string>): Record<string, unknown> {
	const out: Record<string, unknown> = {};
	for (const n of nodes) if (!skip?.has(n.key)) out[n.key] = attrJson(n);
	return out;
}

function str(attrs: Attrs, key: string | undefined): string | null {
	if (!key) return null;
	const v = attrs.get(key)?.value;
	return v === undefined ? null : v;
}

function firstOf(attrs: Attrs, keys: readonly string[]): string | null {
	for (const k of keys) {
		const v = str(attrs, k);
		if (v !== null && v.trim() !== '') return v;
	}
	return null;
}

/** Earliest (by instant) event among those matching a stage; first in file order on ties. */
interface Mark {
	ms: number;
	ts: string;
}

function earlier(a: Mark | null, ms: number, ts: string): Mark {
	return a && a.ms <= ms ? a : { ms, ts };
}

/** Per-trace accumulation: constant size whatever the number of events. */
class TraceState {
	attrs: Attrs = new Map();
	caseId: string | null = null;
	first: Mark | null = null;
	last: Mark | null = null;
	stages: Record<'submitted' | 'accepted' | 'decided' | 'completed', Mark | null> = {
		submitted: null,
		accepted: null,
		decided: null,
		completed: null
	};
	/** Event rows seen before the trace's concept:name (rare: attributes normally come first). */
	pending: { row: (string | null)[]; ordinal: number }[] = [];
	constructor(readonly ordinal: number) {}

	noteEvent(activity: string | null, ts: string | null, mapping: XesMapping | undefined): void {
		if (ts === null) return;
		const ms = Date.parse(ts);
		if (Number.isNaN(ms)) return;
		this.first = earlier(this.first, ms, ts);
		if (!this.last || this.last.ms <= ms) this.last = { ms, ts };
		if (!mapping || activity === null) return;
		for (const stage of ACTIVITY_STAGES) {
			if (mapping[stage]?.includes(activity)) this.stages[stage] = earlier(this.stages[stage], ms, ts);
		}
	}
}

/**
 * Stage timestamps of a trace. A stage the mapping lists activities for takes the earliest matching event
 * (null when none occurred); a stage without a list takes the default: submitted = accepted = the earliest
 * event, completed = the latest event, decided = null.
 */
function stageTimes(t: TraceState, mapping: XesMapping | undefined) {
	const pick = (stage: keyof TraceState['stages'], fallback: Mark | null) =>
		(mapping?.[stage]?.length ? t.stages[stage] : fallback)?.ts ?? null;
	return {
		submitted: pick('submitted', t.first),
		accepted: pick('accepted', t.first),
		decided: pick('decided', null),
		completed: pick('completed', t.last)
	};
}

/**
 * completed when there is a completion time and the log does not say the case is still open
 * (caseStatus G/closed → completed, O/open → in_progress, any other value or no attribute → by the
 * completion time alone); in_progress otherwise. An open case keeps no completed_at.
 */
function caseStatus(attrs: Attrs, completed: string | null): 'completed' | 'in_progress' {
	const flag = firstOf(attrs, STATUS_ATTRIBUTES)?.trim().toLowerCase();
	if (flag !== undefined && OPEN_VALUES.has(flag)) return 'in_progress';
	if (flag !== undefined && CLOSED_VALUES.has(flag)) return completed ? 'completed' : 'in_progress';
	return completed ? 'completed' : 'in_progress';
}

/**
 * item_code / dept_code / region_code of a trace: the mapping's attribute when it names one (null when the trace
 * lacks it, so the validator reports the row), otherwise the first well-known attribute present, otherwise the
 * code chosen at import (`itemCode` / `deptCode` / `regionCode`), otherwise — item and unit only — the log's
 * synthetic code `XES:<log name>`. Unknown codes become catalogue rows at the merge (catalogue.ts).
 */
function traceCodes(attrs: Attrs, mapping: XesMapping | undefined, logCode: string) {
	const code = (attr: string | undefined, known: string[], chosen: string | undefined, fallback: string | null) =>
		attr ? str(attrs, attr) : (firstOf(attrs, known) ?? chosen ?? fallback);
	return {
		item: code(mapping?.itemAttribute, XES_ITEM_ATTRIBUTES, mapping?.itemCode, logCode),
		dept: code(mapping?.deptAttribute, XES_DEPT_ATTRIBUTES, mapping?.deptCode, logCode),
		region: code(mapping?.regionAttribute, XES_REGION_ATTRIBUTES, mapping?.regionCode, null)
	};
}

function localName(name: string): string {
	const i = name.indexOf(':');
	return i < 0 ? name : name.slice(i + 1);
}

export async function readXes(
	conn: DuckDBConnection,
	file: string,
	opts: ReaderOptions
): Promise<StagedFile> {
	const display = opts.displayName || path.basename(file);
	const mapping = opts.xes;
	let totalBytes: number;
	let gz: boolean;
	try {
		totalBytes = (await fs.promises.stat(file)).size;
		gz = await isGzipFile(file);
	} catch (e) {
		throw new IngestFileError(display, `无法打开文件 / cannot open file: ${(e as Error).message}`);
	}

	const eventsTable = `${opts.stagingPrefix}_events`;
	const casesTable = `${opts.stagingPrefix}_cases`;
	const events = await StagingWriter.create(conn, eventsTable, XES_EVENT_HEADERS.length);
	let cases: StagingWriter | null = null;
	const hash = createHash('sha256');
	let ok = false;
	try {
		cases = await StagingWriter.create(conn, casesTable, XES_CASE_HEADERS.length);
		const casesW = cases;
		const deptKey = mapping?.deptAttribute;
		const eventSkip = new Set(['concept:name', 'time:timestamp', 'org:resource', deptKey ?? 'org:group']);

		const stack: Frame[] = [];
		let rootSeen = false;
		let logAttrs: Attrs | null = null;
		let logCode: string | null = null;
		let unitFromLogName = false;
		let trace: TraceState | null = null;
		let traceCount = 0;
		let eventCount = 0;
		let eventOrdinal = 0;
		let bytes = 0;
		let lastReport = 0;

		const codeOfLog = () =>
			(logCode ??= syntheticLogCode(str(logAttrs ?? new Map(), 'concept:name') ?? display));

		const writeEvent = (row: (string | null)[], ordinal: number) => events.append(row, ordinal);

		const parser = new SaxesParser<{ xmlns: false; position: true }>({ xmlns: false, position: true });
		parser.on('opentag', (tag: SaxesTagPlain) => {
			const name = localName(tag.name);
			const top = stack[stack.length - 1];
			if (!rootSeen) {
				rootSeen = true;
				if (name !== 'log')
					throw new XesShapeError(
						`不是 XES 日志（根元素 <${tag.name}>）/ not an XES log (root <${tag.name}>)`
					);
				logAttrs = new Map();
				stack.push({ kind: 'log', attrs: logAttrs });
				return;
			}
			if (!top || top.kind === 'skip') return void stack.push({ kind: 'skip' });
			if (top.kind === 'log' && DECLARATIONS.has(name)) return void stack.push({ kind: 'skip' });
			if (name === 'trace' && top.kind === 'log') {
				trace = new TraceState(++traceCount);
				return void stack.push({ kind: 'trace', attrs: trace.attrs });
			}
			if (name === 'event' && top.kind === 'trace') {
				eventOrdinal++;
				return void stack.push({ kind: 'event', attrs: new Map() });
			}
			if (name === 'values' && top.kind === 'attr') {
				return void stack.push({ kind: 'values', node: top.node });
			}
			if (ATTRIBUTE_TYPES.has(name) || (top.kind !== 'log' && tag.attributes.key !== undefined)) {
				const key = tag.attributes.key ?? '';
				const node: AttrNode = { key, type: name, value: tag.attributes.value };
				if (top.kind === 'attr' || top.kind === 'values') (top.node.children ??= []).push(node);
				else top.attrs.set(key, node);
				if (top.kind === 'trace' && key === 'concept:name' && trace) {
					trace.caseId = node.value ?? null;
					for (const p of trace.pending) writeEvent([trace.caseId, ...p.row.slice(1)], p.ordinal);
					trace.pending = [];
				}
				return void stack.push({ kind: 'attr', node });
			}
			stack.push({ kind: 'skip' }); // unknown element (events outside traces, vendor extensions)
		});
		parser.on('closetag', () => {
			const frame = stack.pop();
			if (!frame || frame.kind === 'skip' || frame.kind === 'attr' || frame.kind === 'values') return;
			if (frame.kind === 'event' && trace) {
				const t: TraceState = trace;
				const a = frame.attrs;
				const activity = str(a, 'concept:name');
				const ts = str(a, 'time:timestamp');
				const dept = deptKey ? str(a, deptKey) : str(a, 'org:group');
				const row = [
					t.caseId,
					activity,
					ts,
					str(a, 'org:resource'),
					dept,
					JSON.stringify(attrsObject(a.values(), eventSkip))
				];
				if (t.caseId !== null || t.attrs.has('concept:name')) writeEvent(row, eventOrdinal);
				else t.pending.push({ row, ordinal: eventOrdinal });
				t.noteEvent(activity, ts, mapping);
				eventCount++;
			} else if (frame.kind === 'trace' && trace) {
				const t: TraceState = trace;
				for (const p of t.pending) writeEvent(p.row, p.ordinal);
				const st = stageTimes(t, mapping);
				const status = caseStatus(t.attrs, st.completed);
				const codes = traceCodes(t.attrs, mapping, codeOfLog());
				if (codes.dept === logCode) unitFromLogName = true;
				casesW.append(
					[
						t.caseId,
						codes.item,
						codes.dept,
						st.submitted,
						st.accepted,
						st.decided,
						status === 'completed' ? st.completed : null,
						status,
						codes.region,
						JSON.stringify(attrsObject(t.attrs.values()))
					],
					t.ordinal
				);
				trace = null;
			}
		});

		const source = fs.createReadStream(file);
		const tap = new Transform({
			transform(chunk: Buffer, _enc, cb) {
				hash.update(chunk);
				bytes += chunk.length;
				cb(null, chunk);
			}
		});
		const stream: Readable = gz
			? pipeline(source, tap, createGunzip(), () => {})
			: pipeline(source, tap, () => {});
		const decoder = new TextDecoder('utf-8');
		let started = false;
		try {
			for await (const chunk of stream) {
				let text = decoder.decode(chunk as Buffer, { stream: true });
				if (!started && text.length) {
					started = true;
					if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
				}
				parser.write(text);
				if (opts.onProgress && bytes - lastReport >= 1 << 20) {
					lastReport = bytes;
					opts.onProgress({ file: display, bytes, totalBytes, rows: eventCount });
				}
			}
			parser.write(decoder.decode());
			parser.close();
		} catch (e) {
			if (e instanceof XesShapeError) throw new IngestFileError(display, e.message, parser.line);
			const msg = (e as Error).message;
			if (String((e as { code?: unknown }).code ?? '').startsWith('Z_')) {
				throw new IngestFileError(display, `gzip 数据损坏 / corrupt gzip data: ${msg}`);
			}
			throw new IngestFileError(display, `XML 格式错误 / malformed XML: ${msg}`, parser.line);
		}
		if (!rootSeen) throw new IngestFileError(display, '空文件或不是 XML / empty file or not XML');
		opts.onProgress?.({ file: display, bytes, totalBytes, rows: eventCount });
		events.close();
		casesW.close();
		ok = true;
		const named = !!str(logAttrs ?? new Map(), 'concept:name');
		return {
			file,
			displayName: display,
			format: 'xes',
			encoding: null,
			contentHash: hash.digest('hex'),
			warnings: unitFromLogName
				? [
						`日志未指明办理部门，按${named ? '日志名称' : '文件名'}记为「${logCode}」；同一系统的多份导出请在映射配置的 xes.deptCode 中指定部门 / the log names no unit: its cases are filed under "${logCode}" from the ${named ? 'log name' : 'file name'}; for several extracts of one system set xes.deptCode in a mapping profile`
					]
				: undefined,
			parts: [
				{
					table: 'events',
					stagingTable: eventsTable,
					headers: [...XES_EVENT_HEADERS],
					rows: events.rows,
					label: 'events'
				},
				{
					table: 'cases',
					stagingTable: casesTable,
					headers: [...XES_CASE_HEADERS],
					rows: casesW.rows,
					label: 'cases'
				}
			]
		};
	} finally {
		if (!ok) {
			// Release the appenders and leave no half-filled staging tables behind.
			for (const w of [events, cases]) {
				try {
					w?.close();
				} catch {
					/* the appender may be unusable after a failed append; the table is dropped next */
				}
			}
			for (const t of [eventsTable, casesTable])
				await conn.run(`DROP TABLE IF EXISTS temp.${quoteIdent(t)}`).catch(() => {});
		}
	}
}

/** Well-formed XML that is not an XES log. */
class XesShapeError extends Error {}
