/**
 * The CLI (spawned, against a temp DuckDB file) and the HTTP routes (GET handlers called directly with a fake
 * RequestEvent) return byte-identical JSON for the same query; bad parameters are 400 { error }.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderReport } from '../../../src/cli/commands/kpi';
import { KPI_IDS } from '../../../src/lib/kpi/catalog';
import { closeAllAnalytics } from '../../../src/lib/server/analytics/db';
import { fixtureDb } from '../../unit/kpi/fixture';
import { REPORT_FIXTURE } from '../../unit/kpi/report-fixture';
import { runCli } from '../helpers/cli';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kpi-cli-'));
const file = path.join(dir, 'analytics.duckdb');

function cli(...args: string[]) {
	const r = runCli(args, { DEBUG: '' });
	return { code: r.code, out: r.stdout, err: r.stderr };
}

async function get(route: 'kpi' | 'flags' | 'trend', qs: string): Promise<{ status: number; text: string }> {
	const mod = await import(`../../../src/routes/api/${route}/+server.ts`);
	const url = new URL(`http://localhost/api/${route}?${qs}`);
	// The handler checks the user itself: a supervisor sees every department (no scope narrowing).
	const user = { id: 1, username: 'sup', displayName: 'sup', role: 'supervisor', depts: [] };
	const res: Response = await mod.GET({
		url,
		request: new Request(url),
		route: { id: `/api/${route}` },
		locals: { user, lang: 'zh' }
	});
	return { status: res.status, text: await res.text() };
}

describe('CLI and API agree', () => {
	let cliKpi: ReturnType<typeof cli>;
	let cliFlags: ReturnType<typeof cli>;
	let cliBad: ReturnType<typeof cli>;
	beforeAll(async () => {
		const db = await fixtureDb(REPORT_FIXTURE, file);
		await db.close();
		// The CLI needs the file unlocked: run it while this process has it closed.
		cliKpi = cli(
			'kpi',
			'--db',
			file,
			'--from',
			'2024-03-01',
			'--to',
			'2024-03-31',
			'--baseline-from',
			'2024-02-01',
			'--baseline-to',
			'2024-02-29',
			'--json'
		);
		cliFlags = cli('flags', '--db', file, '--from', '2024-03-01', '--to', '2024-03-31', '--json');
		cliBad = cli('kpi', '--db', file, '--from', '2024-03-31', '--to', '2024-03-01', '--json');
		process.env.ANALYTICS_DB = file;
	}, 120_000);
	afterAll(async () => {
		await closeAllAnalytics();
		delete process.env.ANALYTICS_DB;
		fs.rmSync(dir, { recursive: true, force: true });
	});

	it('kpi: identical JSON', async () => {
		expect(cliKpi.err).toBe('');
		expect(cliKpi.code).toBe(0);
		const api = await get(
			'kpi',
			'from=2024-03-01&to=2024-03-31&baseline_from=2024-02-01&baseline_to=2024-02-29'
		);
		expect(api.status).toBe(200);
		expect(cliKpi.out.trim()).toBe(api.text);
		const report = JSON.parse(api.text);
		expect(report.departments).toHaveLength(4);
		expect('speedup_vs_baseline' in report.total.kpis).toBe(true);
		// every KPI of the catalog, in its order (default_ratings included), in the JSON and the table
		expect(Object.keys(report.total.kpis)).toEqual([...KPI_IDS]);
		expect(Object.keys(report.departments[0].kpis)).toEqual([...KPI_IDS]);
		const table = renderReport(report);
		for (const id of KPI_IDS) expect(table).toContain(` ${id} `);
	});

	it('flags: the CLI array equals the API page rows', async () => {
		expect(cliFlags.code).toBe(0);
		const api = await get('flags', 'from=2024-03-01&to=2024-03-31&limit=10000');
		expect(api.status).toBe(200);
		expect(JSON.parse(cliFlags.out)).toEqual(JSON.parse(api.text).rows);
	});

	it('rejects bad input the same way (400 / exit 2)', async () => {
		expect(cliBad.code).toBe(2);
		const api = await get('kpi', 'from=2024-03-31&to=2024-03-01');
		expect(api.status).toBe(400);
		expect(cliBad.err).toContain(JSON.parse(api.text).error);
		for (const qs of [
			'to=2024-03-01',
			'from=2024-02-30&to=2024-03-01',
			'from=2024-03-01&to=2024-03-31&baseline_from=2024-01-01',
			'from=2024-03-01&to=2024-03-31&channel=fax',
			'from=2024-03-01&to=2024-03-31&dept=NOPE'
		])
			expect((await get('kpi', qs)).status).toBe(400);
		expect((await get('trend', 'from=2024-03-01&to=2024-03-31')).status).toBe(400);
		expect((await get('flags', 'from=2024-03-01&to=2024-03-31&flag=blue')).status).toBe(400);
		expect((await get('flags', 'from=2024-03-01&to=2024-03-31&sort=1;drop')).status).toBe(400);
	});

	it('trend over HTTP', async () => {
		const api = await get('trend', 'kpi=cases&from=2024-01-01&to=2024-03-31&grain=month&region=C1');
		expect(api.status).toBe(200);
		expect(JSON.parse(api.text).points.map((p: { value: number }) => p.value)).toEqual([0, 0, 3]);
	});
});
