/** The jurisdiction map in the app database, on PGlite and PostgreSQL: save, cached read, change elsewhere, remove. */
import { eq } from 'drizzle-orm';
import { expect, it } from 'vitest';
import { jurisdictionMap } from '../../../src/lib/server/appdb/schema';
import { createUser } from '../../../src/lib/server/auth/users';
import { parseJurisdictionMap } from '../../../src/lib/server/map/geojson';
import {
	getJurisdictionMap,
	jurisdictionMapInfo,
	removeJurisdictionMap,
	saveJurisdictionMap
} from '../../../src/lib/server/map/store';
import { describeEachDriver } from '../helpers/appdb-drivers';

const ring = (x: number) => [
	[x, 28],
	[x + 0.1, 28],
	[x + 0.1, 28.1],
	[x, 28]
];
const file = (...codes: string[]) =>
	JSON.stringify({
		type: 'FeatureCollection',
		features: codes.map((c, i) => ({
			type: 'Feature',
			properties: { region_code: c, name: `区${c}` },
			geometry: { type: 'Polygon', coordinates: [ring(i)] }
		}))
	});
const KNOWN = new Set(['A', 'B', 'C']);

describeEachDriver('jurisdiction map store', (ctx) => {
	it('has no map until one is saved', async () => {
		expect(await getJurisdictionMap(ctx.db)).toBeNull();
		expect(await jurisdictionMapInfo(ctx.db)).toBeNull();
		expect(await removeJurisdictionMap(ctx.db)).toBe(false);
	});

	it('saves, reads back from the cache, and replaces', async () => {
		const { id } = await createUser(ctx.db, {
			username: 'map-admin',
			password: 'correct horse 42',
			role: 'admin',
			depts: []
		});
		const saved = await saveJurisdictionMap(ctx.db, parseJurisdictionMap(file('A', 'B'), KNOWN), {
			fileName: 'county.geojson',
			userId: id
		});
		expect(saved).toMatchObject({
			codes: ['A', 'B'],
			features: 2,
			vertices: 8,
			fileName: 'county.geojson',
			updatedBy: 'map-admin'
		});
		expect(saved.sha256).toMatch(/^[0-9a-f]{64}$/);
		const again = await getJurisdictionMap(ctx.db);
		expect(again).toBe(saved); // same object: not re-read
		const info = await jurisdictionMapInfo(ctx.db);
		expect(info).not.toHaveProperty('geo');
		expect(info?.codes).toEqual(['A', 'B']);

		const next = await saveJurisdictionMap(ctx.db, parseJurisdictionMap(file('C'), KNOWN), {});
		expect(next.codes).toEqual(['C']);
		expect(next.updatedBy).toBeNull();
		expect((await getJurisdictionMap(ctx.db))?.geo.features[0].properties).toEqual({
			region_code: 'C',
			name: '区C'
		});
	});

	it('sees a change another process made (updated_at / sha256 differ)', async () => {
		const before = await getJurisdictionMap(ctx.db);
		const other = JSON.stringify(parseJurisdictionMap(file('B'), KNOWN).geo);
		await ctx.db
			.update(jurisdictionMap)
			.set({ geojson: other, sha256: 'f'.repeat(64), updatedAt: new Date(Date.now() + 1000) })
			.where(eq(jurisdictionMap.name, 'jurisdiction'));
		const after = await getJurisdictionMap(ctx.db);
		expect(after).not.toBe(before);
		expect(after?.codes).toEqual(['B']);
	});

	it('removes the map', async () => {
		expect(await removeJurisdictionMap(ctx.db)).toBe(true);
		expect(await getJurisdictionMap(ctx.db)).toBeNull();
	});
});
