import { createRequire } from "node:module"; const require = createRequire(import.meta.url);
import { openAnalytics, closeAllAnalytics } from '../src/lib/server/analytics/db';
import { periodQuery } from '../src/lib/server/analytics/kpi/query';
import { loadThresholds } from '../src/lib/server/analytics/kpi/thresholds';
import { argsOf } from '../src/lib/server/analytics/kpi/compute';
const db = await openAnalytics(process.argv[2]);
const fam = process.argv[3];
const q = periodQuery('2025-03-01', '2025-03-31');
const args = argsOf(q, [{ key: 'p', from: q.from, to: q.to }], [{ kind: 'total', scoped: true }, { kind: 'dept', scoped: false }], loadThresholds());
// capture SQL by wrapping db.query
let captured: [string, unknown][] = [];
const spy = { ...db, query: async (sql: string, p: unknown) => { captured.push([sql, p]); return []; } } as any;
const mod = await import(`../src/lib/server/analytics/kpi/${fam}.ts`);
const fn = Object.values(mod).find((f: any) => typeof f === 'function' && f.name.endsWith('Aggregates')) as any;
await fn(spy, args);
const [sql, params] = captured[0];
for (let i = 0; i < 2; i++) { const t = performance.now(); await db.query(sql, params as any); console.log(fam, 'ms', Math.round(performance.now() - t)); }
const rows = await db.read(async (c) => (await c.runAndReadAll('EXPLAIN ANALYZE ' + sql, params as any)).getRows());
require("fs").writeFileSync("/tmp/plan-" + fam + ".txt", String(rows[0][1]));
await closeAllAnalytics();
const db2 = await openAnalytics(process.argv[2]);
for (const s of ['SELECT 1', 'EXPLAIN ' + sql]) { for (let i = 0; i < 3; i++) { const t = performance.now(); await db2.read((c) => c.runAndReadAll(s, s.startsWith('EXPLAIN') ? params as any : undefined)); console.log(s.slice(0, 20), Math.round(performance.now() - t)); } }
await db2.read(async (c) => { await c.run("SET threads=1"); }); 
for (let i = 0; i < 3; i++) { const t = performance.now(); await db2.query(sql, params as any); console.log('threads=1', Math.round(performance.now() - t)); }
await closeAllAnalytics();
