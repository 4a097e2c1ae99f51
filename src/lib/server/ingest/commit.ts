/**
 * Stage 4, commit: inside the batch's one write transaction, every typed part is merged into its table in
 * TABLE_ORDER — catalogue rows a flat export names (catalogue.ts), reference and duplicate checks, rejects,
 * the upsert (merge.ts) — then the derived columns that depend on changed rows, and the KPI rollups.
 * `ingest/` owns this write SQL; nothing else writes the canonical tables.
 *
 * Invariant: a non-empty part of which no row could be stored (every row rejected) refuses the batch: the
 * caller rolls back and records the failure with those rejects.
 */
import type { DuckDBConnection } from '@duckdb/node-api';
import { TABLE_ORDER, bumpDataVersion, type CanonicalTable } from '../analytics/schema';
import { all } from '../analytics/db';
import { refreshAll, refreshCases } from '../analytics/derive';
import { claimCatalogueRows, createCatalogue, createsCatalogue, foldDerivedRows } from './catalogue';
import {
	checkDuplicates,
	checkRefs,
	isKeyed,
	mergeCalendar,
	mergeEvents,
	upsertPart,
	writeRejects,
	type MergeCounts
} from './merge';
import type { Work } from './prepare';
import type { ImportOptions } from './summary';

export interface CommitContext {
	batchId: number;
	thresholds?: ImportOptions['thresholds'];
	prefix: string;
	warnings: string[];
	onProgress?: ImportOptions['onProgress'];
	step: (label: string) => void;
}

/** Files of which nothing could be stored although they had rows: the batch is refused for them. */
export function emptyResults(works: Work[]): Work[] {
	return works.filter(
		(w) => w.part && !w.summary.skipped && w.summary.rowsRejected > 0 && w.summary.rowsStored === 0 && w.summary.rowsUnchanged === 0
	);
}

/** Merge every part; returns the tables whose stored rows changed. */
export async function commitParts(conn: DuckDBConnection, works: Work[], ctx: CommitContext): Promise<Set<CanonicalTable>> {
	const { batchId, prefix, warnings, step } = ctx;
	const changed = new Set<CanonicalTable>();
	const { beginRollupTouch, rebuildKpiRollups, refreshKpiRollups } = await import('../analytics/kpi/rollup');
	const { loadThresholds } = await import('../analytics/kpi/thresholds');
	const touch = await beginRollupTouch(conn, `${prefix}_roll`);
	const [{ v: previousVersion }] = await all(conn, `SELECT value AS v FROM meta WHERE key = 'data_version'`);
	for (const table of TABLE_ORDER) {
		const mine = works.filter((w) => w.part && w.part.table === table);
		if (!mine.length) continue;
		for (const [i, w] of mine.entries()) {
			const part = w.part!;
			const m = works.indexOf(w);
			ctx.onProgress?.({ file: w.summary.file, stage: 'merge', fileIndex: i, files: works.length });
			const flat = createsCatalogue(part, w.staged.format === 'xes');
			const keyed = isKeyed(table) || table === 'calendar';
			// A flat part's codes all resolve once its catalogue rows exist, so its duplicates can be marked first —
			// and the catalogue then reads only the rows that will be stored, without a second pass over the keys.
			if (flat && keyed) await checkDuplicates(conn, part, `${prefix}_m${m}`);
			if (flat) {
				const cat = await createCatalogue(conn, part, { batchId, prefix: `${prefix}_c${m}`, fileName: w.summary.file });
				const { regions, departments, items } = cat.created;
				if (regions + departments + items)
					warnings.push(
						`${w.summary.file}: 按导出文件新建事项 ${items} 个、部门 ${departments} 个、区划 ${regions} 个（待权力清单补全）/ created ${items} items, ${departments} departments, ${regions} regions named by the export (a catalogue import completes them)`
					);
				if (cat.itemsFilled) {
					warnings.push(
						`${w.summary.file}: 补全了 ${cat.itemsFilled} 个已有事项的空缺属性（时限、办件类型）/ filled empty attributes (limits, handling) of ${cat.itemsFilled} stored items`
					);
					changed.add('items');
				}
				warnings.push(...cat.warnings);
				step(`catalogue ${w.summary.file}`);
			}
			await checkRefs(conn, part, flat);
			step(`refs ${w.summary.file}`);
			if (keyed && !flat) await checkDuplicates(conn, part, `${prefix}_m${m}`);
			step(`duplicates ${w.summary.file}`);
			w.summary.rowsRejected = await writeRejects(conn, part, { batchId, fileName: w.summary.file, prefix });
			step(`rejects ${w.summary.file}`);
			if (table === 'events') continue;
			const mctx = { batchId, fileName: w.summary.file, prefix: `${prefix}_m${m}`, touch };
			const counts: MergeCounts =
				table === 'calendar' ? await mergeCalendar(conn, part, mctx) : await upsertPart(conn, part, mctx);
			await claimCatalogueRows(conn, part);
			if (table === 'items' || table === 'departments') {
				const folded = await foldDerivedRows(conn, table);
				if (folded) {
					warnings.push(
						`${w.summary.file}: ${folded} 个按名称建立的${table === 'items' ? '事项' : '部门'}已并入清单中的同名条目 / ${folded} ${table} known only by name were folded into the catalogue's rows of the same name`
					);
					// Their cases, ratings and events now point elsewhere: every derived figure is recomputed.
					changed.add('items');
				}
			}
			step(`merge ${w.summary.file}`);
			w.summary.rowsStored = counts.stored;
			w.summary.rowsUnchanged = counts.unchanged + counts.stale;
			w.summary.rowsStale = counts.stale;
			if (counts.stale)
				w.summary.message = `${counts.stale} 行早于已存数据，已忽略 / ${counts.stale} rows older than the stored ones were ignored`;
			if (counts.stored) changed.add(table);
		}
		if (table === 'events') {
			const stored = await mergeEvents(
				conn,
				mine.map((w) => w.part!),
				{ batchId, fileName: '', prefix: `${prefix}_ev` }
			);
			mine.forEach((w, i) => (w.summary.rowsStored = stored[i]));
			if (stored.some((n) => n > 0)) changed.add('events');
		}
	}
	// New and replaced cases / ratings got their derived columns in the merge; what remains is
	// whatever depends on rows this batch changed elsewhere: the calendar, or items' limits.
	if (changed.has('calendar')) await refreshAll(conn);
	else if (changed.has('items'))
		// Cases stored by this batch were derived against the items merged just before them (TABLE_ORDER):
		// only older cases of the changed items need the UPDATE (1 M cases + their items: 33 s → 0).
		await refreshCases(
			conn,
			'c.item_code IN (SELECT item_code FROM items WHERE batch_id = $1) AND c.batch_id IS DISTINCT FROM $1',
			[batchId]
		);
	step('derived columns');
	if (emptyResults(works).length) return changed;
	if (changed.size) {
		await bumpDataVersion(conn);
		// The KPI engine's pre-aggregates change in the same transaction, so they are never stale: the days
		// this batch touched, or everything when the calendar or items moved every case's working days / limits.
		const thresholds = ctx.thresholds?.() ?? loadThresholds();
		if (changed.has('calendar') || changed.has('items')) await rebuildKpiRollups(conn, thresholds);
		else
			await refreshKpiRollups(
				conn,
				thresholds,
				touch,
				batchId,
				previousVersion === null || previousVersion === undefined ? null : String(previousVersion)
			);
		step('kpi rollups');
	}
	return changed;
}
