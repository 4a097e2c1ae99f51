import { openAnalytics, closeAllAnalytics } from '../src/lib/server/analytics/db';
import { periodQuery } from '../src/lib/server/analytics/kpi/query';
import { loadThresholds } from '../src/lib/server/analytics/kpi/thresholds';
import { runFamilies, argsOf } from '../src/lib/server/analytics/kpi/compute';
import { departmentsInScope } from '../src/lib/server/analytics/kpi/engine';
const db = await openAnalytics(process.argv[2]);
const th = loadThresholds();
const acc: Record<string, number[]> = {};
const time = async (l: string, f: () => Promise<unknown>) => { const t = performance.now(); await f(); (acc[l] ??= []).push(Math.round(performance.now() - t)); };
for (const m of ['2025-03', '2024-07', '2026-02', '2025-11', '2024-05']) {
  const q = periodQuery(`${m}-01`, `${m}-28`);
  const args = argsOf(q, [{ key: 'p', from: q.from, to: q.to }], [{ kind: 'total', scoped: true }, { kind: 'dept', scoped: false }], th, true);
  for (const fam of ['delegation', 'volume', 'timeliness', 'satisfaction'] as const) await time(fam, () => runFamilies(db, args, new Set([fam])));
  await time('baseline', () => runFamilies(db, args, new Set(['baseline']), [{ key: 'p', now: { key: 'p', from: q.from, to: q.to }, base: { key: 'b', from: `2023-${m.slice(5)}-01`, to: `2023-${m.slice(5)}-28` } }]));
  await time('deptsInScope', () => departmentsInScope(db, q));
  await time('SELECT 1', () => db.query('SELECT 1'));
}
for (const [k, v] of Object.entries(acc)) console.log(k.padEnd(24), v.join(' '));
await closeAllAnalytics();
