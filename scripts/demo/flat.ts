/**
 * Platform-style flat exports (`--flat`): what a county really holds — one flat 办件 export of its provincial
 * platform (XLSX and/or GBK CSV; 项目代码 and 审批阶段 filled for the park's project cases), one 好差评 export (GBK CSV) and, separately, the 权力清单 (XLSX) it can
 * import later to complete the delegation KPIs. Written into OUT/flat/ from the same case and rating
 * records as the canonical tables (same ids, units, limits, timestamps), so that importing the flat files
 * must give the same case- and rating-based KPIs as importing the canonical ones.
 *
 * Invariants:
 * - every value comes from the generated records; the only extra randomness (which items are exported
 *   without a code, 准予许可 vs 不予许可) is drawn from its own PRNG stream, so the canonical files are
 *   byte-identical with or without --flat, and the CSVs are byte-identical for the same options;
 * - department names are unique (the 好差评 export names its unit only by name), checked at start;
 * - memory stays flat: the XLSX is written by exceljs's streaming WorkbookWriter, one sheet per calendar
 *   year of 申报时间 (cases come in submission order, so each year sheet is committed before the next).
 */
import fs from 'node:fs';
import path from 'node:path';
import { once } from 'node:events';
import ExcelJS from 'exceljs';
import { Rng } from './random';
import type { WorkCalendar } from './calendar';
import type { Department, Region } from './jurisdiction';
import type { Item } from './catalogue';
import type { CaseRec } from './cases';
import type { RatingRec } from './ratings';
import { csvText } from './format';
import { TableWriter } from './writer';
import { generateDemo, type DemoOptions, type DemoSummary } from './generate';

export type FlatFormat = 'csv' | 'xlsx' | 'both';

export const FLAT_DIR = 'flat';
export const FLAT_FILES = {
	casesXlsx: '办件明细.xlsx',
	casesCsv: '办件明细.csv',
	ratingsCsv: '好差评.csv',
	catalogueXlsx: '权力清单.xlsx'
} as const;

/** Column headers of the 办件 export, as a provincial platform names them (DOMAIN.md "Real exports"). */
export const CASE_COLUMNS = [
	'序号',
	'申报号',
	'事项编码',
	'事项名称',
	'实施主体',
	'实施主体编码',
	'申报方式',
	'申请人类型',
	'申报时间',
	'受理时间',
	'办结时间',
	'办理状态',
	'法定办结时限(工作日)',
	'承诺办结时限(工作日)',
	'特殊环节用时(工作日)',
	'跑动次数',
	'补正次数',
	'项目代码',
	'审批阶段'
] as const;

export const RATING_COLUMNS = [
	'评价编号',
	'办件编号',
	'评价部门',
	'评价渠道',
	'评价时间',
	'评价等级',
	'评价方式',
	'差评原因',
	'整改时间'
] as const;

export const CATALOGUE_COLUMNS = [
	'事项编码',
	'事项名称',
	'职权类型',
	'承接部门编码',
	'下放部门编码',
	'下放方式',
	'下放日期',
	'承接日期',
	'取消日期',
	'法定时限',
	'承诺时限',
	'办件类型',
	'可网办',
	'职权依据',
	'文件批次'
] as const;

/** Platform words (the ingest's value vocabulary must know them). */
export const CHANNEL_WORDS = { online: '网上申报', window: '窗口申报', self_service: '自助终端' } as const;
export const APPLICANT_WORDS = { person: '自然人', enterprise: '法人' } as const;
export const STATUS_WORDS = {
	rejected: '不予受理',
	returned: '退件',
	withdrawn: '撤件',
	in_progress: '在办'
} as const;
/** Completed cases: a licence decision (准予许可 / 不予许可) for 行政许可 items, else 已办结. */
export const COMPLETED_WORDS = ['准予许可', '不予许可', '已办结'] as const;
export const RATING_CHANNEL_WORDS = {
	window_device: '窗口评价器',
	online: 'PC端',
	app: '移动端',
	sms: '短信',
	hotline: '12345热线'
} as const;
export const SCORE_WORDS = ['', '非常不满意', '不满意', '基本满意', '满意', '非常满意'] as const;
export const RATING_MODE_WORDS = { active: '主动评价', default: '默认评价' } as const;
/** 审批阶段 of a project case (the profile's stage values); empty for cases of no project. */
export const STAGE_WORDS: Record<string, string> = {
	planning: '立项用地规划许可',
	engineering: '工程建设许可',
	construction: '施工许可',
	acceptance: '竣工验收'
};
const MODE_WORDS = {
	devolved: '下放',
	entrusted: '委托',
	empowered: '赋权',
	cancelled: '取消',
	retained: '保留'
};

const EXPORTED_BY = '系统管理员';
/** Share of items the 办件 export names without a code (known to the ingest by name only). */
const NAME_ONLY_SHARE = 1 / 20;
/** Share of completed 行政许可 cases that end in a refusal decision (不予许可, still `completed`). */
const REFUSAL_SHARE = 0.03;

// One shared style object per kind of cell: exceljs caches a style's id by object identity, and the
// per-cell copies it makes by default cost more than the rest of the row (profiled: 2–3× faster this way).
const PLAIN_STYLE: Partial<ExcelJS.Style> = {};
const DATE_STYLE: Partial<ExcelJS.Style> = { numFmt: 'yyyy-mm-dd hh:mm' };
const DATE_COLS = new Set([9, 10]);

const pad2 = (n: number) => (n < 10 ? '0' + n : String(n));

export interface FlatContext {
	dir: string;
	format: FlatFormat;
	seed: string;
	cal: WorkCalendar;
	regions: Region[];
	departments: Department[];
	items: Item[];
	/** Last day of the period (day number); the export is taken the next morning. */
	to: number;
}

/**
 * Streams cases and ratings into the flat files. Call `addCase` / `addRating` in generation order,
 * `endOfDay` after each day (backpressure) and `close` once; `files` lists what was written (relative to
 * OUT).
 */
export class FlatWriter {
	readonly files: string[] = [];
	private rng: Rng;
	private cal: WorkCalendar;
	private deptName = new Map<string, string>();
	private nameOnly = new Set<Item>();
	private title: string;
	private exportLine: string;
	private csv: TableWriter | null = null;
	private csvRows = 0;
	private ratings: TableWriter;
	private wb: ExcelJS.stream.xlsx.WorkbookWriter | null = null;
	private sheet: ExcelJS.Worksheet | null = null;
	private sheetYear = 0;
	private sheetRows = 0;
	private nextRow = 0;

	constructor(private ctx: FlatContext) {
		this.cal = ctx.cal;
		this.rng = new Rng(`${ctx.seed}:flat`);
		for (const d of ctx.departments) {
			if ([...this.deptName.values()].includes(d.name))
				throw new Error(`department name not unique: ${d.name} (the 好差评 export resolves units by name)`);
			this.deptName.set(d.dept_code, d.name);
		}
		// Name-only items: only those whose name no other item carries, so a name identifies one item.
		const nameCount = new Map<string, number>();
		for (const it of ctx.items) nameCount.set(it.name, (nameCount.get(it.name) ?? 0) + 1);
		const unique = ctx.items.filter((it) => nameCount.get(it.name) === 1);
		const k = Math.round(ctx.items.length * NAME_ONLY_SHARE);
		for (const it of this.rng.shuffled(unique).slice(0, k)) this.nameOnly.add(it);

		const city = ctx.regions.find((r) => r.level === 'city') ?? ctx.regions[0];
		this.title = `${city.name}政务服务办件明细表`;
		// U+3000 (ideographic space) between the two fields, as the platforms print it.
		this.exportLine = `导出时间：${ctx.cal.iso[ctx.to + 1 - ctx.cal.first]} 08:00\u3000导出人：${EXPORTED_BY}`;
		const dir = ctx.dir;
		fs.mkdirSync(dir, { recursive: true });
		if (ctx.format !== 'xlsx') {
			// An Excel "save as CSV": title lines padded to the table's width, a 合计 line at the end.
			const pad = ','.repeat(CASE_COLUMNS.length - 1);
			this.csv = new TableWriter(path.join(dir, FLAT_FILES.casesCsv), [this.title + pad], 'gbk');
			this.csv.add(this.exportLine + pad);
			this.csv.add(CASE_COLUMNS.join(','));
		}
		if (ctx.format !== 'csv') {
			this.wb = new ExcelJS.stream.xlsx.WorkbookWriter({
				filename: path.join(dir, FLAT_FILES.casesXlsx),
				useStyles: true,
				useSharedStrings: false
			});
			this.wb.creator = this.wb.lastModifiedBy = EXPORTED_BY;
			this.wb.created = this.wb.modified = new Date((ctx.to + 1) * 86400_000 + 8 * 3600_000);
		}
		this.ratings = new TableWriter(path.join(dir, FLAT_FILES.ratingsCsv), [...RATING_COLUMNS], 'gbk');
	}

	/** Items the 办件 export names without a code (known to the ingest by name only). */
	get nameOnlyItems(): ReadonlySet<Item> {
		return this.nameOnly;
	}

	// --- time forms -------------------------------------------------------------------------------

	/** `2025-03-05 14:02:00` (CSV 申报时间 / 受理时间, 好差评 评价时间). */
	private isoTs(sec: number): string {
		const day = Math.floor(sec / 86400);
		const r = sec - day * 86400;
		const m = Math.floor(r / 60);
		return `${this.cal.iso[day - this.cal.first]} ${pad2(Math.floor(m / 60))}:${pad2(m % 60)}:${pad2(r % 60)}`;
	}

	/** `2025/3/5 14:02` (办结时间, text in both files), with `:07` seconds when `seconds`. */
	private slashTs(sec: number, seconds = false): string {
		const day = Math.floor(sec / 86400);
		const i = day - this.cal.first;
		const r = sec - day * 86400;
		const m = Math.floor(r / 60);
		return (
			`${this.cal.year[i]}/${this.cal.month[i]}/${this.cal.dom[i]} ${pad2(Math.floor(m / 60))}:${pad2(m % 60)}` +
			(seconds ? ':' + pad2(r % 60) : '')
		);
	}

	// --- cases ------------------------------------------------------------------------------------

	private statusWord(c: CaseRec): string {
		if (c.status !== 'completed') return STATUS_WORDS[c.status];
		if (c.item.power_type !== '行政许可') return '已办结';
		return this.rng.chance(REFUSAL_SHARE) ? '不予许可' : '准予许可';
	}

	addCase(c: CaseRec): void {
		const it = c.item;
		const code = this.nameOnly.has(it) ? '' : it.item_code;
		const status = this.statusWord(c);
		const done = c.completed_at === null ? '' : this.slashTs(c.completed_at);
		const project = c.project_code ?? '';
		const stage = project && it.stage ? STAGE_WORDS[it.stage] : '';
		if (this.csv) {
			this.csvRows++;
			this.csv.add(
				[
					this.csvRows,
					c.case_id,
					code,
					csvText(it.name),
					csvText(c.dept.name),
					c.dept.dept_code,
					CHANNEL_WORDS[c.channel],
					APPLICANT_WORDS[c.applicant_type],
					this.isoTs(c.submitted_at),
					c.accepted_at === null ? '' : this.isoTs(c.accepted_at),
					done,
					status,
					it.statutory ?? '',
					it.promised ?? '',
					c.suspended_days ?? '',
					c.visits ?? '',
					c.supplement_requests,
					project,
					stage
				].join(',')
			);
		}
		if (this.wb) {
			const year = this.cal.year[Math.floor(c.submitted_at / 86400) - this.cal.first];
			if (year !== this.sheetYear) this.openYearSheet(year);
			this.sheetRows++;
			const row = this.sheet!.getRow(this.nextRow++);
			// Excel date cells: the local wall time as a UTC instant, which is what Excel's serial stores.
			row.values = [
				this.sheetRows,
				c.case_id,
				code || null,
				it.name,
				c.dept.name,
				c.dept.dept_code,
				CHANNEL_WORDS[c.channel],
				APPLICANT_WORDS[c.applicant_type],
				new Date(c.submitted_at * 1000),
				c.accepted_at === null ? null : new Date(c.accepted_at * 1000),
				done || null,
				status,
				it.statutory,
				it.promised,
				c.suspended_days,
				c.visits,
				c.supplement_requests,
				project || null,
				stage || null
			];
			row.eachCell({ includeEmpty: true }, (cell, col) => {
				cell.style = DATE_COLS.has(col) ? DATE_STYLE : PLAIN_STYLE;
			});
			row.commit();
		}
	}

	private openYearSheet(year: number): void {
		this.closeYearSheet();
		const ws = this.wb!.addWorksheet(`${year}年`, { views: [{ state: 'frozen', ySplit: 4 }] });
		const n = CASE_COLUMNS.length;
		ws.columns = CASE_COLUMNS.map((h) => {
			const col: Partial<ExcelJS.Column> = { width: Math.max(8, Math.min(24, h.length * 2 + 2)) };
			if (h === '申报时间' || h === '受理时间') col.width = 18;
			if (h === '申报号') col.width = 22;
			if (h === '项目代码') col.width = 26;
			if (h === '事项名称' || h === '实施主体') col.width = 30;
			return col;
		});
		const title = ws.getRow(1);
		title.getCell(1).value = this.title;
		title.getCell(1).font = { bold: true, size: 16 };
		title.getCell(1).alignment = { horizontal: 'center' };
		title.height = 28;
		ws.mergeCells(1, 1, 1, n);
		title.commit();
		ws.getRow(2).getCell(1).value = this.exportLine;
		ws.getRow(2).commit();
		const header = ws.getRow(4);
		header.values = [...CASE_COLUMNS];
		header.font = { bold: true };
		header.commit();
		this.sheet = ws;
		this.sheetYear = year;
		this.sheetRows = 0;
		this.nextRow = 5;
	}

	private closeYearSheet(): void {
		if (!this.sheet) return;
		const total = this.sheet.getRow(this.nextRow);
		total.values = ['合计', this.sheetRows];
		total.font = { bold: true };
		total.commit();
		this.sheet.commit();
		this.sheet = null;
	}

	// --- ratings ----------------------------------------------------------------------------------

	addRating(r: RatingRec): void {
		this.ratings.add(
			[
				r.rating_id,
				r.case_id ?? '',
				csvText(this.deptName.get(r.dept_code)!),
				RATING_CHANNEL_WORDS[r.channel],
				this.isoTs(r.rated_at),
				SCORE_WORDS[r.score],
				r.is_default ? RATING_MODE_WORDS.default : RATING_MODE_WORDS.active,
				csvText(r.reason),
				r.rectified_at === null ? '' : this.slashTs(r.rectified_at, true)
			].join(',')
		);
	}

	async endOfDay(): Promise<void> {
		await this.csv?.flushIfFull();
		await this.ratings.flushIfFull();
		// exceljs's sheet stream pushes into the zip entry's stream without heeding its return value, so a
		// fast producer would pile the whole sheet up in memory (≈ 1 KB per row); wait for it to drain here.
		// That stream is a readable-stream v2 PassThrough (no `writableNeedDrain`), hence `_writableState`;
		// internal fields, so guarded: if they move, only the backpressure is lost, not correctness.
		type Sink = NodeJS.WritableStream & {
			writableNeedDrain?: boolean;
			_writableState?: { needDrain?: boolean };
		};
		const sheetStream = (this.sheet as unknown as { stream?: { pipes?: Sink[] } } | null)?.stream;
		const sink = sheetStream?.pipes?.[0];
		if (sink && (sink.writableNeedDrain ?? sink._writableState?.needDrain)) await once(sink, 'drain');
	}

	async close(): Promise<void> {
		if (this.csv) {
			this.csv.add(['合计', this.csvRows, ...new Array(CASE_COLUMNS.length - 2).fill('')].join(','));
			await this.csv.close();
			this.files.push(`${FLAT_DIR}/${FLAT_FILES.casesCsv}`);
		}
		await this.ratings.close();
		this.files.push(`${FLAT_DIR}/${FLAT_FILES.ratingsCsv}`);
		if (this.wb) {
			this.closeYearSheet();
			const notes = this.wb.addWorksheet('说明');
			notes.getColumn(1).width = 90;
			const lines = [
				'说明：',
				`1. 本表由政务服务一体化平台导出，统计截至${this.cal.iso[this.ctx.to - this.cal.first]}，按申报时间分年度列示。`,
				'2. 时限、特殊环节用时均以工作日计；特殊环节（听证、专家评审、检验检测、公示、现场勘查）用时不计入办理时限。',
				'3. 办理状态：准予许可、不予许可、已办结均为已办结件；不予受理、退件、撤件、在办按平台状态列示。',
				'4. 事项编码为空的事项为平台未赋码事项，以事项名称为准。',
				'5. 各年度工作表末行为合计行。'
			];
			lines.forEach((l, i) => {
				const row = notes.getRow(i + 1);
				row.getCell(1).value = l;
				row.commit();
			});
			notes.commit();
			await this.wb.commit();
			this.files.push(`${FLAT_DIR}/${FLAT_FILES.casesXlsx}`);
			await this.writeCatalogue();
			this.files.push(`${FLAT_DIR}/${FLAT_FILES.catalogueXlsx}`);
		}
	}

	/** 权力清单.xlsx: the catalogue a county imports later; items the 办件 export names without a code are left out. */
	private async writeCatalogue(): Promise<void> {
		const ctx = this.ctx;
		const city = ctx.regions.find((r) => r.level === 'city') ?? ctx.regions[0];
		const wb = new ExcelJS.Workbook();
		wb.creator = EXPORTED_BY;
		wb.created = wb.modified = new Date((ctx.to + 1) * 86400_000 + 8 * 3600_000);
		const ws = wb.addWorksheet('权力清单');
		ws.columns = CATALOGUE_COLUMNS.map((h) => ({
			width: h.endsWith('日期') ? 12 : h === '事项名称' || h === '职权依据' ? 36 : 14,
			style: h.endsWith('日期') ? { numFmt: 'yyyy-mm-dd' } : {}
		}));
		ws.getCell(1, 1).value = `${city.name}行政权力事项清单（含下放、取消事项）`;
		ws.getCell(1, 1).font = { bold: true, size: 14 };
		ws.getCell(1, 1).alignment = { horizontal: 'center' };
		ws.mergeCells(1, 1, 1, CATALOGUE_COLUMNS.length);
		ws.getRow(2).values = [...CATALOGUE_COLUMNS];
		ws.getRow(2).font = { bold: true };
		const date = (d: number | null) => (d === null ? null : new Date(d * 86400_000));
		for (const it of ctx.items) {
			if (this.nameOnly.has(it)) continue;
			ws.addRow([
				it.item_code,
				it.name,
				it.power_type,
				it.dept.dept_code,
				it.source?.dept_code ?? null,
				MODE_WORDS[it.mode],
				date(it.delegated_on),
				date(it.accepted_on),
				date(it.cancelled_on),
				it.statutory,
				it.promised,
				it.handling === 'immediate' ? '即办件' : '承诺件',
				it.online_capable ? '是' : '否',
				it.legal_basis,
				it.batch
			]);
		}
		const file = path.join(ctx.dir, FLAT_FILES.catalogueXlsx);
		const out = fs.createWriteStream(file);
		await wb.xlsx.write(out);
		out.end();
		await once(out, 'finish');
	}
}

/** Removes the flat files a previous run wrote (only the generator's own names). */
export function removeFlatFiles(out: string): void {
	for (const f of Object.values(FLAT_FILES)) fs.rmSync(path.join(out, FLAT_DIR, f), { force: true });
}

/**
 * The demo with its flat exports: runs the generator with `flat` (default 'both'), so OUT holds the
 * canonical tables and OUT/flat/ the platform files built from the same rows. For tests and the benchmark.
 */
export async function writeFlatExports(
	opts: DemoOptions,
	flat: FlatFormat = opts.flat ?? 'both'
): Promise<DemoSummary> {
	return generateDemo({ ...opts, flat });
}
