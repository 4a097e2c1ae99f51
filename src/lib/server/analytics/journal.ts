/**
 * Write journal: makes a write that a killed process left unfinished disappear as a whole.
 *
 * DuckDB writes a transaction to the WAL only at COMMIT. When the process dies while those bytes are being
 * written, the WAL ends in a torn transaction — and DuckDB 1.5 replays such a tail up to the tear (the stress
 * suite caught an import's cases replayed without its batch row; upstream duckdb#25931). So, per write:
 *
 *   beginJournal   before BEGIN: `<db>.txn` = { pid, process start, WAL length now } (fsynced)
 *   endJournal     after COMMIT or ROLLBACK: remove it
 *   recoverInterruptedWrite   on open, before DuckDB reads the WAL: a journal whose process is gone means that
 *                  write never reported success, so the WAL is cut back to the recorded length — every byte past it
 *                  belongs to that write. The database opens in the state before it (or after it, when the commit
 *                  completed and DuckDB had already begun checkpointing it: then nothing is cut).
 *
 * The WAL only grows inside a write: one writer connection per process (db.ts), DuckDB's file lock keeps other
 * processes out, and readers never write to it.
 */
import fs from 'node:fs';
import path from 'node:path';

interface JournalRecord {
	pid: number;
	/** process start time (Linux clock ticks since boot), guards against a reused pid */
	start: string | null;
	/** WAL length before BEGIN */
	wal: number;
	/** whether DuckDB's checkpoint copy of the WAL existed before BEGIN */
	checkpointing: boolean;
	at: string;
}

export interface Journal {
	file: string;
}

const walOf = (db: string) => `${db}.wal`;
const journalOf = (db: string) => `${db}.txn`;

function size(file: string): number {
	try {
		return fs.statSync(file).size;
	} catch {
		return 0;
	}
}

/** Field 22 of /proc/<pid>/stat (start time), or null where there is no /proc. */
function processStart(pid: number): string | null {
	try {
		const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
		// the command name (field 2) may hold spaces and parentheses: count fields after its closing ')'
		return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19] ?? null;
	} catch {
		return null;
	}
}

function alive(rec: JournalRecord): boolean {
	try {
		process.kill(rec.pid, 0);
	} catch (e) {
		if ((e as NodeJS.ErrnoException).code === 'ESRCH') return false;
	}
	const start = processStart(rec.pid);
	return rec.start === null || start === null || start === rec.start;
}

function syncDir(dir: string) {
	let fd: number | undefined;
	try {
		fd = fs.openSync(dir, 'r');
		fs.fsyncSync(fd);
	} catch {
		/* not every filesystem lets a directory be fsynced; the rename/unlink itself already happened */
	} finally {
		if (fd !== undefined) fs.closeSync(fd);
	}
}

export function beginJournal(db: string): Journal {
	const rec: JournalRecord = {
		pid: process.pid,
		start: processStart(process.pid),
		wal: size(walOf(db)),
		checkpointing: fs.existsSync(`${walOf(db)}.checkpoint`),
		at: new Date().toISOString()
	};
	const file = journalOf(db);
	try {
		const fd = fs.openSync(file, 'w');
		try {
			fs.writeSync(fd, JSON.stringify(rec));
			fs.fsyncSync(fd);
		} finally {
			fs.closeSync(fd);
		}
	} catch (e) {
		try {
			fs.rmSync(file, { force: true }); // a half-written journal (nothing was written to the database)
		} catch {
			/* not ours to remove (e.g. a directory in its place) */
		}
		throw new Error(
			`无法写入写日志 ${file}（数据目录只读或磁盘已满？）/ cannot write the write journal ${file} (read-only data directory or disk full?): ${(e as Error).message}`,
			{ cause: e }
		);
	}
	syncDir(path.dirname(file));
	return { file };
}

export function endJournal(j: Journal): void {
	fs.rmSync(j.file, { force: true });
}

export interface Recovery {
	/** WAL bytes removed */
	cut: number;
	message: string;
}

/**
 * Called before the database is opened. Returns what was undone, or null when there was nothing to undo.
 * A journal of a live process (another server holding the file) is left alone: DuckDB's lock refuses the open.
 */
export function recoverInterruptedWrite(db: string): Recovery | null {
	const file = journalOf(db);
	let text: string;
	try {
		text = fs.readFileSync(file, 'utf8');
	} catch {
		return null;
	}
	let rec: JournalRecord | null = null;
	try {
		rec = JSON.parse(text) as JournalRecord;
	} catch {
		/* killed while writing the journal itself: BEGIN never ran, the WAL is untouched */
	}
	if (rec && (rec.pid === process.pid || alive(rec))) return null;
	const wal = walOf(db);
	const now = size(wal);
	// A checkpoint copy that appeared during the write means the COMMIT completed and DuckDB began folding it in.
	const committed = rec !== null && !rec.checkpointing && fs.existsSync(`${wal}.checkpoint`);
	let cut = 0;
	try {
		if (rec && !committed && now > rec.wal) {
			cut = now - rec.wal;
			if (rec.wal === 0) fs.rmSync(wal, { force: true });
			else fs.truncateSync(wal, rec.wal);
		}
		fs.rmSync(file, { force: true });
		syncDir(path.dirname(file));
	} catch (e) {
		throw new Error(
			`无法撤销上次被中断的写入（${wal}）：${(e as Error).message} / cannot undo the interrupted last write (${wal}): ${(e as Error).message}`,
			{ cause: e }
		);
	}
	if (!cut) return null;
	return {
		cut,
		message:
			`分析数据库 ${db}：上次写入（进程 ${rec!.pid}，${rec!.at} 开始）未完成即中断，已撤销其未完成部分（${cut} 字节预写日志），数据为写入前的状态 / ` +
			`analytics database ${db}: the last write (process ${rec!.pid}, started ${rec!.at}) was interrupted before it finished; ` +
			`its unfinished part (${cut} WAL bytes) was undone, the data is as before that write`
	};
}
