/**
 * journal.ts: a write a killed process left unfinished is undone as a whole before DuckDB replays the WAL.
 * The WALs here are real DuckDB WALs (checkpointing switched off so commits stay in the WAL); a kill during the
 * commit is simulated by cutting the WAL inside the last transaction, as a SIGKILL between two write() calls does.
 * The end-to-end check (SIGKILL of real CLI imports) is tests/hardening/faults-suite.ts.
 */
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { all, closeAllAnalytics, openAnalytics } from '../../../src/lib/server/analytics/db';
import { recoverInterruptedWrite } from '../../../src/lib/server/analytics/journal';
import { importFiles } from '../../../src/lib/server/ingest/index';
import { writeBigCases } from '../../fixtures/ingest-data';

let dir = '';
let file = '';
const wal = () => `${file}.wal`;
const walSize = () => (fs.existsSync(wal()) ? fs.statSync(wal()).size : 0);

/** Run statements with DuckDB directly, leaving every commit in the WAL (no checkpoint, none on close). */
async function commitsInWal(statements: string[]) {
	const inst = await DuckDBInstance.create(file, { checkpoint_threshold: '1TB' });
	const c = await inst.connect();
	await c.run('PRAGMA disable_checkpoint_on_shutdown');
	for (const s of statements) await c.run(s);
	c.closeSync();
	inst.closeSync();
}

async function count(): Promise<number> {
	const db = await openAnalytics(file);
	const [{ n }] = await db.read((c) => all(c, 'SELECT count(*)::INT AS n FROM t'));
	await db.close();
	return Number(n);
}

function deadPid(): number {
	const r = spawnSync('true');
	return r.pid!;
}

/** The journal a dead (or given) process left for database `db`. */
function writeJournal(rec: Record<string, unknown>, db = file) {
	fs.writeFileSync(`${db}.txn`, JSON.stringify({ start: null, checkpointing: false, at: 'x', ...rec }));
}

beforeEach(async () => {
	dir = fs.mkdtempSync(path.join(os.tmpdir(), 'journal-'));
	file = path.join(dir, 'a.duckdb');
	// the base state: 10 rows, checkpointed into the file (no WAL)
	const db = await openAnalytics(file);
	await db.write(async (c) => {
		await c.run('CREATE TABLE t (x INTEGER, pad VARCHAR)');
		await c.run(`INSERT INTO t SELECT i, repeat('p', 50) FROM range(10) r(i)`);
		await c.run('CREATE TABLE u (x INTEGER)');
	});
	await db.close();
	await commitsInWal(['CHECKPOINT']);
	expect(walSize()).toBe(0);
});

afterEach(async () => {
	await closeAllAnalytics();
	fs.rmSync(dir, { recursive: true, force: true });
});

describe('write journal', () => {
	it('a write leaves no journal behind, committed or rolled back; during it the journal holds the WAL length', async () => {
		const db = await openAnalytics(file);
		let seen: Record<string, unknown> | null = null;
		await db.write(async (c) => {
			seen = JSON.parse(fs.readFileSync(`${file}.txn`, 'utf8'));
			await c.run('INSERT INTO t VALUES (100, NULL)');
		});
		expect(seen).toMatchObject({ pid: process.pid, wal: 0, checkpointing: false });
		expect(fs.existsSync(`${file}.txn`)).toBe(false);
		await expect(
			db.write(async (c) => {
				await c.run('INSERT INTO t VALUES (101, NULL)');
				throw new Error('boom');
			})
		).rejects.toThrow('boom');
		expect(fs.existsSync(`${file}.txn`)).toBe(false);
		await db.close();
		expect(await count()).toBe(11);
	});

	it('a torn last commit of a dead process is cut back to the recorded length; earlier commits in the WAL stay', async () => {
		// one complete commit in the WAL (11 → 20 rows), then the interrupted one: 1 000 rows into t, then u
		await commitsInWal([`INSERT INTO t SELECT i, 'b' FROM range(10, 20) r(i)`]);
		const before = walSize();
		expect(before).toBeGreaterThan(0);
		await commitsInWal([
			'BEGIN',
			`INSERT INTO t SELECT i, repeat('q', 200) FROM range(1000, 2000) r(i)`,
			'INSERT INTO u VALUES (1)',
			'COMMIT'
		]);
		const after = walSize();
		// the kill: the WAL ends inside the transaction (t's rows written, u's not)
		fs.truncateSync(wal(), before + Math.floor((after - before) * 0.9));
		writeJournal({ pid: deadPid(), wal: before });
		const r = recoverInterruptedWrite(file);
		expect(r?.cut).toBe(Math.floor((after - before) * 0.9));
		expect(r?.message).toMatch(/上次写入.*中断.*interrupted/);
		expect(walSize()).toBe(before);
		expect(fs.existsSync(`${file}.txn`)).toBe(false);
		expect(await count()).toBe(20);
	});

	it('openAnalytics runs the recovery itself (a WAL that was empty before the write is removed)', async () => {
		await commitsInWal([`INSERT INTO t SELECT i, 'c' FROM range(500, 600) r(i)`]);
		fs.truncateSync(wal(), Math.floor(walSize() / 2));
		writeJournal({ pid: deadPid(), wal: 0 });
		expect(await count()).toBe(10);
		expect(fs.existsSync(`${file}.txn`)).toBe(false);
	});

	it('a commit DuckDB had begun to checkpoint is kept', async () => {
		await commitsInWal([`INSERT INTO t SELECT i, 'd' FROM range(700, 705) r(i)`]);
		const size = walSize();
		writeJournal({ pid: deadPid(), wal: 0, checkpointing: false });
		fs.copyFileSync(wal(), `${wal()}.checkpoint`);
		fs.rmSync(wal());
		expect(recoverInterruptedWrite(file)).toBeNull();
		expect(fs.statSync(`${wal()}.checkpoint`).size).toBe(size);
		expect(fs.existsSync(`${file}.txn`)).toBe(false);
	});

	it('the journal of a live process is left alone; a half-written journal is dropped without touching the WAL', async () => {
		await commitsInWal([`INSERT INTO t SELECT i, 'e' FROM range(800, 810) r(i)`]);
		const size = walSize();
		const child = spawn('sleep', ['30']);
		try {
			const start = fs.readFileSync(`/proc/${child.pid}/stat`, 'utf8').split(') ')[1].split(' ')[19];
			writeJournal({ pid: child.pid, start, wal: 0 });
			expect(recoverInterruptedWrite(file)).toBeNull();
			expect(walSize()).toBe(size);
			expect(fs.existsSync(`${file}.txn`)).toBe(true);
			// the same pid with another start time is another (reused) process: the journal is stale
			writeJournal({ pid: child.pid, start: '1', wal: 0 });
			expect(recoverInterruptedWrite(file)?.cut).toBe(size);
		} finally {
			child.kill();
		}
		await commitsInWal([`INSERT INTO t SELECT i, 'e' FROM range(800, 810) r(i)`]);
		const size2 = walSize();
		fs.writeFileSync(`${file}.txn`, '{"pid": 12');
		expect(recoverInterruptedWrite(file)).toBeNull();
		expect(walSize()).toBe(size2);
		expect(fs.existsSync(`${file}.txn`)).toBe(false);
		expect(await count()).toBe(20);
	});
});

/** State fingerprint cheap enough to take at a hundred cut points. */
async function fingerprint(f: string): Promise<string> {
	const db = await openAnalytics(f);
	const [r] = await db.read((c) =>
		all(
			c,
			`SELECT (SELECT count(*) FROM cases)::INT AS cases, (SELECT count(*) FROM import_batches)::INT AS batches,
			        (SELECT count(*) FROM import_files)::INT AS files, (SELECT count(*) FROM kpi_done_day)::INT AS done_days,
			        (SELECT sum(on_time) FROM kpi_done_day)::BIGINT AS on_time, (SELECT value FROM meta WHERE key = 'data_version') AS v`
		)
	);
	await db.close();
	return JSON.stringify(r);
}

describe('write journal on a real import', () => {
	it('the import’s commit torn at any point of its WAL opens as the previous state', async () => {
		const big = path.join(dir, 'big');
		const cases = await writeBigCases(big, 130_000); // > one row group: DuckDB writes the rows before COMMIT
		const refs = path.join(dir, 'refs');
		fs.mkdirSync(refs);
		for (const f of fs.readdirSync(big))
			if (f !== 'cases.csv') fs.renameSync(path.join(big, f), path.join(refs, f));
		const live = path.join(dir, 'live.duckdb');
		const db = await openAnalytics(live);
		await db.exclusive((c) => c.run(`SET checkpoint_threshold = '1TB'`));
		await importFiles(db, [{ path: refs }]);
		const image = (tag: string) => {
			fs.copyFileSync(live, path.join(dir, `${tag}.duckdb`));
			fs.copyFileSync(`${live}.wal`, path.join(dir, `${tag}.wal`));
		};
		image('before');
		await importFiles(db, [{ path: cases }]);
		image('after');
		await db.close();
		const walBefore = fs.readFileSync(path.join(dir, 'before.wal'));
		const walAfter = fs.readFileSync(path.join(dir, 'after.wal'));
		// the import was committed to the WAL (no checkpoint), after what was there before it
		expect(walAfter.length).toBeGreaterThan(walBefore.length);
		expect(walAfter.subarray(0, walBefore.length).equals(walBefore)).toBe(true);

		const crash = (cut: number, journal: boolean) => {
			const f = path.join(dir, `crash-${cut}-${journal}.duckdb`);
			fs.copyFileSync(path.join(dir, 'after.duckdb'), f);
			fs.writeFileSync(`${f}.wal`, walAfter.subarray(0, cut));
			if (journal) writeJournal({ pid: deadPid(), wal: walBefore.length }, f);
			return f;
		};
		const previous = await fingerprint(crash(walBefore.length, false));
		const committed = await fingerprint(crash(walAfter.length, false));
		expect(previous).not.toBe(committed);
		// every 8th byte of the last 240 (where the batch row, the data version and the commit marker are) and
		// eight cuts spread over the rest of the transaction
		const span = walAfter.length - walBefore.length;
		const cuts = [
			...Array.from({ length: 8 }, (_, i) => walBefore.length + Math.floor((span * (i + 1)) / 9)),
			...Array.from({ length: 30 }, (_, i) => walAfter.length - 240 + i * 8)
		];
		const without: Record<string, number> = {};
		const mixedAt: number[] = [];
		for (const cut of cuts) {
			expect(await fingerprint(crash(cut, true)), `cut at ${cut} of ${walAfter.length}`).toBe(previous);
			const s = await fingerprint(crash(cut, false));
			const k = s === previous ? 'previous' : s === committed ? 'new' : 'mixed';
			without[k] = (without[k] ?? 0) + 1;
			if (k === 'mixed') mixedAt.push(cut - walAfter.length);
		}
		// with the whole commit in the WAL, the write finished but never reported success: also undone
		expect(await fingerprint(crash(walAfter.length, true))).toBe(previous);
		// What DuckDB alone makes of the same torn WALs (informational: the journal must not depend on it).
		console.log(
			`[journal] ${cuts.length} cuts, DuckDB without the journal: ${JSON.stringify(without)}, mixed at ${mixedAt.join(', ')} bytes from the end`
		);
	}, 120_000);
});

describe('write journal errors', () => {
	it('a journal that cannot be written refuses the write with a clear message; nothing is written', async () => {
		const dir2 = fs.mkdtempSync(path.join(os.tmpdir(), 'journal-ro-'));
		const f = path.join(dir2, 'a.duckdb');
		try {
			const db = await openAnalytics(f);
			await db.write((c) => c.run('CREATE TABLE t (x INTEGER)'));
			// the journal's place is taken by a directory: opening it for writing fails like a read-only directory
			fs.mkdirSync(`${f}.txn`);
			await expect(db.write((c) => c.run('INSERT INTO t VALUES (1)'))).rejects.toThrow(
				/无法写入写日志.*cannot write the write journal/
			);
			fs.rmdirSync(`${f}.txn`);
			const [{ n }] = await db.read((c) => all(c, 'SELECT count(*)::INT AS n FROM t'));
			expect(n).toBe(0);
			await db.close();
		} finally {
			fs.rmSync(dir2, { recursive: true, force: true });
		}
	});
});
