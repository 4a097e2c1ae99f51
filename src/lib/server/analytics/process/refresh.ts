/**
 * Keeps the derived process tables (steps.ts) current in the server: after start-up and after every committed
 * import, in the background, in their own write transaction — incremental (the cases later batches wrote) unless
 * the calendar or the layout changed. Until it commits the engine answers from `events` (exact, slower), so no
 * import waits for it. One refresh at a time; a request during one runs once more after it.
 */
import type { Analytics } from '../db';
import { refreshProcessStepsNow, stepsFresh } from './steps';

let running: Promise<void> | null = null;
let again = false;

async function refresh(db: Analytics): Promise<void> {
	do {
		again = false;
		if (await stepsFresh(db)) continue;
		const [{ n }] = await db.query(`SELECT count(*) AS n FROM (SELECT 1 FROM events LIMIT 1)`);
		if (Number(n) === 0) continue; // no events: the query-time path is instant
		await refreshProcessStepsNow(db);
	} while (again);
}

/** Bring the derived process tables up to date in the background (errors are logged, never thrown). */
export function refreshProcessStepsSoon(db: Analytics): Promise<void> {
	if (running) {
		again = true;
		return running;
	}
	running = refresh(db)
		.catch((e) =>
			console.error('process steps refresh failed (the view reads events meanwhile):', (e as Error).message)
		)
		.finally(() => (running = null));
	return running;
}
