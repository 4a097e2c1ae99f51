/** docs/architecture.md "No import cycles": scripts/import-cycles.mjs finds none in src/ (type-only and dynamic imports count). */
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const script = path.resolve(__dirname, '../../scripts/import-cycles.mjs');

describe('import graph of src/', () => {
	it('has no cycles', () => {
		const r = spawnSync(process.execPath, [script, '--json'], { encoding: 'utf8' });
		expect(r.stderr).toBe('');
		expect(JSON.parse(r.stdout)).toEqual([]);
		expect(r.status).toBe(0);
	});
});
