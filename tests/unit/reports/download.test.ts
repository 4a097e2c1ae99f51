/**
 * GET /api/reports/assessment without SvelteKit (reportResponse): formats and headers, the audit row written
 * before the file leaves, 400 for bad input (the engine parser's message), 403 for a department user asking
 * for anything but their own scorecard.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Analytics } from '../../../src/lib/server/analytics/db';
import { reportResponse } from '../../../src/lib/server/reports/download';
import { reportsDb } from './report-fixture';

let db: Analytics;
beforeAll(async () => {
	db = await reportsDb();
});
afterAll(() => db.close());

const call = async (query: string, deptScope: string[] | null = null) => {
	const audited: Record<string, unknown>[] = [];
	const res = await reportResponse(db, new URLSearchParams(query), { deptScope, audit: async (d) => void audited.push(d) });
	return { res, audited };
};

describe('reportResponse', () => {
	it('answers an XLSX with a UTF-8 file name and records the export first', async () => {
		const { res, audited } = await call('from=2024-03-01&to=2024-03-31&format=xlsx&scope=peer_group:X');
		expect(res.status).toBe(200);
		expect(res.headers.get('content-type')).toContain('spreadsheetml');
		expect(res.headers.get('content-disposition')).toContain(`filename*=UTF-8''${encodeURIComponent('考核通报_2024-03-01_2024-03-31_X.xlsx')}`);
		const body = Buffer.from(await res.arrayBuffer());
		expect(body.subarray(0, 2).toString()).toBe('PK');
		expect(audited).toEqual([{ kind: 'assessment_report', format: 'xlsx', scope: 'peer_group:X', from: '2024-03-01', to: '2024-03-31', baseline: null, bytes: body.length }]);
	});

	it('CSV of one table; unknown tables and bad input are 400 with the parser’s message, not audited', async () => {
		const ok = await call('from=2024-03-01&to=2024-03-31&format=csv&table=lagging');
		const bytes = Buffer.from(await ok.res.arrayBuffer());
		expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]); // the BOM (Response.text() would drop it)
		expect(bytes.toString('utf8').startsWith('\uFEFF部门编码,单位')).toBe(true);
		for (const q of ['from=2024-03-01&to=2024-03-31&format=csv&table=nope', 'from=2024-03-01&to=2024-02-01&format=xlsx', 'from=2024-03-01&to=2024-03-31&format=odt', 'from=2024-03-01&to=2024-03-31&format=xlsx&scope=dept:NOPE']) {
			const { res, audited } = await call(q);
			expect(res.status, q).toBe(400);
			expect((await res.json()).error, q).toBeTruthy();
			expect(audited).toEqual([]);
		}
	});

	it('department users: their own scorecard by default, 403 for any other scope', async () => {
		const own = await call('from=2024-03-01&to=2024-03-31&format=csv', ['E2']);
		expect(own.res.status).toBe(200);
		expect(own.audited[0].scope).toBe('dept:E2');
		const csv = await own.res.text();
		expect(csv.trimEnd().split('\r\n')).toHaveLength(2);
		for (const scope of ['dept:E1', 'jurisdiction', 'peer_group:X', 'region:C1']) {
			const { res } = await call(`from=2024-03-01&to=2024-03-31&format=csv&scope=${scope}`, ['E2']);
			expect(res.status, scope).toBe(403);
		}
	});
});
