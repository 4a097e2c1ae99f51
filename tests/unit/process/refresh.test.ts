/** The server's background refresh of the derived process tables: stale → rebuilt once; fresh → nothing written. */
import { expect, it } from 'vitest';
import { refreshProcessStepsSoon } from '../../../src/lib/server/analytics/process/refresh';
import { stepsFresh } from '../../../src/lib/server/analytics/process/steps';
import { processDb } from './fixture';

it('rebuilds stale derived tables in the background, and leaves fresh ones alone', async () => {
	const db = await processDb();
	try {
		expect(await stepsFresh(db)).toBe(false);
		await Promise.all([refreshProcessStepsSoon(db), refreshProcessStepsSoon(db)]); // a second request joins the first
		expect(await stepsFresh(db)).toBe(true);
		const [{ v }] = await db.query(`SELECT value AS v FROM meta WHERE key = 'process_steps'`);
		await refreshProcessStepsSoon(db);
		expect(await db.query(`SELECT value AS v FROM meta WHERE key = 'process_steps'`)).toEqual([{ v }]);
	} finally {
		await db.close();
	}
});
