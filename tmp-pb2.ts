import { openAnalytics } from './src/lib/server/analytics/db';
import { Binder } from './src/lib/server/analytics/kpi/context';
import { processQuery } from './src/lib/server/analytics/process/index';
import { stepsSql } from './src/lib/server/analytics/process/steps-query';
const db = await openAnalytics('/tmp/pq/p.duckdb');
const b = new Binder();
const sql = stepsSql(b, processQuery({}), 20);
await db.read(async (c) => {
  await c.run(`PRAGMA enable_profiling='json'`);
  await c.run(`PRAGMA profiling_output='/tmp/pq/prof.json'`);
  const t = performance.now();
  await c.runAndReadAll(sql, b.params as never);
  console.log(Math.round(performance.now() - t));
});
await db.close();
