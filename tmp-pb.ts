import { openAnalytics } from './src/lib/server/analytics/db';
import { computeProcess, processQuery, refreshProcessStepsNow } from './src/lib/server/analytics/process/index';
import os from 'node:os';
const db = await openAnalytics('/tmp/pq/p.duckdb');
await db.write(async (c) => { for (const t of ['ps2','ps3','ps4','act_dict','dept_dict']) await c.run(`DROP TABLE IF EXISTS ${t}`); });
let s = performance.now();
console.log('refresh', await refreshProcessStepsNow(db), Math.round(performance.now() - s), 'ms', os.loadavg());
const dept = (await db.query(`SELECT dept_code, count(*) n FROM cases GROUP BY 1 ORDER BY 2 DESC LIMIT 1`))[0].dept_code as string;
for (const [label, f] of [['jurisdiction', {}], ['dept', { dept }], ['year', { from: '2025-01-01', to: '2025-12-31' }]] as const) {
  const times = [];
  for (let i = 0; i < 4; i++) {
    db.cache?.clear?.();
    const t = performance.now();
    const r = await computeProcess(db, processQuery(f as Record<string,string>), { topVariants: 20 + i });
    times.push(Math.round(performance.now() - t));
    if (i === 0) console.log(label, r.cases, r.events, r.transitions.length, r.handoffs.length);
  }
  console.log(label, times, os.loadavg().map((x) => x.toFixed(1)));
}
const t = performance.now();
const e = await computeProcess(db, processQuery({ dept }), { source: 'events', topVariants: 99 });
const d = await computeProcess(db, processQuery({ dept }), { topVariants: 99 });
console.log('events path dept', Math.round(performance.now() - t), JSON.stringify(e) === JSON.stringify(d));
await db.close();
