/**
 * The CLI's human tables print names, not ids (docs/architecture.md "Names for people"): the scheme's title,
 * grade names and lagging-reason names; KPI ids stay beside the KPI names, and --json keeps every id.
 */
import { describe, expect, it } from 'vitest';
import { renderReport } from '../../../src/cli/commands/kpi';
import type { KpiReport, ReportedKpis } from '../../../src/lib/kpi/types';
import { loadScheme } from '../../../src/lib/server/analytics/kpi/scheme';

const kpis = { cases: 3, on_time_rate: 0.5 } as unknown as ReportedKpis;
const report: KpiReport = {
	period: { from: '2024-03-01', to: '2024-03-31' },
	baseline: null,
	scheme: 'default',
	total: { kpis },
	departments: [
		{
			dept_code: 'D01',
			name: '市场监管局',
			peer_group: '县直部门',
			kpis,
			indicator_scores: { on_time_rate: 40 },
			deductions: 0,
			score: 55,
			grade: 'fail',
			rank: 2,
			lagging: true,
			lagging_reasons: ['fail', 'bottom', 'on_time_rate']
		}
	]
};

describe('cli kpi, human table', () => {
	const table = renderReport(report, loadScheme());

	it('names the scheme by its title, not its id', () => {
		expect(table).toContain('方案 scheme 放管服改革默认考核方案');
		expect(table).not.toContain('方案 scheme default');
	});

	it('prints grade and lagging-reason names', () => {
		const row = table.split('\n').find((l) => l.includes('D01'))!;
		expect(row).toContain('不合格');
		expect(row).toContain('考核不合格、同组排名末位、');
		expect(row).toContain('按时办结率');
		expect(row).not.toMatch(/\bfail\b|\bbottom\b|on_time_rate/);
	});

	it('falls back to the report id without a scheme', () => {
		expect(renderReport(report)).toContain('方案 scheme default');
	});
});
