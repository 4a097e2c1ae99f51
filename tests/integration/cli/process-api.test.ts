/**
 * `cli process --json` (spawned, against a temp DuckDB file of the hand-computed log) prints exactly the object
 * GET /api/process's handler answers for the same filters; bad input → exit 2 / 400.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closeAllAnalytics } from '../../../src/lib/server/analytics/db';
import { processResponse } from '../../../src/lib/server/analytics/process/api';
import { processDb } from '../../unit/process/fixture';
import { runCli } from '../helpers/cli';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'process-cli-'));
const file = path.join(dir, 'analytics.duckdb');

function cli(...args: string[]) {
	const r = runCli(args, { DEBUG: '' });
	return { code: r.code, out: r.stdout, err: r.stderr };
}

beforeAll(async () => {
	const db = await processDb([], file);
	await db.close();
});
afterAll(async () => {
	await closeAllAnalytics();
	fs.rmSync(dir, { recursive: true, force: true });
});

describe('cli process = GET /api/process', () => {
	it.each([
		[[], ''],
		[['--item', 'I1', '--from', '2024-02-01', '--to', '2024-05-31'], 'item=I1&from=2024-02-01&to=2024-05-31'],
		[['--dept', 'D02'], 'dept=D02']
	])(
		'%j',
		async (args, qs) => {
			const r = cli('process', '--db', file, ...args, '--json');
			expect(r.code, r.err).toBe(0);
			const { openAnalytics } = await import('../../../src/lib/server/analytics/db');
			const db = await openAnalytics(file, { readOnly: true });
			const res = await processResponse(db, new URLSearchParams(qs));
			await db.close();
			expect(res.status).toBe(200);
			expect(JSON.parse(r.out)).toEqual(await res.json());
		},
		90_000
	);

	it('bad input: exit 2 with the parser message', () => {
		const r = cli('process', '--db', file, '--from', '2024-01-01', '--json');
		expect(r.code).toBe(2);
		expect(r.err).toMatch(/from and to must be given together/);
	}, 60_000);
});
