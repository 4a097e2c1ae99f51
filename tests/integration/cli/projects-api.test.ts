/**
 * `cli projects --json` (spawned, against a temp DuckDB file of the hand-computed projects) prints exactly the
 * object GET /api/projects's handler answers; department scope; bad input → exit 2 / 400.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closeAllAnalytics, openAnalytics } from '../../../src/lib/server/analytics/db';
import { DEFAULT_THRESHOLDS } from '../../../src/lib/server/analytics/kpi/thresholds';
import { projectsResponse } from '../../../src/lib/server/analytics/projects/api';
import { AS_OF, projectsDb } from '../../unit/projects/fixture';
import { runCli } from '../helpers/cli';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'projects-cli-'));
const file = path.join(dir, 'analytics.duckdb');

function cli(...args: string[]) {
	const r = runCli(args, { DEBUG: '' });
	return { code: r.code, out: r.stdout, err: r.stderr };
}

async function api(qs: string, scope: string[] | null = null) {
	const db = await openAnalytics(file, { readOnly: true });
	const res = await projectsResponse(db, new URLSearchParams(qs), { scope, thresholds: DEFAULT_THRESHOLDS });
	await db.close();
	return res;
}

beforeAll(async () => {
	const db = await projectsDb({ file });
	await db.close();
});
afterAll(async () => {
	await closeAllAnalytics();
	fs.rmSync(dir, { recursive: true, force: true });
});

describe('cli projects = GET /api/projects', () => {
	it('the same JSON, with the contract keys', async () => {
		const r = cli('projects', '--db', file, '--as-of', AS_OF, '--json');
		expect(r.code, r.err).toBe(0);
		const res = await api(`as_of=${AS_OF}`);
		expect(res.status).toBe(200);
		const body = await res.json();
		expect(JSON.parse(r.out)).toEqual(body);
		expect(Object.keys(body)).toEqual(['as_of', 'target_workdays', 'projects']);
		expect(body.projects.find((p: { project_code: string }) => p.project_code === 'P4')).toEqual({
			project_code: 'P4',
			complete: true,
			approval_workdays: 120,
			span_workdays: 132,
			on_target: true,
			stages: {
				planning: { approval_workdays: 68, span_workdays: 68 },
				construction: { approval_workdays: 52, span_workdays: 52 }
			}
		});
	}, 90_000);

	it('the readable table names every project', () => {
		const r = cli('projects', '--db', file, '--as-of', AS_OF);
		expect(r.code, r.err).toBe(0);
		for (const p of ['P1', 'P2', 'P3', 'P4', 'P5', 'P6']) expect(r.out).toContain(p);
	}, 60_000);

	it('a department sees the projects it has cases in; an empty scope sees none', async () => {
		const mine = await (await api(`as_of=${AS_OF}`, ['D02'])).json();
		expect(mine.projects.map((p: { project_code: string }) => p.project_code)).toEqual(['P1', 'P2', 'P3']);
		const none = await (await api(`as_of=${AS_OF}`, [])).json();
		expect(none.projects).toEqual([]);
	});

	it('bad input: exit 2 / 400 with the parser message', async () => {
		const r = cli('projects', '--db', file, '--as-of', '2024-02-30', '--json');
		expect(r.code).toBe(2);
		expect(r.err).toMatch(/as_of is not a valid date/);
		const res = await api('as_of=yesterday');
		expect(res.status).toBe(400);
	}, 60_000);
});
