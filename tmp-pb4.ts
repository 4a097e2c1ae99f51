import { openAnalytics } from './src/lib/server/analytics/db';
import { Binder } from './src/lib/server/analytics/kpi/context';
import { processQuery } from './src/lib/server/analytics/process/index';
import { stepsSql } from './src/lib/server/analytics/process/steps-query';
import os from 'node:os';
const db = await openAnalytics('/tmp/pq/p.duckdb');
const b = new Binder();
const agg = stepsSql(b, processQuery({}), 20);
// window variant of phase 2
const win = agg.replace(/(\w)_u AS \(SELECT s\.k1, s\.k2, n\.bk, n\.before, s\.us, count\(\*\) AS n\n\t\tFROM \(([^]*?)\) s JOIN \1_n n ON n\.k1 = s\.k1 AND n\.k2 = s\.k2 AND n\.bk = s\.us \/\/ 3600000000 GROUP BY ALL\),\n\t\1_v AS \(SELECT k1, k2, us, before \+ sum\(n\) OVER \(PARTITION BY k1, k2, bk ORDER BY us\) - n AS start, n FROM \1_u\)/g,
  (_m, f, src) => `${f}_v AS (SELECT s.k1, s.k2, s.us, n.before + row_number() OVER (PARTITION BY s.k1, s.k2, n.bk ORDER BY s.us) - 1 AS start, 1 AS n FROM (${src}) s JOIN ${f}_n n ON n.k1 = s.k1 AND n.k2 = s.k2 AND n.bk = s.us // 3600000000)`);
console.log('replaced', win !== agg);
const noq = agg.replace(/UNION ALL\n\tSELECT '(t|h)q'[^]*?ON n2\.id = q\.k2/g, '');
console.log('noq replaced', noq !== agg);
for (let i = 0; i < 3; i++) for (const [label, sql] of [['agg', agg], ['win', win], ['no-phase2', noq]] as const) {
  const t = performance.now();
  await db.query(sql, b.params);
  console.log(label, Math.round(performance.now() - t), os.loadavg()[0].toFixed(1));
}
await db.close();
