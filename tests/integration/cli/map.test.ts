/**
 * `cli map` as the demo runner uses it: import the demo map against an analytics database holding the demo's
 * regions (exit 0, the regions without a shape named, audit row), a bad file (exit 1, every problem on stderr,
 * nothing stored), show --json, remove; usage errors exit 2.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REGIONS } from '../../../scripts/demo/jurisdiction';
import { writeDemoMap } from '../../../scripts/demo/map';
import { openAnalytics } from '../../../src/lib/server/analytics/db';
import { openAppDb } from '../../../src/lib/server/appdb/index';
import { listAudit } from '../../../src/lib/server/auth/audit';
import { load } from '../../unit/kpi/fixture';
import { runCli } from '../helpers/cli';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'map-cli-'));
const duck = path.join(dir, 'analytics.duckdb');
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

const cli = (...args: string[]) => runCli(args, { DATA_DIR: path.join(dir, 'data'), DATABASE_URL: '' });

describe('cli map', () => {
	let file = '';
	beforeAll(async () => {
		const db = await openAnalytics(duck);
		await load(db, { regions: REGIONS.map((r) => ({ ...r })) });
		await db.close();
		file = path.join(dir, writeDemoMap(dir));
	});

	it('imports the demo map and names the regions without a shape', () => {
		const r = cli('map', 'import', '--file', file, '--db', duck, '--json');
		expect(r.code, r.stderr).toBe(0);
		const j = JSON.parse(r.stdout);
		expect(j.features).toBe(7);
		expect(j.without_shape.sort()).toEqual(['439000', '439021101201', '439021101202']);
	});

	it('refuses a bad file with every problem and keeps the stored map', () => {
		const bad = path.join(dir, 'bad.geojson');
		fs.writeFileSync(
			bad,
			JSON.stringify({
				type: 'FeatureCollection',
				features: [
					{
						type: 'Feature',
						properties: { region_code: 'X9' },
						geometry: { type: 'Point', coordinates: [1, 2] }
					}
				]
			})
		);
		const r = cli('map', 'import', '--file', bad, '--db', duck);
		expect(r.code).toBe(1);
		expect(r.stderr).toContain('第 1 个要素（region_code=X9）：区划代码 X9 不在区划表中');
		expect(r.stderr).toContain(
			'feature 1 (region_code=X9): geometry type Point is not supported, only Polygon / MultiPolygon'
		);
		const shown = cli('map', 'show', '--json');
		expect(JSON.parse(shown.stdout)).toMatchObject({ features: 7, fileName: 'jurisdiction.geojson' });
	});

	it('removes the map; the audit log has both changes by cli:<user>', async () => {
		expect(cli('map', 'remove').stdout).toContain('jurisdiction map removed');
		expect(cli('map', 'show', '--json').stdout.trim()).toBe('null');
		const h = await openAppDb({ dir: path.join(dir, 'data', 'appdb') });
		try {
			const { rows } = await listAudit(h.db, { action: 'map.' });
			expect(rows.map((r) => r.action).sort()).toEqual(['map.remove', 'map.upload']);
			expect(rows.every((r) => r.username?.startsWith('cli:'))).toBe(true);
		} finally {
			await h.close();
		}
	});

	it('exits 2 on usage errors', () => {
		expect(cli('map').code).toBe(2);
		expect(cli('map', 'import', '--db', duck).code).toBe(2);
		expect(cli('map', 'import', '--file', path.join(dir, 'nope.geojson')).code).toBe(2);
	});
});
