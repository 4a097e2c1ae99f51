/** The builders' options render server-side to SVG (the reports issue reuses them this way). */
import { describe, expect, it } from 'vitest';
import { renderSvg } from '../../../src/lib/charts/echarts';
import { rankingOption } from '../../../src/lib/charts/ranking';
import { trendOption } from '../../../src/lib/charts/trend';

describe('server-side SVG rendering', () => {
	it('renders a ranking with Chinese names and the grade colours', () => {
		const spec = rankingOption({
			lang: 'zh',
			kind: 'score',
			valueLabel: '得分',
			nameLabel: '部门',
			rankLabel: '名次',
			gradeLabel: '等次',
			gradeNames: { excellent: '优秀', good: '良好', pass: '合格', fail: '不合格' },
			rows: [
				{ label: '县市场监管局', value: 95, grade: 'excellent', rank: 1 },
				{ label: '县自然资源局', value: 50, grade: 'fail', rank: 2 }
			]
		});
		const svg = renderSvg(spec.option, 600, spec.height);
		expect(svg.startsWith('<svg')).toBe(true);
		expect(svg).toContain('县市场监管局');
		expect(svg).toContain('#15803d'.toLowerCase());
	});
	it('renders a trend with its target line', () => {
		const spec = trendOption({
			lang: 'en',
			periods: ['2024-01', '2024-02'],
			series: [{ name: 'speed-up', values: [0.1, 0.2] }],
			kind: 'ratio',
			periodLabel: 'Month',
			target: { value: 0.3, label: 'target' }
		});
		const svg = renderSvg(spec.option, 640, 280);
		expect(svg).toContain('target 30.0%');
	});
});

describe('server-side SVG escaping (Chart.svelte inserts it with {@html})', () => {
	it('escapes names from the data', async () => {
		const { barsOption } = await import('../../../src/lib/charts/bars');
		const spec = barsOption({
			lang: 'zh',
			categories: ['<img src=x onerror=alert(1)>', 'a"b&c'],
			series: [{ name: '</text><script>alert(1)</script>', values: [1, 2] }],
			kind: 'count',
			categoryLabel: 'x'
		});
		const svg = renderSvg(spec.option, 400, 300);
		expect(svg).not.toMatch(/<img|<script/);
		expect(svg).toContain('&lt;img src=x onerror=alert(1)&gt;');
	});
});
