import { openAnalytics, closeAllAnalytics } from '../src/lib/server/analytics/db';
import { computeKpiReport } from '../src/lib/server/analytics/kpi/engine';
import { computeTrend } from '../src/lib/server/analytics/kpi/trend';
import { countFlags } from '../src/lib/server/analytics/kpi/flags';
import { periodQuery } from '../src/lib/server/analytics/kpi/query';
import { loadScheme } from '../src/lib/server/analytics/kpi/scheme';
import { loadThresholds } from '../src/lib/server/analytics/kpi/thresholds';
import { coverage, dimensionOptions } from '../src/lib/server/analytics/dimensions';
import { caseListArrow } from '../src/lib/server/analytics/drilldown';
const db = await openAnalytics(process.argv[2]);
const months = ['2025-03', '2024-07', '2026-02', '2025-11'];
const opts = { scheme: loadScheme(), thresholds: loadThresholds() };
const acc: Record<string, number[]> = {};
const time = async (l: string, f: () => Promise<unknown>) => { const t = performance.now(); try { await f(); } catch (e) { console.log(l, String(e).slice(0, 80)); } (acc[l] ??= []).push(Math.round(performance.now() - t)); };
for (const m of months) {
  const from = `${m}-01`, to = `${m}-28`;
  const q = periodQuery(from, to, { baseline_from: `${Number(m.slice(0,4))-1}${m.slice(4)}-01`, baseline_to: `${Number(m.slice(0,4))-1}${m.slice(4)}-28` });
  await time('coverage+dims', () => Promise.all([coverage(db), dimensionOptions(db)]));
  await time('report', () => computeKpiReport(db, q, opts));
  await time('trend on_time 12m', () => computeTrend(db, periodQuery(`${Number(m.slice(0,4))-1}${m.slice(4)}-01`, to), { thresholds: opts.thresholds, kpi: 'on_time_rate' }));
  await time('trend satisfaction 12m', () => computeTrend(db, periodQuery(`${Number(m.slice(0,4))-1}${m.slice(4)}-01`, to), { thresholds: opts.thresholds, kpi: 'satisfaction_rate' }));
  await time('countFlags', () => countFlags(db, q, { thresholds: opts.thresholds }));
  const dq = periodQuery(from, to, { dept: '11439021MB63126586', limit: '5000' });
  await time('caseList page dept', () => caseListArrow(db, { q: dq, basis: 'submitted', item: null, status: null }, opts.thresholds));
}
for (const [k, v] of Object.entries(acc)) console.log(k.padEnd(24), v.join(' '));
await closeAllAnalytics();
