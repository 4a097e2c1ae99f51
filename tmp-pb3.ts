import { openAnalytics } from './src/lib/server/analytics/db';
import { computeProcess, processQuery } from './src/lib/server/analytics/process/index';
import os from 'node:os';
const db = await openAnalytics('/tmp/pq/p.duckdb');
const dept = (await db.query(`SELECT dept_code, count(*) n FROM cases GROUP BY 1 ORDER BY 2 DESC LIMIT 1`))[0].dept_code as string;
for (const [label, f] of [['jurisdiction', {}], ['dept', { dept }], ['year', { from: '2025-01-01', to: '2025-12-31' }]] as const) {
  const times = [];
  for (let i = 0; i < 4; i++) {
    const t = performance.now();
    await computeProcess(db, processQuery(f as Record<string,string>), { topVariants: 20 + i });
    times.push(Math.round(performance.now() - t));
  }
  console.log(label, times, os.loadavg().map((x) => x.toFixed(1)));
}
const t = performance.now();
const e = await computeProcess(db, processQuery({}), { source: 'events', topVariants: 99 });
console.log('events path all', Math.round(performance.now() - t));
const d = await computeProcess(db, processQuery({}), { topVariants: 99 });
console.log('equal', JSON.stringify(e) === JSON.stringify(d));
await db.close();
